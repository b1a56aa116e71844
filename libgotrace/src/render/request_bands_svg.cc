#include "gotrace/render/request_bands_svg.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "gotrace/base/error.h"
#include "gotrace/base/xml_text.h"

namespace gotrace {
namespace {

using namespace bands;

enum class Paint : uint8_t { None, Outline, Running, Runnable, Assist, Network, Blocked, kCount };

struct PaintStyle {
  const char* fill;
  const char* legend;
};
constexpr PaintStyle kStyles[] = {
    {"", ""},
    {"magenta", ""},  // the outline shows only where nothing is known: as "other blocking"
    {"black", "running"},
    {"grey", "runnable (waiting for a CPU)"},
    {"chartreuse", "GC assist"},
    {"yellow", "network wait"},
    {"magenta", "other blocking"},
};

Paint paintOfWait(const std::string& reason) {
  if (reason == "cpu") return Paint::Runnable;
  if (reason == "net") return Paint::Network;
  return Paint::Blocked;
}

// Human names of wait reasons, for tooltips.
std::string_view reasonName(const std::string& reason) {
  static const std::map<std::string, std::string_view> names = {
      {"cpu", "runnable"},  {"gc", "waiting for GC"},  {"net", "network"},        {"syscall", "in syscalls"},
      {"sleep", "asleep"},  {"select", "in select"},   {"recv", "chan receive"},  {"send", "chan send"},
      {"cond", "sync.Cond"}, {"sync", "sync (mutex)"}, {"block", "blocked"},       {"other", "other waits"}};
  auto it = names.find(reason);
  return it == names.end() ? std::string_view(reason) : it->second;
}

std::string ms(int64_t ns) { return fmt::format("{:.3f}", double(ns) / 1e6); }

// One section's time axis: `origin` ns maps to x 0, `width` ns to 1000 px.
struct Scale {
  int64_t origin = 0;
  int64_t width = 1;

  // Pixels [first, last) of a range, before the minimum width.
  std::pair<int64_t, int64_t> pixels(int64_t offset, int64_t length) const {
    auto px = [&](int64_t ns) { return int64_t(__int128(kAxisWidth) * ns / width); };
    return {px(offset), px(offset + length)};
  }
};

class Row {
 public:
  Row() { px_.fill(Paint::None); }

  // Paints a range (ns from the scale's origin).
  void paint(const Scale& scale, int64_t offset, int64_t length, Paint paint, int64_t minWidth) {
    auto [x, end] = scale.pixels(offset, length);
    end = std::max(end, x + minWidth);
    for (int64_t i = std::max<int64_t>(x, 0); i < std::min<int64_t>(end, kAxisWidth); i++) px_[size_t(i)] = paint;
  }

