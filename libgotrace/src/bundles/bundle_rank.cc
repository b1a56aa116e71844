#include "gotrace/bundles/bundle_rank.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/sample_filter.h"

namespace gotrace::bundles {

std::string formatScore(Score s) {
  if (s == 0) return "0";
  const bool negative = s < 0;
  // Work with the magnitude in unsigned arithmetic (the minimum has no positive twin).
  unsigned __int128 m = negative ? ~(unsigned __int128)(s) + 1 : (unsigned __int128)(s);
  std::string digits;
  while (m > 0) {
    digits.push_back(char('0' + int(m % 10)));
    m /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

namespace {

struct Scored {
  bool present = false;
  Score score = 0;
  std::string sampleType;
  std::optional<std::string> problem;
  bool hasProfile = false;
  bool missingType = false;  // the profile lacks -sample-type (the problem says which it has)
};

Scored scoreBundle(const Bundle& b, const RankOptions& o, const pprof::SampleFilter& filter) {
  Scored out;
  try {
    auto bytes = b.read("pprof/" + o.profile);
    if (!bytes) return out;
    out.hasProfile = true;
    pprof::Profile p = pprof::parseProfile(*bytes, b.maxBytes());
    const std::string& want = o.sampleType.empty() ? p.defaultSampleType : o.sampleType;
    int index = p.sampleTypeIndex(want);
    if (index < 0 && !o.sampleType.empty()) {
      // Unlike the original, which summed the first type instead.
      std::string types;
      for (const auto& t : p.sampleTypes) types += (types.empty() ? "" : " ") + t.type;
      out.missingType = true;
      out.problem = fmt::format("pprof/{} has no sample type {} (it has: {})", o.profile, o.sampleType,
                                types.empty() ? "none" : types);
      return out;
    }
    if (index < 0) index = 0;  // no default declared: the first sample type, as the original
    if (p.sampleTypes.empty()) return out;
    out.sampleType = p.sampleTypes[size_t(index)].type;
    for (size_t i : filter.apply(p)) out.score += p.samples[i].values[size_t(index)];
    out.present = true;
  } catch (const Error& e) {
    out.problem = "pprof/" + o.profile + ": " + e.describe();
  } catch (const std::bad_alloc&) {
    out.present = false;
    out.problem = "pprof/" + o.profile + ": out of memory";
  } catch (const std::exception& e) {
    // Nothing else may end a scoring thread (that would abort the tool).
    out.present = false;
    out.problem = "pprof/" + o.profile + ": " + e.what();
  }
  return out;
}

}  // namespace

Ranking rankBundles(const std::vector<const Bundle*>& bundles, const RankOptions& o) {
  const pprof::SampleFilter filter(o.focus, o.ignore);
  std::vector<Scored> scored(bundles.size());
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < bundles.size();) {
      scored[i] = scoreBundle(*bundles[i], o, filter);
      done.fetch_add(1);
    }
  };
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::min<size_t>(threads, std::max<size_t>(bundles.size(), 1)));
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; t++) pool.emplace_back(work);
  if (o.progress) {
    while (done.load() < bundles.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      o.progress(done.load(), bundles.size());
    }
  }
  pool.clear();  // joins

  Ranking r;
  std::vector<RankedBundle> present;
  for (size_t i = 0; i < bundles.size(); i++) {
    r.withProfile += scored[i].hasProfile;
    if (scored[i].problem) {
      (scored[i].missingType ? r.missingSampleType : r.problems).push_back({bundles[i]->path(), *scored[i].problem});
    }
    if (scored[i].present) present.push_back({bundles[i], scored[i].score, scored[i].sampleType});
  }
  if (o.vsPrev) {
    // The change from the previous bundle of the same process that has this
    // profile; a process's first such bundle has nothing to compare with.
    std::map<std::string, std::vector<RankedBundle>> byProcess;
    for (const RankedBundle& rb : present) byProcess[rb.bundle->meta().procId].push_back(rb);
    present.clear();
    for (auto& [proc, list] : byProcess) {
      std::stable_sort(list.begin(), list.end(), [](const RankedBundle& a, const RankedBundle& b) {
        return a.bundle->meta().captureTime < b.bundle->meta().captureTime;
      });
      for (size_t i = 1; i < list.size(); i++) {
        RankedBundle rb = list[i];
        rb.score = list[i].score - list[i - 1].score;
        present.push_back(rb);
      }
    }
  }
  std::stable_sort(present.begin(), present.end(), [](const RankedBundle& a, const RankedBundle& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.bundle->meta().captureTime != b.bundle->meta().captureTime) {
      return a.bundle->meta().captureTime > b.bundle->meta().captureTime;
    }
    return a.bundle->meta().procId > b.bundle->meta().procId;
  });
  r.ranked = std::move(present);
  return r;
}

}  // namespace gotrace::bundles
