#include "gotrace/output.h"

#include <sys/stat.h>
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

void writeFileWhole(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) throw Error(std::string("cannot create ") + path + ": " + std::strerror(errno));
  auto fail = [&](const char* what) {
    int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw Error(std::string(what) + " " + path + ": " + std::strerror(e));
  };
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write");
    done += size_t(n);
  }
  if (fchmod(fd, 0644) != 0) fail("cannot write");
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw Error(std::string("cannot write ") + path + ": " + std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw Error(std::string("cannot write ") + path + ": " + std::strerror(e));
  }
}

}  // namespace gotrace
