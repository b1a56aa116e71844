// Finding bundles below a directory: extracted ones and zip archives.
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "gotrace/bundles/bundle_pile.h"
#include "gotrace/base/error.h"
#include "gotrace/io/zip_archive.h"

namespace fs = std::filesystem;

namespace gotrace::bundles {
namespace {

std::optional<std::vector<uint8_t>> readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(fmt::format("{}: {}", p.string(), std::strerror(errno)));
  }
  std::vector<uint8_t> out((std::istreambuf_iterator<char>(f)), {});
  if (f.bad()) throw Error(fmt::format("{}: read error", p.string()));
  return out;
}

class DirectoryBundle final : public Bundle {
 public:
  DirectoryBundle(fs::path dir, std::string path, BundleMeta meta)
      : Bundle(std::move(path), std::move(meta)), dir_(std::move(dir)) {}

  bool isArchive() const override { return false; }
  std::optional<std::vector<uint8_t>> read(const std::string& member) const override {
    return readFile(dir_ / member);
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
  ZipBundle(fs::path file, std::string path, BundleMeta meta)
      : Bundle(std::move(path), std::move(meta)), file_(std::move(file)) {}

  bool isArchive() const override { return true; }
  // The archive is opened for each read: a pile can hold more bundles than a
  // process may keep files open.
  std::optional<std::vector<uint8_t>> read(const std::string& member) const override {
    return ZipArchive(file_.string()).read(member);
  }
  bool hasFile(const std::string& member) const override { return ZipArchive(file_.string()).has(member); }

 private:
  fs::path file_;
};

// Regular files below root in lexical walk order; symlinks are neither
// followed nor collected.
void walk(const fs::path& dir, std::vector<fs::path>& files) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) throw Error(fmt::format("{}: {}", dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path().filename() < b.path().filename(); });
  for (const fs::directory_entry& e : entries) {
    std::error_code sec;
    fs::file_status st = e.symlink_status(sec);
    if (sec || fs::is_symlink(st)) continue;
    if (fs::is_directory(st)) {
      walk(e.path(), files);
    } else if (fs::is_regular_file(st)) {
      files.push_back(e.path());
    }
  }
}

std::string pathWithin(const fs::path& p, const fs::path& root) {
  std::string r = p.lexically_relative(root).generic_string();
  return r.empty() ? "." : r;
}

}  // namespace

BundlePile findBundles(const std::string& rootText) {
  BundlePile pile;
  pile.root = rootText;
  const fs::path root(rootText);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(fmt::format("{}: not a directory", rootText));
  std::vector<fs::path> files;
  walk(root, files);

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
        auto bytes = readFile(f);
        if (!bytes) continue;
        BundleMeta meta = parseMeta(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
        found.push_back(std::make_unique<DirectoryBundle>(dir, path, std::move(meta)));
      } catch (const Error& e) {
        pile.problems.push_back({path, e.what()});
      }
      continue;
    }
    if (insideBundle(f) || !ZipArchive::looksLikeZip(f.string())) continue;
    const std::string path = pathWithin(f, root);
    try {
      ZipArchive zip(f.string());
      auto meta = zip.read("meta");
      if (!meta) continue;  // some other zip file
      found.push_back(std::make_unique<ZipBundle>(
          f, path, parseMeta(std::string_view(reinterpret_cast<const char*>(meta->data()), meta->size()))));
    } catch (const Error& e) {
      pile.problems.push_back({path, e.what()});
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

size_t writeLinks(const BundlePile& pile) {
  std::map<std::string, std::vector<const DirectoryBundle*>> processes;
  size_t archives = 0;
  for (const auto& b : pile.bundles) {
    if (b->isArchive()) {
      archives++;
      continue;
    }
    processes[b->meta().procId].push_back(static_cast<const DirectoryBundle*>(b.get()));
  }
  auto link = [](const fs::path& from, const fs::path& to, const char* name) {
    const fs::path linkDir = from / "_link";
    std::error_code ec;
    fs::create_directories(linkDir, ec);
    if (ec) throw Error(fmt::format("create symlink tree: {}: {}", linkDir.string(), ec.message()));
    const fs::path linkPath = linkDir / name;
    // Relative to the link's own directory: up out of _link, then over.
    const fs::path target = fs::path("..") / to.lexically_relative(from);
    if (fs::is_symlink(fs::symlink_status(linkPath, ec))) fs::remove(linkPath, ec);
    if (symlink(target.c_str(), linkPath.c_str()) != 0 && errno != EEXIST) {
      throw Error(fmt::format("create symlink tree: {}: {}", linkPath.string(), std::strerror(errno)));
    }
  };
  for (auto& [proc, bundles] : processes) {
    for (size_t i = 1; i < bundles.size(); i++) {
      link(bundles[i]->dir(), bundles[i - 1]->dir(), "prev");
      link(bundles[i - 1]->dir(), bundles[i]->dir(), "next");
    }
  }
  return archives;
}

}  // namespace gotrace::bundles
