// The Trace Event Format (chrome://tracing, Perfetto's legacy JSON import):
// one process, a "thread" per track, B/E slices, i instants, C counters and
// s/f flow events bound to the enclosing slices. Call stacks are the
// format's "stackFrames" (a tree of frames, written once at the end) that
// slices name by "sf".
#include <fmt/format.h>

#include <map>
#include <unordered_map>
#include <vector>

#include "gotrace/base/json_text.h"
#include "gotrace/io/output.h"
#include "gotrace/render/trace_event_json_sink.h"

namespace gotrace {
namespace {

// Microseconds with nanosecond digits.
void appendMicros(std::string& out, int64_t ns) {
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  fmt::format_to(std::back_inserter(out), "{}.{:03}", ns / 1000, ns % 1000);
}

class TraceEventJsonSink final : public TimelineSink {
 public:
  explicit TraceEventJsonSink(OutputBuffer& out) : out_(out) { out_.buffer() += "{\"traceEvents\":[\n"; }

  void process(uint64_t, std::string_view name) override {
    std::string& o = start();
    o += R"({"ph":"M","pid":1,"name":"process_name","args":{"name":)";
    appendJsonString(o, name);
    o += "}}";
    done();
  }
  void track(uint64_t uuid, uint64_t, std::string_view name, int32_t rank, TrackOrder) override {
    const uint64_t tid = tidOf(uuid);
    std::string& o = start();
    fmt::format_to(std::back_inserter(o), R"({{"ph":"M","pid":1,"tid":{},"name":"thread_name","args":{{"name":)", tid);
    appendJsonString(o, name);
    o += "}}";
    done();
    std::string& s = start();
    fmt::format_to(std::back_inserter(s),
                   R"({{"ph":"M","pid":1,"tid":{},"name":"thread_sort_index","args":{{"sort_index":{}}}}})", tid, rank);
    done();
  }
  void counterTrack(uint64_t uuid, uint64_t, std::string_view name, CounterUnit, TrackOrder) override {
    counterNames_[uuid] = std::string(name);
  }
  void begin(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args,
             std::span<const uint64_t> flowsOut, std::span<const uint64_t> flowsIn, TimelineStack stack) override {
    const uint64_t tid = tidOf(track);
    const uint64_t node = stack.key && stack.source ? stackNode(stack) : 0;
    std::string& o = start();
    o += R"({"ph":"B","pid":1,"tid":)";
    fmt::format_to(std::back_inserter(o), "{},\"ts\":", tid);
    appendMicros(o, time);
    o += ",\"name\":";
    appendJsonString(o, name.text);
    if (node) fmt::format_to(std::back_inserter(o), ",\"sf\":{}", node);
    appendArgs(o, args);
    o += '}';
    done();
    // Flow events bind to the slice enclosing them on their thread.
    for (uint64_t id : flowsOut) flow('s', tid, time, id);
    for (uint64_t id : flowsIn) flow('f', tid, time, id);
  }
  void end(uint64_t track, int64_t time) override {
    std::string& o = start();
    fmt::format_to(std::back_inserter(o), R"({{"ph":"E","pid":1,"tid":{},"ts":)", tidOf(track));
    appendMicros(o, time);
    o += '}';
    done();
  }
  void instant(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args,
               TimelineStack stack) override {
    const uint64_t node = stack.key && stack.source ? stackNode(stack) : 0;
    std::string& o = start();
    fmt::format_to(std::back_inserter(o), R"({{"ph":"i","s":"t","pid":1,"tid":{},"ts":)", tidOf(track));
    appendMicros(o, time);
    o += ",\"name\":";
    appendJsonString(o, name.text);
    if (node) fmt::format_to(std::back_inserter(o), ",\"sf\":{}", node);
    appendArgs(o, args);
    o += '}';
    done();
  }
  void counter(uint64_t track, int64_t time, int64_t value) override {
    std::string& o = start();
    o += R"({"ph":"C","pid":1,"ts":)";
    appendMicros(o, time);
    o += ",\"name\":";
    appendJsonString(o, counterNames_[track]);
    fmt::format_to(std::back_inserter(o), R"(,"args":{{"value":{}}}}})", value);
    done();
  }
  void finish() override {
    std::string& o = out_.buffer();
    o += "\n]";
    if (!nodes_.empty()) {
      o += ",\"stackFrames\":{";
      for (size_t i = 0; i < nodes_.size(); i++) {
        if (i) o += ',';
        fmt::format_to(std::back_inserter(o), "\n\"{}\":{{\"name\":", i + 1);
        appendJsonString(o, nodes_[i].name);
        if (nodes_[i].parent) fmt::format_to(std::back_inserter(o), ",\"parent\":\"{}\"", nodes_[i].parent);
        o += '}';
        out_.maybeFlush();
      }
      o += '}';
    }
    o += ",\"displayTimeUnit\":\"ns\"}\n";
    out_.flush();
  }

