// Perfetto's protobuf trace format, written directly on the wire: a Trace is
// a sequence of `packet` fields, so packets stream out one by one. Field
// numbers are those of perfetto_trace.proto (the test decodes with it).
#include <string>
#include <unordered_map>
#include <vector>

#include "gotrace/io/output.h"
#include "gotrace/render/perfetto_sink.h"

namespace gotrace {
namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2 };

void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += char(uint8_t(v) | 0x80);
    v >>= 7;
  }
  out += char(uint8_t(v));
}
void putTag(std::string& out, uint32_t field, WireType type) { putVarint(out, uint64_t(field) << 3 | type); }
void putUint(std::string& out, uint32_t field, uint64_t v) {
  putTag(out, field, kVarint);
  putVarint(out, v);
}
void putFixed64(std::string& out, uint32_t field, uint64_t v) {
  putTag(out, field, kFixed64);
  for (int i = 0; i < 8; i++) out += char(uint8_t(v >> (8 * i)));
}
void putBytes(std::string& out, uint32_t field, std::string_view v) {
  putTag(out, field, kBytes);
  putVarint(out, v.size());
  out += v;
}

// Field numbers (perfetto_trace.proto).
namespace f {
constexpr uint32_t kTracePacket = 1;
// TracePacket
constexpr uint32_t kTimestamp = 8, kSequenceId = 10, kTrackEvent = 11, kInternedData = 12, kSequenceFlags = 13,
                   kTrackDescriptor = 60;
// TrackEvent
constexpr uint32_t kDebugAnnotations = 4, kType = 9, kNameIid = 10, kTrackUuid = 11, kEventName = 23, kCounterValue = 30,
                   kFlowIds = 47, kTerminatingFlowIds = 48;
// TrackDescriptor
constexpr uint32_t kUuid = 1, kName = 2, kProcess = 3, kParentUuid = 5, kCounter = 8, kChildOrdering = 11,
                   kSiblingRank = 12;
// ProcessDescriptor
constexpr uint32_t kPid = 1, kProcessName = 6;
// CounterDescriptor
constexpr uint32_t kUnit = 3;
// InternedData
constexpr uint32_t kEventNames = 2, kAnnotationNames = 3, kAnnotationStrings = 29;
// DebugAnnotation
constexpr uint32_t kAnnNameIid = 1, kAnnInt = 4, kAnnStringIid = 17, kAnnString = 6;
}  // namespace f

constexpr uint32_t kSequence = 1;
constexpr uint64_t kIncrementalStateCleared = 1, kNeedsIncrementalState = 2;
constexpr uint64_t kSliceBegin = 1, kSliceEnd = 2, kInstant = 3, kCounterEvent = 4;

class PerfettoSink final : public TimelineSink {
 public:
  explicit PerfettoSink(OutputBuffer& out) : out_(out) {}

  void process(uint64_t uuid, std::string_view name) override {
    std::string d;
    putUint(d, f::kUuid, uuid);
    std::string p;
    putUint(p, f::kPid, 1);
    putBytes(p, f::kProcessName, name);
    putBytes(d, f::kProcess, p);
    putUint(d, f::kChildOrdering, 3);  // EXPLICIT: by sibling rank
    descriptor(d);
  }
  void track(uint64_t uuid, uint64_t parent, std::string_view name, int32_t rank) override {
    std::string d;
    putUint(d, f::kUuid, uuid);
    putBytes(d, f::kName, name);
    if (parent) putUint(d, f::kParentUuid, parent);
    putUint(d, f::kSiblingRank, uint64_t(int64_t(rank)));
    descriptor(d);
  }
  void counterTrack(uint64_t uuid, uint64_t parent, std::string_view name, CounterUnit unit) override {
    std::string d;
    putUint(d, f::kUuid, uuid);
    putBytes(d, f::kName, name);
    if (parent) putUint(d, f::kParentUuid, parent);
    std::string c;
    putUint(c, f::kUnit, unit == CounterUnit::Bytes ? 3 : 2);
    putBytes(d, f::kCounter, c);
    descriptor(d);
  }
  void begin(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args,
             std::span<const uint64_t> flowsOut, std::span<const uint64_t> flowsIn) override {
    event_.clear();
    putUint(event_, f::kType, kSliceBegin);
    putUint(event_, f::kTrackUuid, track);
    putName(name);
    annotations(args);
    for (uint64_t id : flowsOut) putFixed64(event_, f::kFlowIds, id);
    for (uint64_t id : flowsIn) putFixed64(event_, f::kTerminatingFlowIds, id);
    packet(time);
  }
  void end(uint64_t track, int64_t time) override {
    event_.clear();
    putUint(event_, f::kType, kSliceEnd);
    putUint(event_, f::kTrackUuid, track);
    packet(time);
  }
  void instant(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args) override {
    event_.clear();
    putUint(event_, f::kType, kInstant);
    putUint(event_, f::kTrackUuid, track);
    putName(name);
    annotations(args);
    packet(time);
  }
  void counter(uint64_t track, int64_t time, int64_t value) override {
    event_.clear();
    putUint(event_, f::kType, kCounterEvent);
    putUint(event_, f::kTrackUuid, track);
    putUint(event_, f::kCounterValue, uint64_t(value));
    packet(time);
  }
  void finish() override { out_.flush(); }

