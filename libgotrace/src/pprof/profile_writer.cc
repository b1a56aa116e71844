// Profile -> gzip-compressed profile.proto.
#include <unordered_map>

#include "gotrace/base/error.h"
#include "gotrace/io/gzip.h"
#include "gotrace/pprof/profile_writer.h"
#include "profile.pb.h"

namespace gotrace::pprof {
namespace {

class StringTable {
 public:
  StringTable() { index(""); }  // string 0 is the empty string
  int64_t index(const std::string& s) {
    auto [it, added] = ids_.try_emplace(s, int64_t(strings_.size()));
    if (added) strings_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> strings_;
};

}  // namespace

std::vector<uint8_t> encodeProfile(const Profile& p) {
  wire::Profile w;
  StringTable st;
  for (const ValueType& t : p.sampleTypes) {
    auto* v = w.add_sample_type();
    v->set_type(st.index(t.type));
    v->set_unit(st.index(t.unit));
  }
  for (const Sample& s : p.samples) {
    auto* ws = w.add_sample();
    for (uint32_t l : s.locations) ws->add_location_id(p.locations.at(l).id);
    for (int64_t v : s.values) ws->add_value(v);
    for (const Label& l : s.labels) {
      auto* wl = ws->add_label();
      wl->set_key(st.index(l.key));
      if (!l.str.empty()) {
        wl->set_str(st.index(l.str));
      } else {
        wl->set_num(l.num);
        if (!l.numUnit.empty()) wl->set_num_unit(st.index(l.numUnit));
      }
    }
  }
  for (const Mapping& m : p.mappings) {
    auto* wm = w.add_mapping();
    wm->set_id(m.id);
    wm->set_memory_start(m.memoryStart);
    wm->set_memory_limit(m.memoryLimit);
    wm->set_file_offset(m.fileOffset);
    wm->set_filename(st.index(m.filename));
    wm->set_build_id(st.index(m.buildId));
    wm->set_has_functions(m.hasFunctions);
    wm->set_has_filenames(m.hasFilenames);
    wm->set_has_line_numbers(m.hasLineNumbers);
    wm->set_has_inline_frames(m.hasInlineFrames);
  }
  for (const Location& l : p.locations) {
    auto* wl = w.add_location();
    wl->set_id(l.id);
    if (l.mapping >= 0) wl->set_mapping_id(p.mappings.at(size_t(l.mapping)).id);
    wl->set_address(l.address);
    wl->set_is_folded(l.folded);
    for (const Line& line : l.lines) {
      auto* ln = wl->add_line();
      ln->set_function_id(p.functions.at(line.function).id);
      ln->set_line(line.line);
      ln->set_column(line.column);
    }
  }
  for (const Function& f : p.functions) {
    auto* wf = w.add_function();
    wf->set_id(f.id);
    wf->set_name(st.index(f.name));
    wf->set_system_name(st.index(f.systemName));
    wf->set_filename(st.index(f.filename));
    wf->set_start_line(f.startLine);
  }
  w.set_drop_frames(st.index(p.dropFrames));
  w.set_keep_frames(st.index(p.keepFrames));
  w.set_time_nanos(p.timeNanos);
  w.set_duration_nanos(p.durationNanos);
  w.mutable_period_type()->set_type(st.index(p.periodType.type));
  w.mutable_period_type()->set_unit(st.index(p.periodType.unit));
  w.set_period(p.period);
  for (const std::string& c : p.comments) w.add_comment(st.index(c));
  if (!p.defaultSampleType.empty()) w.set_default_sample_type(st.index(p.defaultSampleType));
  if (!p.docUrl.empty()) w.set_doc_url(st.index(p.docUrl));
  for (const std::string& s : st.strings()) w.add_string_table(s);

  std::string bytes;
  if (!w.SerializeToString(&bytes)) throw Error("cannot encode the profile");
  return gzip(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace gotrace::pprof
