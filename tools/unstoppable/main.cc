// unstoppable: why stop-the-world pauses took long, from the CPU samples a
// trace carries.
#include <iostream>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/pprof/profile.h"
#include "gotrace/base/sha256.h"
#include "gotrace/analysis/stw_phases.h"
#include "gotrace/trace/trace_reader.h"

namespace {

constexpr const char* kExamples = R"(  unstoppable -input=trace.out
  unstoppable -input=trace.out -print-stacks -grace=500us | less
  unstoppable -input=trace.out -print-stw=false -profile=stw.pb.gz; go tool pprof -tagfocus=stw-phase=pre-stop -top stw.pb.gz
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("unstoppable",
                          "Explain stop-the-world pauses: each is split into pre-stop (waiting for running goroutines "
                          "to stop), stopped and post-stop, and the CPU samples of each phase are shown.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("trace");
  std::string profilePath, grace = "0";
  bool printStw = true, printStacks = false;
  app.add_option("--profile", profilePath, "write the attributed samples as a pprof profile here");
  app.add_flag("--print-stw", printStw, "print a line per pause (-print-stw=false: don't)");
  app.add_flag("--print-stacks", printStacks, "print every attributed sample with its stack");
  app.add_option("--grace", grace, "leave out samples earlier than this into their phase (a Go duration: 500us, 1ms)");

  return tool.run(argc, argv, [&]() -> int {
    const std::optional<int64_t> graceNs = gotrace::cli::parseGoDuration(grace);
    if (!graceNs || *graceNs < 0) return tool.usageError("-grace wants a duration such as 500us or 1ms, not " + grace);

    // With -profile, the whole trace in memory (mapped for files) so that its
    // hash can label the profile; otherwise streamed.
    gotrace::Input file = gotrace::Input::open(tool.inputPath());
    std::span<const uint8_t> bytes;
    if (!profilePath.empty()) bytes = file.readAll();
    const std::string name = file.name();
    auto reader = gotrace::TraceReader::open(profilePath.empty() ? std::move(file)
                                                                 : gotrace::Input::fromMemory(bytes, name));

    gotrace::pprof::Profile base;
    base.sampleTypes = {{"samples", "count"}, {"offset", "nanoseconds"}};
    base.defaultSampleType = "samples";
    base.periodType = {"cpu", "nanoseconds"};
    base.period = 1;
    gotrace::pprof::ProfileBuilder profile(std::move(base));
    gotrace::OutputBuffer out;
    const gotrace::TraceTables& tables = reader->tables();
    int64_t traceStart = 0;
    bool started = false;
    gotrace::StwAnalyzer analyzer(*graceNs, [&](const gotrace::StwPause& p) {
      if (printStw) {
        out.buffer() += gotrace::stwSummaryLine(p, traceStart);
        out.buffer() += '\n';
      }
      if (printStacks) gotrace::appendStwStacks(out.buffer(), p, tables);
      out.maybeFlush();
      for (const gotrace::StwSample& s : p.samples) {
        std::vector<uint32_t> locations;
        if (s.stack != gotrace::kNoStack) {
          for (gotrace::FrameId f : tables.stacks.frames(s.stack)) {
            const gotrace::Frame& frame = tables.stacks.frame(f);
            locations.push_back(profile.location(tables.strings.view(frame.func), tables.strings.view(frame.file),
                                                 int64_t(frame.line), frame.pc));
          }
        }
        profile.addSample(std::move(locations), {1, s.offset},
                          {{"stw-phase", std::string(gotrace::stwPhaseName(s.phase)), 0, ""},
                           {"stw-reason", p.reason, 0, ""},
                           {"g", "", s.goroutine, ""},
                           {"offset", "", s.offset, "ns"}});
      }
    });
    gotrace::Event ev;
    try {
      while (reader->next(ev)) {
        if (!started) {
          traceStart = ev.time;
          started = true;
        }
        analyzer.add(ev, tables);
      }
    } catch (gotrace::Error& e) {
      e.setFile(name);
      throw;
    }
    out.flush();
    for (const std::string& w : analyzer.warnings()) std::cerr << "unstoppable: " << name << ": " << w << "\n";
    if (!profilePath.empty()) {
      const std::string hash =
          gotrace::sha256Hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      for (auto& s : profile.profile().samples) s.labels.push_back({"trace-sha256", hash, 0, ""});
      const std::vector<uint8_t> encoded = gotrace::pprof::encodeProfile(profile.profile());
      gotrace::writeFileWhole(profilePath, std::string_view(reinterpret_cast<const char*>(encoded.data()), encoded.size()));
    }
    return 0;
  });
}
