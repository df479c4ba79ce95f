#include "protocol/ext_fields.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rocketmq {
namespace protocol {
namespace {

std::vector<std::string> Keys(const ExtFields& fields) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : fields) keys.push_back(key);
  return keys;
}

// ACL signing concatenates the values in this order: it must be byte order of the keys,
// whatever order they were added in.
TEST(ExtFieldsTest, IteratesInKeyOrderWhateverTheInsertionOrder) {
  ExtFields fields;
  for (const char* key : {"topic", "a", "queueId", "Signature", "b", "AccessKey"})
    fields[key] = key;
  EXPECT_EQ(Keys(fields),
            (std::vector<std::string>{"AccessKey", "Signature", "a", "b", "queueId", "topic"}));
  EXPECT_EQ(fields.size(), 6u);
}

TEST(ExtFieldsTest, LookupsFindPresentKeysOnly) {
  ExtFields fields{{"topic", "T"}, {"queueId", "3"}};
  ASSERT_NE(fields.find("topic"), fields.end());
  EXPECT_EQ(fields.find("topic")->second, "T");
  EXPECT_EQ(fields.find("topi"), fields.end());
  EXPECT_EQ(fields.find("topics"), fields.end());
  EXPECT_EQ(fields.count("queueId"), 1u);
  EXPECT_EQ(fields.at("queueId"), "3");
  EXPECT_THROW(fields.at("missing"), std::out_of_range);
  EXPECT_EQ(ExtFields().find("topic"), ExtFields().end());
}

TEST(ExtFieldsTest, InsertOrAssignReplacesAndEmplaceKeeps) {
  ExtFields fields;
  EXPECT_TRUE(fields.insert_or_assign("k", "1").second);
  EXPECT_FALSE(fields.insert_or_assign("k", "2").second);
  EXPECT_EQ(fields.at("k"), "2");
  EXPECT_FALSE(fields.emplace("k", "3").second);
  EXPECT_EQ(fields.at("k"), "2");
  // As std::map's: the first of repeated keys in a list is kept.
  EXPECT_EQ((ExtFields{{"k", "first"}, {"k", "second"}}).at("k"), "first");
}

// A decoder's fields arrive in the sender's order, a repeated key overriding the earlier.
TEST(ExtFieldsTest, FromUnsortedSortsOnceAndTheLastOfARepeatedKeyWins) {
  ExtFields fields = ExtFields::FromUnsorted(
      {{"topic", "A"}, {"b", "1"}, {"topic", "B"}, {"a", "2"}, {"b", "3"}, {"topic", "C"}});
  EXPECT_EQ(Keys(fields), (std::vector<std::string>{"a", "b", "topic"}));
  EXPECT_EQ(fields.at("topic"), "C");
  EXPECT_EQ(fields.at("b"), "3");
  EXPECT_TRUE(ExtFields::FromUnsorted({}).empty());
}

// The fast paths for keys that arrive in order (an encoder's, our own peers' headers) keep
// the same results: sorted, a repeated key kept or replaced as on the slow paths.
TEST(ExtFieldsTest, InOrderKeysAndSortedInputKeepTheSameSemantics) {
  ExtFields fields;
  for (const char* key : {"a", "b", "c"}) fields[key] = key;
  fields["b"] = "again";
  fields["0"] = "first";
  EXPECT_EQ(Keys(fields), (std::vector<std::string>{"0", "a", "b", "c"}));
  EXPECT_EQ(fields.at("b"), "again");
  EXPECT_FALSE(fields.emplace("c", "kept?").second);
  EXPECT_EQ(fields.at("c"), "c");

  ExtFields sorted = ExtFields::FromUnsorted({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  EXPECT_EQ(Keys(sorted), (std::vector<std::string>{"a", "b", "c"}));
  // Sorted but with a repeated key: the slow path, the last one wins.
  ExtFields repeated = ExtFields::FromUnsorted({{"a", "1"}, {"b", "2"}, {"b", "3"}});
  EXPECT_EQ(Keys(repeated), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(repeated.at("b"), "3");
}

TEST(ExtFieldsTest, EraseAndEquality) {
  ExtFields a{{"x", "1"}, {"y", "2"}};
  ExtFields b;
  b["y"] = "2";
  b["x"] = "1";
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.erase("x"), 1u);
  EXPECT_EQ(a.erase("x"), 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(Keys(a), (std::vector<std::string>{"y"}));
  a.clear();
  EXPECT_TRUE(a.empty());
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
