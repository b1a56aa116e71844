// The pprof reader on every profile kind Go writes, checked against what
// Go's own pprof says about the same files (testdata/profiles/expected.json,
// made by scripts/pprof_expectations.py), and on malformed input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/count_profile_text.h"
#include "profile.pb.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::pprof {
namespace {

std::vector<uint8_t> readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::string errorOf(const std::vector<uint8_t>& bytes) {
  try {
    parseProfile(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ProfileReader, EveryCorpusProfileMatchesGosPprof) {
  const fs::path dir = fs::path(testing::testdataDir()) / "profiles";
  std::ifstream ef(dir / "expected.json");
  ASSERT_TRUE(ef);
  const nlohmann::json expected = nlohmann::json::parse(ef);
  int checked = 0;
  for (auto& [name, want] : expected.items()) {
    SCOPED_TRACE(name);
    Profile p = parseProfile(readFile(dir / name));
    std::vector<std::string> types;
    // Go's pprof marks the declared default sample type.
    for (const ValueType& t : p.sampleTypes) {
      types.push_back(t.type + "/" + t.unit + (t.type == p.defaultSampleType ? "[dflt]" : ""));
    }
    EXPECT_EQ(nlohmann::json(types), want["sample_types"]);
    EXPECT_EQ(p.samples.size(), want["samples"].get<size_t>());
    for (size_t i = 0; i < p.sampleTypes.size(); i++) {
      __int128 total = 0;
      for (const Sample& s : p.samples) total += s.values[i];
      EXPECT_EQ(int64_t(total), want["totals"][i].get<int64_t>()) << p.sampleTypes[i].type;
    }
    if (want.contains("top_function")) {
      // pprof's default: the declared default sample type, else the last.
      int index = p.defaultSampleType.empty() ? int(p.sampleTypes.size()) - 1 : p.sampleTypeIndex(p.defaultSampleType);
      ASSERT_GE(index, 0);
      std::map<std::string, __int128> flat;
      for (const Sample& s : p.samples) {
        if (s.locations.empty()) continue;
        const Location& leaf = p.locations[s.locations[0]];
        // pprof shows a frame without a function name as "<unknown>".
        std::string name = leaf.lines.empty() ? "" : p.functions[leaf.lines[0].function].name;
        flat[name.empty() ? "<unknown>" : name] += s.values[size_t(index)];
      }
      __int128 best = 0;
      for (auto& [f, v] : flat) best = std::max(best, v);
      const std::string top = want["top_function"];
      ASSERT_TRUE(flat.count(top)) << top;
      EXPECT_EQ(int64_t(flat[top]), int64_t(best)) << top;
    }
    checked++;
  }
  EXPECT_GE(checked, 60);
}

TEST(ProfileReader, GoroutineDebug1TextHasNamesAndLabels) {
  const fs::path dir = fs::path(testing::testdataDir()) / "profiles";
  Profile p = parseProfile(readFile(dir / "httpserver_go1.26.goroutine.debug1.txt"));
  // The first record: 55 goroutines in persistConn.writeLoop (see the file).
  ASSERT_FALSE(p.samples.empty());
  EXPECT_EQ(p.samples[0].values[0], 55);
  ASSERT_EQ(p.samples[0].locations.size(), 4u);
  const Location& loc = p.locations[p.samples[0].locations[2]];
  EXPECT_EQ(loc.address, 0x6bfd05u);
  ASSERT_EQ(loc.lines.size(), 1u);
  EXPECT_EQ(p.functions[loc.lines[0].function].name, "net/http.(*persistConn).writeLoop");
  EXPECT_EQ(p.functions[loc.lines[0].function].filename, "net/http/transport.go");
  EXPECT_EQ(loc.lines[0].line, 2657);

  Profile labeled = parseCountProfileText(
      "goroutine profile: total 3\n"
      "3 @ 0x11 0x22\n"
      "# labels: {\"phase\":\"compute\", \"worker\":\"a \\\"b\\\"\"}\n"
      "#\t0x10\tmain.work+0x4\tmain.go:7\n"
      "\n");
  ASSERT_EQ(labeled.samples.size(), 1u);
  ASSERT_EQ(labeled.samples[0].labels.size(), 2u);
  EXPECT_EQ(labeled.samples[0].labels[1].key, "worker");
  EXPECT_EQ(labeled.samples[0].labels[1].str, "a \"b\"");
  EXPECT_EQ(labeled.functions.at(0).name, "main.work");
}

wire::Profile minimal() {
  wire::Profile w;
  w.add_string_table("");
  w.add_string_table("goroutine");
  w.add_string_table("count");
  auto* t = w.add_sample_type();
  t->set_type(1);
  t->set_unit(2);
  return w;
}

std::vector<uint8_t> bytesOf(const wire::Profile& w) {
  std::string s = w.SerializeAsString();
  return std::vector<uint8_t>(s.begin(), s.end());
}

TEST(ProfileReader, PlainProtobufAndUnpackedValues) {
  wire::Profile w = minimal();
  auto* f = w.add_function();
  f->set_id(7);
  f->set_name(1);
  auto* l = w.add_location();
  l->set_id(3);
  l->add_line()->set_function_id(7);
  auto* s = w.add_sample();
  s->add_location_id(3);
  s->add_value(-5);
  Profile p = parseProfile(bytesOf(w));
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].values[0], -5);
  EXPECT_EQ(p.functions[p.locations[p.samples[0].locations[0]].lines[0].function].name, "goroutine");
}

TEST(ProfileReader, MalformedProfiles) {
  EXPECT_EQ(errorOf({}), "empty input file");
  EXPECT_EQ(errorOf({0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02}).rfind("gzip: ", 0), 0u);
  EXPECT_EQ(errorOf({0xff, 0xff, 0xff}), "not a pprof profile: protobuf decoding failed");
  {
    wire::Profile w = minimal();
    w.add_sample()->add_value(1);
    w.mutable_sample(0)->add_value(2);
    EXPECT_EQ(errorOf(bytesOf(w)), "malformed profile: mismatch: sample has 2 values vs. 1 types");
  }
  {
    wire::Profile w;
    w.add_string_table("");
    w.add_sample()->add_value(1);
    EXPECT_EQ(errorOf(bytesOf(w)), "malformed profile: missing sample type information");
  }
  {
    wire::Profile w = minimal();
    auto* s = w.add_sample();
    s->add_value(1);
    s->add_location_id(99);
    EXPECT_EQ(errorOf(bytesOf(w)), "malformed profile: profile has nil location");
  }
  {
    wire::Profile w = minimal();
    w.mutable_sample_type(0)->set_type(40);
    EXPECT_EQ(errorOf(bytesOf(w)), "malformed profile format");
  }
  {
    wire::Profile w = minimal();
    w.add_location()->set_id(0);
    EXPECT_EQ(errorOf(bytesOf(w)), "malformed profile: found location with reserved id=0");
  }
  {
    wire::Profile w = minimal();
    w.set_time_nanos(1);
    auto once = bytesOf(w);
    auto twice = once;
    twice.insert(twice.end(), once.begin(), once.end());
    EXPECT_EQ(errorOf(twice), "concatenated profiles detected");
  }
}

}  // namespace
}  // namespace gotrace::pprof
