// Fuzz target: Autoprof bundle zips, their meta JSON and their profiles.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gotrace/bundles/bundle_meta.h"
#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/io/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    gotrace::ZipArchive zip({data, size}, "fuzz.zip");
    for (const std::string& member : zip.members()) {
      try {
        auto bytes = zip.read(member);
        if (!bytes) continue;
        if (member == "meta") {
          gotrace::bundles::parseMeta(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
        } else if (member.rfind("pprof/", 0) == 0) {
          gotrace::pprof::parseProfile(*bytes);
        }
      } catch (const gotrace::Error&) {
      }
    }
  } catch (const gotrace::Error&) {
  }
  // The meta parser on its own.
  try {
    gotrace::bundles::parseMeta(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const gotrace::Error&) {
  }
  return 0;
}
