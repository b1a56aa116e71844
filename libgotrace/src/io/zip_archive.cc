#include "gotrace/zip_archive.h"

#include <zip.h>

#include <fmt/format.h>

#include <fstream>

#include "gotrace/error.h"

namespace gotrace {

ZipArchive::ZipArchive(const std::string& path) : path_(path) {
  int err = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!zip_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error("not a readable zip archive: " + why);
  }
}

ZipArchive::~ZipArchive() {
  if (zip_) zip_discard(zip_);
}

bool ZipArchive::has(const std::string& member) const { return zip_name_locate(zip_, member.c_str(), 0) >= 0; }

std::optional<std::vector<uint8_t>> ZipArchive::read(const std::string& member) const {
  zip_int64_t index = zip_name_locate(zip_, member.c_str(), 0);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, zip_uint64_t(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    throw Error(fmt::format("zip member {}: {}", member, zip_strerror(zip_)));
  }
  if (st.size > (uint64_t(1) << 32)) throw Error(fmt::format("zip member {}: too large ({} bytes)", member, st.size));
  zip_file_t* f = zip_fopen_index(zip_, zip_uint64_t(index), 0);
  if (!f) throw Error(fmt::format("zip member {}: {}", member, zip_strerror(zip_)));
  std::vector<uint8_t> out(size_t(st.size));
  zip_int64_t n = zip_fread(f, out.data(), out.size());
  std::string why = n < 0 ? zip_error_strerror(zip_file_get_error(f)) : "";
  zip_fclose(f);
  if (n < 0) throw Error(fmt::format("zip member {}: {}", member, why));
  if (uint64_t(n) != st.size) {
    throw Error(fmt::format("zip member {}: truncated: read {} of {} bytes", member, n, st.size));
  }
  return out;
}

bool ZipArchive::looksLikeZip(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  f.read(magic, 4);
  return f.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

}  // namespace gotrace