  // One rectangle per run of equal colour.
  void write(std::string& out, int y) const {
    for (int x = 0; x < kAxisWidth;) {
      const Paint p = px_[size_t(x)];
      int end = x + 1;
      while (end < kAxisWidth && px_[size_t(end)] == p) end++;
      if (p != Paint::None) {
        fmt::format_to(std::back_inserter(out), "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                       kLeft + x, y, end - x, kBar, kStyles[size_t(p)].fill);
      }
      x = end;
    }
  }

 private:
  std::array<Paint, kAxisWidth> px_;
};

// A band: a span drawn from `ranges` (offsets from the span's start).
struct Band {
  const Span* span;
  int64_t rootStart;  // the tree's start: the origin of the durations section
  SpanRanges ranges;
  std::string label;
  std::string tooltip;
  bool lastOfTree = false;
};

void paintBand(Row& row, const Scale& scale, const Band& band) {
  const int64_t at = band.span->startNs - scale.origin;
  row.paint(scale, at, band.span->lengthNs, Paint::Outline, 1);
  for (const Interval& i : band.ranges.running) row.paint(scale, at + i.begin, i.end - i.begin, Paint::Running, 1);
  for (const auto& [reason, list] : band.ranges.assisting) {
    for (const Interval& i : list) {
      row.paint(scale, at + i.begin, i.end - i.begin, reason == "gc" ? Paint::Assist : Paint::Blocked, 0);
    }
  }
  for (const auto& [reason, list] : band.ranges.waiting) {
    for (const Interval& i : list) row.paint(scale, at + i.begin, i.end - i.begin, paintOfWait(reason), 0);
  }
}

std::string breakdown(int64_t length, int64_t run, const std::map<std::string, int64_t>& assist,
                      const std::map<std::string, int64_t>& wait) {
  auto part = [&](std::string_view name, int64_t ns) {
    return fmt::format("{} {} ms ({:.0f}%)", name, ms(ns), length > 0 ? 100.0 * double(ns) / double(length) : 0.0);
  };
  std::string out = part("on CPU", run);
  for (const auto& [reason, ns] : assist) out += ", " + part(reason == "gc" ? "of which GC assist" : reason, ns);
  for (const std::string& reason : waitPriority()) {
    if (auto it = wait.find(reason); it != wait.end() && it->second > 0) out += ", " + part(reasonName(reason), it->second);
  }
  for (const auto& [reason, ns] : wait) {
    if (std::find(waitPriority().begin(), waitPriority().end(), reason) == waitPriority().end()) {
      out += ", " + part(reason, ns);
    }
  }
  return out;
}

std::map<std::string, int64_t> magnitudes(const std::map<std::string, Intervals>& m) {
  std::map<std::string, int64_t> out;
  for (const auto& [k, v] : m) out[k] = magnitude(v);
  return out;
}

void collectDetail(const Span& s, const Span& root, std::vector<Band>& bands) {
  Band b{&s, root.startNs, spanRanges(s), "", "", false};
  const bool isRoot = &s == &root;
  b.label = isRoot ? fmt::format("g={} @{}ms / {}ms {}", s.goroutine, ms(s.startNs), ms(s.lengthNs), s.kind)
                   : fmt::format("g={} +{}ms / {}ms {}", s.goroutine, ms(s.startNs - root.startNs), ms(s.lengthNs), s.kind);
  b.tooltip = fmt::format("{} g={}: {} {} ms, lasting {} ms; {}", s.kind, s.goroutine, isRoot ? "at" : "+",
                          ms(isRoot ? s.startNs : s.startNs - root.startNs), ms(s.lengthNs),
                          breakdown(s.lengthNs, magnitude(b.ranges.running), magnitudes(b.ranges.assisting),
                                    magnitudes(b.ranges.waiting)));
  bands.push_back(std::move(b));
}

// Every span of the tree in depth-first order, with an explicit stack.
void collectDetails(const Span& root, std::vector<Band>& bands) {
  std::vector<const Span*> todo{&root};
  while (!todo.empty()) {
    const Span* s = todo.back();
    todo.pop_back();
    collectDetail(*s, root, bands);
    for (auto c = s->caused.rbegin(); c != s->caused.rend(); ++c) todo.push_back(&*c);
  }
}

// Tick spacing: 1, 2 or 5 times a power of ten, about eight per axis.
int64_t tickStep(int64_t width) {
  const double raw = std::max(1.0, double(width) / 8);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return std::max<int64_t>(1, int64_t(m * power));
  }
  return int64_t(10 * power);
}

std::string timeLabel(int64_t ns, int64_t step) {
  struct Unit {
    int64_t ns;
    const char* name;
  };
  for (Unit u : {Unit{1'000'000'000, "s"}, Unit{1'000'000, "ms"}, Unit{1'000, "µs"}, Unit{1, "ns"}}) {
    if (step >= u.ns) {
      const int decimals = step % u.ns == 0 ? 0 : step * 10 % u.ns == 0 ? 1 : 2;
      return fmt::format("{:.{}f} {}", double(ns) / double(u.ns), decimals, u.name);
    }
  }
  return fmt::format("{} ns", ns);
}

// Ticks at round times (ns, as the scale counts them).
void writeAxis(std::string& out, const Scale& scale, int y) {
  const int64_t step = tickStep(scale.width);
  const int64_t first = (scale.origin + step - 1) / step * step;
  fmt::format_to(std::back_inserter(out), "<g font-size=\"8\" fill=\"#333\" stroke=\"#333\">\n");
  fmt::format_to(std::back_inserter(out), "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"0.5\"/>\n", kLeft,
                 y, kLeft + kAxisWidth, y);
  for (int64_t t = first; t <= scale.origin + scale.width; t += step) {
    const int64_t x = scale.pixels(t - scale.origin, 0).first;
    const char* anchor = x < 20 ? "start" : x > kAxisWidth - 20 ? "end" : "middle";
    fmt::format_to(std::back_inserter(out),
                   "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke-width=\"0.5\"/>"
                   "<text x=\"{0}\" y=\"{3}\" text-anchor=\"{4}\" stroke=\"none\">{5}</text>\n",
                   kLeft + x, y - 3, y, y - 5, anchor, timeLabel(t, step));
  }
  out += "</g>\n";
}

}  // namespace

std::vector<Span> selectRequestTrees(std::vector<Span> trees, const std::string& kindPattern) {
  constexpr std::string_view kBackgroundRead = "net/http.(*connReader).backgroundRead";
  // With an explicit stack: trees can be deep.
  auto prune = [&](Span& root) {
    std::vector<Span*> todo{&root};
    while (!todo.empty()) {
      Span* s = todo.back();
      todo.pop_back();
      std::erase_if(s->caused, [&](const Span& c) { return c.kind == kBackgroundRead; });
      for (Span& c : s->caused) todo.push_back(&c);
    }
  };
  std::erase_if(trees, [&](const Span& t) { return t.kind == kBackgroundRead; });
  for (Span& t : trees) prune(t);

  std::set<std::string> kinds;
  for (const Span& t : trees) kinds.insert(t.kind);
  if (trees.empty()) throw Error("no span trees in the input (want regiongraph -json or -summarize output)");
  std::vector<Span> chosen;
  if (kindPattern.empty()) {
    const bool servers = kinds.count("server/http") > 0;
    for (Span& t : trees) {
      if (!servers || t.kind == "server/http") chosen.push_back(std::move(t));
    }
    return chosen;
  }
  RE2 re(kindPattern, RE2::Quiet);
  if (!re.ok()) throw Error(fmt::format("bad -kind regexp {}: {}", kindPattern, re.error()));
  for (Span& t : trees) {
    if (RE2::PartialMatch(t.kind, re)) chosen.push_back(std::move(t));
  }
  if (chosen.empty()) {
    std::string present;
    for (const std::string& k : kinds) present += (present.empty() ? "" : ", ") + k;
    throw Error(fmt::format("no span trees of a kind matching {} (the input has {})", kindPattern, present));
  }
  return chosen;
}

std::string renderRequestBandsSvg(std::vector<Span> trees, const RequestBandsOptions& options) {
  std::stable_sort(trees.begin(), trees.end(), [](const Span& a, const Span& b) { return a.startNs < b.startNs; });

  // Bands, and what each tree says.
  std::vector<Band> bands;
  std::set<std::string> kinds;
  for (const Span& t : trees) {
    kinds.insert(t.kind);
    if (options.details) {
      collectDetails(t, bands);
    } else {
      const TreeSummary s = summarize(t);
      Band b{&t, t.startNs, spanRanges(s.flat), "", "", false};
      b.label = fmt::format("g={} @{}ms / {}ms / on CPU {}ms {}", t.goroutine, ms(t.startNs), ms(s.lengthNs),
                            ms(s.totalRunNs), t.kind);
      b.tooltip = fmt::format("{} g={}: at {} ms, lasting {} ms; {}; goroutines' total CPU time {} ms", t.kind,
                              t.goroutine, ms(t.startNs), ms(s.lengthNs),
                              breakdown(s.lengthNs, s.flatRunNs, s.flatAssistNs, s.flatWaitNs), ms(s.totalRunNs));
      bands.push_back(std::move(b));
    }
    if (!bands.empty()) bands.back().lastOfTree = true;
  }

  // Section scales: arrival (from the first start to the last end), durations.
  Scale arrival, durations;
  if (!trees.empty()) {
    arrival.origin = trees.front().startNs;
    int64_t end = arrival.origin, longest = 0;
    for (const Span& t : trees) {
      end = std::max(end, t.startNs + t.lengthNs);
      longest = std::max(longest, t.lengthNs);
    }
    arrival.width = std::max<int64_t>(1, end - arrival.origin);
    durations.width = std::max<int64_t>(1, longest);
  }
  const int separators = options.details && !trees.empty() ? int(trees.size()) - 1 : 0;
  const int bandsHeight = int(bands.size()) * kBar + separators * kTreeGap;
  const int height = bandsTop(1, bandsHeight) + bandsHeight + kBottom;

  std::string out;
  out.reserve(bands.size() * 600 + 4096);
  fmt::format_to(std::back_inserter(out),
                 "<?xml version=\"1.0\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                 "font-family=\"sans-serif\">\n",
                 kImageWidth, height);
  std::string kindList;
  for (const std::string& k : kinds) kindList += (kindList.empty() ? "" : ", ") + k;
  std::string title = fmt::format("{} {} ({}){}", trees.size(), trees.size() == 1 ? "tree" : "trees", kindList,
                                  options.details ? ", one band per goroutine's span" : "");
  out += "<title>";
  appendXmlText(out, title);
  out += "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += fmt::format("<text x=\"{}\" y=\"12\" font-size=\"11\" fill=\"black\">", kLeft);
  appendXmlText(out, title);
  out += "</text>\n";
  // Legend.
  int lx = kLeft;
  for (Paint p : {Paint::Running, Paint::Runnable, Paint::Assist, Paint::Network, Paint::Blocked}) {
    const PaintStyle& st = kStyles[size_t(p)];
    fmt::format_to(std::back_inserter(out),
                   "<rect x=\"{}\" y=\"19\" width=\"8\" height=\"8\" fill=\"{}\" stroke=\"#999\" stroke-width=\"0.5\"/>"
                   "<text x=\"{}\" y=\"27\" font-size=\"9\" fill=\"#333\">{}</text>\n",
                   lx, st.fill, lx + 11, st.legend);
    lx += 11 + int(std::string_view(st.legend).size()) * 5 + 14;
  }

