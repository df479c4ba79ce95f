#include "remoting/request_processor.h"

namespace rocketmq {
namespace remoting {
namespace {

class FunctionProcessor : public RequestProcessor {
 public:
  explicit FunctionProcessor(ProcessFunction function) : function_(std::move(function)) {}
  ProcessResult Process(const std::shared_ptr<Connection>& connection,
                        RemotingCommand& request) override {
    return function_(connection, request);
  }

 private:
  ProcessFunction function_;
};

}  // namespace

std::shared_ptr<RequestProcessor> MakeProcessor(ProcessFunction function) {
  return std::make_shared<FunctionProcessor>(std::move(function));
}

}  // namespace remoting
}  // namespace rocketmq
