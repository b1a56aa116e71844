// Finding bundles below a directory: extracted ones and zip archives.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "gotrace/bundles/bundle_pile.h"
#include "gotrace/base/error.h"
#include "gotrace/io/zip_archive.h"

namespace fs = std::filesystem;

namespace gotrace::bundles {
namespace {

// A regular file's bytes (a symlink to one counts), or nullopt when there is
// none. Anything else that exists (a directory, a FIFO, a device) is an
// error, as is a file larger than `maxBytes`: a bundle never makes the tool
// wait or read without end.
std::optional<std::vector<uint8_t>> readFile(const fs::path& p, uint64_t maxBytes) {
  // O_NONBLOCK: opening a FIFO does not wait for a writer.
  const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(fmt::format("{}: {}", p.string(), std::strerror(errno)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw Error(fmt::format("{}: {}", p.string(), std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) {
    throw Error(fmt::format("{}: not a regular file ({})", p.string(),
                            S_ISDIR(st.st_mode)    ? "a directory"
                            : S_ISFIFO(st.st_mode) ? "a FIFO"
                            : S_ISCHR(st.st_mode)  ? "a character device"
                            : S_ISSOCK(st.st_mode) ? "a socket"
                                                   : "a device"));
  }
  if (uint64_t(st.st_size) > maxBytes) {
    throw Error(fmt::format("{}: {} bytes, larger than the limit of {} bytes", p.string(), st.st_size, maxBytes));
  }
  std::vector<uint8_t> out(size_t(st.st_size));
  size_t done = 0;
  for (;;) {
    if (done == out.size()) {
      // The file grew while read: at most to the limit.
      if (out.size() >= maxBytes) {
        throw Error(fmt::format("{}: larger than the limit of {} bytes", p.string(), maxBytes));
      }
      out.resize(size_t(std::min<uint64_t>(maxBytes, std::max<uint64_t>(out.size() * 2, 4096))));
    }
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("{}: {}", p.string(), std::strerror(errno)));
    if (n == 0) break;
    done += size_t(n);
  }
  out.resize(done);
  return out;
}

class DirectoryBundle final : public Bundle {
 public:
  DirectoryBundle(fs::path dir, std::string path, BundleMeta meta, uint64_t maxBytes)
      : Bundle(std::move(path), std::move(meta), maxBytes), dir_(std::move(dir)) {}

  bool isArchive() const override { return false; }
  std::optional<std::vector<uint8_t>> read(const std::string& member) const override {
    return readFile(dir_ / member, maxBytes());
  }
  bool hasFile(const std::string& member) const override {
    struct stat st {};
    return stat((dir_ / member).c_str(), &st) == 0 && S_ISREG(st.st_mode);
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

class ZipBundle final : public Bundle {
 public:
  ZipBundle(fs::path file, std::string path, BundleMeta meta, uint64_t maxBytes)
      : Bundle(std::move(path), std::move(meta), maxBytes), file_(std::move(file)) {}

  bool isArchive() const override { return true; }
  // The archive is opened for each read: a pile can hold more bundles than a
  // process may keep files open.
  std::optional<std::vector<uint8_t>> read(const std::string& member) const override {
    return ZipArchive(file_.string()).read(member, maxBytes());
  }
  bool hasFile(const std::string& member) const override { return ZipArchive(file_.string()).has(member); }

 private:
  fs::path file_;
};

// Regular files below root in lexical walk order; symlinks are neither
// followed nor collected. A directory that cannot be read is a problem (the
// walk goes on); the root itself failing is an error. With an explicit
// stack: directory trees can be deep.
void walk(const fs::path& root, std::vector<fs::path>& files, std::vector<BundleProblem>& problems) {
  struct Entry {
    fs::path path;
    bool directory;
  };
  // One level per open directory: its entries in order, and the next one.
  struct Level {
    std::vector<Entry> entries;
    size_t next = 0;
  };
  auto list = [&](const fs::path& dir, std::vector<Level>& levels) {
    std::vector<fs::directory_entry> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) found.push_back(*it);
    if (ec) {
      if (dir == root) throw Error(fmt::format("{}: {}", dir.string(), ec.message()));
      problems.push_back({dir.lexically_relative(root).generic_string(), "cannot read the directory: " + ec.message()});
      return;
    }
    std::sort(found.begin(), found.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
      return a.path().filename() < b.path().filename();
    });
    Level level;
    for (const fs::directory_entry& e : found) {
      std::error_code sec;
      fs::file_status st = e.symlink_status(sec);
      if (sec || fs::is_symlink(st)) continue;
      if (fs::is_directory(st) || fs::is_regular_file(st)) level.entries.push_back({e.path(), fs::is_directory(st)});
    }
    levels.push_back(std::move(level));
  };
  std::vector<Level> levels;
  list(root, levels);
  while (!levels.empty()) {
    Level& level = levels.back();
    if (level.next == level.entries.size()) {
      levels.pop_back();
      continue;
    }
    Entry e = std::move(level.entries[level.next++]);
    if (e.directory) {
      list(e.path, levels);  // may invalidate `level`
    } else {
      files.push_back(std::move(e.path));
    }
  }
}

std::string pathWithin(const fs::path& p, const fs::path& root) {
  std::string r = p.lexically_relative(root).generic_string();
  return r.empty() ? "." : r;
}

}  // namespace

BundlePile findBundles(const std::string& rootText, uint64_t maxBytes) {
  BundlePile pile;
  pile.root = rootText;
  const fs::path root(rootText);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(fmt::format("{}: not a directory", rootText));
  std::vector<fs::path> files;
  walk(root, files, pile.problems);

  // Directories with a meta file, outermost first: a meta inside another
  // bundle (say a custom data source named "meta") is not a bundle.
  std::set<fs::path> bundleDirs;
  for (const fs::path& f : files) {
    if (f.filename() == "meta") bundleDirs.insert(f.parent_path());
  }
  auto insideBundle = [&](const fs::path& p) {
    for (fs::path d = p.parent_path();; d = d.parent_path()) {
      if (bundleDirs.count(d)) return true;
      if (d == root || d.empty() || d == d.parent_path()) return false;
    }
  };

  std::vector<std::unique_ptr<Bundle>> found;
  for (const fs::path& f : files) {
    if (f.filename() == "meta") {
      const fs::path dir = f.parent_path();
      if (insideBundle(dir)) continue;
      const std::string path = pathWithin(dir, root);
      try {
        auto bytes = readFile(f, maxBytes);
        if (!bytes) continue;
        BundleMeta meta = parseMeta(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
        found.push_back(std::make_unique<DirectoryBundle>(dir, path, std::move(meta), maxBytes));
      } catch (const Error& e) {
        pile.problems.push_back({path, e.what()});
      } catch (const std::bad_alloc&) {
        pile.problems.push_back({path, "meta: out of memory"});
      }
      continue;
    }
    if (insideBundle(f) || !ZipArchive::looksLikeZip(f.string())) continue;
    const std::string path = pathWithin(f, root);
    try {
      ZipArchive zip(f.string());
      auto meta = zip.read("meta", maxBytes);
      if (!meta) continue;  // some other zip file
      found.push_back(std::make_unique<ZipBundle>(
          f, path, parseMeta(std::string_view(reinterpret_cast<const char*>(meta->data()), meta->size())), maxBytes));
    } catch (const Error& e) {
      pile.problems.push_back({path, e.what()});
    } catch (const std::bad_alloc&) {
      pile.problems.push_back({path, "meta: out of memory"});
    }
  }

  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a->meta().captureTime != b->meta().captureTime) return a->meta().captureTime < b->meta().captureTime;
    return a->meta().procId < b->meta().procId;
  });
  // The same bundle found twice (extracted twice, or both zip and extracted) counts once.
  for (auto& b : found) {
    if (!pile.bundles.empty() && pile.bundles.back()->meta().procId == b->meta().procId &&
        pile.bundles.back()->meta().captureTime == b->meta().captureTime) {
      continue;
    }
    pile.bundles.push_back(std::move(b));
  }
  return pile;
}

std::vector<std::string> sortedHosts(const std::vector<const Bundle*>& bundles) {
  std::set<std::string> hosts;
  for (const Bundle* b : bundles) hosts.insert(b->meta().hostname);
  auto labels = [](const std::string& host) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
      size_t dot = host.find('.', start);
      out.push_back(host.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    std::reverse(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> out(hosts.begin(), hosts.end());
  std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) { return labels(a) < labels(b); });
  return out;
}

LinkResult writeLinks(const BundlePile& pile) {
  LinkResult result;
  std::map<std::string, std::vector<const DirectoryBundle*>> processes;
  for (const auto& b : pile.bundles) {
    if (b->isArchive()) {
      result.archives++;
      continue;
    }
    processes[b->meta().procId].push_back(static_cast<const DirectoryBundle*>(b.get()));
  }
  // `_link` must be a directory of the bundle's own: never a symlink (which
  // could lead out of the pile) nor anything else.
  std::set<const DirectoryBundle*> refused;
  auto linkDirOf = [&](const DirectoryBundle* b) -> std::optional<fs::path> {
    if (refused.count(b)) return std::nullopt;
    const fs::path linkDir = b->dir() / "_link";
    struct stat st {};
    if (::lstat(linkDir.c_str(), &st) != 0) {
      if (errno != ENOENT) {
        result.problems.push_back({b->path(), fmt::format("_link: {}", std::strerror(errno))});
        refused.insert(b);
        return std::nullopt;
      }
      if (::mkdir(linkDir.c_str(), 0777) != 0 && errno != EEXIST) {
        result.problems.push_back({b->path(), fmt::format("cannot create _link: {}", std::strerror(errno))});
        refused.insert(b);
        return std::nullopt;
      }
      if (::lstat(linkDir.c_str(), &st) != 0) st.st_mode = 0;
    }
    if (!S_ISDIR(st.st_mode)) {
      result.problems.push_back(
          {b->path(), std::string("_link is not a directory of the bundle's own (") +
                          (S_ISLNK(st.st_mode) ? "a symlink" : "not a directory") + "): no links written"});
      refused.insert(b);
      return std::nullopt;
    }
    return linkDir;
  };
  auto link = [&](const DirectoryBundle* from, const DirectoryBundle* to, const char* name) {
    const std::optional<fs::path> linkDir = linkDirOf(from);
    if (!linkDir) return;
    const fs::path linkPath = *linkDir / name;
    // Relative to the link's own directory: up out of _link, then over.
    const fs::path target = fs::path("..") / to->dir().lexically_relative(from->dir());
    struct stat st {};
    if (::lstat(linkPath.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) ::unlink(linkPath.c_str());
    if (symlink(target.c_str(), linkPath.c_str()) != 0 && errno != EEXIST) {
      result.problems.push_back({from->path(), fmt::format("cannot create _link/{}: {}", name, std::strerror(errno))});
    }
  };
  for (auto& [proc, bundles] : processes) {
    for (size_t i = 1; i < bundles.size(); i++) {
      link(bundles[i], bundles[i - 1], "prev");
      link(bundles[i - 1], bundles[i], "next");
    }
  }
  return result;
}

}  // namespace gotrace::bundles
