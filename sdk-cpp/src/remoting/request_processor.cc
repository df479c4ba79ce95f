#include "remoting/request_processor.h"

namespace rocketmq {
namespace remoting {
namespace {

class FunctionProcessor : public RequestProcessor {
 public:
  FunctionProcessor(ProcessFunction function, bool never_blocks)
      : function_(std::move(function)), never_blocks_(never_blocks) {}
  ProcessResult Process(const std::shared_ptr<Connection>& connection,
                        RemotingCommand& request) override {
    return function_(connection, request);
  }
  bool CanProcessInline(const RemotingCommand& /*request*/) const override { return never_blocks_; }

 private:
  ProcessFunction function_;
  const bool never_blocks_;
};

}  // namespace

std::shared_ptr<RequestProcessor> MakeProcessor(ProcessFunction function, bool never_blocks) {
  return std::make_shared<FunctionProcessor>(std::move(function), never_blocks);
}

}  // namespace remoting
}  // namespace rocketmq
