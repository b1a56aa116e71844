#include "v1/reference_order.h"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "gotrace/base/error.h"
#include "gotrace/base/min_heap.h"
#include "time_conversion.h"
#include "v1/event_types.h"
#include "v1/transitions.h"
#include "v1/validation.h"

namespace gotrace::v1::reference {
namespace {

struct Stream {
  uint32_t proc;  // index into TraceData::procs, or OrderedEvent::kSampleProc
  size_t nextBatch = 0;
  std::vector<Event> events;
  size_t next = 0;
  bool done = false;
};

struct FrontierItem {
  Event ev;
  Stream* stream;
};

// Go's order among events of equal time is the heap's.
struct EarlierItem {
  bool operator()(const FrontierItem& a, const FrontierItem& b) const { return a.ev.ts < b.ev.ts; }
};

class Merger {
 public:
  explicit Merger(TraceData& t) : t_(t), decoder_(t), reader_(t.data, t.base, t.version) {}

  std::vector<OrderedEvent> run();

 private:
  // Reads the stream's next batch; false when it has none left.
  bool loadBatch(Stream& s);
  void emit(const Event& ev, uint32_t proc, size_t sampleIndex);

  TraceData& t_;
  EventDecoder decoder_;
  RawReader reader_;
  RawEvent raw_;
  std::vector<OrderedEvent> out_;
  // Timestamp checks and the syscall-exit correction, done as events come out.
  std::optional<uint64_t> firstUnsorted_;  // offset of the first event earlier than its predecessor
  std::optional<Error> exitError_;
  std::unordered_map<uint64_t, int64_t> lastSyscallBlock_;
  std::vector<size_t> movedExits_;
};

bool Merger::loadBatch(Stream& s) {
  const ProcStream& proc = t_.procs[s.proc];
  if (s.nextBatch == proc.batches.size()) return false;
  const BatchRef& b = proc.batches[s.nextBatch++];
  s.events.clear();
  s.events.reserve(b.events);
  s.next = 0;
  reader_.seek(b.pos);
  bool gotHeader = false;
  Event ev;
  while (reader_.next(raw_, 0, &t_.strings)) {
    if (raw_.type == EvNone || raw_.type == EvCPUSample) continue;
    if (raw_.type == EvBatch) {
      if (gotHeader) break;
      gotHeader = true;
    }
    if (decoder_.decode(raw_, ev)) s.events.push_back(ev);
  }
  return true;
}

void Merger::emit(const Event& ev, uint32_t proc, size_t sampleIndex) {
  if (!firstUnsorted_ && !out_.empty() && ev.ts < out_.back().ts) firstUnsorted_ = ev.offset;
  const uint64_t pos = proc == OrderedEvent::kSampleProc ? sampleIndex : ev.offset - t_.base;
  out_.push_back(OrderedEvent::make(ev.ts, pos, proc));
  // A syscall exit carries the time the syscall really returned; it is
  // placed there once the order is known to be consistent.
  switch (ev.type) {
    case EvGoSysBlock:
    case EvGoInSyscall:
      lastSyscallBlock_[ev.g] = ev.ts;
      break;
    case EvGoSysExit: {
      const int64_t real = int64_t(ev.args[2]);
      if (real == 0) break;
      auto it = lastSyscallBlock_.find(ev.g);
      const int64_t block = it == lastSyscallBlock_.end() ? 0 : it->second;
      if (exitError_) break;
      if (block == 0) {
        exitError_ = Error("stray syscall exit", ev.offset);
      } else if (real < block) {
        exitError_ = Error("time stamps out of order", ev.offset);
      } else if (real != ev.ts) {
        out_.back().ts = real;
        movedExits_.push_back(out_.size() - 1);
      }
      break;
    }
    default:
      break;
  }
}

std::vector<OrderedEvent> Merger::run() {
  size_t total = t_.cpuSamples.size();
  for (const ProcStream& p : t_.procs) {
    for (const BatchRef& b : p.batches) total += b.events;
  }
  out_.reserve(total);

  std::stable_sort(t_.cpuSamples.begin(), t_.cpuSamples.end(),
                   [](const Event& a, const Event& b) { return a.ts < b.ts; });
  std::vector<Stream> streams(t_.procs.size() + 1);
  for (size_t i = 0; i < t_.procs.size(); i++) streams[i].proc = uint32_t(i);
  Stream& samples = streams.back();
  samples.proc = OrderedEvent::kSampleProc;
  samples.events = t_.cpuSamples;
  samples.nextBatch = SIZE_MAX;

  std::vector<Stream*> available;
  for (Stream& s : streams) available.push_back(&s);
  std::unordered_map<uint64_t, GState> gs;
  MinHeap<FrontierItem, EarlierItem> frontier;

  auto removeAvailable = [&](size_t& i) {
    available[i] = available.back();
    available.pop_back();
    i--;  // look at the element swapped in
  };
  for (;;) {
    for (size_t i = 0; i < available.size(); i++) {
      Stream& s = *available[i];
      bool exhausted = false;
      while (s.next == s.events.size()) {
        if (s.proc == OrderedEvent::kSampleProc || !loadBatch(s)) {
          exhausted = true;
          break;
        }
      }
      if (exhausted) {
        s.done = true;
        removeAvailable(i);
        continue;
      }
      const Event& ev = s.events[s.next];
      const Transition tr = transitionOf(ev);
      if (!ready(tr, gs[tr.g])) continue;
      frontier.push(FrontierItem{ev, &s});
      s.next++;
      removeAvailable(i);
    }
    if (frontier.empty()) {
      for (const Stream& s : streams) {
        // Where a proc is stuck: its next event can never become ready.
        if (!s.done) throw Error("no consistent ordering of events possible", s.events[s.next].offset);
      }
      break;
    }
    const FrontierItem item = frontier.pop();

    const Transition tr = transitionOf(item.ev);
    emit(item.ev, item.stream->proc, item.stream->next - 1);
    GState& cur = gs[tr.g];
    if (!ready(tr, cur)) throw Error("encountered impossible goroutine state transition", item.ev.offset);
    if (tr.g != kUnordered) cur = after(tr, cur);
    available.push_back(item.stream);
  }

  if (firstUnsorted_) throw Error("time stamps out of order", *firstUnsorted_);
  if (exitError_) throw *exitError_;
  if (!movedExits_.empty()) {
    // Only corrected syscall exits are out of place, all moved earlier: merge
    // them back in (a stable sort by time of the whole sequence).
    std::vector<OrderedEvent> moved;
    moved.reserve(movedExits_.size());
    size_t w = 0, m = 0;
    for (size_t r = 0; r < out_.size(); r++) {
      if (m < movedExits_.size() && movedExits_[m] == r) {
        moved.push_back(out_[r]);
        m++;
      } else {
        out_[w++] = out_[r];
      }
    }
    std::stable_sort(moved.begin(), moved.end(),
                     [](const OrderedEvent& a, const OrderedEvent& b) { return a.ts < b.ts; });
    // Fill from the back; on equal times the unmoved event (earlier in the
    // original order) goes first.
    size_t dst = out_.size();
    size_t a = w, b = moved.size();
    while (b > 0) {
      if (a > 0 && out_[a - 1].ts > moved[b - 1].ts) {
        out_[--dst] = out_[--a];
      } else {
        out_[--dst] = moved[--b];
      }
    }
  }
  return std::move(out_);
}

}  // namespace

std::vector<OrderedEvent> orderEvents(TraceData& t) { return Merger(t).run(); }

OrderedEventReader::OrderedEventReader(TraceData& t, const std::vector<OrderedEvent>& order)
    : t_(t), decoder_(t), minTicks_(order.empty() ? 0 : order.front().ts), nsPerTick_(1e9 / double(t.ticksPerSec)) {}

int64_t OrderedEventReader::nanos(int64_t ticks) const {
  return doubleToInt64(double(int64_t(uint64_t(ticks) - uint64_t(minTicks_))) * nsPerTick_);
}

void OrderedEventReader::read(const OrderedEvent& oe, Event& out) {
  if (oe.isSample()) {
    out = t_.cpuSamples[oe.pos()];
  } else {
    decoder_.replay(oe.pos(), t_.procs[oe.proc()].p, oe.ts, out);
  }
  out.ts = nanos(oe.ts);
  out.type = withoutLocal(out.type);
  if (out.type == EvGoUnblock && t_.timerGoroutines.count(out.g)) out.p = kTimerP;
  if (out.type == EvGoSysExit) out.p = kSyscallP;
  if (out.type == EvGCStart) out.p = kGCP;
  if (oe.has(OrderedEvent::kNetpollUnblock)) out.p = kNetpollP;
}

void validateOrder(TraceData& t, std::vector<OrderedEvent>& order) {
  Validator validator;
  OrderedEventReader reader(t, order);
  Event ev;
  for (size_t i = 0; i < order.size(); i++) {
    reader.read(order[i], ev);
    const Validator::Learned learned = validator.step(ev, i);
    if (learned.netpollUnblock) order[i].set(OrderedEvent::kNetpollUnblock);
    if (learned.blockedSyscall != Validator::kNone) order[learned.blockedSyscall].set(OrderedEvent::kBlockedSyscall);
  }
}

}  // namespace gotrace::v1::reference
