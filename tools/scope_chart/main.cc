// scope_chart: scope's samples drawn as an oscilloscope screen (SVG).
#include <iostream>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "gotrace/io/output.h"
#include "gotrace/render/scope_chart_svg.h"

namespace {

constexpr const char* kExamples = R"(  scope -input=trace.out > tls.txt; scope_chart -input=tls.txt -output=tls.svg
  scope -json traces/*.trace | scope_chart > tls.svg
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("scope_chart",
                          "Draw scope's samples (text or -json lines) as an oscilloscope screen: one lane per stack, "
                          "a mark per sample at its position in its region.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("scope output", /*stdinByDefault=*/true);
  std::string output;
  app.add_option("--output", output, "write the SVG here (default: stdout)");

  return tool.run(argc, argv, [&]() -> int {
    gotrace::Input input = gotrace::Input::open(tool.inputPath());
    const auto bytes = input.readAll();
    size_t skipped = 0;
    std::string svg;
    try {
      const auto samples = gotrace::readScopeSamples(
          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), skipped);
      svg = gotrace::renderScopeChartSvg(samples);
    } catch (gotrace::Error& e) {
      e.setFile(input.name());
      throw;
    }
    if (skipped > 0) std::cerr << "scope_chart: " << input.name() << ": skipped " << skipped << " lines that are not scope samples\n";
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
