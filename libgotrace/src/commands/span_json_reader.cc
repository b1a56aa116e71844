// Reading regiongraph's JSON back (etviz's input), with a SAX parser that
// fills Span trees directly: a -summarize line is ~2.6 KB of JSON, and a
// DOM for every one of them costs more than drawing it.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <unordered_map>
#include <utility>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/commands/span_json_reader.h"

namespace gotrace::commands {
namespace {

using json = nlohmann::json;

struct BadSpan {
  std::string what;
};

// A span of regiongraph's flat form: its id and its parent's (0: none).
struct FlatSpan {
  uint64_t id = 0;
  uint64_t parent = 0;
  Span span;
  size_t offset = 0;  // where its value began, for errors
};

// Puts flat spans back into trees: each root (parent 0, or `rootId`'s
// children when the root is given) gets its descendants, in input order.
class FlatTrees {
 public:
  explicit FlatTrees(std::vector<FlatSpan>& spans) : spans_(spans) {
    for (size_t i = 0; i < spans_.size(); i++) {
      if (!index_.emplace(spans_[i].id, i).second) {
        throw Error(fmt::format("not regiongraph JSON: span id {} given twice", spans_[i].id), spans_[i].offset);
      }
    }
    for (size_t i = 0; i < spans_.size(); i++) {
      if (spans_[i].parent == 0) continue;
      if (!index_.count(spans_[i].parent)) {
        throw Error(fmt::format("not regiongraph JSON: span {} has parent {}, which is not in the input", spans_[i].id,
                                spans_[i].parent),
                    spans_[i].offset);
      }
      children_[spans_[i].parent].push_back(i);
    }
  }

  // Moves the descendants of span `id` into `span.caused`, level by level
  // with an explicit stack (flat trees are the deep ones).
  void fill(Span& span, uint64_t id) {
    std::vector<std::pair<Span*, uint64_t>> todo{{&span, id}};
    while (!todo.empty()) {
      const auto [s, sid] = todo.back();
      todo.pop_back();
      auto it = children_.find(sid);
      if (it == children_.end()) continue;
      const size_t first = s->caused.size();
      // Reserved whole first: the pointers pushed below stay valid.
      s->caused.reserve(first + it->second.size());
      for (size_t i : it->second) s->caused.push_back(std::move(spans_[i].span));
      for (size_t k = 0; k < it->second.size(); k++) todo.push_back({&s->caused[first + k], spans_[it->second[k]].id});
    }
  }

  Span tree(size_t i) {
    Span root = std::move(spans_[i].span);
    fill(root, spans_[i].id);
    return root;
  }

 private:
  std::vector<FlatSpan>& spans_;
  std::unordered_map<uint64_t, size_t> index_;
  std::unordered_map<uint64_t, std::vector<size_t>> children_;
};

// Builds the span trees of a run of concatenated values.
class SpanSax {
 public:
  explicit SpanSax(std::vector<Span>& out) : out_(out) {}

  // Flat span lines (regiongraph -flat) seen so far, and the slot in the
  // output each root line holds.
  std::vector<FlatSpan> flatLines;
  std::vector<std::pair<size_t, size_t>> flatRoots;  // (output slot, flatLines index)
  std::vector<size_t> placeholders;  // output slots of flat lines that are not roots

  bool start_object(std::size_t) {
    if (frames_.empty()) {
      top_ = Span{};
      root_ = Span{};
      seen_ = 0;
      topIds_ = rootIds_ = {};
      spans_.clear();
      push(Frame::Object, &top_).ids = &topIds_;
      return true;
    }
    Frame& f = frames_.back();
    switch (f.type) {
      case Frame::Object:
        if (f.key == "Root" && frames_.size() == 1) {
          seen_ |= kRoot;
          push(Frame::Object, &root_).ids = &rootIds_;
          return true;
        }
        if (f.key == "StartAssist" || f.key == "StartWait") {
          auto* map = f.key == "StartAssist" ? &f.span->startAssist : &f.span->startWait;
          push(Frame::OffsetMap, f.span).map = map;
          return true;
        }
        return skip();
      case Frame::Caused:
        f.span->caused.emplace_back();
        push(Frame::Object, &f.span->caused.back());
        return true;
      case Frame::Spans: {
        spans_.emplace_back();
        spans_.back().offset = valueStart_;
        FlatSpan& flat = spans_.back();
        push(Frame::Object, &flat.span).ids = &flat;
        return true;
      }
      default:
        return skip();
    }
  }

