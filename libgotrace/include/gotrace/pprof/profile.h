// pprof profiles in memory: the model that profile.proto (as runtime/pprof
// writes it: gzipped protobuf) and the count profiles' debug=1 text are
// read into and written from.
#pragma once

#include <cstdint>
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

}  // namespace gotrace::pprof
