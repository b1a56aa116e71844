#include "gotrace/render/event_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

using namespace std::string_view_literals;

namespace gotrace {
namespace {


// Numbers appended directly: the dump writes hundreds of millions of them,
// and a formatting call each costs more than the conversion.
void appendDec(std::string& out, int64_t v) {
  const fmt::format_int f(v);
  out.append(f.data(), f.size());
}
void appendDec(std::string& out, uint64_t v) {
  const fmt::format_int f(v);
  out.append(f.data(), f.size());
}
void appendHex(std::string& out, uint64_t v) {
  char buf[16];
  char* p = buf + sizeof buf;
  do {
    *--p = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  out.append(p, size_t(buf + sizeof buf - p));
}
// " Value=Value{Uint64(N)}" and friends.
void appendUint64Value(std::string& out, uint64_t v) {
  out += "Value{Uint64("sv;
  appendDec(out, v);
  out += ")}"sv;
}

void appendResource(std::string& out, const ResourceId& r) {
  if (r.kind == ResourceKind::None) {
    out += "None"sv;
    return;
  }
  out += resourceKindName(r.kind);
  out += '(';
  appendDec(out, r.id);
  out += ')';
}

void appendFrames(std::string& out, StackId stack, const TraceTables& t) {
  for (FrameId f : t.stacks.frames(stack)) {
    const Frame& fr = t.stacks.frame(f);
    out += '\t';
    out += t.strings.view(fr.func);
    out += " @ 0x"sv;
    appendHex(out, fr.pc);
    out += "\n\t\t"sv;
    out += t.strings.view(fr.file);
    out += ':';
    appendDec(out, fr.line);
    out += '\n';
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
  out += "M="sv;
  appendDec(out, ev.thread);
  out += " P="sv;
  appendDec(out, ev.proc);
  out += " G="sv;
  appendDec(out, ev.goroutine);
  out += ' ';
  out += kindName(ev.kind);
  out += " Time="sv;
  appendDec(out, ev.time);
  switch (ev.kind) {
    case EventKind::Metric:
      out += " Name="sv;
      appendGoQuoted(out, t.strings.view(ev.metric.name));
      out += " Value="sv;
      appendUint64Value(out, ev.metric.value);
      break;
    case EventKind::Label:
      out += " Label="sv;
      appendGoQuoted(out, t.strings.view(ev.label.label));
      out += " Resource="sv;
      appendResource(out, ev.label.resource);
      break;
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
    case EventKind::RangeEnd:
      out += " Name="sv;
      appendGoQuoted(out, t.strings.view(ev.range.name));
      out += " Scope="sv;
      appendResource(out, ev.range.scope);
      if (ev.kind == EventKind::RangeEnd) {
        out += " Attributes=["sv;
        if (ev.range.hasSweepAttributes) {
          out += "\"bytes swept\"="sv;
          appendUint64Value(out, ev.range.bytesSwept);
          out += " \"bytes reclaimed\"="sv;
          appendUint64Value(out, ev.range.bytesReclaimed);
        }
        out += ']';
      }
      break;
    case EventKind::TaskBegin:
    case EventKind::TaskEnd:
      out += " ID="sv;
      appendDec(out, ev.task.id);
      out += " Parent="sv;
      appendDec(out, ev.task.parent);
      out += " Type="sv;
      appendGoQuoted(out, t.strings.view(ev.task.type));
      break;
    case EventKind::RegionBegin:
    case EventKind::RegionEnd:
      out += " Task="sv;
      appendDec(out, ev.region.task);
      out += " Type="sv;
      appendGoQuoted(out, t.strings.view(ev.region.type));
      break;
    case EventKind::Log:
      out += " Task="sv;
      appendDec(out, ev.log.task);
      out += " Category="sv;
      appendGoQuoted(out, t.strings.view(ev.log.category));
      out += " Message="sv;
      appendGoQuoted(out, t.strings.view(ev.log.message));
      break;
    case EventKind::StateTransition: {
      const StateTransition& s = ev.transition;
      if (s.resource.kind == ResourceKind::Goroutine) {
        out += " GoID="sv;
        appendDec(out, s.resource.id);
        out += ' ';
        out += stateName(s.goFrom());
        out += "->"sv;
        out += stateName(s.goTo());
      } else if (s.resource.kind == ResourceKind::Proc) {
        out += " ProcID="sv;
        appendDec(out, s.resource.id);
        out += ' ';
        out += stateName(s.procFrom());
        out += "->"sv;
        out += stateName(s.procTo());
      }
      out += " Reason="sv;
      appendGoQuoted(out, t.strings.view(s.reason));
      break;
    }
    case EventKind::Experimental: {
      const ExperimentalInfo& x = ev.experimental;
      out += " Name="sv;
      if (x.spec) out += x.spec->name;
      out += " Args=["sv;
      for (int i = 0; x.spec && i < x.spec->argCount; i++) {
        if (i) out += ", "sv;
        out += x.spec->argNames[i];
        out += '=';
        appendUint64Value(out, x.args[i]);
      }
      out += ']';
      break;
    }
    case EventKind::Sync:
      out += " N="sv;
      appendDec(out, ev.sync.n);
      if (ev.sync.hasSnapshot) {
        out += " Trace="sv;
        appendDec(out, ev.sync.snapshotTrace);
        out += " Mono="sv;
        appendDec(out, ev.sync.snapshotMono);
        out += " Wall="sv;
        out += formatRfc3339Nano(ev.sync.wallSeconds, ev.sync.wallNanos);
      }
      break;
    default:
      break;
  }
}

const std::string& StackTextCache::frames(StackId stack, const TraceTables& t) {
  if (stack >= text_.size()) {
    text_.resize(std::max<size_t>(t.stacks.size() + 1, stack + 1));
    done_.resize(text_.size(), false);
  }
  if (!done_[stack]) {
    appendFrames(text_[stack], stack, t);
    done_[stack] = true;
  }
  return text_[stack];
}

void appendEventParsed(std::string& out, const Event& ev, const TraceTables& t, StackTextCache& stacks) {
  appendEventLine(out, ev, t);
  if (ev.kind == EventKind::StateTransition && ev.transition.stack != kNoStack) {
    out += "\nTransitionStack=\n"sv;
    out += stacks.frames(ev.transition.stack, t);
  }
  if (ev.stack != kNoStack) {
    out += "\nStack=\n"sv;
    out += stacks.frames(ev.stack, t);
  }
  out += '\n';
}

void appendEventParsed(std::string& out, const Event& ev, const TraceTables& t) {
  StackTextCache once;
  appendEventParsed(out, ev, t, once);
}

}  // namespace gotrace
