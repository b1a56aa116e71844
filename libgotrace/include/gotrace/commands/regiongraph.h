// regiongraph: HTTP requests, dials, DNS lookups and TLS handshakes found in
// an execution trace (analysis/regions/), linked to their causes across
// goroutines, printed as counts, regions, chains, pairs or span trees (JSON).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct RegiongraphOptions {
  std::string input;  // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  bool showChains = false;   // every distinct chain, root first
  bool showPairs = false;    // every distinct (parent, child) link, and (<nil>, root)
  bool showRegions = false;  // every region
  bool json = false;         // one span tree per top-level region
  bool summarize = false;    // one tree summary per top-level region (implies json)
  // JSON one span per line, with ids (implies json); the default when a
  // tree nests deeper than JSON readers take (100 spans)
  bool flat = false;
  // Trees deeper than this are written flat, with a note on stderr (JSON
  // readers such as jq stop at a nesting of 256; a span is two levels).
  size_t maxJsonDepth = 100;
  // Only server regions whose handler (the function net/http's
  // serverHandler.ServeHTTP called) matches, and the trees rooted at them.
  std::string handler;
  std::vector<std::string> patternFiles;  // added to the built-ins
  bool builtinPatterns = true;
  bool showPatterns = false;  // print the built-in patterns instead (no trace needed)
};

// Without an output flag: `KIND COUNT` per recognized kind. A damaged trace
// is analyzed up to the damage; the error follows the output.
int runRegiongraph(const RegiongraphOptions& options, cli::Console& console);

}  // namespace gotrace::commands
