// Perfetto's protobuf trace format, written directly on the wire: a Trace is
// a sequence of `packet` fields, so packets stream out one by one. Field
// numbers are those of perfetto_trace.proto (the test decodes with it).
//
// Packets go on sequences (trusted_packet_sequence_id), each with its own
// interning tables and its own incremental clock: sequence 1 holds the track
// descriptors and the tracks whose events come in any order; each
// time-ordered track has a sequence of its own whose packets default to that
// track (TrackEventDefaults) and carry times as deltas from the previous
// packet (a sequence-scoped clock with is_incremental, declared in a
// ClockSnapshot against BOOTTIME). A packet earlier than its sequence's
// last one carries its absolute time on BOOTTIME instead, as Perfetto's own
// SDK writes it.
//
// Event packets leave out SEQ_NEEDS_INCREMENTAL_STATE: the flag only tells a
// reader to skip the packet when its sequence has lost state (packets lost
// in a ring buffer); trace_processor's tokenizer reads interned data and
// defaults whether it is set or not, and a file written whole loses nothing.
// Every sequence's first packet sets SEQ_INCREMENTAL_STATE_CLEARED. Leaving
// it out saves 2 of the 12-25 bytes of each packet.
#include <memory>
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

// Field numbers (perfetto_trace.proto, which names the upstream files).
namespace f {
constexpr uint32_t kTracePacket = 1;
// TracePacket
constexpr uint32_t kClockSnapshot = 6, kTimestamp = 8, kSequenceId = 10, kTrackEvent = 11, kInternedData = 12,
                   kSequenceFlags = 13, kTimestampClockId = 58, kPacketDefaults = 59, kTrackDescriptor = 60;
// TrackEvent
constexpr uint32_t kDebugAnnotations = 4, kType = 9, kNameIid = 10, kTrackUuid = 11, kEventName = 23, kCounterValue = 30,
                   kFlowIds = 47, kTerminatingFlowIds = 48, kCallstackIid = 56;
// TracePacketDefaults (timestamp_clock_id is 58 as in TracePacket)
constexpr uint32_t kTrackEventDefaults = 11;
// TrackEventDefaults (track_uuid is 11 as in TrackEvent)
// ClockSnapshot, ClockSnapshot.Clock
constexpr uint32_t kClocks = 1, kClockId = 1, kClockTimestamp = 2, kClockIsIncremental = 3;
// TrackDescriptor
constexpr uint32_t kUuid = 1, kName = 2, kProcess = 3, kParentUuid = 5, kCounter = 8, kChildOrdering = 11,
                   kSiblingRank = 12;
// ProcessDescriptor
constexpr uint32_t kPid = 1, kProcessName = 6;
// CounterDescriptor
constexpr uint32_t kUnit = 3;
// InternedData
constexpr uint32_t kEventNames = 2, kAnnotationNames = 3, kFunctionNames = 5, kFrames = 6, kCallstacks = 7,
                   kSourcePaths = 18, kAnnotationStrings = 29;
// EventName, DebugAnnotationName, InternedString: iid 1, text 2
constexpr uint32_t kIid = 1, kText = 2;
// Frame
constexpr uint32_t kFunctionNameId = 2, kSourcePathIid = 5, kLineNumber = 6;
// Callstack
constexpr uint32_t kFrameIds = 2;
// DebugAnnotation
constexpr uint32_t kAnnNameIid = 1, kAnnInt = 4, kAnnStringIid = 17, kAnnString = 6;
}  // namespace f

constexpr uint64_t kIncrementalStateCleared = 1;
constexpr uint64_t kSliceBegin = 1, kSliceEnd = 2, kInstant = 3, kCounterEvent = 4;
constexpr uint32_t kBoottime = 6;           // BuiltinClock BOOTTIME: the trace's clock
constexpr uint32_t kIncrementalClock = 64;  // first sequence-scoped clock id
constexpr uint32_t kMainSequence = 1;

// An interning table of texts: key -> iid, assigned from 1 on first use; new
// entries wait in `pending` for the next packet's interned data.
struct Interned {
  explicit Interned(uint32_t interned) : field(interned) {}
  std::unordered_map<uint64_t, uint64_t> byKey;
  std::unordered_map<std::string, uint64_t> byText;  // texts without a key
  uint64_t next = 1;
  std::string pending;
  uint32_t field;  // of InternedData

  uint64_t id(TimelineText t) {
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
    putUint(entry, f::kIid, *slot);
    putBytes(entry, f::kText, t.text);
    putBytes(pending, field, entry);
    return *slot;
  }
};

// One packet sequence: its interning tables and its incremental clock.
struct Sequence {
  explicit Sequence(uint32_t sequenceId, uint64_t track) : id(sequenceId), defaultTrack(track) {}
  uint32_t id;
  uint64_t defaultTrack;  // events on it leave out their track (0: none)
  bool started = false;
  int64_t clock = 0;  // the incremental clock's time: that of the last delta-encoded packet
  Interned names{f::kEventNames}, annotationNames{f::kAnnotationNames}, annotationStrings{f::kAnnotationStrings},
      functionNames{f::kFunctionNames}, sourcePaths{f::kSourcePaths};
  std::unordered_map<uint64_t, uint64_t> frames, stacks;  // key -> iid
  std::string framesPending, stacksPending;

