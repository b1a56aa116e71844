#include "gotrace/io/input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "gotrace/base/error.h"
#include "gotrace/io/gzip.h"

namespace gotrace {
namespace {

constexpr size_t kReadAhead = 256 * 1024;
constexpr size_t kArenaBlock = 1024 * 1024;

}  // namespace

Input Input::open(const std::string& path) {
  Input in;
  in.name_ = path;
  if (path == "-") {
    in.name_ = "<stdin>";
    in.fd_ = STDIN_FILENO;
    in.ahead_.resize(kReadAhead);
    in.inflateIfGzip();
    return in;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(std::strerror(errno)).setFile(path);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    throw Error(std::strerror(e)).setFile(path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error("is a directory, not a file").setFile(path);
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* m = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (m != MAP_FAILED) {
      ::close(fd);
      madvise(m, size_t(st.st_size), MADV_SEQUENTIAL);
      in.mapping_ = m;
      in.mappingSize_ = size_t(st.st_size);
      in.data_ = static_cast<const uint8_t*>(m);
      in.size_ = size_t(st.st_size);
      in.inflateIfGzip();
      return in;
    }
  }
  in.fd_ = fd;
  in.ownsFd_ = true;
  in.ahead_.resize(kReadAhead);
  in.inflateIfGzip();
  return in;
}

void Input::inflateIfGzip() {
  std::span<const uint8_t> head;
  if (fd_ < 0) {
    head = {data_, size_};
  } else {
    if (!fill()) return;
    head = {ahead_.data(), aheadLen_};
  }
  if (!isGzip(head)) return;
  const std::span<const uint8_t> packed = fd_ < 0 ? head : readAll();
  std::vector<uint8_t> inflated;
  try {
    inflated = gunzip(packed);
  } catch (Error& e) {
    e.setFile(name_);
    throw;
  }
  // From here on the input is the inflated bytes, in memory.
  if (mapping_) munmap(mapping_, mappingSize_);
  mapping_ = nullptr;
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
  ownsFd_ = false;
  fd_ = -1;
  ahead_.clear();
  aheadPos_ = aheadLen_ = 0;
  whole_ = std::move(inflated);
  data_ = whole_.data();
  size_ = whole_.size();
  offset_ = 0;
  releasedUpTo_ = 0;
  gzip_ = true;
}

Input Input::fromMemory(std::span<const uint8_t> bytes, std::string name) {
  Input in;
  in.name_ = std::move(name);
  in.data_ = bytes.data();
  in.size_ = bytes.size();
  return in;
}

Input::Input(Input&& o) noexcept { *this = std::move(o); }

Input& Input::operator=(Input&& o) noexcept {
  if (this == &o) return *this;
  this->~Input();
  name_ = std::move(o.name_);
  offset_ = o.offset_;
  data_ = o.data_;
  size_ = o.size_;
  mapping_ = std::exchange(o.mapping_, nullptr);
  mappingSize_ = o.mappingSize_;
  releasedUpTo_ = o.releasedUpTo_;
  fd_ = std::exchange(o.fd_, -1);
  ownsFd_ = std::exchange(o.ownsFd_, false);
  eof_ = o.eof_;
  ahead_ = std::move(o.ahead_);
  aheadPos_ = o.aheadPos_;
  aheadLen_ = o.aheadLen_;
  arena_ = std::move(o.arena_);
  whole_ = std::move(o.whole_);
  gzip_ = o.gzip_;
  arenaUsed_ = o.arenaUsed_;
  return *this;
}

Input::~Input() {
  if (mapping_) munmap(mapping_, mappingSize_);
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
  mapping_ = nullptr;
  ownsFd_ = false;
  fd_ = -1;
}

bool Input::fill() {
  if (eof_) return false;
  aheadPos_ = 0;
  aheadLen_ = 0;
  for (;;) {
    ssize_t n = ::read(fd_, ahead_.data(), ahead_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("read error: ") + std::strerror(errno), offset_);
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    aheadLen_ = size_t(n);
    return true;
  }
}

uint8_t* Input::allocate(size_t n) {
  if (arena_.empty() || arenaUsed_ + n > arena_.back().size) {
    const size_t size = std::max(n, kArenaBlock);
    arena_.push_back(ArenaBlock{std::make_unique<uint8_t[]>(size), size, offset_});
    arenaUsed_ = 0;
  }
  uint8_t* p = arena_.back().bytes.get() + arenaUsed_;
  arenaUsed_ += n;
  return p;
}

std::span<const uint8_t> Input::read(size_t n) {
  if (fd_ < 0) {
    size_t pos = size_t(offset_);
    size_t take = std::min(n, size_ - pos);
    offset_ += take;
    return {data_ + pos, take};
  }
  uint8_t* dst = allocate(n);
  size_t got = 0;
  while (got < n) {
    if (aheadPos_ == aheadLen_ && !fill()) break;
    size_t take = std::min(n - got, aheadLen_ - aheadPos_);
    std::memcpy(dst + got, ahead_.data() + aheadPos_, take);
    aheadPos_ += take;
    got += take;
  }
  arenaUsed_ -= n - got;
  offset_ += got;
  arena_.back().endOffset = offset_;
  return {dst, got};
}

int Input::readByte() {
  if (fd_ < 0) {
    if (offset_ >= size_) return -1;
    return data_[offset_++];
  }
  if (aheadPos_ == aheadLen_ && !fill()) return -1;
  offset_++;
  return ahead_[aheadPos_++];
}

std::span<const uint8_t> Input::readAll() {
  if (fd_ < 0) return read(size_ - size_t(offset_));
  // Stream: everything left goes into one buffer the Input keeps.
  std::vector<uint8_t>& all = whole_;
  all.assign(ahead_.begin() + long(aheadPos_), ahead_.begin() + long(aheadLen_));
  aheadPos_ = aheadLen_;
  for (;;) {
    if (all.capacity() - all.size() < kReadAhead) all.reserve(std::max(all.capacity() * 2, all.size() + kReadAhead));
    size_t old = all.size();
    all.resize(all.capacity());
    ssize_t n = ::read(fd_, all.data() + old, all.size() - old);
    if (n < 0 && errno == EINTR) {
      all.resize(old);
      continue;
    }
    if (n < 0) throw Error(std::string("read error: ") + std::strerror(errno), offset_ + old);
    all.resize(old + size_t(n));
    if (n == 0) break;
  }
  eof_ = true;
  offset_ += all.size();
  return {all.data(), all.size()};
}

void Input::releaseBefore(uint64_t offset) {
  if (fd_ >= 0) {
    // Blocks wholly before `offset` go; the newest is kept for reuse once
    // everything in it is released too.
    size_t freed = 0;
    while (freed + 1 < arena_.size() && arena_[freed].endOffset <= offset) freed++;
    arena_.erase(arena_.begin(), arena_.begin() + long(freed));
    if (arena_.size() == 1 && arena_.back().endOffset <= offset) arenaUsed_ = 0;
    return;
  }
  if (mapping_) {
    // Drop the pages already consumed so resident memory stays bounded by
    // the part of the file being worked on.
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t end = size_t(std::min(offset, offset_)) / page * page;
    if (end > releasedUpTo_) {
      madvise(static_cast<uint8_t*>(mapping_) + releasedUpTo_, end - releasedUpTo_, MADV_DONTNEED);
      releasedUpTo_ = end;
    }
  }
}

}  // namespace gotrace
