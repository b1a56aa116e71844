// profile.proto -> Profile, with pprof's validity rules.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "gotrace/base/error.h"
#include "gotrace/io/gzip.h"
#include "gotrace/pprof/count_profile_text.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/io/varint.h"
#include "profile.pb.h"

namespace gotrace::pprof {
namespace {

constexpr uint64_t kMaxProfileEntries = uint64_t(1) << 21;

// pprof refuses two profiles concatenated into one message, which shows as
// time_nanos appearing twice at the top level. Also counts the top-level
// entries against their limit.
void checkNotConcatenated(std::span<const uint8_t> data) {
  const uint8_t* p = data.data();
  const uint8_t* end = p + data.size();
  int timeFields = 0;
  uint64_t entries = 0;
  while (p < end) {
    uint64_t key = 0;
    int n = io::decodeUvarint(p, end, key);
    if (n <= 0) return;  // the protobuf parser reports it
    p += n;
    const uint64_t field = key >> 3;
    switch (key & 7) {
      case 0: {
        uint64_t v;
        n = io::decodeUvarint(p, end, v);
        if (n <= 0) return;
        p += n;
        break;
      }
      case 1:
        p += 8;
        break;
      case 2: {
        uint64_t len;
        n = io::decodeUvarint(p, end, len);
        if (n <= 0 || len > uint64_t(end - p - n)) return;
        p += n + len;
        break;
      }
      case 5:
        p += 4;
        break;
      default:
        return;
    }
    if (field == 9 && ++timeFields > 1) throw Error("concatenated profiles detected");
    // Each entry costs a decoded message: a few bytes each (an empty sample
    // is two) must not become gigabytes.
    if (field >= 2 && field <= 6 && ++entries > kMaxProfileEntries) {
      throw Error(fmt::format("more than {} samples, locations, functions, mappings and strings (the limit)",
                              kMaxProfileEntries));
    }
  }
}

class Converter {
 public:
  explicit Converter(const wire::Profile& w) : w_(w) {}

