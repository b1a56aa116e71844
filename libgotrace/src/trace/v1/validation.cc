#include "v1/validation.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "v1/event_types.h"

namespace gotrace::v1 {
namespace {

constexpr size_t kDenseProcs = 1024;  // procs -1 .. 1022 in a vector

[[noreturn]] void fail(const Event& ev, const std::string& what) { throw Error(what, ev.offset); }

}  // namespace

Validator::Validator() : ps_(kDenseProcs) {
  Goroutine& g0 = goroutine(0);  // goroutine 0 is running from the start
  g0.state = Running;
}

Validator::Proc& Validator::proc(int32_t p) {
  // The vector never grows, so a reference stays valid.
  if (p >= -1 && p < int32_t(kDenseProcs) - 1) return ps_[size_t(p + 1)];
  return otherPs_[p];
}

bool Validator::touchedSinceSyscallBlock(uint64_t g) const {
  const Goroutine* s = gs_.find(g);
  return !s || !(s->flags & kExists) || (s->flags & kTouched);
}

void Validator::checkRunning(const Proc& p, const Goroutine& g, const Event& ev, bool allowG0) const {
  std::string_view name = descOf(ev.type).name;
  if (g.state != Running) fail(ev, fmt::format("g {} is not running while {} (time {})", ev.g, name, ev.ts));
  if (p.g != ev.g) fail(ev, fmt::format("p {} is not running g {} while {} (time {})", ev.p, ev.g, name, ev.ts));
  if (!allowG0 && ev.g == 0) fail(ev, fmt::format("g 0 did {} (time {})", name, ev.ts));
}

Validator::Learned Validator::step(const Event& ev, uint64_t index) {
  Learned learned;
  check(ev, learned);
  // A syscall blocked if the goroutine's next event is GoSysBlock.
  if (Goroutine* s = gs_.find(ev.g); s && (s->flags & kPendingSyscall)) {
    if (ev.type == EvGoSysBlock) learned.blockedSyscall = s->pendingSyscall;
    s->flags &= uint8_t(~kPendingSyscall);
  }
  switch (ev.type) {
    case EvGoSysCall: {
      Goroutine& s = gs_[ev.g];
      s.pendingSyscall = index;
      s.flags |= kPendingSyscall;
      break;
    }
    case EvGoSysBlock:
    case EvGoInSyscall:
      gs_[ev.g].flags &= uint8_t(~kTouched);
      break;
    default:
      break;
  }
  return learned;
}

void Validator::check(const Event& ev, Learned& learned) {
  auto setLast = [](Goroutine& g, uint8_t type) {
    if (type == EvGoBlockNet) {
      g.flags |= kBlockedOnNet;
    } else {
      g.flags &= uint8_t(~kBlockedOnNet);
    }
  };
  switch (ev.type) {
    case EvProcStart: {
      Proc& p = proc(ev.p);
      if (p.running) fail(ev, fmt::format("p {} is running before start (time {})", ev.p, ev.ts));
      p.running = true;
      break;
    }
    case EvProcStop: {
      Proc& p = proc(ev.p);
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
      Proc& p = proc(ev.p);
      if (p.sweeping) fail(ev, fmt::format("previous sweeping is not ended before a new one (time {})", ev.ts));
      p.sweeping = true;
      break;
    }
    case EvGCSweepDone: {
      Proc& p = proc(ev.p);
      if (!p.sweeping) fail(ev, fmt::format("bogus sweeping end (time {})", ev.ts));
      p.sweeping = false;
      break;
    }
    case EvGCMarkAssistStart: {
      Goroutine& g = goroutine(ev.g);
      if (g.flags & kMarkAssist) {
        fail(ev, fmt::format("previous mark assist is not ended before a new one (time {})", ev.ts));
      }
      g.flags |= kMarkAssist;
      break;
    }
    case EvGCMarkAssistDone:
      // Assists may be under way when tracing starts: an unmatched end is fine.
      goroutine(ev.g).flags &= uint8_t(~kMarkAssist);
      break;
    case EvGoWaiting:
    case EvGoInSyscall: {
      Goroutine& g = goroutine(ev.g);
      if (g.state != Runnable) {
        fail(ev, fmt::format("g {} is not runnable before Ev{} (time {})", ev.g, descOf(ev.type).name, ev.ts));
      }
      g.state = Waiting;
      setLast(g, ev.type);
      break;
    }
    case EvGoCreate: {
      Proc& p = proc(ev.p);
      Goroutine& creator = goroutine(ev.g);
      checkRunning(p, creator, ev, true);
      const Goroutine* existing = gs_.find(ev.args[0]);
      if (existing && (existing->flags & kExists)) {
        fail(ev, fmt::format("g {} already exists (time {})", ev.args[0], ev.ts));
      }
      Goroutine& g = goroutine(ev.args[0]);
      g.state = Runnable;
      g.flags &= uint8_t(~(kMarkAssist | kBlockedOnNet));
      break;
    }
    case EvGoStart:
    case EvGoStartLabel: {
      Goroutine& g = goroutine(ev.g);
      Proc& p = proc(ev.p);
      if (g.state != Runnable) fail(ev, fmt::format("g {} is not runnable before start (time {})", ev.g, ev.ts));
      if (p.g != 0) {
        fail(ev, fmt::format("p {} is already running g {} while start g {} (time {})", ev.p, p.g, ev.g, ev.ts));
      }
      g.state = Running;
      setLast(g, EvNone);
      p.g = ev.g;
      break;
    }
    case EvGoEnd:
    case EvGoStop: {
      Goroutine& g = goroutine(ev.g);
      Proc& p = proc(ev.p);
      checkRunning(p, g, ev, false);
      g.state = Dead;
      p.g = 0;
      if (ev.type == EvGoEnd) regions_.erase(ev.g);
      break;
    }
    case EvGoSched:
    case EvGoPreempt: {
      Goroutine& g = goroutine(ev.g);
      Proc& p = proc(ev.p);
      checkRunning(p, g, ev, false);
      g.state = Runnable;
      setLast(g, ev.type);
      p.g = 0;
      break;
    }
    case EvGoUnblock: {
      const Goroutine& g = goroutine(ev.g);
      const Proc& p = proc(ev.p);
      if (g.state != Running) fail(ev, fmt::format("g {} is not running while unpark (time {})", ev.g, ev.ts));
      if (ev.p != kTimerP && p.g != ev.g) {
        fail(ev, fmt::format("p {} is not running g {} while unpark (time {})", ev.p, ev.g, ev.ts));
      }
      Goroutine& target = goroutine(ev.args[0]);
      if (target.state != Waiting) {
        fail(ev, fmt::format("g {} is not waiting before unpark (time {})", ev.args[0], ev.ts));
      }
      if (target.flags & kBlockedOnNet) learned.netpollUnblock = true;
      target.state = Runnable;
      setLast(target, EvGoUnblock);
      break;
    }
    case EvGoSysCall: {
      Goroutine& g = goroutine(ev.g);
      checkRunning(proc(ev.p), g, ev, false);
      setLast(g, EvGoSysCall);
      break;
    }
    case EvGoSysBlock: {
      Goroutine& g = goroutine(ev.g);
      Proc& p = proc(ev.p);
      checkRunning(p, g, ev, false);
      g.state = Waiting;
      p.g = 0;
      break;
    }
    case EvGoSysExit: {
      Goroutine& g = goroutine(ev.g);
      if (g.state != Waiting) {
        fail(ev, fmt::format("g {} is not waiting during syscall exit (time {})", ev.g, ev.ts));
      }
      g.state = Runnable;
      setLast(g, EvGoSysExit);
      break;
    }
    case EvGoSleep: case EvGoBlock: case EvGoBlockSend: case EvGoBlockRecv: case EvGoBlockSelect:
    case EvGoBlockSync: case EvGoBlockCond: case EvGoBlockNet: case EvGoBlockGC: {
      Goroutine& g = goroutine(ev.g);
      Proc& p = proc(ev.p);
      checkRunning(p, g, ev, false);
      g.state = Waiting;
      setLast(g, ev.type);
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

std::string describeEvent(const Event& ev) {
  const EventDesc& d = descOf(ev.type);
  std::string out = fmt::format("{} {} p={} g={} stk={}", ev.ts, d.name, ev.p, ev.g, ev.stack);
  for (int i = 0; i < 3 && !d.argNames[i].empty(); i++) out += fmt::format(" {}={}", d.argNames[i], ev.args[i]);
  return out;
}

}  // namespace gotrace::v1
