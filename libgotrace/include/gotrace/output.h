// Buffered output to a file descriptor (normally stdout) for tools that write
// a lot of text. A reader that goes away (`| head`) raises PipeClosed so the
// tool can stop quietly.
#pragma once

#include <string>
#include <string_view>

namespace gotrace {

struct PipeClosed {};

class OutputBuffer {
 public:
  explicit OutputBuffer(int fd = 1) : fd_(fd) { buf_.reserve(kFlushAt + 4096); }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer();

  // Append to the buffer directly, then call maybeFlush().
  std::string& buffer() { return buf_; }
  void maybeFlush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void write(std::string_view s) {
    buf_ += s;
    maybeFlush();
  }
  // Writes everything buffered. Throws PipeClosed on EPIPE, Error otherwise.
  void flush();

 private:
  static constexpr size_t kFlushAt = 64 * 1024;
  int fd_;
  std::string buf_;
};

// Writes `data` to `path` whole: into a temporary file next to it, renamed
// into place when complete, so a failed run never leaves half a file (and an
// existing file is untouched until the new one is ready). Throws Error.
void writeFileWhole(const std::string& path, std::string_view data);

}  // namespace gotrace
