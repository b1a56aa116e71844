#include "gotrace/io/gzip.h"

#include <zlib.h>

#include <fmt/format.h>

#include "gotrace/base/error.h"

namespace gotrace {

bool isGzip(std::span<const uint8_t> data) { return data.size() >= 2 && data[0] == 0x1f && data[1] == 0x8b; }

std::vector<uint8_t> gunzip(std::span<const uint8_t> data, size_t limit) {
  z_stream z{};
  // 16 + MAX_WBITS: expect a gzip header.
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw Error("gzip: cannot initialize zlib");
  std::vector<uint8_t> out(std::max<size_t>(data.size() * 4, 4096));
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = uInt(data.size());
  size_t produced = 0;
  int rc = Z_OK;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= limit) {
        inflateEnd(&z);
        throw Error(fmt::format("gzip: uncompressed data larger than {} bytes", limit));
      }
      out.resize(std::min(out.size() * 2, limit));
    }
    z.next_out = out.data() + produced;
    z.avail_out = uInt(out.size() - produced);
    rc = inflate(&z, Z_NO_FLUSH);
    produced = out.size() - z.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated members decode as one stream, as Go's reader does.
      if (z.avail_in == 0) break;
      if (inflateReset(&z) != Z_OK) break;
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.avail_out != 0) rc = Z_DATA_ERROR;  // input ended early
    if (rc == Z_BUF_ERROR) continue;
    const uint64_t at = uint64_t(z.total_in);
    const char* why = rc == Z_DATA_ERROR && z.avail_in == 0 ? "unexpected end of data" : (z.msg ? z.msg : "corrupt data");
    inflateEnd(&z);
    throw Error(fmt::format("gzip: {}", why), at);
  }
  inflateEnd(&z);
  out.resize(produced);
  return out;
}

std::vector<uint8_t> gzip(std::span<const uint8_t> data) {
  z_stream z{};
  // 16 + MAX_WBITS: write a gzip header.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error("gzip: cannot initialize zlib");
  }
  std::vector<uint8_t> out(deflateBound(&z, uLong(data.size())) + 32);
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = uInt(data.size());
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error("gzip: deflate failed");
  out.resize(produced);
  return out;
}

}  // namespace gotrace
