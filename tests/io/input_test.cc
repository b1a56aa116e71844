#include "gotrace/io/input.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

#include "gotrace/base/error.h"
#include "gotrace/io/gzip.h"

namespace gotrace {
namespace {

std::string str(std::span<const uint8_t> s) { return std::string(s.begin(), s.end()); }

TEST(Input, FromMemory) {
  std::string data = "abcdef";
  Input in = Input::fromMemory({reinterpret_cast<const uint8_t*>(data.data()), data.size()}, "mem");
  EXPECT_EQ(in.name(), "mem");
  EXPECT_EQ(in.readByte(), 'a');
  EXPECT_EQ(str(in.read(2)), "bc");
  EXPECT_EQ(in.offset(), 3u);
  EXPECT_EQ(str(in.read(10)), "def");  // short at the end
  EXPECT_EQ(in.readByte(), -1);
}

TEST(Input, MappedFile) {
  char path[] = "/tmp/gotrace_input_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string data(100000, 'x');
  data[99999] = 'y';
  ASSERT_EQ(write(fd, data.data(), data.size()), ssize_t(data.size()));
  close(fd);
  Input in = Input::open(path);
  EXPECT_EQ(in.read(99999).size(), 99999u);
  in.release();
  EXPECT_EQ(in.readByte(), 'y');
  EXPECT_EQ(in.readByte(), -1);
  unlink(path);
}

TEST(Input, PipeIsReadInChunksAndSpansStayValid) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string data;
  for (int i = 0; i < 300000; i++) data += char('a' + i % 26);
  std::thread writer([&] {
    size_t done = 0;
    while (done < data.size()) done += size_t(write(fds[1], data.data() + done, data.size() - done));
    close(fds[1]);
  });
  Input in = Input::open("/dev/fd/" + std::to_string(fds[0]));
  auto first = in.read(70000);
  auto second = in.read(200000);  // spans the read-ahead buffer's refills
  EXPECT_EQ(str(first), data.substr(0, 70000));
  EXPECT_EQ(str(second), data.substr(70000, 200000));
  EXPECT_EQ(in.readByte(), data[270000]);
  EXPECT_EQ(str(in.readAll()), data.substr(270001));
  EXPECT_EQ(in.offset(), data.size());
  writer.join();
  close(fds[0]);
}

// gzip-compressed input is read as what it holds, whatever its name, from
// a file and from a pipe; uncompressed input is left alone.
TEST(Input, GzipIsInflatedByMagic) {
  std::string data;
  for (int i = 0; i < 500000; i++) data += char('a' + (i * 7) % 26);
  const std::vector<uint8_t> packed = gzip({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  ASSERT_LT(packed.size(), data.size() / 10);

  char path[] = "/tmp/gotrace_input_XXXXXX";  // no .gz in the name
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, packed.data(), packed.size()), ssize_t(packed.size()));
  close(fd);
  Input file = Input::open(path);
  EXPECT_TRUE(file.wasGzip());
  EXPECT_EQ(str(file.read(10)), data.substr(0, 10));
  EXPECT_EQ(str(file.readAll()), data.substr(10));

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    size_t done = 0;
    while (done < packed.size()) done += size_t(write(fds[1], packed.data() + done, packed.size() - done));
    close(fds[1]);
  });
  Input pipe = Input::open("/dev/fd/" + std::to_string(fds[0]));
  EXPECT_TRUE(pipe.wasGzip());
  EXPECT_EQ(str(pipe.read(300000)), data.substr(0, 300000));
  EXPECT_EQ(str(pipe.readAll()), data.substr(300000));
  writer.join();
  close(fds[0]);

  // A damaged stream is an error naming the file.
  fd = ::open(path, O_WRONLY | O_TRUNC);
  ASSERT_EQ(write(fd, packed.data(), packed.size() / 2), ssize_t(packed.size() / 2));
  close(fd);
  try {
    Input::open(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.describe().rfind(std::string(path) + ": ", 0), 0u) << e.describe();
  }
  unlink(path);

  const std::string plain = "\x1fnot gzip";
  Input mem = Input::fromMemory({reinterpret_cast<const uint8_t*>(plain.data()), plain.size()});
  EXPECT_FALSE(mem.wasGzip());
}

TEST(Input, MissingFileNamesTheFile) {
  try {
    Input::open("/nonexistent/trace.out");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.describe(), "/nonexistent/trace.out: No such file or directory");
  }
}

}  // namespace
}  // namespace gotrace
