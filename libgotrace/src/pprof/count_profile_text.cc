// The debug=1 text of count profiles (goroutine, threadcreate):
//
//   goroutine profile: total 246
//   55 @ 0x489b2e 0x466d05 0x6bfd06 0x491221
//   # labels: {"worker":"3"}
//   #	0x6bfd05	net/http.(*persistConn).writeLoop+0xe5	net/http/transport.go:2657
//
// Stack addresses are return addresses; like pprof we subtract one, which
// makes them the call addresses the "#" frame lines print.
#include <fmt/format.h>

#include <charconv>
#include <unordered_map>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "gotrace/pprof/count_profile_text.h"

namespace gotrace::pprof {
namespace {

std::vector<std::string_view> fields(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == sep) i++;
    size_t j = i;
    while (j < line.size() && line[j] != sep) j++;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool parseHex(std::string_view s, uint64_t& v) {
  if (!s.starts_with("0x")) return false;
  s.remove_prefix(2);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

class CountTextParser {
 public:
  explicit CountTextParser(std::string_view text) : text_(text) {}

  Profile run() {
    std::string_view line;
    if (!nextLine(line)) fail("empty profile");
    const size_t marker = line.find(" profile: total ");
    if (marker == std::string_view::npos || marker == 0) fail("expected \"NAME profile: total N\"");
    const std::string name(line.substr(0, marker));
    profile_.sampleTypes.push_back(ValueType{name, "count"});
    profile_.periodType = ValueType{name, "count"};
    profile_.period = 1;

    Sample* current = nullptr;
    std::vector<uint64_t> addresses;
    while (nextLine(line)) {
      if (line.empty()) {
        current = nullptr;
        continue;
      }
      if (line.starts_with("# labels: ")) {
        if (!current) fail("labels without a stack");
        parseLabels(line.substr(10), *current);
      } else if (line.starts_with("#")) {
        if (!current) fail("frame without a stack");
        parseFrame(line);
      } else {
        current = &startSample(line);
      }
    }
    for (Location& loc : profile_.locations) {
      auto it = frames_.find(loc.address);
      if (it != frames_.end()) loc.lines = it->second;
    }
    return std::move(profile_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw Error(fmt::format("line {}: {}", lineNo_, what)); }

  bool nextLine(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    lineNo_++;
    return true;
  }

  Sample& startSample(std::string_view line) {
    auto parts = fields(line, ' ');
    if (parts.size() < 3 || parts[1] != "@") fail("expected \"COUNT @ 0xADDR ...\"");
    int64_t count = 0;
    auto [p, ec] = std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), count);
    if (ec != std::errc() || p != parts[0].data() + parts[0].size()) fail("bad count");
    record_++;
    Sample& s = profile_.samples.emplace_back();
    s.values.push_back(count);
    for (size_t i = 2; i < parts.size(); i++) {
      uint64_t addr = 0;
      if (!parseHex(parts[i], addr)) fail(fmt::format("bad address {}", parts[i]));
      s.locations.push_back(location(addr - 1));
    }
    return s;
  }

  uint32_t location(uint64_t address) {
    auto [it, added] = locationIndex_.try_emplace(address, uint32_t(profile_.locations.size()));
    if (added) {
      Location loc;
      loc.id = profile_.locations.size() + 1;
      loc.address = address;
      profile_.locations.push_back(loc);
    }
    return it->second;
  }

  // "#\t0xPC\tFUNC+0xOFF\tFILE:LINE" (columns padded with tabs).
  void parseFrame(std::string_view line) {
    auto parts = fields(line, '\t');
    if (parts.size() < 3) fail("bad frame line");
    uint64_t pc = 0;
    if (!parseHex(parts[1], pc)) fail(fmt::format("bad frame address {}", parts[1]));
    // Every record prints the frames of its addresses; keep those of the
    // first record that has the address (all of them: inlined frames).
    auto first = framesRecord_.try_emplace(pc, record_).first;
    if (first->second != record_) return;
    std::string_view func = parts[2];
    if (size_t plus = func.rfind("+0x"); plus != std::string_view::npos) func = func.substr(0, plus);
    std::string_view file;
    int64_t lineNumber = 0;
    if (parts.size() >= 4) {
      std::string_view where = parts[3];
      size_t colon = where.rfind(':');
      file = where.substr(0, colon);
      if (colon != std::string_view::npos) {
        std::from_chars(where.data() + colon + 1, where.data() + where.size(), lineNumber);
      }
    }
    auto [it, isNew] = functionIndex_.try_emplace(std::string(func) + '\0' + std::string(file),
                                                  uint32_t(profile_.functions.size()));
    if (isNew) {
      Function f;
      f.id = profile_.functions.size() + 1;
      f.name = std::string(func);
      f.systemName = f.name;
      f.filename = std::string(file);
      profile_.functions.push_back(std::move(f));
    }
    frames_[pc].push_back(Line{it->second, lineNumber, 0});
  }

  // {"k1":"v1", "k2":"v2"}
  void parseLabels(std::string_view s, Sample& sample) {
    if (s.empty() || s.front() != '{' || s.back() != '}') fail("bad labels");
    s = s.substr(1, s.size() - 2);
    while (!s.empty()) {
      size_t used = 0;
      auto key = unquoteGoPrefix(s, used);
      if (!key || used >= s.size() || s[used] != ':') fail("bad labels");
      s.remove_prefix(used + 1);
      auto value = unquoteGoPrefix(s, used);
      if (!value) fail("bad labels");
      s.remove_prefix(used);
      sample.labels.push_back(Label{*key, *value, 0, ""});
      if (s.starts_with(", ")) {
        s.remove_prefix(2);
      } else if (!s.empty()) {
        fail("bad labels");
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  int lineNo_ = 0;
  Profile profile_;
  std::unordered_map<uint64_t, uint32_t> locationIndex_;
  std::unordered_map<std::string, uint32_t> functionIndex_;
  std::unordered_map<uint64_t, std::vector<Line>> frames_;
  std::unordered_map<uint64_t, int> framesRecord_;  // PC -> record that gave its frames
  int record_ = 0;
};

}  // namespace

Profile parseCountProfileText(std::string_view text) { return CountTextParser(text).run(); }

}  // namespace gotrace::pprof
