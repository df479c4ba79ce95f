#include "remoting/socket_read.h"

#include <errno.h>
#include <event2/buffer.h>
#include <sys/uio.h>

#include <algorithm>

namespace rocketmq {
namespace remoting {

size_t ReadRestOfSocket(bufferevent* bev, size_t max_bytes) {
  const ssize_t read = ReadSocket(bev, max_bytes);
  return read > 0 ? static_cast<size_t>(read) : 0;
}

ssize_t ReadSocket(bufferevent* bev, size_t max_bytes) {
  evbuffer* input = bufferevent_get_input(bev);
  // A socket bufferevent keeps its input's end frozen outside its own reads.
  evbuffer_unfreeze(input, 0);
  evbuffer_iovec space[2];
  const int parts = evbuffer_reserve_space(input, static_cast<ev_ssize_t>(max_bytes), space, 2);
  if (parts <= 0) {
    evbuffer_freeze(input, 0);
    errno = ENOMEM;
    return -1;
  }
  iovec vectors[2];
  for (int i = 0; i < parts; ++i) vectors[i] = {space[i].iov_base, space[i].iov_len};
  ssize_t got;
  do {
    got = readv(bufferevent_getfd(bev), vectors, parts);
  } while (got < 0 && errno == EINTR);
  const int read_error = errno;
  size_t left = got > 0 ? static_cast<size_t>(got) : 0;
  for (int i = 0; i < parts; ++i) {
    space[i].iov_len = std::min(left, space[i].iov_len);
    left -= space[i].iov_len;
  }
  evbuffer_commit_space(input, space, parts);
  evbuffer_freeze(input, 0);
  errno = read_error;
  return got;
}

}  // namespace remoting
}  // namespace rocketmq
