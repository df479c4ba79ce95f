// Reading past libevent 2.1's per-turn limit on a socket bufferevent.
#ifndef ROCKETMQ_REMOTING_SOCKET_READ_H_
#define ROCKETMQ_REMOTING_SOCKET_READ_H_

#include <event2/bufferevent.h>

#include <sys/types.h>

#include <cstddef>

namespace rocketmq {
namespace remoting {

// libevent 2.1 reads at most this much from a socket per turn of its loop (EVBUFFER_MAX_READ),
// whatever bufferevent_set_max_single_read says: a read callback that got this much may have
// left more in the socket, each 4 KiB costing another epoll_wait, ioctl, read and callback.
constexpr size_t kLibeventMaxRead = 4096;

// From the read callback of a plain socket bufferevent: appends up to `max_bytes` more of what
// the socket holds to the bufferevent's input with one readv. EOF and errors are left to
// libevent's next read, which reports them as usual. Returns the bytes read.
size_t ReadRestOfSocket(bufferevent* bev, size_t max_bytes);

// The same read for a socket bufferevent whose reading is not libevent's (EV_READ disabled, the
// caller watching the socket itself): like read(2), the bytes read, 0 at EOF, or -1 with errno
// set (EAGAIN when the socket held nothing).
ssize_t ReadSocket(bufferevent* bev, size_t max_bytes);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_SOCKET_READ_H_
