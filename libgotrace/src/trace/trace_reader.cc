#include <fmt/format.h>

#include <algorithm>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_reader.h"
#include "v1/v1_reader.h"
#include "v2/v2_reader.h"

namespace gotrace {

std::unique_ptr<TraceReader> TraceReader::open(Input input, const ReadOptions& options) {
  const std::string name = input.name();
  try {
    auto header = input.read(kTraceHeaderSize);
    TraceVersion version = parseTraceHeader(header);
    if (version.format == TraceFormat::V2) return std::make_unique<v2::V2Reader>(std::move(input), version, options);
    return std::make_unique<v1::V1Reader>(std::move(input), version, options);
  } catch (Error& e) {
    e.setFile(name);
    throw;
  }
}

size_t TraceReader::readBatch(std::span<Event> out) {
  size_t n = 0;
  try {
    while (n < out.size() && readNext(out[n])) n++;
  } catch (const Error&) {
    if (n == 0) throw;  // the reader stays failed: the next call throws again
  }
  return n;
}

void TraceReader::reportProgressAt(uint64_t done) const {
  if (options_.progress) options_.progress(inputSize_ ? std::min(done, inputSize_) : done, inputSize_);
}

void TraceReader::reportProgress() {
  sinceProgress_ = 0;
  const uint64_t done = bytePosition();
  options_.progress(inputSize_ ? std::min(done, inputSize_) : done, inputSize_);
}

size_t TraceReader::nextInWindow(std::span<Event> out) {
  if (!options_.windowed() || options_.wholeGenerations) {
    const size_t n = readBatch(out);
    if (n > 0 && !tables_.traceStart) setTraceStart(out[0].time);
    return n;
  }
  for (;;) {
    if (windowEnded_) return 0;  // nothing after the window is read
    const size_t n = readBatch(out);
    if (n == 0) return 0;
    if (!tables_.traceStart) setTraceStart(out[0].time);
    const size_t kept = cut(out, n);
    if (kept > 0 || windowEnded_) return kept;
  }
}

size_t TraceReader::cut(std::span<Event> out, size_t n) {
  const int64_t traceStart = *tables_.traceStart;
  // Saturating: a window beyond the trace's times is just empty.
  auto at = [&](int64_t offset) {
    return traceStart > 0 && offset > std::numeric_limits<int64_t>::max() - traceStart
               ? std::numeric_limits<int64_t>::max()
               : traceStart + offset;
  };
  const int64_t start = at(options_.startNs), end = at(options_.endNs);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (out[i].time > end) {
      windowEnded_ = true;
      break;
    }
    if (out[i].time >= start) out[kept++] = out[i];
  }
  return kept;
}

}  // namespace gotrace
