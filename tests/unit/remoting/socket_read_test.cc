// ReadSocket: one read takes what the socket holds (libevent 2.1's own read took 4 KiB), and
// the end of the stream reads as 0, as read(2) says it.
#include "remoting/socket_read.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace rocketmq {
namespace remoting {
namespace {

TEST(SocketReadTest, OneReadGetsWhatTheSocketHeldThenTheEnd) {
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  event_base* base = event_base_new();
  ASSERT_NE(base, nullptr);
  evutil_make_socket_nonblocking(fds[0]);
  bufferevent* bev = bufferevent_socket_new(base, fds[0], BEV_OPT_CLOSE_ON_FREE);
  ASSERT_NE(bev, nullptr);
  evbuffer* input = bufferevent_get_input(bev);

  errno = 0;
  EXPECT_EQ(ReadSocket(bev, 64 * 1024), -1);
  EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);

  const std::string sent(40 * 1024, 'x');
  ASSERT_EQ(write(fds[1], sent.data(), sent.size()), static_cast<ssize_t>(sent.size()));
  ASSERT_EQ(shutdown(fds[1], SHUT_WR), 0);
  EXPECT_EQ(ReadSocket(bev, 64 * 1024), static_cast<ssize_t>(sent.size()));
  EXPECT_EQ(evbuffer_get_length(input), sent.size());
  EXPECT_EQ(ReadSocket(bev, 64 * 1024), 0);
  EXPECT_EQ(evbuffer_get_length(input), sent.size());

  bufferevent_free(bev);
  event_base_free(base);
  close(fds[1]);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
