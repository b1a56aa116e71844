// Region recognizers as data. A recognizer finds regions of one kind on a
// goroutine's timeline: a run of consecutive events that starts at an event
// passing `activate`, goes on while events pass `keepalive`, and is cut back
// to its last `critical` event. A derived recognizer makes the regions from
// the end of a region of some kinds to the start of the next region of
// another kind (an HTTP request is served after reading it, or the TLS
// handshake it came with, and before writing the response).
//
// The text form (README: "Region patterns"):
//
//   region client/http_roundtrip
//     stack T "**" "^net/http...Transport..RoundTrip$" "**"
//     activate  T
//     keepalive nostack or T
//     critical  start or T
//     outer
//   region server/http after server/http_read server/tls_handshake before server/http_write
//
// Stack specs are those of -match (root first, "**" or an RE2 regexp per
// frame); several `stack` lines with one name are alternatives.
//
// A top-level `nocause "spec" ...` line says that creating or waking a
// goroutine from a matching stack does not make it work for the waker's
// regions (a server's background reader watches the connection for the
// whole request without working for it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/match/stack_match.h"

namespace gotrace {

// A boolean test of one timeline event, as a small expression tree.
struct EventTest {
  enum class Op : uint8_t {
    Or,
    And,
    Not,
    Stack,       // the event's stack matches stack test `arg`
    HasStack,    // the event has a non-empty stack
    Always,
    Never,
    Kind,        // the event's TimelineKind is in the bit set `arg`
  };
  struct Node {
    Op op;
    uint32_t arg = 0;  // Stack: test index; Kind: bit set of TimelineKinds
    int32_t left = -1, right = -1;
  };
  std::vector<Node> nodes;  // the root is the last node
  std::string text;         // as written, for messages

  bool empty() const { return nodes.empty(); }
};

struct RegionRecognizer {
  std::string kind;
  // Derived recognizers: regions from the end of a region of an `after`
  // kind to the start of the next `before` region of the same goroutine.
  std::vector<std::string> after;
  std::string before;
  bool derived() const { return !before.empty(); }

  std::vector<std::string> stackNames;                 // stack test index -> name
  std::vector<std::vector<StackPattern>> stackTests;   // stack test index -> alternatives
  EventTest activate, keepalive, critical, require;    // critical/require may be empty
  bool allowSingle = false;  // one event is a region (else two at least)
  bool flushAtEnd = false;   // a region still open when the goroutine's events end counts
  bool shared = false;       // work that may serve unrelated goroutines (DNS lookups)
  bool outer = false;        // outermost of regions that start at one event with one length
  std::string origin;        // where it was defined: "FILE:LINE"
};

// A pattern file that replaced built-in recognizers, and their kinds.
struct PatternFileNote {
  std::string file;
  std::vector<std::string> replacedKinds;
};

class RegionPatterns {
 public:
  // Parses pattern text; `name` names it in errors ("FILE:LINE: ..."). Throws
  // Error. References to other kinds are checked by append().
  static RegionPatterns parse(std::string_view text, std::string_view name);
  // The built-in recognizers (HTTP/1.x client and server, dials, DNS, TLS).
  static RegionPatterns builtin();
  static std::string_view builtinText();
  // The patterns tools run with: the built-in ones (unless !withBuiltin),
  // then each pattern file in order. A file's region of a kind the built-ins
  // define replaces the built-in one in its place (listed in `notes`); a kind
  // two files define is an error naming both. Throws Error naming the file.
  static RegionPatterns load(bool withBuiltin, const std::vector<std::string>& files,
                             std::vector<PatternFileNote>* notes = nullptr);

  // Adds `more` after these recognizers; checks the after/before references.
  void append(RegionPatterns more);

  const std::vector<RegionRecognizer>& recognizers() const { return recognizers_; }
  bool empty() const { return recognizers_.empty(); }
  // Stacks of wakes that explain nothing (`nocause`).
  const std::vector<StackPattern>& noCause() const { return noCause_; }

 private:
  void checkReferences() const;
  std::vector<RegionRecognizer> recognizers_;
  std::vector<StackPattern> noCause_;
};

}  // namespace gotrace