 private:
  // Track uuids are large and sparse; threads get small ids in order.
  uint64_t tidOf(uint64_t uuid) {
    auto [it, added] = tids_.try_emplace(uuid, tids_.size() + 1);
    return it->second;
  }
  std::string& start() {
    std::string& o = out_.buffer();
    if (!first_) o += ",\n";
    first_ = false;
    return o;
  }
  void done() { out_.maybeFlush(); }
  void flow(char phase, uint64_t tid, int64_t time, uint64_t id) {
    std::string& o = start();
    fmt::format_to(std::back_inserter(o), R"({{"ph":"{}","id":{},"pid":1,"tid":{},"ts":)", phase, id, tid);
    appendMicros(o, time);
    o += phase == 'f' ? R"(,"bp":"e","name":"flow","cat":"flow"})" : R"(,"name":"flow","cat":"flow"})";
    done();
  }
  void appendArgs(std::string& o, std::span<const TimelineArg> args) {
    if (args.empty()) return;
    o += ",\"args\":{";
    bool first = true;
    for (const TimelineArg& a : args) {
      if (!first) o += ',';
      first = false;
      appendJsonString(o, a.name);
      o += ':';
      if (a.isNumber) {
        o += std::to_string(a.number);
      } else {
        appendJsonString(o, a.str.text);
      }
    }
    o += '}';
  }

  // The stack's leaf in the tree of frames (node ids from 1; a node is a
  // frame under its caller's node).
  uint64_t stackNode(TimelineStack stack) {
    if (auto it = stackNodes_.find(stack.key); it != stackNodes_.end()) return it->second;
    frames_.clear();
    stack.source->frames(stack.key, frames_);
    uint64_t node = 0;
    for (const TimelineFrame& frame : frames_) {
      auto [it, added] = children_.try_emplace({node, frame.key}, 0);
      if (added) {
        std::string name(frame.function.text);
        if (!frame.file.text.empty()) fmt::format_to(std::back_inserter(name), " {}:{}", frame.file.text, frame.line);
        nodes_.push_back({std::move(name), node});
        it->second = nodes_.size();
      }
      node = it->second;
    }
    stackNodes_.emplace(stack.key, node);
    return node;
  }

  struct Node {
    std::string name;
    uint64_t parent;  // 0: a root
  };

  OutputBuffer& out_;
  bool first_ = true;
  std::vector<TimelineFrame> frames_;
  std::vector<Node> nodes_;
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> children_;  // (parent node, frame key) -> node
  std::unordered_map<uint64_t, uint64_t> stackNodes_;            // stack key -> leaf node
  std::unordered_map<uint64_t, uint64_t> tids_;
  std::unordered_map<uint64_t, std::string> counterNames_;
};

}  // namespace

std::unique_ptr<TimelineSink> makeTraceEventJsonSink(OutputBuffer& out) {
  return std::make_unique<TraceEventJsonSink>(out);
}

}  // namespace gotrace
