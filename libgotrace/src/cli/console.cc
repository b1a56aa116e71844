#include "gotrace/cli/console.h"

#include <cstdio>
#include <iostream>

#include "gotrace/base/error.h"

namespace gotrace::cli {

NamedOutput::NamedOutput(NamedOutput&&) noexcept = default;
NamedOutput::~NamedOutput() = default;

void NamedOutput::commit() {
  if (!file_) {
    stdout_->flush();
    return;
  }
  fileBuffer_->finish();
  file_->commit();
}

Console::Console(std::string tool, int stdoutFd, std::ostream* err, std::chrono::milliseconds progressDelay)
    : tool_(std::move(tool)),
      stdoutFd_(stdoutFd),
      err_(err ? *err : std::cerr),
      out_(stdoutFd),
      progress_(err_, tool_ + ": ", !err && isatty(STDERR_FILENO), &std::chrono::steady_clock::now, progressDelay) {
  // Output on the terminal the progress line is drawn on: no more progress
  // (it would be drawn over the output).
  if (isatty(stdoutFd_)) out_.beforeWrite([this] { progress_.disable(); });
}

void Console::writeWhole(const std::string& path, std::string_view data) {
  if (path.empty() || path == "-") {
    out_.write(data);
    out_.flush();
  } else {
    writeFileWhole(path, data);
  }
}

void Console::writeWhole(const std::string& path, std::span<const uint8_t> data) {
  writeWhole(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

NamedOutput Console::open(const std::string& path, Compression compression) {
  NamedOutput o;
  if (path.empty() || path == "-") {
    o.stdout_ = &out_;
    return o;
  }
  const bool gzip = compression == Compression::GzipByName && path.size() > 3 && path.ends_with(".gz");
  o.file_ = std::make_unique<OutputFile>(path);
  o.fileBuffer_ = std::make_unique<OutputBuffer>(
      o.file_->fd(), gzip ? OutputBuffer::Compression::Gzip : OutputBuffer::Compression::None);
  return o;
}

bool Console::stdoutIsTerminal() const { return isatty(stdoutFd_); }

void Console::requireBinaryDestination(const std::string& path, std::string_view what) const {
  if ((path.empty() || path == "-") && stdoutIsTerminal()) {
    throw UsageError(std::string(what) + " is binary: give -output=FILE or redirect stdout");
  }
}

void Console::warn(std::string_view file, std::string_view what) {
  progressDone();
  err_ << tool_ << ": ";
  if (!file.empty()) err_ << file << ": ";
  err_ << what << "\n";
}

void Console::progress(std::string_view text) {
  progress_.update([&](double) { return std::string(text); });
}

void Console::readProgress(uint64_t done, uint64_t total) {
  progress_.update([&](double seconds) { return formatReadProgress(done, total, seconds); });
}

void Console::progressDone() { progress_.clear(); }

}  // namespace gotrace::cli
