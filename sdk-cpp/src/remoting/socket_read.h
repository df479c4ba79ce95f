// Reading a socket bufferevent's socket in one readv a turn.
#ifndef ROCKETMQ_REMOTING_SOCKET_READ_H_
#define ROCKETMQ_REMOTING_SOCKET_READ_H_

#include <event2/bufferevent.h>

#include <sys/types.h>

#include <cstddef>

namespace rocketmq {
namespace remoting {

// libevent 2.1 reads a socket bufferevent at most 4 KiB a turn (EVBUFFER_MAX_READ), after an
// ioctl(FIONREAD), whatever bufferevent_set_max_single_read says: a turn of 1 KiB frames cost
// an epoll_wait, an ioctl and a read per ~3 frames, or a second read for the rest. Readers
// that care watch the socket themselves (EV_READ of the bufferevent disabled, their own
// EV_READ event) and read each turn with this: appends up to `max_bytes` of what the socket
// holds to the bufferevent's input with one readv. Like read(2), returns the bytes read, 0 at
// EOF, or -1 with errno set (EAGAIN when the socket held nothing).
ssize_t ReadSocket(bufferevent* bev, size_t max_bytes);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_SOCKET_READ_H_
