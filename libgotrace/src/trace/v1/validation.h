// Go's consistency pass over an ordered v1 trace (procs start before they
// stop, goroutines run before they block, GC/STW/sweep ranges pair up,
// regions nest...). It also settles what later conversion needs to know
// ahead: which syscalls block, which unblocks come from the network poller.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "v1/paged_table.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

// Takes the events one by one, in order, as Go's reader hands them on
// (times in nanoseconds, "Local" variants renamed, special procs assigned).
class Validator {
 public:
  static constexpr uint64_t kNone = UINT64_MAX;

  // What an event tells about itself or an earlier one.
  struct Learned {
    bool netpollUnblock = false;       // this event is an unblock by the network poller
    uint64_t blockedSyscall = kNone;   // the index of an earlier GoSysCall that blocked
  };

  Validator();

  // Checks the next event (at `index` in the order) and applies it. Throws
  // Error with Go's message at the first inconsistency; the validator must
  // not be used after that.
  Learned step(const Event& ev, uint64_t index);

  // Whether any event has looked at or changed goroutine g's state since g's
  // last GoSysBlock or GoInSyscall (or ever, if it had none). The merge uses
  // it to prove that validating a moved syscall exit where it was merged
  // gives the same result as where it ends up (see ordering.h).
  bool touchedSinceSyscallBlock(uint64_t g) const;

 private:
  enum GState : uint8_t { Dead, Runnable, Running, Waiting };
  enum GFlag : uint8_t {
    kExists = 1,         // looked up at least once (Go's map has an entry)
    kMarkAssist = 2,
    kBlockedOnNet = 4,   // the event that last made it runnable/waiting was GoBlockNet
    kTouched = 8,        // see touchedSinceSyscallBlock
    kPendingSyscall = 16,  // it entered a syscall and its next event will tell whether it blocked
  };
  struct Goroutine {
    uint64_t pendingSyscall = 0;  // with kPendingSyscall: the index of its GoSysCall
    GState state = Dead;
    uint8_t flags = 0;
  };
  struct Proc {
    bool running = false;
    bool sweeping = false;
    uint64_t g = 0;
  };

  Goroutine& goroutine(uint64_t g) {
    Goroutine& s = gs_[g];
    s.flags |= kExists | kTouched;
    return s;
  }
  Proc& proc(int32_t p);
  void checkRunning(const Proc& p, const Goroutine& g, const Event& ev, bool allowG0) const;
  void check(const Event& ev, Learned& learned);

  PagedTable<Goroutine> gs_;
  std::vector<Proc> ps_;  // procs -1 .. 1022, by p + 1
  std::unordered_map<int32_t, Proc> otherPs_;
  std::unordered_map<uint64_t, Event> tasks_;
  std::unordered_map<uint64_t, std::vector<Event>> regions_;
  bool inGC_ = false;
  bool inSTW_ = false;
};

// Go's text form of a v1 event: "<ts> <Name> p=<p> g=<g> stk=<stack> <arg>=<v>...".
std::string describeEvent(const Event& ev);

}  // namespace gotrace::v1