  bool end_object() {
    Frame f = frames_.back();
    frames_.pop_back();
    if (f.type == Frame::Skip) return true;
    if (frames_.empty()) finishValue();
    return true;
  }

  bool start_array(std::size_t) {
    if (frames_.empty()) return bad("a value is a list, not an object");
    Frame& f = frames_.back();
    if (f.type == Frame::Object && f.key == "StartRun") {
      push(Frame::Offsets, f.span).list = &f.span->startRun;
      return true;
    }
    if (f.type == Frame::Object && f.key == "Caused") {
      push(Frame::Caused, f.span);
      return true;
    }
    if (f.type == Frame::Object && f.key == "Spans" && frames_.size() == 1) {
      seen_ |= kSpans;
      push(Frame::Spans, nullptr);
      return true;
    }
    if (f.type == Frame::OffsetMap) {
      std::vector<int64_t>* list = &(*f.map)[f.key];
      push(Frame::Offsets, f.span).list = list;
      return true;
    }
    return skip();
  }

  bool end_array() {
    frames_.pop_back();
    return true;
  }

  bool key(std::string& k) {
    Frame& f = frames_.back();
    if (f.type != Frame::Skip) f.key = k;
    return true;
  }

  bool number_integer(json::number_integer_t v) { return integer(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > json::number_unsigned_t(INT64_MAX)) return bad("a number does not fit 64 bits");
    return integer(int64_t(v));
  }
  bool number_float(json::number_float_t, const std::string&) { return scalar("a fraction where integers belong"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool null() {
    if (frames_.empty()) return bad("a value is null, not an object");
    return true;  // null lists and maps are empty; a null parent is none
  }
  bool string(std::string& v) {
    if (frames_.empty()) return bad("a value is a string, not an object");
    Frame& f = frames_.back();
    if (f.type == Frame::Object && f.key == "Kind") {
      f.span->kind = v;
      if (f.span == &top_) seen_ |= kKind;
      return true;
    }
    if (f.type == Frame::Object && f.key == "Handler") {
      f.span->handler = v;
      return true;
    }
    return scalar("a string");
  }
  bool binary(json::binary_t&) { return scalar("binary data"); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // `position` counts the bytes read, the one that failed included.
    throw Error(fmt::format("invalid JSON: {}", e.what()), valueStart_ + (position > 0 ? position - 1 : 0));
  }

  // Where the current top-level value began.
  void setValueStart(size_t at) { valueStart_ = at; }

 private:
  struct Frame {
    enum Type { Object, Offsets, OffsetMap, Caused, Spans, Skip } type = Skip;
    Span* span = nullptr;
    FlatSpan* ids = nullptr;  // where "id" and "parent" go (flat form)
    std::string key;
    std::vector<int64_t>* list = nullptr;
    std::map<std::string, std::vector<int64_t>>* map = nullptr;
  };
  enum Seen { kG = 1, kKind = 2, kStart = 4, kLength = 8, kRoot = 16, kSpans = 32, kId = 64 };

  // A value nobody reads: its nested objects and lists push Skip frames too.
  bool skip() {
    push(Frame::Skip, nullptr);
    return true;
  }

  Frame& push(Frame::Type type, Span* span) {
    frames_.emplace_back();
    frames_.back().type = type;
    frames_.back().span = span;
    return frames_.back();
  }

  // Times and offsets are kept within ±2^60 ns (36 years), so that sums of a
  // start, a length and an offset never overflow 64 bits.
  static constexpr int64_t kTimeLimit = int64_t(1) << 60;
  bool checkTime(int64_t v, std::string_view what) {
    if (v > kTimeLimit || v < -kTimeLimit) {
      return bad(fmt::format("{} {} is beyond the limit of ±2^60 ns (36 years)", what, v));
    }
    return true;
  }

  bool integer(int64_t v) {
    if (frames_.empty()) return bad("a value is a number, not an object");
    Frame& f = frames_.back();
    switch (f.type) {
      case Frame::Offsets:
        checkTime(v, "an offset");
        f.list->push_back(v);
        return true;
      case Frame::Object:
        if ((f.key == "id" || f.key == "parent") && f.ids) {
          if (v <= 0) return bad(fmt::format("{} {} (ids count from 1)", f.key, v));
          (f.key == "id" ? f.ids->id : f.ids->parent) = uint64_t(v);
          if (f.key == "id" && f.span == &top_) seen_ |= kId;
        } else if (f.key == "G") {
          f.span->goroutine = v;
          if (f.span == &top_) seen_ |= kG;
        } else if (f.key == "StartNs") {
          checkTime(v, "StartNs");
          f.span->startNs = v;
          if (f.span == &top_) seen_ |= kStart;
        } else if (f.key == "LengthNs") {
          if (v < 0) return bad("a negative LengthNs");
          checkTime(v, "LengthNs");
          f.span->lengthNs = v;
          if (f.span == &top_) seen_ |= kLength;
        }
        return true;
      default: return true;
    }
  }

  bool scalar(std::string_view what) {
    if (frames_.empty()) return bad(fmt::format("a value is {}, not an object", what));
    const Frame& f = frames_.back();
    if (f.type == Frame::Offsets) return bad(fmt::format("{} in a list of offsets", what));
    if (f.type == Frame::Object && (f.key == "G" || f.key == "StartNs" || f.key == "LengthNs" || f.key == "Kind")) {
      return bad(fmt::format("{} for {}", what, f.key));
    }
    return true;
  }

  void finishValue() {
    if (seen_ & kRoot) {
      if (seen_ & kSpans) {
        // -summarize -flat: the tree below Root is in Spans.
        FlatSpan root{rootIds_.id, 0, std::move(root_), valueStart_};
        spans_.push_back(std::move(root));
        FlatTrees trees(spans_);
        out_.push_back(trees.tree(spans_.size() - 1));
      } else {
        out_.push_back(std::move(root_));
      }
    } else if ((seen_ & (kG | kKind | kStart | kLength)) == (kG | kKind | kStart | kLength)) {
      if (seen_ & kId) {
        // -flat: trees are put together at the end of the input.
        flatLines.push_back(FlatSpan{topIds_.id, topIds_.parent, std::move(top_), valueStart_});
        if (topIds_.parent == 0) {
          flatRoots.emplace_back(out_.size(), flatLines.size() - 1);
          out_.emplace_back();
        } else {
          out_.emplace_back();  // a placeholder, removed at the end
          placeholders.push_back(out_.size() - 1);
        }
      } else {
        out_.push_back(std::move(top_));
      }
    } else {
      bad("neither a span tree (regiongraph -json) nor a tree summary (-summarize)");
    }
  }

  [[noreturn]] bool bad(std::string_view what) {
    throw Error(fmt::format("not regiongraph JSON: {}", what), valueStart_);
  }

  std::vector<Span>& out_;
  std::vector<Frame> frames_;
  Span top_, root_;
  FlatSpan topIds_, rootIds_;
  std::vector<FlatSpan> spans_;  // a summary's "Spans"
  unsigned seen_ = 0;
  size_t valueStart_ = 0;
};

}  // namespace

std::vector<Span> readSpanTreesJson(std::string_view text) {
  std::vector<Span> trees;
  SpanSax sax(trees);
  size_t pos = 0;
  auto skipSpace = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r' || text[pos] == '\n')) pos++;
  };
  for (skipSpace(); pos < text.size(); skipSpace()) {
    // Cut one value out (following strings and nesting), then parse it.
    size_t end = pos;
    int depth = 0;
    bool inString = false;
    for (; end < text.size(); end++) {
      const char c = text[end];
      if (inString) {
        if (c == '\\') {
          end++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth <= 0) {
          end++;
          break;
        }
      } else if (depth == 0 && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
        break;
      }
    }
    end = std::min(end, text.size());
    sax.setValueStart(pos);
    const size_t before = trees.size();
    json::sax_parse(text.substr(pos, end - pos), &sax);
    if (trees.size() != before + 1) throw Error("not regiongraph JSON: a value is not an object", pos);
    pos = end;
  }
  if (!sax.flatLines.empty()) {
    FlatTrees flat(sax.flatLines);
    for (auto [slot, line] : sax.flatRoots) trees[slot] = flat.tree(line);
    // Drop the slots of the lines that went into trees.
    std::vector<char> drop(trees.size(), 0);
    for (size_t slot : sax.placeholders) drop[slot] = 1;
    size_t kept = 0;
    for (size_t i = 0; i < trees.size(); i++) {
      if (drop[i]) continue;
      if (kept != i) trees[kept] = std::move(trees[i]);
      kept++;
    }
    trees.resize(kept);
  }
  return trees;
}

}  // namespace gotrace::commands