  bool hasPending() const {
    return !names.pending.empty() || !annotationNames.pending.empty() || !annotationStrings.pending.empty() ||
           !functionNames.pending.empty() || !sourcePaths.pending.empty() || !framesPending.empty() ||
           !stacksPending.empty();
  }
  // Moves the pending entries into `out`, as one InternedData's fields.
  void takePending(std::string& out) {
    for (Interned* t : {&names, &annotationNames, &annotationStrings, &functionNames, &sourcePaths}) {
      out += t->pending;
      t->pending.clear();
    }
    out += framesPending;
    out += stacksPending;
    framesPending.clear();
    stacksPending.clear();
  }
};

class PerfettoSink final : public TimelineSink {
 public:
  explicit PerfettoSink(OutputBuffer& out) : out_(out) {
    sequences_.push_back(std::make_unique<Sequence>(kMainSequence, 0));
  }

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
  void track(uint64_t uuid, uint64_t parent, std::string_view name, int32_t rank, TrackOrder order) override {
    std::string d;
    putUint(d, f::kUuid, uuid);
    putBytes(d, f::kName, name);
    if (parent) putUint(d, f::kParentUuid, parent);
    putUint(d, f::kChildOrdering, 3);
    putUint(d, f::kSiblingRank, uint64_t(int64_t(rank)));
    descriptor(d);
    place(uuid, order);
  }
  void counterTrack(uint64_t uuid, uint64_t parent, std::string_view name, CounterUnit unit,
                    TrackOrder order) override {
    std::string d;
    putUint(d, f::kUuid, uuid);
    putBytes(d, f::kName, name);
    if (parent) putUint(d, f::kParentUuid, parent);
    std::string c;
    putUint(c, f::kUnit, unit == CounterUnit::Bytes ? 3 : 2);
    putBytes(d, f::kCounter, c);
    descriptor(d);
    place(uuid, order);
  }
  void begin(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args,
             std::span<const uint64_t> flowsOut, std::span<const uint64_t> flowsIn, TimelineStack stack) override {
    Sequence& s = sequenceOf(track);
    event_.clear();
    putUint(event_, f::kType, kSliceBegin);
    putTrack(s, track);
    putName(s, name);
    annotations(s, args);
    for (uint64_t id : flowsOut) putFixed64(event_, f::kFlowIds, id);
    for (uint64_t id : flowsIn) putFixed64(event_, f::kTerminatingFlowIds, id);
    putStack(s, stack);
    packet(s, time);
  }
  void end(uint64_t track, int64_t time) override {
    Sequence& s = sequenceOf(track);
    event_.clear();
    putUint(event_, f::kType, kSliceEnd);
    putTrack(s, track);
    packet(s, time);
  }
  void instant(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args,
               TimelineStack stack) override {
    Sequence& s = sequenceOf(track);
    event_.clear();
    putUint(event_, f::kType, kInstant);
    putTrack(s, track);
    putName(s, name);
    annotations(s, args);
    putStack(s, stack);
    packet(s, time);
  }
  void counter(uint64_t track, int64_t time, int64_t value) override {
    Sequence& s = sequenceOf(track);
    event_.clear();
    putUint(event_, f::kType, kCounterEvent);
    putTrack(s, track);
    putUint(event_, f::kCounterValue, uint64_t(value));
    packet(s, time);
  }
  void finish() override { out_.flush(); }

 private:
  // A time-ordered track gets a sequence of its own.
  void place(uint64_t uuid, TrackOrder order) {
    if (order != TrackOrder::TimeOrdered) return;
    const uint32_t id = uint32_t(sequences_.size() + 1);
    sequences_.push_back(std::make_unique<Sequence>(id, uuid));
    sequenceOfTrack_[uuid] = id;
  }
  Sequence& sequenceOf(uint64_t track) {
    auto it = sequenceOfTrack_.find(track);
    return *sequences_[it == sequenceOfTrack_.end() ? 0 : it->second - 1];
  }

  void putTrack(const Sequence& s, uint64_t track) {
    if (track != s.defaultTrack) putUint(event_, f::kTrackUuid, track);
  }

  // Texts with a key are interned; the others (used once) go inline.
  void putName(Sequence& s, TimelineText name) {
    if (name.key) {
      putUint(event_, f::kNameIid, s.names.id(name));
    } else {
      putBytes(event_, f::kEventName, name.text);
    }
  }

