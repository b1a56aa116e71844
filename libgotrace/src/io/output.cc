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

OutputFile::OutputFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp.XXXXXX") {
  fd_ = mkstemp(tmp_.data());
  if (fd_ < 0) throw Error(std::string("cannot create ") + path_ + ": " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void OutputFile::commit() {
  const int fd = fd_;
  fd_ = -1;
  auto fail = [&](int e) {
    ::unlink(tmp_.c_str());
    throw Error(std::string("cannot write ") + path_ + ": " + std::strerror(e));
  };
  if (fchmod(fd, 0644) != 0) {
    const int e = errno;
    ::close(fd);
    fail(e);
  }
  if (::close(fd) != 0) fail(errno);
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail(errno);
}

void writeFileWhole(const std::string& path, std::string_view data) {
  OutputFile file(path);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(file.fd(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
    done += size_t(n);
  }
  file.commit();
}

}  // namespace gotrace
