// Span trees: each top-level region with everything it caused, and where the
// time went. A span is one goroutine's stretch of work for a chain node
// (region_causes.h), with the moments it started running, started a GC
// assist or started waiting (and for what). Summaries add up a tree's
// on-CPU time and attribute the rest of its wall time to the most specific
// reason anything in the tree was waiting.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/intervals.h"
#include "gotrace/analysis/regions/region_causes.h"

namespace gotrace {

struct Span {
  int64_t goroutine = 0;
  std::string kind;      // the region kind, or the goroutine's root function for woken goroutines
  std::string handler;   // an HTTP server region's handler (region_set.h: serverHandler), else empty
  int64_t startNs = 0;   // since the trace's first event
  int64_t lengthNs = 0;
  // Offsets from startNs. A "cpu" wait is time runnable but not running; the
  // first one may be negative: the wait for a CPU before the span began.
  std::vector<int64_t> startRun;
  std::map<std::string, std::vector<int64_t>> startAssist;
  std::map<std::string, std::vector<int64_t>> startWait;
  std::vector<Span> caused;  // by start time

  // Trees may be as deep as goroutine-creation chains (tens of thousands):
  // copying and destroying walk them with an explicit stack, not recursion.
  Span() = default;
  Span(const Span& other);
  Span(Span&&) noexcept = default;
  Span& operator=(const Span& other);
  Span& operator=(Span&&) noexcept;
  ~Span();
};

// A span's change points as ranges (offsets from startNs), each lasting until
// the next point; within [0, lengthNs], or from the first cpu wait if that
// comes earlier. Assisting is running too.
struct SpanRanges {
  Intervals running;
  std::map<std::string, Intervals> assisting, waiting;
};
SpanRanges spanRanges(const Span& span);

struct TreeSummary {
  int64_t lengthNs = 0;
  int64_t totalRunNs = 0;  // on-CPU time of every goroutine in the tree, within the root's window
  std::map<std::string, int64_t> totalAssistNs;
  int64_t flatRunNs = 0;   // wall time when something in the tree was running
  std::map<std::string, int64_t> flatAssistNs;
  std::map<std::string, int64_t> flatWaitNs;  // the rest of the wall time, by the first reason in priority order
  Span flat;                                  // the root's window with the flat change points
};
TreeSummary summarize(const Span& root);

// summarize() from a tree's spans given one at a time, the root first, so
// that the tree need not be built (SpanForest::walk).
class TreeSummarizer {
 public:
  TreeSummarizer();
  ~TreeSummarizer();
  TreeSummarizer(const TreeSummarizer&) = delete;
  TreeSummarizer& operator=(const TreeSummarizer&) = delete;

  void add(const Span& span);  // its `caused` is not looked at
  TreeSummary finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The order of wait reasons in flat summaries: on-CPU first, then these.
const std::vector<std::string>& waitPriority();

class SpanForest {
 public:
  explicit SpanForest(const RegionCauses& causes);

  // Top-level regions, by start time. Every one is a root, whether or not it
  // caused anything.
  size_t rootCount() const { return roots_.size(); }
  Span tree(size_t root) const;
  // The handler of tree(root)'s root span (Span::handler), without the span.
  std::string_view rootHandler(size_t root) const;
  // tree(root)'s spans one at a time, never all held: depth first, children
  // by start time. enter(span, childCount) for each span (its `caused`
  // empty), leave() once its descendants are done. Memory: one path.
  template <typename Enter, typename Leave>
  void walk(size_t root, Enter&& enter, Leave&& leave) const {
    struct Open {
      uint32_t node;
      uint32_t next;  // index in children_ of the child to visit next
    };
    std::vector<Open> open;
    auto visit = [&](uint32_t n) {
      enter(span(n), size_t(childBegin_[n + 1] - childBegin_[n]));
      open.push_back({n, childBegin_[n]});
    };
    visit(roots_[root]);
    while (!open.empty()) {
      Open& o = open.back();
      if (o.next == childBegin_[o.node + 1]) {
        leave();
        open.pop_back();
        continue;
      }
      visit(children_[o.next++]);
    }
  }
  // Levels of tree(root) (1: the root alone), from the index: no spans built.
  size_t depth(size_t root) const;

  // Distinct chains that are some event's current chain, in order of first
  // appearance.
  const std::vector<uint32_t>& chains() const { return chains_; }

 private:
  Span span(uint32_t node) const;

  const RegionCauses& causes_;
  std::vector<uint32_t> chains_;
  std::vector<uint32_t> roots_;
  std::vector<uint32_t> childBegin_;  // node -> range in children_
  std::vector<uint32_t> children_;
};

}  // namespace gotrace