 private:
  // An interning table: text key -> iid, assigned from 1 on first use; new
  // entries go into the next packet's interned data.
  struct Interned {
    explicit Interned(uint32_t interned) : field(interned) {}
    std::unordered_map<uint64_t, uint64_t> byKey;
    std::unordered_map<std::string, uint64_t> byText;  // texts without a key (few: annotation names)
    uint64_t next = 1;
    std::string pending;  // serialized entries for the next packet
    uint32_t field;       // of InternedData

    uint64_t id(TimelineText t, uint32_t textField) {
      uint64_t* slot;
      if (t.key) {
        auto [it, added] = byKey.try_emplace(t.key, 0);
        if (!added) return it->second;
        slot = &it->second;
      } else {
        auto [it, added] = byText.try_emplace(std::string(t.text), 0);
        if (!added) return it->second;
        slot = &it->second;
      }
      *slot = next++;
      std::string entry;
      putUint(entry, 1, *slot);
      putBytes(entry, textField, t.text);
      putBytes(pending, field, entry);
      return *slot;
    }
  };

  // Texts with a key are interned; the others (used once) go inline.
  void putName(TimelineText name) {
    if (name.key) {
      putUint(event_, f::kNameIid, names_.id(name, 2));
    } else {
      putBytes(event_, f::kEventName, name.text);
    }
  }

  void annotations(std::span<const TimelineArg> args) {
    for (const TimelineArg& a : args) {
      std::string ann;
      putUint(ann, f::kAnnNameIid, annotationNames_.id({0, a.name}, 2));
      if (a.isNumber) {
        putUint(ann, f::kAnnInt, uint64_t(a.number));
      } else if (a.str.key) {
        putUint(ann, f::kAnnStringIid, annotationStrings_.id(a.str, 2));
      } else {
        putBytes(ann, f::kAnnString, a.str.text);
      }
      putBytes(event_, f::kDebugAnnotations, ann);
    }
  }

  void descriptor(const std::string& d) {
    std::string& p = packet_;
    p.clear();
    putBytes(p, f::kTrackDescriptor, d);
    putUint(p, f::kSequenceId, kSequence);
    if (first_) {
      putUint(p, f::kSequenceFlags, kIncrementalStateCleared);
      first_ = false;
    }
    emit();
  }

  void packet(int64_t time) {
    std::string& p = packet_;
    p.clear();
    putUint(p, f::kTimestamp, uint64_t(time));
    putUint(p, f::kSequenceId, kSequence);
    putUint(p, f::kSequenceFlags, first_ ? kIncrementalStateCleared | kNeedsIncrementalState : kNeedsIncrementalState);
    first_ = false;
    if (!names_.pending.empty() || !annotationNames_.pending.empty() || !annotationStrings_.pending.empty()) {
      std::string interned = std::move(names_.pending);
      interned += annotationNames_.pending;
      interned += annotationStrings_.pending;
      names_.pending.clear();
      annotationNames_.pending.clear();
      annotationStrings_.pending.clear();
      putBytes(p, f::kInternedData, interned);
    }
    putBytes(p, f::kTrackEvent, event_);
    emit();
  }

  void emit() {
    std::string& out = out_.buffer();
    putBytes(out, f::kTracePacket, packet_);
    out_.maybeFlush();
  }

  OutputBuffer& out_;
  std::string event_, packet_;
  bool first_ = true;
  Interned names_{f::kEventNames};
  Interned annotationNames_{f::kAnnotationNames};
  Interned annotationStrings_{f::kAnnotationStrings};
};

}  // namespace

std::unique_ptr<TimelineSink> makePerfettoSink(OutputBuffer& out) { return std::make_unique<PerfettoSink>(out); }

}  // namespace gotrace
