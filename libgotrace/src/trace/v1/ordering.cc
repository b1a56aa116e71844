#include "v1/ordering.h"

#include <algorithm>
#include <optional>

#include "gotrace/base/error.h"
#include "gotrace/base/min_heap.h"
#include "v1/event_types.h"
#include "v1/paged_table.h"
#include "v1/transitions.h"
#include "v1/validation.h"

namespace gotrace::v1 {

void EventOrder::reset(size_t streams, size_t expectedEvents) {
  wide_ = streams > 0x7f;
  bytes_.clear();
  bytes_.reserve(expectedEvents * (wide_ ? 2 : 1));
  moved_.clear();
  minTicks_ = 0;
}

namespace {

// Events decoded at a time: a chunk (32 KB) stays in the cache until the
// merge has taken its events.
constexpr size_t kChunk = 512;

// The merge's state for one goroutine id (or the GC's pseudo-goroutine).
struct MergeSlot {
  GState state;
  int64_t syscallBlock = 0;  // ticks of its last GoSysBlock or GoInSyscall; 0: none
};

// The frontier holds stream indexes; each stream has at most one event in
// it, whose time is in frontierTs[stream]. (Items of one 4-byte word: the
// heap moves them often, and wider items mixed vector and scalar copies.)
// Go's order among events of equal time is the heap's.
struct EarlierStream {
  const int64_t* frontierTs;
  bool operator()(uint32_t a, uint32_t b) const { return frontierTs[a] < frontierTs[b]; }
};

// The event as Go's second pass sees it ("Local" variants renamed, special
// procs assigned). Its time stays in ticks: the validator only prints times,
// and a failure here is redone by the reference implementation.
void asValidated(const TraceData& t, Event& ev) {
  ev.type = withoutLocal(ev.type);
  // The timer goroutines may not all be known yet (their records come when
  // their batch is loaded). That cannot change the outcome: on a timer's
  // proc the validator checks less, so passing here passes there too.
  if (ev.type == EvGoUnblock && !t.timerGoroutines.empty() && t.timerGoroutines.count(ev.g)) ev.p = kTimerP;
  if (ev.type == EvGoSysExit) ev.p = kSyscallP;
  if (ev.type == EvGCStart) ev.p = kGCP;
}

class Merger {
 public:
  Merger(TraceData& t, const MergeProgress& progress) : t_(t), decoder_(t), progress_(progress) {}

  MergeResult run();

 private:
  struct Stream {
    uint32_t proc = 0;  // index into TraceData::procs
    bool samples = false;
    size_t nextBatch = 0;
    bool inBatch = false;  // st is inside a batch that is not odd
    BatchState st;
    uint64_t curG = 0;             // the proc's current goroutine after its decoded batches
    std::vector<Event> events;     // decoded events: a chunk, or an odd batch
    const Event* ev = nullptr;     // events, or the CPU samples
    size_t count = 0;
    size_t next = 0;
    bool done = false;
    // Of ev[next] when last looked at (or, in the frontier, of ev[next - 1]):
    // its transition and the state of its goroutine (nullptr: none).
    Transition headTransition;
    GState* headState = nullptr;
  };

  // Makes the stream's next event available (next < count), decoding its
  // next chunk or loading its next batches; false when it has no more.
  bool refill(Stream& s);
  // Records the event in the order; returns its time in the final order (a
  // moved syscall exit's is when the syscall returned).
  int64_t emit(const Event& ev, uint32_t stream, bool& moved);
  void validate(const Event& ev, uint64_t index, int64_t ts, bool moved);
  void stopValidating() { validating_ = false; }

  TraceData& t_;
  BatchDecoder decoder_;
  const MergeProgress& progress_;
  MergeResult result_;
  PagedTable<MergeSlot> slots_;

  // Timestamp checks and the syscall-exit correction, done as events come out.
  std::optional<uint64_t> firstUnsorted_;  // offset of the first event earlier than its predecessor
  std::optional<Error> exitError_;
  int64_t lastTs_ = 0;

