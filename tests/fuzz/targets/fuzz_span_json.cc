// Fuzz target: regiongraph's JSON as etviz reads it, drawn; scope's lines
// as scope_chart reads them, drawn.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gotrace/base/error.h"
#include "gotrace/commands/scope_lines.h"
#include "gotrace/commands/span_json_reader.h"
#include "gotrace/render/request_bands_svg.h"
#include "gotrace/render/scope_chart_svg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto trees = gotrace::selectRequestTrees(gotrace::commands::readSpanTreesJson(text), "");
    gotrace::RequestBandsOptions options;
    options.details = size % 2 == 1;
    gotrace::renderRequestBandsSvg(std::move(trees), options);
  } catch (const gotrace::Error&) {
  }
  try {
    size_t skipped = 0;
    gotrace::renderScopeChartSvg(gotrace::commands::readScopeSamples(text, skipped), gotrace::ScopeLanes::Stack);
  } catch (const gotrace::Error&) {
  }
  return 0;
}
