// What a command writes to, provided by the tool that runs it: standard
// output, files named by flags, and warnings on standard error named after
// the tool (`tool: FILE: what`). Commands get a Console instead of touching
// stdout and stderr themselves, so tests can run them and read what they wrote.
#pragma once

#include <unistd.h>

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "gotrace/cli/progress_line.h"
#include "gotrace/io/output.h"

namespace gotrace::cli {

// An output named by a flag, written as it is made: standard output ("" or
// "-"), or a file, written to a temporary file beside it and renamed into
// place by commit() (so a failed run leaves an existing file as it was).
class NamedOutput {
 public:
  NamedOutput(NamedOutput&&) noexcept;
  ~NamedOutput();

  OutputBuffer& out() { return file_ ? *fileBuffer_ : *stdout_; }
  bool isStdout() const { return !file_; }
  // Flushes (ends a gzip stream) and, for a file, renames it into place.
  void commit();

 private:
  friend class Console;
  NamedOutput() = default;
  OutputBuffer* stdout_ = nullptr;
  std::unique_ptr<OutputFile> file_;
  std::unique_ptr<OutputBuffer> fileBuffer_;
};

class Console {
 public:
  // `err` other than standard error (tests) never shows progress;
  // `progressDelay` is how long work runs before its progress is shown.
  explicit Console(std::string tool, int stdoutFd = STDOUT_FILENO, std::ostream* err = nullptr,
                   std::chrono::milliseconds progressDelay = ProgressLine::kDefaultDelay);
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  const std::string& tool() const { return tool_; }

  // Standard output, buffered: flush() it (or let the tool do it at the end).
  OutputBuffer& out() { return out_; }

  // `data` whole to `path`, or to standard output for "" and "-".
  void writeWhole(const std::string& path, std::string_view data);
  void writeWhole(const std::string& path, std::span<const uint8_t> data);

  enum class Compression { None, GzipByName };
  // With GzipByName, a path ending in .gz is gzip-compressed.
  NamedOutput open(const std::string& path, Compression compression = Compression::None);

  // Standard output is a terminal: binary output needs a file or a pipe.
  bool stdoutIsTerminal() const;
  // Standard input is a terminal: nobody types a trace.
  bool stdinIsTerminal() const { return isatty(STDIN_FILENO); }
  // Throws UsageError unless `path` names a file or standard output is not
  // a terminal (`what`: "the profile").
  void requireBinaryDestination(const std::string& path, std::string_view what) const;

  // `tool: FILE: what` (without FILE when it is empty) on standard error.
  void warn(std::string_view file, std::string_view what);
  void warn(std::string_view what) { warn({}, what); }

  // A progress line (progress_line.h): on standard error when it is a
  // terminal, once the tool has run for a second, at most a few times a
  // second, never after -quiet (setQuiet) or once standard output has
  // written to a terminal; progressDone() clears it.
  void progress(std::string_view text);
  // The same for reading an input: bytes read of `total` (0: unknown),
  // MB/s, elapsed (ReadOptions::progress of trace reads, set by Tool).
  void readProgress(uint64_t done, uint64_t total);
  void progressDone();
  void setQuiet() { progress_.disable(); }

 private:
  std::string tool_;
  int stdoutFd_;
  std::ostream& err_;
  OutputBuffer out_;
  ProgressLine progress_;
};

}  // namespace gotrace::cli
