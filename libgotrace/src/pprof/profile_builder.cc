#include "gotrace/pprof/profile_builder.h"

namespace gotrace::pprof {

uint32_t ProfileBuilder::location(std::string_view function, std::string_view file, int64_t line, uint64_t pc) {
  auto [fit, fadded] = functions_.try_emplace({std::string(function), std::string(file)},
                                              uint32_t(profile_.functions.size()));
  if (fadded) {
    Function f;
    f.id = profile_.functions.size() + 1;
    f.name = f.systemName = std::string(function);
    f.filename = std::string(file);
    profile_.functions.push_back(std::move(f));
  }
  auto [lit, ladded] = locations_.try_emplace({pc, fit->second, line}, uint32_t(profile_.locations.size()));
  if (ladded) {
    if (profile_.mappings.empty()) {
      Mapping m;
      m.id = 1;
      m.hasFunctions = m.hasFilenames = m.hasLineNumbers = true;
      profile_.mappings.push_back(m);
    }
    Location l;
    l.id = profile_.locations.size() + 1;
    l.mapping = 0;
    l.address = pc;
    l.lines.push_back(Line{fit->second, line, 0});
    profile_.locations.push_back(std::move(l));
  }
  return lit->second;
}

void ProfileBuilder::addSample(std::vector<uint32_t> leafFirst, std::vector<int64_t> values, std::vector<Label> labels) {
  profile_.samples.push_back(Sample{std::move(leafFirst), std::move(values), std::move(labels)});
}

}  // namespace gotrace::pprof
