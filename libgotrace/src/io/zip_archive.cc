#include "gotrace/io/zip_archive.h"

#include <zip.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "gotrace/base/error.h"

namespace gotrace {

ZipArchive::ZipArchive(const std::string& path) : path_(path) {
  std::error_code ec;
  size_ = std::filesystem::file_size(path, ec);
  zip_error_t ze;
  zip_error_init(&ze);
  ::zip_source* source = zip_source_file_create(path.c_str(), 0, -1, &ze);
  if (!source) {
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error("not a readable zip archive: " + why);
  }
  zip_error_fini(&ze);
  open(source);
}

ZipArchive::ZipArchive(std::span<const uint8_t> data, std::string name) : path_(std::move(name)), size_(data.size()) {
  zip_error_t ze;
  zip_error_init(&ze);
  ::zip_source* source = zip_source_buffer_create(data.data(), data.size(), 0, &ze);
  zip_error_fini(&ze);
  if (!source) throw Error("not a readable zip archive: out of memory");
  open(source);
}

void ZipArchive::open(::zip_source* source) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_ = zip_open_from_source(source, ZIP_RDONLY, &ze);
  if (!zip_) {
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    zip_source_free(source);
    throw Error("not a readable zip archive: " + why);
  }
  zip_error_fini(&ze);
}

std::vector<std::string> ZipArchive::members() const {
  std::vector<std::string> out;
  const zip_int64_t n = zip_get_num_entries(zip_, 0);
  for (zip_int64_t i = 0; i < n; i++) {
    const char* name = zip_get_name(zip_, zip_uint64_t(i), 0);
    if (name) out.emplace_back(name);
  }
  return out;
}

ZipArchive::~ZipArchive() {
  if (zip_) zip_discard(zip_);
}

bool ZipArchive::has(const std::string& member) const { return zip_name_locate(zip_, member.c_str(), 0) >= 0; }

std::optional<std::vector<uint8_t>> ZipArchive::read(const std::string& member, uint64_t maxBytes) const {
  zip_int64_t index = zip_name_locate(zip_, member.c_str(), 0);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, zip_uint64_t(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    throw Error(fmt::format("zip member {}: {}", member, zip_strerror(zip_)));
  }
  // A damaged directory can claim any size: a member is at most the size of
  // the whole archive when stored, and compresses at most ~1000:1 otherwise.
  const bool stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
  const uint64_t limit = stored ? size_ : std::min<uint64_t>(size_ * 1032 + 4096, uint64_t(1) << 32);
  if (st.size > limit) {
    throw Error(fmt::format("zip member {}: implausible size ({} bytes in a {}-byte archive)", member, st.size, size_));
  }
  if (st.size > maxBytes) {
    throw Error(fmt::format("zip member {}: {} bytes uncompressed, larger than the limit of {} bytes", member, st.size,
                            maxBytes));
  }
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
