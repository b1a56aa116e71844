#include "gotrace/event_text.h"

#include <fmt/format.h>

#include <iterator>

namespace gotrace {
namespace {

void appendResource(std::string& out, const ResourceId& r) {
  if (r.kind == ResourceKind::None) {
    out += "None";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}({})", resourceKindName(r.kind), r.id);
}

void appendFrames(std::string& out, StackId stack, const TraceTables& t) {
  for (FrameId f : t.stacks.frames(stack)) {
    const Frame& fr = t.stacks.frame(f);
    fmt::format_to(std::back_inserter(out), "\t{} @ 0x{:x}\n\t\t{}:{}\n", t.strings.view(fr.func), fr.pc,
                   t.strings.view(fr.file), fr.line);
  }
}

// Civil date from days since 1970-01-01 (proleptic Gregorian).
void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
}

}  // namespace

std::string formatRfc3339Nano(int64_t sec, int64_t nsec) {
  // Normalize as time.Unix does.
  if (nsec < 0 || nsec >= 1000000000) {
    sec += nsec / 1000000000;
    nsec %= 1000000000;
    if (nsec < 0) {
      nsec += 1000000000;
      sec--;
    }
  }
  int64_t days = sec / 86400;
  int64_t rem = sec % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  int64_t year;
  unsigned month, day;
  civilFromDays(days, year, month, day);
  std::string out;
  if (year < 0) {
    fmt::format_to(std::back_inserter(out), "-{:04d}", -year);
  } else {
    fmt::format_to(std::back_inserter(out), "{:04d}", year);
  }
  fmt::format_to(std::back_inserter(out), "-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", month, day, rem / 3600,
                 rem / 60 % 60, rem % 60);
  if (nsec != 0) {
    std::string frac = fmt::format("{:09d}", nsec);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += '.';
    out += frac;
  }
  out += 'Z';
  return out;
}

void appendEventLine(std::string& out, const Event& ev, const TraceTables& t) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "M={} P={} G={} {} Time={}", ev.thread, ev.proc, ev.goroutine, kindName(ev.kind), ev.time);
  switch (ev.kind) {
    case EventKind::Metric:
      out += " Name=";
      appendGoQuoted(out, t.strings.view(ev.metric.name));
      fmt::format_to(it, " Value=Value{{Uint64({})}}", ev.metric.value);
      break;
    case EventKind::Label:
      out += " Label=";
      appendGoQuoted(out, t.strings.view(ev.label.label));
      out += " Resource=";
      appendResource(out, ev.label.resource);
      break;
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
    case EventKind::RangeEnd:
      out += " Name=";
      appendGoQuoted(out, t.strings.view(ev.range.name));
      out += " Scope=";
      appendResource(out, ev.range.scope);
      if (ev.kind == EventKind::RangeEnd) {
        out += " Attributes=[";
        if (ev.range.hasSweepAttributes) {
          fmt::format_to(it, "\"bytes swept\"=Value{{Uint64({})}} \"bytes reclaimed\"=Value{{Uint64({})}}",
                         ev.range.bytesSwept, ev.range.bytesReclaimed);
        }
        out += ']';
      }
      break;
    case EventKind::TaskBegin:
    case EventKind::TaskEnd:
      fmt::format_to(it, " ID={} Parent={} Type=", ev.task.id, ev.task.parent);
      appendGoQuoted(out, t.strings.view(ev.task.type));
      break;
    case EventKind::RegionBegin:
    case EventKind::RegionEnd:
      fmt::format_to(it, " Task={} Type=", ev.region.task);
      appendGoQuoted(out, t.strings.view(ev.region.type));
      break;
    case EventKind::Log:
      fmt::format_to(it, " Task={} Category=", ev.log.task);
      appendGoQuoted(out, t.strings.view(ev.log.category));
      out += " Message=";
      appendGoQuoted(out, t.strings.view(ev.log.message));
      break;
    case EventKind::StateTransition: {
      const StateTransition& s = ev.transition;
      if (s.resource.kind == ResourceKind::Goroutine) {
        fmt::format_to(it, " GoID={} {}->{}", s.resource.id, stateName(s.goFrom()), stateName(s.goTo()));
      } else if (s.resource.kind == ResourceKind::Proc) {
        fmt::format_to(it, " ProcID={} {}->{}", s.resource.id, stateName(s.procFrom()), stateName(s.procTo()));
      }
      out += " Reason=";
      appendGoQuoted(out, t.strings.view(s.reason));
      break;
    }
    case EventKind::Experimental: {
      const ExperimentalInfo& x = ev.experimental;
      fmt::format_to(it, " Name={} Args=[", x.spec ? x.spec->name : "");
      for (int i = 0; x.spec && i < x.spec->argCount; i++) {
        if (i) out += ", ";
        fmt::format_to(it, "{}=Value{{Uint64({})}}", x.spec->argNames[i], x.args[i]);
      }
      out += ']';
      break;
    }
    case EventKind::Sync:
      fmt::format_to(it, " N={}", ev.sync.n);
      if (ev.sync.hasSnapshot) {
        fmt::format_to(it, " Trace={} Mono={} Wall={}", ev.sync.snapshotTrace, ev.sync.snapshotMono,
                       formatRfc3339Nano(ev.sync.wallSeconds, ev.sync.wallNanos));
      }
      break;
    default:
      break;
  }
}

void appendEventParsed(std::string& out, const Event& ev, const TraceTables& t) {
  appendEventLine(out, ev, t);
  if (ev.kind == EventKind::StateTransition && ev.transition.stack != kNoStack) {
    out += "\nTransitionStack=\n";
    appendFrames(out, ev.transition.stack, t);
  }
  if (ev.stack != kNoStack) {
    out += "\nStack=\n";
    appendFrames(out, ev.stack, t);
  }
  out += '\n';
}

}  // namespace gotrace
