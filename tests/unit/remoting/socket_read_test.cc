// ReadRestOfSocket: what libevent 2.1 leaves in the socket after its 4 KiB read arrives in the
// same callback, and the end of the stream is still reported by libevent.
#include "remoting/socket_read.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace rocketmq {
namespace remoting {
namespace {

struct Reader {
  std::vector<size_t> lengths_seen;  // input length at each callback, after the extra read
  bool eof = false;
  size_t total = 0;
};

void OnRead(bufferevent* bev, void* arg) {
  auto* reader = static_cast<Reader*>(arg);
  ReadRestOfSocket(bev, 64 * 1024);
  evbuffer* input = bufferevent_get_input(bev);
  reader->lengths_seen.push_back(evbuffer_get_length(input));
  reader->total += evbuffer_get_length(input);
  evbuffer_drain(input, evbuffer_get_length(input));
}

void OnEvent(bufferevent* /*bev*/, short what, void* arg) {
  if (what & BEV_EVENT_EOF) static_cast<Reader*>(arg)->eof = true;
}

TEST(SocketReadTest, OneCallbackGetsWhatTheSocketHeldAndTheEndIsStillReported) {
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  const std::string sent(40 * 1024, 'x');
  ASSERT_EQ(write(fds[1], sent.data(), sent.size()), static_cast<ssize_t>(sent.size()));
  ASSERT_EQ(shutdown(fds[1], SHUT_WR), 0);

  event_base* base = event_base_new();
  ASSERT_NE(base, nullptr);
  evutil_make_socket_nonblocking(fds[0]);
  bufferevent* bev = bufferevent_socket_new(base, fds[0], BEV_OPT_CLOSE_ON_FREE);
  Reader reader;
  bufferevent_setcb(bev, &OnRead, nullptr, &OnEvent, &reader);
  bufferevent_set_max_single_read(bev, 1 << 20);
  bufferevent_enable(bev, EV_READ);
  for (int turn = 0; turn < 50 && !reader.eof; ++turn) event_base_loop(base, EVLOOP_ONCE);

  ASSERT_FALSE(reader.lengths_seen.empty());
  // libevent alone hands the first callback 4 KiB.
  EXPECT_EQ(reader.lengths_seen.front(), sent.size());
  EXPECT_EQ(reader.total, sent.size());
  EXPECT_TRUE(reader.eof);
  bufferevent_free(bev);
  event_base_free(base);
  close(fds[1]);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
