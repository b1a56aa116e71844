#include "gotrace/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "gotrace/error.h"

namespace gotrace {

OutputBuffer::~OutputBuffer() {
  try {
    flush();
  } catch (...) {
    // Destructors do not throw; callers that care flush explicitly.
  }
}

void OutputBuffer::flush() {
  size_t done = 0;
  while (done < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      buf_.clear();
      if (errno == EPIPE) throw PipeClosed{};
      throw Error(std::string("write error: ") + std::strerror(errno));
    }
    done += size_t(n);
  }
  buf_.clear();
}

}  // namespace gotrace