  Profile run() {
    Profile p;
    if (w_.string_table_size() > 0 && !w_.string_table(0).empty()) {
      throw Error("malformed profile: string_table[0] must be ''");
    }
    for (const auto& t : w_.sample_type()) p.sampleTypes.push_back(ValueType{str(t.type()), str(t.unit())});
    p.periodType = ValueType{str(w_.period_type().type()), str(w_.period_type().unit())};
    p.period = w_.period();
    p.timeNanos = w_.time_nanos();
    p.durationNanos = w_.duration_nanos();
    p.dropFrames = str(w_.drop_frames());
    p.keepFrames = str(w_.keep_frames());
    p.defaultSampleType = str(w_.default_sample_type());
    p.docUrl = str(w_.doc_url());
    for (int64_t c : w_.comment()) p.comments.push_back(str(c));

    std::unordered_map<uint64_t, int32_t> mappingIndex, functionIndex;
    std::unordered_map<uint64_t, uint32_t> locationIndex;
    for (const auto& m : w_.mapping()) {
      if (m.id() == 0) throw Error("malformed profile: found mapping with reserved ID=0");
      if (!mappingIndex.emplace(m.id(), int32_t(p.mappings.size())).second) {
        throw Error(fmt::format("malformed profile: multiple mappings with same id: {}", m.id()));
      }
      p.mappings.push_back(Mapping{m.id(), m.memory_start(), m.memory_limit(), m.file_offset(), str(m.filename()),
                                   str(m.build_id()), m.has_functions(), m.has_filenames(), m.has_line_numbers(),
                                   m.has_inline_frames()});
    }
    for (const auto& f : w_.function()) {
      if (f.id() == 0) throw Error("malformed profile: found function with reserved ID=0");
      if (!functionIndex.emplace(f.id(), int32_t(p.functions.size())).second) {
        throw Error(fmt::format("malformed profile: multiple functions with same id: {}", f.id()));
      }
      p.functions.push_back(Function{f.id(), str(f.name()), str(f.system_name()), str(f.filename()), f.start_line()});
    }
    for (const auto& l : w_.location()) {
      if (l.id() == 0) throw Error("malformed profile: found location with reserved id=0");
      if (!locationIndex.emplace(l.id(), uint32_t(p.locations.size())).second) {
        throw Error(fmt::format("malformed profile: multiple locations with same id: {}", l.id()));
      }
      Location loc;
      loc.id = l.id();
      loc.address = l.address();
      loc.folded = l.is_folded();
      if (l.mapping_id() != 0) {
        auto m = mappingIndex.find(l.mapping_id());
        if (m == mappingIndex.end()) {
          throw Error(fmt::format("malformed profile: location id: {} has an unknown mapping id: {}", l.id(),
                                  l.mapping_id()));
        }
        loc.mapping = m->second;
      }
      for (const auto& line : l.line()) {
        auto f = functionIndex.find(line.function_id());
        if (f == functionIndex.end()) {
          throw Error(fmt::format("malformed profile: location id: {} has a line with nil function", l.id()));
        }
        loc.lines.push_back(Line{uint32_t(f->second), line.line(), line.column()});
      }
      p.locations.push_back(std::move(loc));
    }
    if (w_.sample_size() > 0 && p.sampleTypes.empty()) {
      throw Error("malformed profile: missing sample type information");
    }
    p.samples.reserve(size_t(w_.sample_size()));
    for (const auto& s : w_.sample()) {
      Sample sample;
      if (size_t(s.value_size()) != p.sampleTypes.size()) {
        throw Error(fmt::format("malformed profile: mismatch: sample has {} values vs. {} types", s.value_size(),
                                p.sampleTypes.size()));
      }
      sample.values.assign(s.value().begin(), s.value().end());
      for (uint64_t id : s.location_id()) {
        auto l = locationIndex.find(id);
        if (l == locationIndex.end()) throw Error("malformed profile: profile has nil location");
        sample.locations.push_back(l->second);
      }
      for (const auto& l : s.label()) {
        // A label with neither a string nor a number is dropped, as pprof does.
        if (l.str() != 0) {
          sample.labels.push_back(Label{str(l.key()), str(l.str()), 0, ""});
        } else if (l.num() != 0 || l.num_unit() != 0) {
          sample.labels.push_back(Label{str(l.key()), "", l.num(), str(l.num_unit())});
        }
      }
      p.samples.push_back(std::move(sample));
    }
    return p;
  }

 private:
  std::string str(int64_t index) const {
    if (index < 0 || index >= w_.string_table_size()) throw Error("malformed profile format");
    return w_.string_table(int(index));
  }

  const wire::Profile& w_;
};

bool looksLikeCountText(std::span<const uint8_t> data) {
  std::string_view text(reinterpret_cast<const char*>(data.data()), std::min<size_t>(data.size(), 200));
  size_t eol = text.find('\n');
  return text.substr(0, eol).find(" profile: total ") != std::string_view::npos;
}

}  // namespace

Profile parseProfile(std::span<const uint8_t> data, uint64_t maxBytes) {
  if (data.empty()) throw Error("empty input file");
  std::vector<uint8_t> inflated;
  if (isGzip(data)) {
    inflated = gunzip(data, size_t(std::min<uint64_t>(maxBytes, SIZE_MAX)));
    data = inflated;
  } else if (data.size() > maxBytes) {
    throw Error(fmt::format("profile of {} bytes, larger than the limit of {} bytes", data.size(), maxBytes));
  }
  if (looksLikeCountText(data)) {
    return parseCountProfileText(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
  }
  checkNotConcatenated(data);
  wire::Profile w;
  if (data.size() > size_t(INT32_MAX) || !w.ParseFromArray(data.data(), int(data.size()))) {
    throw Error("not a pprof profile: protobuf decoding failed");
  }
  return Converter(w).run();
}

}  // namespace gotrace::pprof
