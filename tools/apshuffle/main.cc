// apshuffle: rank a pile of Autoprof profile bundles by what their profiles show.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "gotrace/bundles/bundle.h"
#include "gotrace/bundles/bundle_rank.h"
#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/pprof/sample_filter.h"

namespace {

constexpr const char* kExamples = R"(  apshuffle -profile-sort=goroutine -focus=ServeHTTP -focus=sync...Mutex..Lock | head -n 30
  apshuffle -profile-sort=heap -sample-type=inuse_space -vs-prev | head -n 30
  apshuffle -profile-sort=profile -with-trace | head -n 30
  apshuffle -C ./store -profile-sort=mutex -focus=ServeHTTP -json | jq -r .path
  apshuffle -hosts
  apshuffle -write-links   # then: go tool pprof -base BUNDLE/_link/prev/pprof/heap BUNDLE/pprof/heap
)";

std::string jsonScore(gotrace::bundles::Score s) { return gotrace::bundles::formatScore(s); }

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("apshuffle",
                          "Rank Autoprof profile bundles (directories holding `meta`, or the zip files Autoprof "
                          "writes) by their profiles.",
                          kExamples);
  CLI::App& app = tool.app();
  std::string dir = ".";
  gotrace::bundles::RankOptions options;
  std::vector<std::string> focus;
  std::vector<std::string> ignore;
  bool withTrace = false, hosts = false, writeLinks = false, json = false;
  app.add_option("-C,--C", dir, "the pile: paths are printed relative to it")->capture_default_str();
  app.add_option("--profile-sort", options.profile,
                 "score bundles by this profile (the file under pprof/): goroutine, heap, allocs, profile, mutex, ...");
  app.add_option("--sample-type", options.sampleType,
                 "the sample type to sum (inuse_space, alloc_objects, delay, ...); default: the profile's own");
  gotrace::cli::addRepeatedOption(app, "--focus", focus,
                                  "keep samples with a frame matching this regexp; repeat: all must match");
  gotrace::cli::addRepeatedOption(app, "--ignore", ignore,
                                  "drop samples with a frame matching this regexp (at most once)");
  app.add_flag("--vs-prev", options.vsPrev, "score the change from the previous bundle of the same process");
  app.add_flag("--with-trace", withTrace, "only bundles that carry an execution trace (pprof/trace)");
  app.add_flag("--hosts", hosts, "print the hosts of the pile and exit");
  app.add_flag("--write-links", writeLinks, "link each bundle to its process's previous/next bundle (_link/) and exit");
  app.add_flag("--json", json, "one JSON object per bundle instead of DIR SCORE lines");
  app.add_option("--threads", options.threads, "bundles scored at once (default: one per core)");

  return tool.run(argc, argv, [&]() -> int {
    options.focus = focus;
    if (ignore.size() > 1) return tool.usageError("-ignore may be given only once (combine patterns with |)");
    if (!ignore.empty()) options.ignore = ignore.front();
    try {
      gotrace::pprof::SampleFilter check(options.focus, options.ignore);
    } catch (const gotrace::Error& e) {
      return tool.usageError(e.what());
    }

    gotrace::bundles::BundlePile pile = gotrace::bundles::findBundles(dir);
    bool damaged = false;
    auto report = [&](const std::vector<gotrace::bundles::BundleProblem>& problems) {
      for (const auto& p : problems) {
        std::cerr << "apshuffle: " << p.path << ": " << p.message << " (skipped)\n";
        damaged = true;
      }
    };
    report(pile.problems);
    gotrace::OutputBuffer out;

    if (writeLinks) {
      size_t archives = gotrace::bundles::writeLinks(pile);
      if (archives) {
        std::cerr << "apshuffle: -write-links: " << archives
                  << " zip bundles passed over (links go in extracted bundle directories)\n";
      }
      return damaged ? 1 : 0;
    }

    std::vector<const gotrace::bundles::Bundle*> bundles;
    for (const auto& b : pile.bundles) {
      if (!withTrace || b->hasFile("pprof/trace")) bundles.push_back(b.get());
    }
    if (hosts) {
      for (const std::string& h : gotrace::bundles::sortedHosts(bundles)) out.write(h + "\n");
      out.flush();
      return damaged ? 1 : 0;
    }
    if (options.profile.empty()) return damaged ? 1 : 0;
    // The profile name is a file name under pprof/.
    if (options.profile.find('/') != std::string::npos || options.profile == "." || options.profile == "..") {
      return tool.usageError("-profile-sort names a file under pprof/, e.g. goroutine or heap");
    }

    const bool terminal = isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    bool progressShown = false;
    if (terminal) {
      options.progress = [&](size_t done, size_t total) {
        if (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) return;
        std::fprintf(stderr, "\rapshuffle: scored %zu of %zu bundles", done, total);
        progressShown = true;
      };
    }
    gotrace::bundles::Ranking ranking = gotrace::bundles::rankBundles(bundles, options);
    if (progressShown) std::fprintf(stderr, "\r\033[K");
    report(ranking.problems);
    if (ranking.ranked.empty() && ranking.problems.empty() && !bundles.empty() && !options.vsPrev) {
      std::cerr << "apshuffle: no bundle has pprof/" << options.profile << "\n";
    }
    for (const auto& r : ranking.ranked) {
      if (json) {
        nlohmann::ordered_json j;
        j["path"] = r.bundle->path();
        j["host"] = r.bundle->meta().hostname;
        j["proc_id"] = r.bundle->meta().procId;
        j["capture_time"] = r.bundle->meta().captureTimeText;
        j["score"] = nlohmann::ordered_json::parse(jsonScore(r.score));
        j["sample_type"] = r.sampleType;
        out.write(j.dump() + "\n");
      } else {
        out.write(r.bundle->path() + " " + gotrace::bundles::formatScore(r.score) + "\n");
      }
    }
    out.flush();
    return damaged ? 1 : 0;
  });
}
