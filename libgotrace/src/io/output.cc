#include "gotrace/io/output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

void OutputBuffer::flush() {
  if (finished_) return;
  if (deflater_) {
    deflateBuffered(false);
    return;
  }
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

void writeFileWhole(const std::string& path, std::span<const uint8_t> data) {
  writeFileWhole(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

}  // namespace gotrace
