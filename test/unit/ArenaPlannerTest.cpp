//===- ArenaPlannerTest.cpp - Tests of the static arena planner -----------===//
#include "lowering/Plan/ArenaPlanner.h"

#include <gtest/gtest.h>
#include <random>

using edgec::ArenaPlan;
using edgec::BufferRequest;
using edgec::isValidPlan;
using edgec::planArena;

namespace {

TEST(ArenaPlanner, EmptyScheduleNeedsNoArena) {
  ArenaPlan p = planArena({}, 16);
  EXPECT_EQ(p.size, 0);
  EXPECT_TRUE(p.offsets.empty());
}

TEST(ArenaPlanner, DisjointLifetimesShareMemory) {
  // A chain a -> b -> c: a and c never live together, so c reuses a.
  std::vector<BufferRequest> r = {{100, 0, 1}, {100, 1, 2}, {100, 2, 3}};
  ArenaPlan p = planArena(r, 16);
  ASSERT_TRUE(isValidPlan(r, p));
  EXPECT_EQ(p.offsets[0], p.offsets[2]);
  EXPECT_NE(p.offsets[0], p.offsets[1]);
  // Two buffers of 100 bytes, the second at the next 16-byte boundary.
  EXPECT_EQ(p.size, 112 + 100);
}

TEST(ArenaPlanner, OverlappingLifetimesNeverOverlapInMemory) {
  std::vector<BufferRequest> r = {{64, 0, 10}, {32, 2, 4}, {48, 3, 8}, {16, 5, 6}};
  ArenaPlan p = planArena(r, 16);
  EXPECT_TRUE(isValidPlan(r, p));
}

TEST(ArenaPlanner, OffsetsAreAligned) {
  std::vector<BufferRequest> r = {{3, 0, 5}, {5, 0, 5}, {7, 0, 5}};
  ArenaPlan p = planArena(r, 16);
  for (int64_t off : p.offsets)
    EXPECT_EQ(off % 16, 0);
  // Peak is exact: the last buffer's end, not rounded up.
  int64_t peak = 0;
  for (size_t i = 0; i < r.size(); ++i)
    peak = std::max(peak, p.offsets[i] + r[i].size);
  EXPECT_EQ(p.size, peak);
}

TEST(ArenaPlanner, LargestBufferGoesFirstAndFillsGapsLater) {
  // A big long-lived buffer and small short ones: smalls reuse one slot.
  std::vector<BufferRequest> r = {{1000, 0, 9}, {16, 0, 1}, {16, 2, 3}, {16, 4, 5}};
  ArenaPlan p = planArena(r, 16);
  ASSERT_TRUE(isValidPlan(r, p));
  EXPECT_EQ(p.offsets[0], 0);
  EXPECT_EQ(p.size, 1008 + 16);
}

TEST(ArenaPlanner, PeakIsAtLeastTheLargestSimultaneousDemand) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferRequest> r;
    int n = 1 + rng() % 30;
    for (int i = 0; i < n; ++i) {
      int64_t first = rng() % 40;
      r.push_back({int64_t(1 + rng() % 5000), first, first + int64_t(rng() % 10)});
    }
    ArenaPlan p = planArena(r, 16);
    ASSERT_TRUE(isValidPlan(r, p)) << "trial " << trial;
    for (int64_t t = 0; t < 50; ++t) {
      int64_t live = 0;
      for (const auto &b : r)
        if (b.first <= t && t <= b.last)
          live += b.size;
      EXPECT_GE(p.size, live);
    }
  }
}

TEST(ArenaPlanner, ValidatorRejectsOverlap) {
  std::vector<BufferRequest> r = {{32, 0, 2}, {32, 1, 3}};
  ArenaPlan bad;
  bad.offsets = {0, 16};
  bad.size = 48;
  EXPECT_FALSE(isValidPlan(r, bad));
}

} // namespace
