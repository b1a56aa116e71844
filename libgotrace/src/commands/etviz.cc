#include "gotrace/commands/etviz.h"

#include "gotrace/base/error.h"
#include "gotrace/commands/span_json_reader.h"
#include "gotrace/io/input.h"
#include "gotrace/render/request_bands_svg.h"

namespace gotrace::commands {

int runEtviz(const EtvizOptions& options, cli::Console& console) {
  Input input = Input::open(options.input);
  const auto bytes = input.readAll();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const std::string svg = withFile(input.name(), [&] {
    return renderRequestBandsSvg(selectRequestTrees(readSpanTreesJson(text), options.kind), {options.details});
  });
  console.writeWhole(options.output, svg);
  return 0;
}

}  // namespace gotrace::commands
