// etviz: regiongraph's span trees as an SVG of request bands over time.
#include <string_view>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "gotrace/io/output.h"
#include "gotrace/render/request_bands_svg.h"
#include "gotrace/commands/span_json.h"

namespace {

constexpr const char* kExamples = R"(  regiongraph -input=trace.out -summarize > r.json; etviz -input=r.json -output=requests.svg
  regiongraph -input=trace.out -json | etviz > requests.svg
  regiongraph -input=trace.out -json | etviz -details -output=requests-detail.svg
  regiongraph -input=trace.out -json | etviz -kind=client/http_roundtrip -output=outbound.svg
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etviz",
                          "Draw regiongraph's span trees (-json or -summarize output) as an SVG: one band per "
                          "request, coloured by what its goroutines did, at its arrival time and then from zero.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("JSON", /*stdinByDefault=*/true);
  std::string output, kind;
  gotrace::RequestBandsOptions options;
  app.add_option("--output", output, "write the SVG here (default: stdout)");
  app.add_flag("--details", options.details, "one band per span (goroutine's stretch of work) of each tree");
  app.add_option("--kind", kind,
                 "draw the trees whose root kind matches this regexp (default: server/http if present, else all)");

  return tool.run(argc, argv, [&]() -> int {
    gotrace::Input input = gotrace::Input::open(tool.inputPath());
    const auto bytes = input.readAll();
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    std::string svg;
    try {
      svg = gotrace::renderRequestBandsSvg(
          gotrace::selectRequestTrees(gotrace::readSpanTreesJson(text), kind), options);
    } catch (gotrace::Error& e) {
      e.setFile(input.name());
      throw;
    }
    if (output.empty() || output == "-") {
      gotrace::OutputBuffer out;
      out.write(svg);
      out.flush();
    } else {
      gotrace::writeFileWhole(output, svg);
    }
    return 0;
  });
}
