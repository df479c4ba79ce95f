// The JSON header form (protocol.md §1.3): the fastjson serialization of Java's
// RemotingCommand bean. Used through frame_codec.h.
#ifndef ROCKETMQ_REMOTING_JSON_HEADER_H_
#define ROCKETMQ_REMOTING_JSON_HEADER_H_

#include <cstddef>
#include <string>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Appends the header to `out` byte for byte as fastjson writes it: keys sorted, null remark
// and absent extFields omitted, language by name, serializeTypeCurrentRPC "JSON".
void AppendJsonHeader(const RemotingCommand& command, std::string* out);

// Appends `text` as a JSON string literal with fastjson's escapes: \b \t \n \f \r \" \\ as
// short escapes, other C0 controls, DEL and U+0080..U+009F as \u00XX (upper-case hex);
// everything else, '/' and non-ASCII UTF-8 included, verbatim.
void AppendFastjsonString(const std::string& text, std::string* out);

// Parses a JSON header. Keys may come in any order; unknown keys are ignored; language may
// be a name or an ordinal; extFields values that are numbers or booleans become strings.
Result<RemotingCommand> DecodeJsonHeader(const char* data, size_t size);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_JSON_HEADER_H_
