// The ordering's table of goroutines, procs and threads: dense and sparse
// ids, pages given back, entries that never move.
#include "trace/v2/resource_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace gotrace::v2 {
namespace {

TEST(ResourceTable, FindsWhatWasAddedAndForgetsWhatWasErased) {
  ResourceTable<int> t;
  EXPECT_EQ(t.find(5), nullptr);
  t[5] = 50;
  t[-1] = 10;                 // "no goroutine" is an id too
  t[int64_t(1) << 62] = 62;   // far away
  EXPECT_EQ(*t.find(5), 50);
  EXPECT_EQ(*t.find(-1), 10);
  EXPECT_EQ(*t.find(int64_t(1) << 62), 62);
  EXPECT_FALSE(t.contains(6));
  t.erase(5);
  EXPECT_FALSE(t.contains(5));
  EXPECT_EQ(t[5], 0);  // created again, default
}

TEST(ResourceTable, EntriesStayPutWhileOthersComeAndGo) {
  ResourceTable<int> t;
  int* first = &t[1000];
  *first = 7;
  for (int64_t id = 0; id < 100000; id++) {
    if (id == 1000) continue;
    t[id] = int(id);
    if (id % 3 == 0) t.erase(id);
  }
  EXPECT_EQ(first, t.find(1000));
  EXPECT_EQ(*first, 7);
}

// The same operations on the table and on a std::map, ids from dense runs
// and from anywhere (a hostile trace): the same contents, in id order.
TEST(ResourceTable, BehavesLikeAMap) {
  std::mt19937_64 rng(1);
  ResourceTable<uint64_t> t;
  std::map<uint64_t, uint64_t> want;  // by id as unsigned, as forEach orders them
  for (int i = 0; i < 200000; i++) {
    const uint64_t r = rng();
    const int64_t id = r % 4 == 0 ? int64_t(rng()) : int64_t(r % 20000);
    switch (rng() % 3) {
      case 0:
        t[id] = r;
        want[uint64_t(id)] = r;
        break;
      case 1:
        t.erase(id);
        want.erase(uint64_t(id));
        break;
      default: {
        const uint64_t* got = t.find(id);
        auto it = want.find(uint64_t(id));
        ASSERT_EQ(got != nullptr, it != want.end()) << id;
        if (got) {
          ASSERT_EQ(*got, it->second);
        }
      }
    }
  }
  using Entries = std::vector<std::pair<uint64_t, uint64_t>>;
  Entries seen;
  t.forEach([&](int64_t id, const uint64_t& v) { seen.emplace_back(uint64_t(id), v); });
  EXPECT_EQ(seen, Entries(want.begin(), want.end()));
}

}  // namespace
}  // namespace gotrace::v2
