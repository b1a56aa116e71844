#include "gotrace/commands/etcut.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "gotrace/base/go_duration.h"
#include "gotrace/trace/trace_cut.h"

namespace gotrace::commands {
namespace {

void writeBytes(OutputBuffer& out, std::span<const uint8_t> bytes) {
  constexpr size_t kChunk = size_t(1) << 20;
  for (size_t at = 0; at < bytes.size(); at += kChunk) {
    const size_t n = std::min(kChunk, bytes.size() - at);
    out.write(std::string_view(reinterpret_cast<const char*>(bytes.data() + at), n));
  }
}

}  // namespace

int runEtcut(const EtcutOptions& options, cli::Console& console) {
  console.requireBinaryDestination(options.output, "the cut trace");
  Input input = Input::open(options.input);
  const std::string name = input.name();
  const std::span<const uint8_t> bytes = input.readAll();
  const TraceCut cut = findTraceCut(bytes, name, options.read);

  cli::NamedOutput output = console.open(options.output);
  writeBytes(output.out(), bytes.first(kTraceHeaderSize));
  writeBytes(output.out(), bytes.subspan(cut.bytes.begin, cut.bytes.end - cut.bytes.begin));
  output.commit();

  const uint64_t kept = kTraceHeaderSize + (cut.bytes.end - cut.bytes.begin);
  const std::string generations = cut.firstGeneration == cut.lastGeneration
                                      ? fmt::format("generation {}", cut.firstGeneration)
                                      : fmt::format("generations {}-{}", cut.firstGeneration, cut.lastGeneration);
  console.warn(name, fmt::format("kept {} ({} of {} bytes), events from {} to {} after the trace's first event; "
                                 "times in the cut count from {}",
                                 generations, kept, bytes.size(), formatGoDuration(cut.firstEventNs),
                                 formatGoDuration(cut.lastEventNs), formatGoDuration(cut.startNs)));
  return 0;
}

}  // namespace gotrace::commands
