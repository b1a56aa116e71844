#include "gotrace/io/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include <zlib.h>

#include "gotrace/base/error.h"

namespace gotrace {

struct OutputBuffer::Deflater {
  z_stream z{};
  std::string out;
  Deflater() {
    // windowBits 15 + 16: a gzip header and trailer around the deflate data;
    // the fastest level: output this large is written faster than read.
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw Error("gzip: cannot start compressing");
    }
    out.resize(kFlushAt);
  }
  ~Deflater() { deflateEnd(&z); }
};

OutputBuffer::OutputBuffer(int fd, Compression compression) : fd_(fd) {
  buf_.reserve(kFlushAt + 4096);
  if (compression == Compression::Gzip) deflater_ = std::make_unique<Deflater>();
}

OutputBuffer::~OutputBuffer() {
  try {
    finish();
  } catch (...) {
    // Destructors do not throw; callers that care flush explicitly.
  }
}

void OutputBuffer::writeAll(const char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd_, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      buf_.clear();
      if (errno == EPIPE) throw PipeClosed{};
      throw Error(std::string("write error: ") + std::strerror(errno));
    }
    done += size_t(n);
  }
}

void OutputBuffer::deflateBuffered(bool last) {
  z_stream& z = deflater_->z;
  z.next_in = reinterpret_cast<Bytef*>(buf_.data());
  z.avail_in = uInt(buf_.size());
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(deflater_->out.data());
    z.avail_out = uInt(deflater_->out.size());
    rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) throw Error("gzip: compression failed");
    writeAll(deflater_->out.data(), deflater_->out.size() - z.avail_out);
  } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
  buf_.clear();
}

void OutputBuffer::writeLarge(std::string_view s) {
  for (size_t at = 0; at < s.size(); at += kFlushAt) {
    buf_.append(s.substr(at, kFlushAt));
    maybeFlush();
  }
}

void OutputBuffer::flush() {
  if (finished_) return;
  if (deflater_) {
    deflateBuffered(false);
    return;
  }
  if (buf_.empty()) return;
  if (beforeWrite_) beforeWrite_();
  writeAll(buf_.data(), buf_.size());
  buf_.clear();
}

void OutputBuffer::finish() {
  if (finished_) return;
  if (deflater_) {
    deflateBuffered(true);
  } else {
    flush();
  }
  finished_ = true;
}

namespace {

// The descriptor a path names directly ("/dev/stdout", "/dev/fd/3",
// "/proc/self/fd/3"), or -1. Reopening those would start a regular file
// again at offset 0; writing to a duplicate keeps the shell's redirection.
int namedDescriptor(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(path).substr(prefix.size());
    if (digits.empty() || digits.size() > 9) return -1;
    int fd = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return -1;
      fd = fd * 10 + (c - '0');
    }
    return fd;
  }
  return -1;
}

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  auto fail = [&](int e) { throw Error(std::string("cannot write ") + path_ + ": " + std::strerror(e)); };
  if (const int named = namedDescriptor(path_); named >= 0) {
    fd_ = ::fcntl(named, F_DUPFD_CLOEXEC, 3);
    if (fd_ < 0) fail(errno);
    inPlace_ = true;
    return;
  }
  struct stat link {};
  const bool isLink = ::lstat(path_.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
  struct stat st {};
  const bool exists = ::stat(path_.c_str(), &st) == 0;
  if (isLink || (exists && !S_ISREG(st.st_mode))) {
    // A device, a FIFO, a socket, or a symlink: written in place, never
    // replaced (a FIFO's reader gets the data; /dev/null stays a device; the
    // symlink stays and its target gets the data).
    const int flags = O_WRONLY | O_CLOEXEC | (exists && !S_ISREG(st.st_mode) ? 0 : O_CREAT | O_TRUNC);
    do {
      fd_ = ::open(path_.c_str(), flags, 0666);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) fail(errno);
    inPlace_ = true;
    return;
  }
  if (exists) {
    replacedMode_ = st.st_mode & 07777;
    replacedOwner_ = {st.st_uid, st.st_gid};
  }
  // A new file next to the target, created with mode 0666 so that the umask
  // applies as to any new file; renamed over the target by commit().
  std::random_device random;
  for (int attempt = 0; attempt < 100; attempt++) {
    tmp_ = path_ + fmt::format(".tmp.{:08x}", random());
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) throw Error(std::string("cannot create ") + path_ + ": " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!inPlace_) ::unlink(tmp_.c_str());
  }
}

void OutputFile::commit() {
  const int fd = fd_;
  fd_ = -1;
  if (inPlace_) {
    if (::close(fd) != 0 && errno != EINTR) throw Error(std::string("cannot write ") + path_ + ": " + std::strerror(errno));
    return;
  }
  auto fail = [&](int e) {
    ::unlink(tmp_.c_str());
    throw Error(std::string("cannot write ") + path_ + ": " + std::strerror(e));
  };
  if (replacedMode_) {
    // The replaced file's mode (and, where allowed, owner) carry over.
    if (replacedOwner_ && (replacedOwner_->first != ::geteuid() || replacedOwner_->second != ::getegid())) {
      [[maybe_unused]] const int ignored = ::fchown(fd, replacedOwner_->first, replacedOwner_->second);
    }
    if (fchmod(fd, *replacedMode_) != 0) {
      const int e = errno;
      ::close(fd);
      fail(e);
    }
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

void writeFileWhole(const std::string& path, std::span<const uint8_t> data) {
  writeFileWhole(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

}  // namespace gotrace
