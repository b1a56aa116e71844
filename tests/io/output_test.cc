// Output files: regular files replaced whole (mode kept, new ones by the
// umask); devices, FIFOs and symlinks written in place, never replaced.
#include "gotrace/io/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "gotrace/base/error.h"

namespace gotrace {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gotrace_output_test_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string contents(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static unsigned modeOf(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  // Only the named files: no temporary left behind.
  size_t entries() const { return size_t(std::distance(fs::directory_iterator(dir_), fs::directory_iterator())); }

  fs::path dir_;
};

// Large writes go out a buffer's worth at a time, in order, between small
// ones, plain and gzip-compressed.
TEST_F(OutputFileTest, LargeWritesKeepTheirOrder) {
  std::string large;
  for (int i = 0; large.size() < 300 * 1024; i++) large += std::to_string(i) + ',';
  const std::string expected = "head:" + large + ":tail" + large;
  const fs::path path = dir_ / "large.txt";
  {
    OutputFile file(path.string());
    OutputBuffer out(file.fd());
    out.write("head:");
    out.write(large);
    out.buffer() += ":tail";
    out.write(large);
    out.finish();
    file.commit();
  }
  EXPECT_EQ(contents(path), expected);
}

TEST_F(OutputFileTest, NewFilesFollowTheUmask) {
  const mode_t old = ::umask(027);
  writeFileWhole((dir_ / "new").string(), std::string_view("data"));
  ::umask(old);
  EXPECT_EQ(contents(dir_ / "new"), "data");
  EXPECT_EQ(modeOf(dir_ / "new"), 0640u);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFileTest, ReplacedFilesKeepTheirMode) {
  const fs::path p = dir_ / "old";
  writeFileWhole(p.string(), std::string_view("first"));
  ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
  struct stat before {};
  ASSERT_EQ(::stat(p.c_str(), &before), 0);
  writeFileWhole(p.string(), std::string_view("second"));
  struct stat after {};
  ASSERT_EQ(::stat(p.c_str(), &after), 0);
  EXPECT_EQ(contents(p), "second");
  EXPECT_EQ(after.st_mode & 07777, 0600u);
  EXPECT_NE(before.st_ino, after.st_ino);  // replaced whole, by rename
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFileTest, AnUncommittedFileLeavesTheOldOne) {
  const fs::path p = dir_ / "kept";
  writeFileWhole(p.string(), std::string_view("old"));
  {
    OutputFile f(p.string());
    ASSERT_EQ(::write(f.fd(), "new", 3), 3);
  }
  EXPECT_EQ(contents(p), "old");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFileTest, SymlinksStayAndTheirTargetIsWritten) {
  const fs::path target = dir_ / "target", link = dir_ / "link";
  writeFileWhole(target.string(), std::string_view("a longer old text"));
  fs::create_symlink("target", link);
  writeFileWhole(link.string(), std::string_view("new"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(contents(target), "new");
  // A dangling link: its target is created.
  fs::create_symlink("made", dir_ / "dangling");
  writeFileWhole((dir_ / "dangling").string(), std::string_view("made"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir_ / "dangling")));
  EXPECT_EQ(contents(dir_ / "made"), "made");
  EXPECT_EQ(entries(), 4u);
}

TEST_F(OutputFileTest, FifosAreWrittenInPlace) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = contents(fifo); });
  writeFileWhole(fifo.string(), std::string_view("through the pipe"));
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  EXPECT_EQ(entries(), 1u);
}

// A character device of our own (the null device's numbers): a regression
// here replaces only this node, not the machine's /dev/null (the reliability
// test checks /dev/null itself, in a private mount namespace).
TEST_F(OutputFileTest, CharacterDevicesAreWrittenInPlace) {
  const fs::path dev = dir_ / "null";
  if (::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "cannot make a device node here (not root?): " << std::strerror(errno);
  }
  writeFileWhole(dev.string(), std::string_view("nothing"));
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status(dev)));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFileTest, DescriptorsAreWrittenInPlace) {
  // /dev/fd/N writes to descriptor N itself (a duplicate of it).
  const fs::path p = dir_ / "viafd";
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "head ", 5), 5);
  writeFileWhole("/dev/fd/" + std::to_string(fd), std::string_view("tail"));
  ::close(fd);
  EXPECT_EQ(contents(p), "head tail");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFileTest, ADirectoryIsAnError) {
  EXPECT_THROW(writeFileWhole(dir_.string(), std::string_view("x")), Error);
  EXPECT_TRUE(fs::is_directory(dir_));
}

}  // namespace
}  // namespace gotrace
