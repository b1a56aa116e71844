#include "v1/validation.h"

#include <fmt/format.h>

#include <unordered_map>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "v1/event_types.h"

namespace gotrace::v1 {
namespace {

enum class GState : uint8_t { Dead, Runnable, Running, Waiting };

struct Goroutine {
  GState state = GState::Dead;
  uint8_t lastStateEvent = EvNone;  // the event that last made it runnable/waiting
  bool markAssist = false;
};

struct Proc {
  bool running = false;
  uint64_t g = 0;
  bool sweeping = false;
};

class Validator {
 public:
  explicit Validator(TraceData& t) : t_(t) {}
  void run(std::vector<OrderedEvent>& order);

 private:
  [[noreturn]] void fail(const Event& ev, const std::string& what) const { throw Error(what, ev.offset); }
  void checkRunning(const Proc& p, const Goroutine& g, const Event& ev, bool allowG0) const;
  void step(const Event& ev, OrderedEvent& oe);

  TraceData& t_;
  std::unordered_map<uint64_t, Goroutine> gs_;
  std::unordered_map<int32_t, Proc> ps_;
  std::unordered_map<uint64_t, Event> tasks_;
  std::unordered_map<uint64_t, std::vector<Event>> regions_;
  bool inGC_ = false;
  bool inSTW_ = false;
};

void Validator::checkRunning(const Proc& p, const Goroutine& g, const Event& ev, bool allowG0) const {
  std::string_view name = descOf(ev.type).name;
  if (g.state != GState::Running) fail(ev, fmt::format("g {} is not running while {} (time {})", ev.g, name, ev.ts));
  if (p.g != ev.g) fail(ev, fmt::format("p {} is not running g {} while {} (time {})", ev.p, ev.g, name, ev.ts));
  if (!allowG0 && ev.g == 0) fail(ev, fmt::format("g 0 did {} (time {})", name, ev.ts));
}

void Validator::step(const Event& ev, OrderedEvent& oe) {
  switch (ev.type) {
    case EvProcStart: {
      Proc& p = ps_[ev.p];
      if (p.running) fail(ev, fmt::format("p {} is running before start (time {})", ev.p, ev.ts));
      p.running = true;
      break;
    }
    case EvProcStop: {
      Proc& p = ps_[ev.p];
      if (!p.running) fail(ev, fmt::format("p {} is not running before stop (time {})", ev.p, ev.ts));
      if (p.g != 0) fail(ev, fmt::format("p {} is running a goroutine {} during stop (time {})", ev.p, p.g, ev.ts));
      p.running = false;
      break;
    }
    case EvGCStart:
      if (inGC_) fail(ev, fmt::format("previous GC is not ended before a new one (time {})", ev.ts));
      inGC_ = true;
      break;
    case EvGCDone:
      if (!inGC_) fail(ev, fmt::format("bogus GC end (time {})", ev.ts));
      inGC_ = false;
      break;
    case EvSTWStart:
      if (inSTW_) fail(ev, fmt::format("previous STW is not ended before a new one (time {})", ev.ts));
      inSTW_ = true;
      break;
    case EvSTWDone:
      if (!inSTW_) fail(ev, fmt::format("bogus STW end (time {})", ev.ts));
      inSTW_ = false;
      break;
    case EvGCSweepStart: {
      Proc& p = ps_[ev.p];
      if (p.sweeping) fail(ev, fmt::format("previous sweeping is not ended before a new one (time {})", ev.ts));
      p.sweeping = true;
      break;
    }
    case EvGCSweepDone: {
      Proc& p = ps_[ev.p];
      if (!p.sweeping) fail(ev, fmt::format("bogus sweeping end (time {})", ev.ts));
      p.sweeping = false;
      break;
    }
    case EvGCMarkAssistStart: {
      Goroutine& g = gs_[ev.g];
      if (g.markAssist) fail(ev, fmt::format("previous mark assist is not ended before a new one (time {})", ev.ts));
      g.markAssist = true;
      break;
    }
    case EvGCMarkAssistDone:
      // Assists may be under way when tracing starts: an unmatched end is fine.
      gs_[ev.g].markAssist = false;
      break;
    case EvGoWaiting:
    case EvGoInSyscall: {
      Goroutine& g = gs_[ev.g];
      if (g.state != GState::Runnable) {
        fail(ev, fmt::format("g {} is not runnable before Ev{} (time {})", ev.g, descOf(ev.type).name, ev.ts));
      }
      g.state = GState::Waiting;
      g.lastStateEvent = ev.type;
      break;
    }
    case EvGoCreate: {
      checkRunning(ps_[ev.p], gs_[ev.g], ev, true);
      if (gs_.count(ev.args[0])) fail(ev, fmt::format("g {} already exists (time {})", ev.args[0], ev.ts));
      gs_[ev.args[0]] = Goroutine{GState::Runnable, EvGoCreate, false};
      break;
    }
    case EvGoStart:
    case EvGoStartLabel: {
      Goroutine& g = gs_[ev.g];
      Proc& p = ps_[ev.p];
      if (g.state != GState::Runnable) fail(ev, fmt::format("g {} is not runnable before start (time {})", ev.g, ev.ts));
      if (p.g != 0) {
        fail(ev, fmt::format("p {} is already running g {} while start g {} (time {})", ev.p, p.g, ev.g, ev.ts));
      }
      g.state = GState::Running;
      g.lastStateEvent = EvNone;
      p.g = ev.g;
      break;
    }
    case EvGoEnd:
    case EvGoStop: {
      Goroutine& g = gs_[ev.g];
      Proc& p = ps_[ev.p];
      checkRunning(p, g, ev, false);
      g.state = GState::Dead;
      p.g = 0;
      if (ev.type == EvGoEnd) regions_.erase(ev.g);
      break;
    }
    case EvGoSched:
    case EvGoPreempt: {
      Goroutine& g = gs_[ev.g];
      Proc& p = ps_[ev.p];
      checkRunning(p, g, ev, false);
      g.state = GState::Runnable;
      g.lastStateEvent = ev.type;
      p.g = 0;
      break;
    }
    case EvGoUnblock: {
      const Goroutine& g = gs_[ev.g];
      const Proc& p = ps_[ev.p];
      if (g.state != GState::Running) fail(ev, fmt::format("g {} is not running while unpark (time {})", ev.g, ev.ts));
      if (ev.p != kTimerP && p.g != ev.g) {
        fail(ev, fmt::format("p {} is not running g {} while unpark (time {})", ev.p, ev.g, ev.ts));
      }
      Goroutine& target = gs_[ev.args[0]];
      if (target.state != GState::Waiting) {
        fail(ev, fmt::format("g {} is not waiting before unpark (time {})", ev.args[0], ev.ts));
      }
      if (target.lastStateEvent == EvGoBlockNet) oe.set(OrderedEvent::kNetpollUnblock);
      target.state = GState::Runnable;
      target.lastStateEvent = EvGoUnblock;
      break;
    }
    case EvGoSysCall: {
      Goroutine& g = gs_[ev.g];
      checkRunning(ps_[ev.p], g, ev, false);
      g.lastStateEvent = EvGoSysCall;
      break;
    }
    case EvGoSysBlock: {
      Goroutine& g = gs_[ev.g];
      Proc& p = ps_[ev.p];
      checkRunning(p, g, ev, false);
      g.state = GState::Waiting;
      p.g = 0;
      break;
    }
    case EvGoSysExit: {
      Goroutine& g = gs_[ev.g];
      if (g.state != GState::Waiting) {
        fail(ev, fmt::format("g {} is not waiting during syscall exit (time {})", ev.g, ev.ts));
      }
      g.state = GState::Runnable;
      g.lastStateEvent = EvGoSysExit;
      break;
    }
    case EvGoSleep: case EvGoBlock: case EvGoBlockSend: case EvGoBlockRecv: case EvGoBlockSelect:
    case EvGoBlockSync: case EvGoBlockCond: case EvGoBlockNet: case EvGoBlockGC: {
      Goroutine& g = gs_[ev.g];
      Proc& p = ps_[ev.p];
      checkRunning(p, g, ev, false);
      g.state = GState::Waiting;
      g.lastStateEvent = ev.type;
      p.g = 0;
      break;
    }
    case EvUserTaskCreate: {
      auto [it, added] = tasks_.try_emplace(ev.args[0], ev);
      if (!added) {
        fail(ev, fmt::format("task id conflicts (id:{}), {} vs {}", ev.args[0], goQuoted(describeEvent(ev)),
                             goQuoted(describeEvent(it->second))));
      }
      break;
    }
    case EvUserTaskEnd:
      tasks_.erase(ev.args[0]);
      break;
    case EvUserRegion: {
      const uint64_t mode = ev.args[1];
      if (mode == 0) {
        regions_[ev.g].push_back(ev);
      } else if (mode == 1) {
        auto it = regions_.find(ev.g);
        // Ends of regions that began before the trace are fine.
        if (it != regions_.end() && !it->second.empty()) {
          const Event& start = it->second.back();
          if (start.args[0] != ev.args[0] || start.args[2] != ev.args[2]) {
            fail(ev, fmt::format("misuse of region in goroutine {}: span end {} when the inner-most active span "
                                 "start event is {}",
                                 ev.g, goQuoted(describeEvent(ev)), goQuoted(describeEvent(start))));
          }
          it->second.pop_back();
          if (it->second.empty()) regions_.erase(it);
        }
      } else {
        fail(ev, fmt::format("invalid user region mode: {}", goQuoted(describeEvent(ev))));
      }
      break;
    }
    default:
      break;
  }
}

void Validator::run(std::vector<OrderedEvent>& order) {
  gs_[0] = Goroutine{GState::Running, EvNone, false};
  OrderedEventReader reader(t_, order);
  // For each goroutine that entered a syscall, the syscall waiting to learn
  // whether the goroutine's next event says it blocked.
  std::unordered_map<uint64_t, size_t> pendingSyscall;
  Event ev;
  for (size_t i = 0; i < order.size(); i++) {
    reader.read(order[i], ev);
    step(ev, order[i]);
    auto pending = pendingSyscall.find(ev.g);
    if (pending != pendingSyscall.end()) {
      if (ev.type == EvGoSysBlock) order[pending->second].set(OrderedEvent::kBlockedSyscall);
      pendingSyscall.erase(pending);
    }
    if (ev.type == EvGoSysCall) pendingSyscall[ev.g] = i;
  }
}

}  // namespace

std::string describeEvent(const Event& ev) {
  const EventDesc& d = descOf(ev.type);
  std::string out = fmt::format("{} {} p={} g={} stk={}", ev.ts, d.name, ev.p, ev.g, ev.stack);
  for (int i = 0; i < 3 && !d.argNames[i].empty(); i++) out += fmt::format(" {}={}", d.argNames[i], ev.args[i]);
  return out;
}

void validateOrder(TraceData& t, std::vector<OrderedEvent>& order) { Validator(t).run(order); }

}  // namespace gotrace::v1