  // Validation in merge order, and what proves it equivalent.
  Validator validator_;
  bool validating_ = true;
  bool anyUnmoved_ = false, anyMoved_ = false;
  int64_t lastUnmovedTs_ = 0, maxMovedTs_ = 0;
  int64_t firstTs_ = 0;
};

bool Merger::refill(Stream& s) {
  const ProcStream& proc = t_.procs[s.proc];
  s.events.clear();
  s.next = 0;
  for (;;) {
    if (s.inBatch) {
      const BatchDecoder::Result r = decoder_.decode(s.st, s.events, kChunk);
      if (r == BatchDecoder::Result::Odd) throw Error("internal error: an odd record in a batch indexed as well formed");
      if (r == BatchDecoder::Result::Done) {
        s.inBatch = false;
        s.curG = s.st.curG;
      }
      if (!s.events.empty()) break;
      continue;
    }
    // Loading the next batch, as Go's reader does when the previous one is
    // used up: its tables are applied and its errors come out now.
    if (s.nextBatch == proc.batches.size()) return false;
    const BatchRef& b = proc.batches[s.nextBatch++];
    if (b.odd) {
      decodeBatchExact(t_, b, proc.p, s.curG, s.events, true);  // Go's error, or the events after all
      if (!s.events.empty()) break;
      continue;
    }
    applySideRecords(t_, b);
    if (!decoder_.begin(b, proc.p, s.curG, s.st)) throw Error("internal error: an odd batch header indexed as well formed");
    s.inBatch = true;
  }
  s.ev = s.events.data();
  s.count = s.events.size();
  return true;
}

int64_t Merger::emit(const Event& ev, uint32_t stream, bool& moved) {
  const uint64_t index = result_.order.size();
  if (!firstUnsorted_ && index > 0 && ev.ts < lastTs_) firstUnsorted_ = ev.offset;
  if (index == 0) firstTs_ = ev.ts;
  result_.order.append(stream);
  int64_t ts = ev.ts;
  moved = false;
  // A syscall exit carries the time the syscall really returned; it is
  // placed there once the order is known to be consistent.
  switch (ev.type) {
    case EvGoSysBlock:
    case EvGoInSyscall:
      slots_[ev.g].syscallBlock = ev.ts;
      break;
    case EvGoSysExit: {
      const int64_t real = int64_t(ev.args[2]);
      if (real == 0) break;
      const MergeSlot* slot = slots_.find(ev.g);
      const int64_t block = slot ? slot->syscallBlock : 0;
      if (exitError_) break;
      if (block == 0) {
        exitError_ = Error("stray syscall exit", ev.offset);
      } else if (real < block) {
        exitError_ = Error("time stamps out of order", ev.offset);
      } else if (real != ev.ts) {
        ts = real;
        moved = true;
        result_.order.setFlag(index);
        result_.order.moved().push_back(EventOrder::MovedExit{real, ev.g, ev.offset});
      }
      break;
    }
    default:
      break;
  }
  lastTs_ = ts;
  return ts;
}

void Merger::validate(const Event& merged, uint64_t index, int64_t ts, bool moved) {
  // The final order is this order with moved exits taken out and put back
  // by time, after events of the same time. Validating in this order is the
  // same when (1) the other events are sorted by time, and nothing comes
  // after a moved exit with a time at or before it, so that the final order
  // is the plain sort by (time, unmoved first, merge order); and (2) no event
  // that a moved exit jumps over touches its goroutine. For (2) it is enough
  // that nothing touched the goroutine since its syscall blocked: by (1),
  // events before the block are before the exit's new time.
  if (moved) {
    if (validator_.touchedSinceSyscallBlock(merged.g)) return stopValidating();
    maxMovedTs_ = anyMoved_ ? std::max(maxMovedTs_, ts) : ts;
    anyMoved_ = true;
  } else {
    if (anyUnmoved_ && ts < lastUnmovedTs_) return stopValidating();
    if (anyMoved_ && ts <= maxMovedTs_) return stopValidating();
    lastUnmovedTs_ = ts;
    anyUnmoved_ = true;
  }
  Event ev = merged;
  asValidated(t_, ev);
  Validator::Learned learned;
  try {
    learned = validator_.step(ev, index);
  } catch (const Error&) {
    // Go's message needs the final order and times: the reference
    // implementation gives it.
    return stopValidating();
  }
  if (learned.netpollUnblock) result_.order.setFlag(index);
  if (learned.blockedSyscall != Validator::kNone) result_.order.setFlag(learned.blockedSyscall);
}

MergeResult Merger::run() {
  size_t total = t_.cpuSamples.size();
  for (const ProcStream& p : t_.procs) {
    for (const BatchRef& b : p.batches) total += b.events;
  }
  const size_t streamCount = t_.procs.size() + 1;
  if (streamCount > EventOrder::kMaxStreams) {
    throw Error("too many procs");  // unreachable: at most one stream per proc id, and ids are bounded by the batches
  }
  result_.order.reset(streamCount, total);

  std::stable_sort(t_.cpuSamples.begin(), t_.cpuSamples.end(),
                   [](const Event& a, const Event& b) { return a.ts < b.ts; });
  std::vector<Stream> streams(streamCount);
  for (size_t i = 0; i < t_.procs.size(); i++) streams[i].proc = uint32_t(i);
  Stream& samples = streams.back();
  samples.samples = true;
  samples.ev = t_.cpuSamples.data();
  samples.count = t_.cpuSamples.size();

  std::vector<uint32_t> available;
  for (uint32_t i = 0; i < streamCount; i++) available.push_back(i);
  std::vector<int64_t> frontierTs(streamCount);
  MinHeap<uint32_t, EarlierStream> frontier(EarlierStream{frontierTs.data()});
  const GState unordered;  // the state events without a goroutine are checked against

  auto removeAvailable = [&](size_t& i) {
    available[i] = available.back();
    available.pop_back();
    i--;  // look at the element swapped in
  };
  for (;;) {
    for (size_t i = 0; i < available.size(); i++) {
      Stream& s = streams[available[i]];
      bool exhausted = false;
      if (s.next == s.count && (s.samples || !refill(s))) exhausted = true;
      if (exhausted) {
        s.done = true;
        removeAvailable(i);
        continue;
      }
      const Event& ev = s.ev[s.next];
      s.headTransition = transitionOf(ev);
      const Transition& tr = s.headTransition;
      s.headState = tr.g == kUnordered ? nullptr : &slots_[tr.g].state;
      if (!ready(tr, s.headState ? *s.headState : unordered)) continue;
      frontierTs[available[i]] = ev.ts;
      frontier.push(available[i]);
      s.next++;
      removeAvailable(i);
    }
    if (frontier.empty()) {
      for (const Stream& s : streams) {
        // Where a proc is stuck: its next event can never become ready.
        if (!s.done) throw Error("no consistent ordering of events possible", s.ev[s.next].offset);
      }
      break;
    }
    const uint32_t popped = frontier.pop();
    Stream& s = streams[popped];
    const Event& ev = s.ev[s.next - 1];

    const Transition& tr = s.headTransition;
    const uint64_t index = result_.order.size();
    if (progress_ && (index & 0x7fff) == 0) progress_(index, total);
    bool moved;
    const int64_t ts = emit(ev, popped, moved);
    if (s.headState) {
      GState& cur = *s.headState;
      if (!ready(tr, cur)) throw Error("encountered impossible goroutine state transition", ev.offset);
      cur = after(tr, cur);
    }
    if (validating_) validate(ev, index, ts, moved);
    available.push_back(popped);
  }

  if (firstUnsorted_) throw Error("time stamps out of order", *firstUnsorted_);
  if (exitError_) throw *exitError_;
  std::vector<EventOrder::MovedExit>& moved = result_.order.moved();
  std::stable_sort(moved.begin(), moved.end(),
                   [](const EventOrder::MovedExit& a, const EventOrder::MovedExit& b) { return a.ts < b.ts; });
  // The first event of the final order: a moved exit goes after events of
  // the same time.
  result_.order.setMinTicks(!moved.empty() && moved.front().ts < firstTs_ ? moved.front().ts : firstTs_);
  result_.validated = validating_;
  return std::move(result_);
}

}  // namespace

MergeResult mergeAndValidate(TraceData& t, const MergeProgress& progress) { return Merger(t, progress).run(); }

// Reading the order back: each proc's batches are decoded again, in chunks.
struct OrderReader::Stream {
  bool samples = false;
  uint32_t proc = 0;
  size_t nextBatch = 0;
  bool inBatch = false;
  BatchState st;
  uint64_t curG = 0;
  std::vector<Event> buf;
  const Event* ev = nullptr;
  size_t count = 0;
  size_t head = 0;
};

OrderReader::OrderReader(TraceData& t, const EventOrder& order)
    : t_(t), order_(order), decoder_(t), streams_(t.procs.size() + 1) {
  for (size_t i = 0; i < t.procs.size(); i++) streams_[i].proc = uint32_t(i);
  Stream& samples = streams_.back();
  samples.samples = true;
  samples.ev = t.cpuSamples.data();
  samples.count = t.cpuSamples.size();
}

OrderReader::~OrderReader() = default;

void OrderReader::fill(Stream& s) {
  while (s.head == s.count) {
    if (s.samples) throw Error("internal error: the order reads past the CPU samples");
    const ProcStream& proc = t_.procs[s.proc];
    s.buf.clear();
    s.head = 0;
    if (s.inBatch) {
      const BatchDecoder::Result r = decoder_.decode(s.st, s.buf, kChunk);
      if (r == BatchDecoder::Result::Odd) throw Error("internal error: an odd record in a batch indexed as well formed");
      if (r == BatchDecoder::Result::Done) {
        s.inBatch = false;
        s.curG = s.st.curG;
      }
    } else {
      if (s.nextBatch == proc.batches.size()) throw Error("internal error: the order reads past a proc's events");
      const BatchRef& b = proc.batches[s.nextBatch++];
      if (b.odd) {
        decodeBatchExact(t_, b, proc.p, s.curG, s.buf, false);  // as the merge read it
      } else if (!decoder_.begin(b, proc.p, s.curG, s.st)) {
        throw Error("internal error: an odd batch header indexed as well formed");
      } else {
        s.inBatch = true;
      }
    }
    s.ev = s.buf.data();
    s.count = s.buf.size();
  }
}

bool OrderReader::next(Event& ev, bool& flag) {
  const std::vector<EventOrder::MovedExit>& moved = order_.moved();
  auto movedExit = [&] {
    const EventOrder::MovedExit& m = moved[moved_++];
    ev = Event();
    ev.type = EvGoSysExit;
    ev.ts = m.ts;
    ev.g = m.g;
    ev.args[0] = m.g;
    ev.offset = m.offset;
    flag = false;
    return true;
  };
  for (;;) {
    if (pos_ == order_.size()) {
      if (moved_ < moved.size()) return movedExit();
      return false;
    }
    Stream& s = streams_[order_.stream(pos_)];
    if (s.head == s.count) fill(s);
    const Event& e = s.ev[s.head];
    const bool f = order_.flag(pos_);
    if (f && e.type == EvGoSysExit) {
      // Moved: it comes from the list, in its place.
      s.head++;
      pos_++;
      continue;
    }
    if (moved_ < moved.size() && moved[moved_].ts < e.ts) return movedExit();
    ev = e;
    flag = f;
    s.head++;
    pos_++;
    return true;
  }
}

}  // namespace gotrace::v1
