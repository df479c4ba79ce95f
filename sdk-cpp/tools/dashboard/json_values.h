// The admin API's values as JSON (jsoncpp) for the dashboard's /api/ answers. Every string
// from the cluster goes into a JSON string, never into markup: the page renders it as text.
#ifndef ROCKETMQ_TOOLS_DASHBOARD_JSON_VALUES_H_
#define ROCKETMQ_TOOLS_DASHBOARD_JSON_VALUES_H_

#include <json/json.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/admin_types.h"
#include "rocketmq/message_ext.h"

namespace rocketmq {
namespace dashboard {

// Bodies longer than this are cut (the answer says so and gives the full size).
constexpr size_t kMaxBodyShown = 64 * 1024;

// True when `text` is valid UTF-8 without control characters other than tab, CR and LF:
// such a body is shown as text, any other as hex.
bool IsPrintableUtf8(std::string_view text);
std::string Hex(std::string_view bytes);
// `text` itself when IsPrintableUtf8, else "hex:" and its bytes in hex (tags, keys and
// properties are user data and may hold any bytes).
std::string Printable(const std::string& text);

// {"encoding": "text"|"hex", "data": ..., "size": N, "truncated": bool}
Json::Value BodyJson(const std::string& body);
Json::Value MessageJson(const MessageExt& message);

// The trace records about `msg_id` in the bodies of trace messages (Apache's trace text:
// records end with 0x02, fields end with 0x01; the first field is the record type):
// [{"type": "Pub", "fields": [...the other fields, Printable...]}, ...], in body order.
Json::Value TraceRecordsJson(const std::vector<MessageExt>& trace_messages,
                             const std::string& msg_id);
Json::Value StringMapJson(const std::map<std::string, std::string>& map);
Json::Value QueueJson(const MessageQueue& queue);
Json::Value TopicRouteJson(const TopicRoute& route);
Json::Value ConsumeProgressJson(const ConsumeProgress& progress);
Json::Value ConsumerConnectionsJson(const ConsumerConnections& connections);

// Compact text of `value`; jsoncpp escapes '<', '>' nowhere, so "</" is written as "<\/"
// to keep the text inert even if a page ever inlined it.
std::string ToJsonText(const Json::Value& value);

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_JSON_VALUES_H_
