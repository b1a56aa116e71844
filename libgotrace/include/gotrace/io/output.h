// Buffered output to a file descriptor (normally stdout) for tools that write
// a lot of text. A reader that goes away (`| head`) raises PipeClosed so the
// tool can stop quietly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace gotrace {

struct PipeClosed {};

class OutputBuffer {
 public:
  enum class Compression { None, Gzip };
  explicit OutputBuffer(int fd = 1, Compression compression = Compression::None);
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer();

  // Append to the buffer directly, then call maybeFlush().
  std::string& buffer() { return buf_; }
  void maybeFlush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void write(std::string_view s) {
    if (s.size() >= kFlushAt) return writeLarge(s);
    buf_ += s;
    maybeFlush();
  }
  // Writes everything buffered. Throws PipeClosed on EPIPE, Error otherwise.
  void flush();
  // Flushes and ends the gzip stream (when compressing); nothing may follow.
  void finish();
  // Called before bytes are written to the descriptor (e.g. to clear a
  // progress line from the terminal that shows them).
  void beforeWrite(std::function<void()> hook) { beforeWrite_ = std::move(hook); }

 private:
  static constexpr size_t kFlushAt = 64 * 1024;
  struct Deflater;
  void writeAll(const char* data, size_t size);
  void writeLarge(std::string_view s);  // a flush at a time: the buffer stays small
  void deflateBuffered(bool last);

  int fd_;
  std::string buf_;
  std::unique_ptr<Deflater> deflater_;
  bool finished_ = false;
  std::function<void()> beforeWrite_;
};

// Writes `data` to `path` whole: into a temporary file next to it, renamed
// into place when complete, so a failed run never leaves half a file (and an
// existing file is untouched until the new one is ready). Throws Error.
void writeFileWhole(const std::string& path, std::string_view data);
void writeFileWhole(const std::string& path, std::span<const uint8_t> data);

// A file written in a stream with the same promise: the data goes to a
// temporary file next to `path`, which commit() renames into place; if
// commit() is never reached (an error), the temporary file is removed. A
// replaced file keeps its mode (and owner, where allowed); a new one gets
// 0666 less the umask.
//
// Only regular files are replaced. Anything else is opened and written in
// place: a character device (/dev/null), a FIFO, a socket, a symlink (its
// target gets the data; the link stays), and /dev/stdout, /dev/stderr,
// /dev/fd/N and /proc/self/fd/N, which write to that descriptor.
class OutputFile {
 public:
  explicit OutputFile(std::string path);  // throws Error
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  int fd() const { return fd_; }
  // Whether the output is written in place (not a regular file replaced whole).
  bool inPlace() const { return inPlace_; }
  // Flush any OutputBuffer on fd() first. Throws Error.
  void commit();

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  bool inPlace_ = false;
  std::optional<unsigned> replacedMode_;
  std::optional<std::pair<unsigned, unsigned>> replacedOwner_;
};

}  // namespace gotrace
