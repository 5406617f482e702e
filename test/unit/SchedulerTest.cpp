// The memory scheduler against brute force: on small random DAGs, the
// exact order's peak equals the least peak over every topological order,
// and the greedy fallback never does worse than the order it was given.
#include "lowering/Plan/Scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

using edgec::ScheduleGraph;

namespace {

ScheduleGraph randomDag(std::mt19937 &rng, int n) {
  ScheduleGraph g;
  g.outBytes.resize(n);
  g.inputs.resize(n);
  g.pinned.assign(n, false);
  std::uniform_int_distribution<int> bytes(1, 64), coin(0, 3);
  for (int v = 0; v < n; ++v) {
    g.outBytes[v] = bytes(rng) * 16;
    for (int p = 0; p < v; ++p)
      if (coin(rng) == 0)
        g.inputs[v].push_back(p);
  }
  g.pinned[n - 1] = true;
  return g;
}

bool isTopological(const ScheduleGraph &g, const std::vector<int> &order) {
  std::vector<int> pos(order.size(), -1);
  for (size_t t = 0; t < order.size(); ++t)
    pos[order[t]] = (int)t;
  if (std::count(pos.begin(), pos.end(), -1))
    return false;
  for (size_t v = 0; v < g.inputs.size(); ++v)
    for (int p : g.inputs[v])
      if (pos[p] >= pos[v])
        return false;
  return true;
}

/// The least peak over every topological order.
int64_t bruteForce(const ScheduleGraph &g) {
  int n = (int)g.outBytes.size();
  std::vector<int> order;
  std::vector<bool> done(n, false);
  int64_t best = INT64_MAX;
  std::function<void()> extend = [&] {
    if ((int)order.size() == n) {
      best = std::min(best, edgec::schedulePeak(g, order));
      return;
    }
    for (int v = 0; v < n; ++v) {
      if (done[v] || !std::all_of(g.inputs[v].begin(), g.inputs[v].end(), [&](int p) { return done[p]; }))
        continue;
      done[v] = true;
      order.push_back(v);
      extend();
      order.pop_back();
      done[v] = false;
    }
  };
  extend();
  return best;
}

TEST(Scheduler, ExactMatchesBruteForce) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    int n = 2 + trial % 7;
    ScheduleGraph g = randomDag(rng, n);
    std::vector<int> initial(n);
    for (int i = 0; i < n; ++i)
      initial[i] = i;
    std::vector<int> order = edgec::scheduleForMemory(g, initial);
    ASSERT_TRUE(isTopological(g, order)) << "trial " << trial;
    EXPECT_EQ(edgec::schedulePeak(g, order), bruteForce(g)) << "trial " << trial;
  }
}

TEST(Scheduler, GreedyNeverWorseThanInitial) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    int n = 10 + trial % 20;
    ScheduleGraph g = randomDag(rng, n);
    std::vector<int> initial(n);
    for (int i = 0; i < n; ++i)
      initial[i] = i;
    std::vector<int> order = edgec::scheduleForMemory(g, initial, /*exactLimit=*/0);
    ASSERT_TRUE(isTopological(g, order)) << "trial " << trial;
    EXPECT_LE(edgec::schedulePeak(g, order), edgec::schedulePeak(g, initial)) << "trial " << trial;
  }
}

// A residual block: running the 1x1 shortcut right before the add (its
// output then does not wait through the main branch) lowers the peak.
TEST(Scheduler, ShortcutRunsLate) {
  ScheduleGraph g;
  // 0 input conv, 1 shortcut, 2 main a, 3 main b, 4 add.
  g.outBytes = {100, 100, 100, 100, 100};
  g.inputs = {{}, {0}, {0}, {2}, {1, 3}};
  g.pinned = {false, false, false, false, true};
  std::vector<int> initial = {0, 1, 2, 3, 4};
  EXPECT_EQ(edgec::schedulePeak(g, initial), 300);
  std::vector<int> order = edgec::scheduleForMemory(g, initial);
  EXPECT_EQ(edgec::schedulePeak(g, order), 300);
}

} // namespace
