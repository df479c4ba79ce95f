// Lexer: an expression's text into tokens, by the rules of Apache's SelectorParser.jj:
// longest match, keywords case-insensitive (an identifier spelled like a keyword is the
// keyword), blanks (space, \t, \n, \r, \f) and comments ("-- to end of line", "/* */")
// skipped.
//
// One difference: Apache only takes "--" as a comment when a line break ends it; at the
// very end of the text it would read two minus signs instead, which its parser then
// ignored as trailing text. Here such a comment is a comment too.
#ifndef ROCKETMQ_FILTER_LEXER_H_
#define ROCKETMQ_FILTER_LEXER_H_

#include <string_view>
#include <vector>

#include "filter/token.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace filter {

// The tokens of `text`, ending with a kEnd token. The views point into `text`. An error
// (InvalidArgument) names the line and column of a character no token starts with, or of
// an unterminated string or comment.
Result<std::vector<Token>> Tokenize(std::string_view text);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_LEXER_H_
