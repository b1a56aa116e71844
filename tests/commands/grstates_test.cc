// grstates prunes a graph too big for graphviz by default, and says so.
#include "gotrace/commands/grstates.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "support/trace_run.h"

namespace gotrace::commands {
namespace {

struct Result {
  int code = 0;
  std::string dot, err;
};

Result runOn(GrstatesOptions o) {
  char path[] = "/tmp/gotrace_grstates_XXXXXX";
  const int fd = mkstemp(path);
  o.dot = path;  // written whole to the file
  std::ostringstream err;
  Result r;
  {
    cli::Console console("grstates", -1, &err);
    r.code = runGrstates(o, console);
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  r.dot = text.str();
  r.err = err.str();
  close(fd);
  unlink(path);
  return r;
}

size_t edgesOf(const std::string& dot) {
  size_t n = 0;
  for (size_t p = 0; (p = dot.find(" -> ", p)) != std::string::npos; p++) n++;
  return n;
}

TEST(Grstates, TooBigForGraphvizIsPrunedAndSaidSo) {
  GrstatesOptions o;
  o.input = testing::testdataDir() + "/traces/httpserver_go1.26.trace";
  const Result all = runOn(o);
  ASSERT_EQ(all.code, 0);
  EXPECT_EQ(all.err, "");
  const size_t edges = edgesOf(all.dot);
  ASSERT_GT(edges, 500u);

  o.maxEdges = 500;
  const Result pruned = runOn(o);
  EXPECT_LE(edgesOf(pruned.dot), 500u);
  EXPECT_GT(edgesOf(pruned.dot), 100u);
  EXPECT_EQ(pruned.err.rfind("grstates: the graph has " + std::to_string(edges) + " edges, more than graphviz", 0), 0u)
      << pruned.err;

  o.minCount = 1;  // everything, asked for
  const Result kept = runOn(o);
  EXPECT_EQ(edgesOf(kept.dot), edges);
  EXPECT_EQ(kept.err, "");
}

}  // namespace
}  // namespace gotrace::commands