  void annotations(Sequence& s, std::span<const TimelineArg> args) {
    for (const TimelineArg& a : args) {
      std::string ann;
      putUint(ann, f::kAnnNameIid, s.annotationNames.id({0, a.name}));
      if (a.isNumber) {
        putUint(ann, f::kAnnInt, uint64_t(a.number));
      } else if (a.str.key) {
        putUint(ann, f::kAnnStringIid, s.annotationStrings.id(a.str));
      } else {
        putBytes(ann, f::kAnnString, a.str.text);
      }
      putBytes(event_, f::kDebugAnnotations, ann);
    }
  }

  void putStack(Sequence& s, TimelineStack stack) {
    if (!stack.key || !stack.source) return;
    if (const uint64_t iid = callstack(s, stack)) putUint(event_, f::kCallstackIid, iid);
  }

  // The stack's iid on this sequence (0: it has no frames), its frames and
  // their names interned with it the first time.
  uint64_t callstack(Sequence& s, TimelineStack stack) {
    if (auto it = s.stacks.find(stack.key); it != s.stacks.end()) return it->second;
    frames_.clear();
    stack.source->frames(stack.key, frames_);
    if (frames_.empty()) {
      s.stacks.emplace(stack.key, 0);
      return 0;
    }
    const uint64_t iid = s.stacks.size() + 1;  // iids of empty stacks are skipped below
    std::string entry;
    putUint(entry, f::kIid, iid);
    for (const TimelineFrame& frame : frames_) putUint(entry, f::kFrameIds, frameId(s, frame));
    putBytes(s.stacksPending, f::kCallstacks, entry);
    s.stacks.emplace(stack.key, iid);
    return iid;
  }
  uint64_t frameId(Sequence& s, const TimelineFrame& frame) {
    auto [it, added] = s.frames.try_emplace(frame.key, 0);
    if (!added) return it->second;
    it->second = s.frames.size();
    std::string entry;
    putUint(entry, f::kIid, it->second);
    putUint(entry, f::kFunctionNameId, s.functionNames.id(frame.function));
    if (!frame.file.text.empty()) putUint(entry, f::kSourcePathIid, s.sourcePaths.id(frame.file));
    if (frame.line > 0) putUint(entry, f::kLineNumber, uint64_t(frame.line));
    putBytes(s.framesPending, f::kFrames, entry);
    return it->second;
  }

  // The first packet of a sequence: incremental state cleared, the
  // incremental clock starting at `time` on BOOTTIME, and the defaults.
  void start(Sequence& s, int64_t time) {
    s.started = true;
    s.clock = time;
    std::string& p = packet_;
    p.clear();
    putUint(p, f::kTimestamp, uint64_t(time));
    putUint(p, f::kTimestampClockId, kBoottime);
    std::string snapshot, clock;
    putUint(clock, f::kClockId, kBoottime);
    putUint(clock, f::kClockTimestamp, uint64_t(time));
    putBytes(snapshot, f::kClocks, clock);
    clock.clear();
    putUint(clock, f::kClockId, kIncrementalClock);
    putUint(clock, f::kClockTimestamp, uint64_t(time));
    putUint(clock, f::kClockIsIncremental, 1);
    putBytes(snapshot, f::kClocks, clock);
    putBytes(p, f::kClockSnapshot, snapshot);
    putUint(p, f::kSequenceId, s.id);
    putUint(p, f::kSequenceFlags, kIncrementalStateCleared);
    std::string defaults;
    putUint(defaults, f::kTimestampClockId, kIncrementalClock);
    if (s.defaultTrack) {
      std::string eventDefaults;
      putUint(eventDefaults, f::kTrackUuid, s.defaultTrack);
      putBytes(defaults, f::kTrackEventDefaults, eventDefaults);
    }
    putBytes(p, f::kPacketDefaults, defaults);
    emit();
  }

  void descriptor(const std::string& d) {
    Sequence& s = *sequences_[0];
    if (!s.started) start(s, 0);
    std::string& p = packet_;
    p.clear();
    putBytes(p, f::kTrackDescriptor, d);
    putUint(p, f::kSequenceId, s.id);
    emit();
  }

  void packet(Sequence& s, int64_t time) {
    if (!s.started) start(s, time);
    std::string& p = packet_;
    p.clear();
    if (time >= s.clock) {
      putUint(p, f::kTimestamp, uint64_t(time - s.clock));
      s.clock = time;
    } else {
      putUint(p, f::kTimestamp, uint64_t(time));
      putUint(p, f::kTimestampClockId, kBoottime);
    }
    putUint(p, f::kSequenceId, s.id);
    if (s.hasPending()) {
      interned_.clear();
      s.takePending(interned_);
      putBytes(p, f::kInternedData, interned_);
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
  std::string event_, packet_, interned_;
  std::vector<TimelineFrame> frames_;
  std::vector<std::unique_ptr<Sequence>> sequences_;          // sequence id - 1
  std::unordered_map<uint64_t, uint32_t> sequenceOfTrack_;  // time-ordered tracks
};

}  // namespace

std::unique_ptr<TimelineSink> makePerfettoSink(OutputBuffer& out) { return std::make_unique<PerfettoSink>(out); }

}  // namespace gotrace
