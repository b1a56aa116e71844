// damage_check: feeds damaged copies of real inputs to the decoders and
// checks that each either reads or fails with a clean error: no crash, no
// sanitizer report (run it in a sanitizer build), no hang, no exception of
// another kind. For every file: TRUNCATIONS copies cut at random offsets and
// MUTATIONS copies with one random byte changed, from a fixed seed.
//
//   damage_check [--truncations N] [--mutations N] [--seed S] [--timeout SECONDS] FILE...
//
// Traces are read to the end (every event formatted as -d=parsed does and
// fed to the goroutine timelines); profiles are parsed; zip bundles are
// opened and every member parsed (meta as JSON, pprof/ files as profiles).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gotrace/bundles/bundle_meta.h"
#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/trace/trace_reader.h"
#include "gotrace/io/zip_archive.h"

namespace {

using Bytes = std::vector<uint8_t>;

enum class Kind { Trace, Profile, Zip };

Kind kindOf(const Bytes& b) {
  if (b.size() >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return Kind::Zip;
  if (b.size() >= 5 && std::memcmp(b.data(), "go 1.", 5) == 0) return Kind::Trace;
  return Kind::Profile;
}

void readTrace(const Bytes& bytes) {
  auto reader = gotrace::TraceReader::open(gotrace::Input::fromMemory(bytes, "damaged"));
  std::string text;
  gotrace::StackTextCache stacks;
  std::optional<gotrace::Error> damage;
  const gotrace::GoroutineTimelines t = gotrace::GoroutineTimelines::read(*reader, &damage);
  (void)t;
  // Again, as the dump reads it.
  auto again = gotrace::TraceReader::open(gotrace::Input::fromMemory(bytes, "damaged"));
  gotrace::Event ev;
  while (again->next(ev)) {
    text.clear();
    gotrace::appendEventParsed(text, ev, again->tables(), stacks);
  }
}

void readZip(const Bytes& bytes) {
  gotrace::ZipArchive zip(bytes, "damaged.zip");
  for (const std::string& member : zip.members()) {
    auto data = zip.read(member);
    if (!data) continue;
    if (member == "meta") {
      gotrace::bundles::parseMeta(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
    } else if (member.rfind("pprof/", 0) == 0 && member != "pprof/trace") {
      gotrace::pprof::parseProfile(*data);
    }
  }
}

struct Totals {
  size_t runs = 0, clean = 0, errors = 0;
};

}  // namespace

int main(int argc, char** argv) {
  size_t truncations = 20, mutations = 100;
  uint64_t seed = 1;
  int timeoutSeconds = 10;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "damage_check: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--truncations") {
      truncations = std::stoul(value());
    } else if (a == "--mutations") {
      mutations = std::stoul(value());
    } else if (a == "--seed") {
      seed = std::stoull(value());
    } else if (a == "--timeout") {
      timeoutSeconds = std::stoi(value());
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: damage_check [--truncations N] [--mutations N] [--seed S] [--timeout SECONDS] FILE...\n";
    return 2;
  }

  // A watchdog: one damaged input taking longer than the timeout is a hang.
  std::atomic<int64_t> runStarted{0};
  std::string current;
  std::atomic<bool> finished{false};
  std::thread watchdog([&] {
    while (!finished.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const int64_t started = runStarted.load();
      const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
      if (started != 0 && now - started > int64_t(timeoutSeconds) * 1'000'000'000) {
        std::cerr << "damage_check: HANG: " << current << " took over " << timeoutSeconds << " s\n";
        std::_Exit(3);
      }
    }
  });

  Totals totals;
  int failures = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    const Bytes original((std::istreambuf_iterator<char>(in)), {});
    if (original.empty()) continue;
    const Kind kind = kindOf(original);
    std::mt19937_64 rng(seed ^ std::hash<std::string>()(file));
    for (size_t n = 0; n < truncations + mutations; n++) {
      Bytes bytes = original;
      std::string what;
      if (n < truncations) {
        const size_t cut = size_t(rng() % original.size());
        bytes.resize(cut);
        what = file + " cut at " + std::to_string(cut);
      } else {
        const size_t at = size_t(rng() % original.size());
        const uint8_t old = bytes[at];
        do {
          bytes[at] = uint8_t(rng());
        } while (bytes[at] == old);
        what = file + " byte " + std::to_string(at) + " changed " + std::to_string(old) + " -> " +
               std::to_string(bytes[at]);
      }
      current = what;
      runStarted.store(std::chrono::steady_clock::now().time_since_epoch().count());
      totals.runs++;
      try {
        switch (kind) {
          case Kind::Trace: readTrace(bytes); break;
          case Kind::Profile: gotrace::pprof::parseProfile(bytes); break;
          case Kind::Zip: readZip(bytes); break;
        }
        totals.clean++;
      } catch (const gotrace::Error& e) {
        totals.errors++;
        if (std::string(e.what()).empty()) {
          std::cerr << "damage_check: FAIL: " << what << ": an error without a message\n";
          failures++;
        }
      } catch (const std::exception& e) {
        std::cerr << "damage_check: FAIL: " << what << ": " << e.what() << " (not a clean error)\n";
        failures++;
      }
      runStarted.store(0);
    }
  }
  finished.store(true);
  watchdog.join();
  std::cout << totals.runs << " damaged inputs from " << files.size() << " files: " << totals.clean << " read, "
            << totals.errors << " clean errors, " << failures << " failures\n";
  return failures == 0 ? 0 : 1;
}
