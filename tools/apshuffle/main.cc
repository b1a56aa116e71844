// apshuffle: rank a pile of Autoprof profile bundles by what their profiles show.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/apshuffle.h"

namespace {

constexpr const char* kExamples = R"(  apshuffle -profile-sort=goroutine -focus=ServeHTTP -focus=sync...Mutex..Lock | head -n 30
  apshuffle -profile-sort=heap -sample-type=inuse_space -vs-prev | head -n 30
  apshuffle -profile-sort=profile -with-trace | head -n 30
  apshuffle -C ./store -profile-sort=mutex -focus=ServeHTTP -json | jq -r .path
  apshuffle -hosts
  apshuffle -write-links   # then: go tool pprof -base BUNDLE/_link/prev/pprof/heap BUNDLE/pprof/heap
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("apshuffle",
                          "Rank Autoprof profile bundles (directories holding `meta`, or the zip files Autoprof "
                          "writes) by their profiles. One of -profile-sort, -hosts or -write-links is required.",
                          kExamples);
  gotrace::commands::ApshuffleOptions options;
  uint64_t maxMiB = options.maxBytes >> 20;
  CLI::App& app = tool.app();
  app.add_option("-C,--C", options.pile, "the pile: paths are printed relative to it")->capture_default_str();
  app.add_option("--profile-sort", options.profile,
                 "score bundles by this profile (the file under pprof/): goroutine, heap, allocs, profile, mutex, ...");
  app.add_option("--sample-type", options.sampleType,
                 "the sample type to sum (inuse_space, alloc_objects, delay, ...); default: the profile's own");
  gotrace::cli::addRepeatedOption(app, "--focus", options.focus,
                                  "keep samples with a frame matching this regexp; repeat: all must match");
  gotrace::cli::addRepeatedOption(app, "--ignore", options.ignore,
                                  "drop samples with a frame matching this regexp (at most once)");
  app.add_flag("--vs-prev", options.vsPrev, "score the change from the previous bundle of the same process");
  app.add_flag("--with-trace", options.withTrace, "only bundles that carry an execution trace (pprof/trace)");
  app.add_option("--max-size", maxMiB,
                 "the largest meta, bundle member or uncompressed profile read, in MiB; larger ones are reported "
                 "and skipped")
      ->capture_default_str();
  app.add_flag("--hosts", options.hosts, "print the hosts of the pile and exit");
  app.add_flag("--write-links", options.writeLinks,
               "link each bundle to its process's previous/next bundle (_link/) and exit");
  app.add_flag("--json", options.json, "one JSON object per bundle instead of DIR SCORE lines");
  app.add_option("--threads", options.threads, "bundles scored at once (default: one per core)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) {
    options.maxBytes = maxMiB > (uint64_t(1) << 40) ? uint64_t(1) << 60 : maxMiB << 20;
    return runApshuffle(options, console);
  });
}