  // `scaleOf` gives a band's scale.
  auto section = [&](int index, const Scale& axis, std::string_view heading, auto scaleOf) {
    const int top = bandsTop(index, bandsHeight);
    fmt::format_to(std::back_inserter(out), "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"black\">{}</text>\n",
                   kLeft, top - kSectionHead + 10, heading);
    writeAxis(out, axis, top - 2);
    out += "<g shape-rendering=\"crispEdges\">\n";
    int y = top;
    for (const Band& b : bands) {
      const Scale s = scaleOf(b);
      out += "<g><title>";
      appendXmlText(out, b.tooltip);
      out += "</title>\n";
      Row row;
      paintBand(row, s, b);
      row.write(out, y);
      const int64_t x = std::clamp<int64_t>(s.pixels(b.span->startNs - s.origin, 0).first, 0, kAxisWidth);
      const bool right = x > kAxisWidth / 2;
      fmt::format_to(std::back_inserter(out), "<text x=\"{}\" y=\"{}\" font-size=\"4pt\" fill=\"dimgray\"{}>",
                     kLeft + (right ? x - 2 : x + 2), y + 4, right ? " text-anchor=\"end\"" : "");
      appendXmlText(out, b.label);
      out += "</text></g>\n";
      y += kBar;
      if (b.lastOfTree && options.details && y < top + bandsHeight) {
        fmt::format_to(std::back_inserter(out),
                       "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"lightgrey\"/>\n", kLeft, y,
                       kAxisWidth, kTreeGap);
        y += kTreeGap;
      }
    }
    out += "</g>\n";
  };
  section(0, arrival, "by arrival: trace time", [&](const Band&) { return arrival; });
  section(1, durations, "by duration: time since each started",
          [&](const Band& b) { return Scale{b.rootStart, durations.width}; });
  out += "</svg>\n";
  return out;
}

}  // namespace gotrace
