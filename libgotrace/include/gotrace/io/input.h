// Byte input for the decoders: a memory-mapped file, a pipe or stdin read in
// chunks, or bytes already in memory. Decoders consume it front to back.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace gotrace {

class Input {
 public:
  // Opens `path` ("-" is standard input). Regular files are memory-mapped;
  // anything else is read in chunks. Input that starts with gzip's magic
  // is inflated whole into memory first (whatever the file's name); offsets
  // are then those of the inflated bytes. Throws Error when it cannot be
  // opened, or for corrupt gzip data.
  static Input open(const std::string& path);
  // Inflated from gzip (open() found the magic).
  bool wasGzip() const { return gzip_; }
  // Reads from bytes owned by the caller, which must outlive the Input.
  static Input fromMemory(std::span<const uint8_t> bytes, std::string name = "<memory>");

  Input(Input&&) noexcept;
  Input& operator=(Input&&) noexcept;
  ~Input();

  const std::string& name() const { return name_; }
  // Bytes in all when known before reading (a mapped file, memory, inflated
  // gzip), else 0 (a pipe).
  uint64_t knownSize() const { return data_ ? size_ : 0; }
  // Offset of the next byte to be read.
  uint64_t offset() const { return offset_; }

  // The next `n` bytes, fewer only at the end of the input. The bytes stay
  // valid until release().
  std::span<const uint8_t> read(size_t n);
  // The next byte, or -1 at the end of the input.
  int readByte();
  // Everything that is left.
  std::span<const uint8_t> readAll();

  // The caller holds no more spans returned by read(): a streamed input may
  // reuse their memory and a mapped one may drop its pages.
  void release() { releaseBefore(offset_); }
  // The same for the bytes before input offset `offset` only (a reader that
  // works on one part while the next is being read).
  void releaseBefore(uint64_t offset);

 private:
  Input() = default;
  bool fill();  // streams: refill the read-ahead buffer; false at end
  void inflateIfGzip();
  uint8_t* allocate(size_t n);

  std::string name_;
  uint64_t offset_ = 0;

  // Mapped or in-memory input.
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;
  size_t mappingSize_ = 0;
  size_t releasedUpTo_ = 0;

  // Streamed input.
  int fd_ = -1;
  bool ownsFd_ = false;
  bool eof_ = false;
  std::vector<uint8_t> ahead_;
  size_t aheadPos_ = 0;
  size_t aheadLen_ = 0;
  // Blocks holding what read() returned from a stream, oldest first; each
  // knows the input offset just past the last bytes it holds.
  struct ArenaBlock {
    std::unique_ptr<uint8_t[]> bytes;
    size_t size = 0;
    uint64_t endOffset = 0;
  };
  std::vector<ArenaBlock> arena_;
  size_t arenaUsed_ = 0;
  std::vector<uint8_t> whole_;  // readAll() of a stream, or the inflated input
  bool gzip_ = false;
};

}  // namespace gotrace
