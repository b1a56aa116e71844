#include "gotrace/commands/regiongraph.h"

#include <fmt/format.h>

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <unordered_set>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_causes.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/analysis/regions/span_tree.h"
#include "gotrace/base/error.h"
#include "gotrace/commands/pattern_files.h"
#include "gotrace/commands/span_json.h"
#include "gotrace/render/region_text.h"
#include "gotrace/render/time_base.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

enum class RegionGraphOutput {
  Counts,   // `KIND COUNT` per recognized kind (the default)
  Chains,   // every distinct chain, root first
  Pairs,    // every distinct (parent, child) link, and (<nil>, root)
  Regions,  // every region
  Json,     // one span tree per top-level region
  Summary,  // one tree summary per top-level region
};

// Counts need no causes: regions are counted while the trace is read, in
// memory bounded by the live goroutines. A damaged trace is analyzed up to
// the damage; the reading error is returned after the output is written.
std::optional<Error> writeCounts(TraceReader& reader, const RegionPatterns& patterns, OutputBuffer& out) {
  RegionStream stream(patterns, reader.tables(), RegionStream::Options{});
  std::optional<Error> damage = readInto(reader, stream);
  std::string& buf = out.buffer();
  const std::vector<size_t>& counts = stream.counts();
  for (size_t k = 0; k < counts.size(); k++) {
    fmt::format_to(std::back_inserter(buf), "{} {}\n", patterns.recognizers()[k].kind, counts[k]);
  }
  out.flush();
  return damage;
}

// Regions, causes, chains and span trees: on the whole trace's timelines.
std::optional<Error> writeRegionGraph(TraceReader& reader, const RegionPatterns& patterns, RegionGraphOutput output,
                                      bool flat, size_t maxDepth, const RE2* handler, cli::Console& console) {
  OutputBuffer& out = console.out();
  // -show-regions stays on the whole trace too: a server region's handler
  // is found on its goroutine's stacks after the region was found.
  if (output == RegionGraphOutput::Counts) return writeCounts(reader, patterns, out);
  std::optional<Error> damage;
  const GoroutineTimelines timelines = GoroutineTimelines::read(reader, &damage);
  const RegionSet regions = RegionSet::find(timelines, patterns);
  std::string& buf = out.buffer();
  const std::optional<int64_t> traceStart = reader.tables().traceStart;
  const int64_t start = traceStart.value_or(0);
  // Text with times (regions, chains, pairs: g=G@START-END) says their base.
  if (output != RegionGraphOutput::Json && output != RegionGraphOutput::Summary && !regions.regions().empty()) {
    buf += timeBaseComment("ns", traceStart);
  }

  if (output == RegionGraphOutput::Regions) {
    for (const Region& r : regions.regions()) {
      if (handler && !RE2::PartialMatch(serverHandler(regions, r), *handler)) continue;
      buf += regionLabel(regions, r, /*handler=*/true);
      buf += '\n';
      out.maybeFlush();
    }
    out.flush();
    return damage;
  }

  const RegionCauses causes = RegionCauses::link(regions);
  const SpanForest forest(causes);
  if (output == RegionGraphOutput::Chains || output == RegionGraphOutput::Pairs) {
    // Copies of one chain (regions put back after an inner one ended) print
    // alike; each line is written once. Both cost time linear in the nodes:
    // chains are capped (CappedChainText), and a pair is looked at once.
    std::unordered_set<std::string> written;
    const CappedChainText chainLine(causes);
    std::vector<uint8_t> seen(causes.nodeCount(), 0);
    std::vector<uint32_t> fresh;
    for (uint32_t chain : forest.chains()) {
      if (output == RegionGraphOutput::Chains) {
        std::string line = chainLine(chain);
        if (written.insert(line).second) {
          buf += line;
          buf += '\n';
        }
      } else {
        // The nodes not seen before are the leaf end of the path (a seen
        // node's ancestors were all seen with it): their pairs, root first.
        fresh.clear();
        for (uint32_t n = chain; n != kNoNode && !seen[n]; n = causes.node(n).parent) {
          seen[n] = 1;
          fresh.push_back(n);
        }
        for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
          std::string line = nodeLabel(causes, causes.node(*it).parent) + ' ' + nodeLabel(causes, *it);
          if (written.insert(line).second) {
            buf += line;
            buf += '\n';
          }
        }
      }
      out.maybeFlush();
    }
    out.flush();
    return damage;
  }
  if (!flat) {
    size_t deepest = 0;
    for (size_t i = 0; i < forest.rootCount(); i++) deepest = std::max(deepest, forest.depth(i));
    if (deepest > maxDepth) {
      flat = true;
      console.warn(fmt::format("a span tree is {} spans deep, more than JSON readers such as jq take: every span is "
                               "written flat, with an id and its parent's (as -flat does)",
                               deepest));
    }
  }
  // Trees are written as the forest is walked, never built: one tree can
  // hold most of a trace.
  uint64_t nextId = 1;
  const std::function<void()> flush = [&] { out.maybeFlush(); };
  for (size_t i = 0; i < forest.rootCount(); i++) {
    if (handler && !RE2::PartialMatch(forest.rootHandler(i), *handler)) continue;
    if (output == RegionGraphOutput::Summary) {
      writeTreeSummaryJson(out, forest, i, flat, nextId, start);
    } else if (flat) {
      appendFlatSpansJson(buf, forest, i, nextId, start, flush);
    } else {
      appendSpanJson(buf, forest, i, start, flush);
      buf += '\n';
    }
    out.maybeFlush();
  }
  out.flush();
  return damage;
}

}  // namespace

int runRegiongraph(const RegiongraphOptions& options, cli::Console& console) {
  if (options.showPatterns) {
    console.out().write(RegionPatterns::builtinText());
    return 0;
  }
  const RegionPatterns patterns = loadRegionPatterns(options.builtinPatterns, options.patternFiles, console);
  if (patterns.empty()) throw UsageError("no region patterns (-builtin-patterns=false needs -patterns=FILE)");
  using Output = RegionGraphOutput;
  const Output output = options.showChains    ? Output::Chains
                        : options.showPairs   ? Output::Pairs
                        : options.showRegions ? Output::Regions
                        : options.summarize   ? Output::Summary
                        : options.json || options.flat ? Output::Json
                                              : Output::Counts;
  std::unique_ptr<RE2> handler;
  if (!options.handler.empty()) {
    if (output != Output::Regions && output != Output::Json && output != Output::Summary) {
      throw UsageError("-handler goes with -show-regions, -json, -summarize or -flat");
    }
    handler = std::make_unique<RE2>(options.handler, RE2::Quiet);
    if (!handler->ok()) throw UsageError("-handler: " + handler->error());
  }
  auto reader = TraceReader::open(Input::open(options.input), options.read);
  // A damaged trace: the output covers what precedes the damage, then the error.
  const std::optional<Error> damage =
      withFile(reader->inputName(), [&] {
        return writeRegionGraph(*reader, patterns, output, options.flat, options.maxJsonDepth, handler.get(), console);
  });
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
