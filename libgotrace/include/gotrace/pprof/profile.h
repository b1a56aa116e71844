// pprof profiles (profile.proto, as runtime/pprof writes them: gzipped
// protobuf) and the goroutine profile's debug=1 text form, in one model.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gotrace::pprof {

struct ValueType {
  std::string type;
  std::string unit;
};

struct Function {
  uint64_t id = 0;
  std::string name;
  std::string systemName;
  std::string filename;
  int64_t startLine = 0;
};

struct Mapping {
  uint64_t id = 0;
  uint64_t memoryStart = 0, memoryLimit = 0, fileOffset = 0;
  std::string filename;
  std::string buildId;
  bool hasFunctions = false, hasFilenames = false, hasLineNumbers = false, hasInlineFrames = false;
};

struct Line {
  uint32_t function = 0;  // index into Profile::functions
  int64_t line = 0;
  int64_t column = 0;
};

struct Location {
  uint64_t id = 0;
  int32_t mapping = -1;  // index into Profile::mappings, -1 for none
  uint64_t address = 0;
  std::vector<Line> lines;  // innermost (inlined) first, outermost caller last
  bool folded = false;
};

struct Label {
  std::string key;
  std::string str;  // a string label when non-empty
  int64_t num = 0;
  std::string numUnit;
};

struct Sample {
  std::vector<uint32_t> locations;  // indices into Profile::locations, leaf first
  std::vector<int64_t> values;      // one per sample type
  std::vector<Label> labels;
};

struct Profile {
  std::vector<ValueType> sampleTypes;
  std::vector<Sample> samples;
  std::vector<Mapping> mappings;
  std::vector<Location> locations;
  std::vector<Function> functions;
  std::vector<std::string> comments;
  std::string dropFrames, keepFrames;
  std::string defaultSampleType;  // empty when the profile declares none
  std::string docUrl;
  int64_t timeNanos = 0;
  int64_t durationNanos = 0;
  ValueType periodType;
  int64_t period = 0;

  // The index of the sample type named `type`, or -1.
  int sampleTypeIndex(std::string_view type) const;
};

// Parses a profile: gzip-compressed or plain protobuf, or a count profile's
// debug=1 text ("goroutine profile: total N"). Throws Error (with the byte
// offset where known) for anything else.
Profile parseProfile(std::span<const uint8_t> data);

// The debug=1 text of a count profile (goroutine, threadcreate): stacks with
// counts, frame names and files from the "#" lines, labels.
Profile parseCountProfileText(std::string_view text);

// The profile as runtime/pprof writes it: gzip-compressed profile.proto.
// Ids of functions, mappings and locations must be set (non-zero); sample
// locations are leaf first.
std::vector<uint8_t> encodeProfile(const Profile& profile);

// Builds a profile from stack frames: functions and locations are interned
// (by name and file; by address, function and line), ids assigned from 1.
class ProfileBuilder {
 public:
  explicit ProfileBuilder(Profile base = {}) : profile_(std::move(base)) {}

  // The location of one frame.
  uint32_t location(std::string_view function, std::string_view file, int64_t line, uint64_t pc);
  // A sample; `leafFirst` are location indices.
  void addSample(std::vector<uint32_t> leafFirst, std::vector<int64_t> values, std::vector<Label> labels = {});

  Profile& profile() { return profile_; }

 private:
  Profile profile_;
  std::map<std::pair<std::string, std::string>, uint32_t> functions_;
  std::map<std::tuple<uint64_t, uint32_t, int64_t>, uint32_t> locations_;
};

}  // namespace gotrace::pprof
