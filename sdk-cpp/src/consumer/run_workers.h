// RunWorkers: how many of a push consumer's consume threads work on its queued runs
// (PushConsumerImpl::WorkRuns), and when the consume pool is asked for one more.
//
// One more is asked for only while none asked for has started yet: a thread on its way takes
// the oldest run, whatever was queued since, however late the scheduler runs it (before, another
// was asked for once the first had waited 100 µs, which on a loaded machine was most of the
// time: at 10k msgs/s all 20 consume threads took turns).
//
// Work already taken asks for help only when it is worth a wakeup: a thread with batches left
// in its run (or runs queued behind it) asks for another only if, at the average pace of
// batches so far, they would keep it longer than kHelpWorthNs. A quick listener's pull of a few
// messages is then drained by one thread, where each batch taken used to wake the next thread,
// which mostly found the run drained when it got a CPU; a slow listener's runs (or a big
// backlog's pulls) still spread over every thread, one wakeup at a time. A new run queued
// while a thread works still asks for one: waiting for that thread's listener call instead
// saved more wakeups but lengthened e2e p99 at 10k msgs/s.
//
// Ask, Started and Left are called under the lock of the owner's run queue, so that a thread
// leaving and a run queued cannot both miss each other; MayAsk, WorthHelp and BatchTook need
// no lock.
#ifndef ROCKETMQ_CONSUMER_RUN_WORKERS_H_
#define ROCKETMQ_CONSUMER_RUN_WORKERS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace rocketmq {
namespace consumer {

class RunWorkers {
 public:
  // At most `limit` threads (at least one), the consume pool's size.
  explicit RunWorkers(size_t limit);

  // Whether to ask the pool for one more thread now; it counts as asked for if so.
  bool Ask();
  // A thread asked for starts its work.
  void Started();
  // A thread leaves (nothing left to take); `started` false for one the pool refused.
  void Left(bool started);
  // False when Ask would surely refuse: lets callers skip the lock.
  bool MayAsk() const;
  // Whether `batches` not taken yet are worth one more thread (see above); true until a
  // batch's time is known.
  bool WorthHelp(size_t batches) const;
  // One batch's decoding and listener call took `nanos`.
  void BatchTook(int64_t nanos);

  // Work one thread would do alone rather than wake another for it.
  static constexpr int64_t kHelpWorthNs = 100'000;

  size_t working() const { return working_.load(); }
  size_t starting() const { return starting_.load(); }

 private:
  const size_t limit_;
  std::atomic<size_t> working_{0};   // asked for or started, not left
  std::atomic<size_t> starting_{0};  // asked for, not started
  // A moving average (1/8 the newest) of a batch's time; racy updates lose a sample at worst.
  std::atomic<int64_t> batch_ns_{kHelpWorthNs};
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_RUN_WORKERS_H_
