#include "gotrace/commands/apshuffle.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <chrono>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "gotrace/base/utf8.h"
#include "gotrace/bundles/bundle_pile.h"
#include "gotrace/bundles/bundle_rank.h"
#include "gotrace/pprof/sample_filter.h"

namespace gotrace::commands {
namespace {

void appendRankedJson(std::string& out, const bundles::RankedBundle& r) {
  nlohmann::ordered_json j;
  j["path"] = toValidUtf8(r.bundle->path());
  j["host"] = toValidUtf8(r.bundle->meta().hostname);
  j["proc_id"] = r.bundle->meta().procId;
  j["capture_time"] = toValidUtf8(r.bundle->meta().captureTimeText);
  j["score"] = nlohmann::ordered_json::parse(bundles::formatScore(r.score));
  j["sample_type"] = toValidUtf8(r.sampleType);
  out += j.dump();
  out += '\n';
}

}  // namespace

int runApshuffle(const ApshuffleOptions& options, cli::Console& console) {
  bundles::RankOptions rank;
  rank.profile = options.profile;
  rank.sampleType = options.sampleType;
  rank.focus = options.focus;
  rank.vsPrev = options.vsPrev;
  rank.threads = options.threads;
  if (options.ignore.size() > 1) throw UsageError("-ignore may be given only once (combine patterns with |)");
  if (!options.ignore.empty()) rank.ignore = options.ignore.front();
  try {
    pprof::SampleFilter check(rank.focus, rank.ignore);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }

  if (!options.writeLinks && !options.hosts && options.profile.empty()) {
    throw UsageError("nothing to do: give -profile-sort=NAME, -hosts or -write-links");
  }
  if (options.maxBytes == 0) throw UsageError("-max-size must be at least 1 (MiB)");

  bundles::BundlePile pile = bundles::findBundles(options.pile, options.maxBytes);
  bool damaged = false;
  auto report = [&](const std::vector<bundles::BundleProblem>& problems) {
    for (const auto& p : problems) {
      console.warn(displayName(p.path), p.message + " (skipped)");
      damaged = true;
    }
  };
  report(pile.problems);

  if (options.writeLinks) {
    const bundles::LinkResult links = bundles::writeLinks(pile);
    report(links.problems);
    if (links.archives) {
      console.warn(fmt::format("-write-links: {} zip bundles passed over (links go in extracted bundle directories)",
                               links.archives));
    }
    return damaged ? 1 : 0;
  }

  std::vector<const bundles::Bundle*> chosen;
  for (const auto& b : pile.bundles) {
    if (!options.withTrace || b->hasFile("pprof/trace")) chosen.push_back(b.get());
  }
  OutputBuffer& out = console.out();
  if (options.hosts) {
    for (const std::string& h : bundles::sortedHosts(chosen)) out.write(displayName(h) + "\n");
    return damaged ? 1 : 0;
  }
  // The profile name is a file name under pprof/.
  if (rank.profile.find('/') != std::string::npos || rank.profile == "." || rank.profile == "..") {
    throw UsageError("-profile-sort names a file under pprof/, e.g. goroutine or heap");
  }

  // Shown after a second, a few times a second (Console's progress line).
  rank.progress = [&](size_t done, size_t total) {
    console.progress(fmt::format("scored {} of {} bundles", done, total));
  };
  const bundles::Ranking ranking = bundles::rankBundles(chosen, rank);
  console.progressDone();
  report(ranking.problems);
  if (!ranking.missingSampleType.empty()) {
    // No bundle has the type: the flag is wrong. Some have it: the others
    // are left out, and said so.
    if (ranking.missingSampleType.size() + ranking.problems.size() == ranking.withProfile) {
      throw UsageError("-sample-type: " + ranking.missingSampleType.front().message);
    }
    report(ranking.missingSampleType);
  }
  if (ranking.withProfile == 0) {
    console.warn(fmt::format("no bundle{} has pprof/{}", options.withTrace ? " with a trace" : "", rank.profile));
    return 1;
  }
  for (const auto& r : ranking.ranked) {
    if (options.json) {
      appendRankedJson(out.buffer(), r);
    } else {
      out.buffer() += displayName(r.bundle->path()) + " " + bundles::formatScore(r.score) + "\n";
    }
    out.maybeFlush();
  }
  return damaged ? 1 : 0;
}

}  // namespace gotrace::commands
