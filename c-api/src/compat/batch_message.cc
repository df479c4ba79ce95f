// CBatchMessage: a std::vector of SDK messages that AddMessage copies into.
#include <new>
#include <vector>

#include "compat/official.h"
#include "native/handles.h"

using rocketmq::compat::Native;
using rocketmq::compat::NullPointer;

namespace {

std::vector<rocketmq::Message>* Batch(CBatchMessage* batch) {
  return reinterpret_cast<std::vector<rocketmq::Message>*>(batch);
}

}  // namespace

extern "C" {

CBatchMessage* CreateBatchMessage() {
  return reinterpret_cast<CBatchMessage*>(new (std::nothrow) std::vector<rocketmq::Message>());
}

int AddMessage(CBatchMessage* batchMsg, CMessage* msg) {
  if (!batchMsg) return NullPointer("batchMsg");
  if (!msg) return NullPointer("msg");
  try {
    Batch(batchMsg)->push_back(*rocketmq::capi::Cpp(Native(msg)));
  } catch (...) {
    rocketmq::compat::SetLatestError("out of memory");
    return MALLOC_FAILED;
  }
  return OK;
}

int DestroyBatchMessage(CBatchMessage* batchMsg) {
  if (!batchMsg) return NullPointer("batchMsg");
  delete Batch(batchMsg);
  return OK;
}

}  // extern "C"
