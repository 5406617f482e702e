//===- ArenaPlanner.cpp - Static placement of buffers in one arena --------===//
#include "lowering/Plan/ArenaPlanner.h"

#include <algorithm>
#include <numeric>

namespace edgec {

static bool liveTogether(const BufferRequest &a, const BufferRequest &b) {
  return a.first <= b.last && b.first <= a.last;
}

ArenaPlan planArena(const std::vector<BufferRequest> &requests, int64_t alignment) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (requests[a].size != requests[b].size)
      return requests[a].size > requests[b].size;
    return requests[a].first < requests[b].first;
  });
  std::vector<size_t> placed;
  for (size_t i : order) {
    const BufferRequest &r = requests[i];
    // Placed buffers that conflict in time, by offset.
    std::vector<size_t> conflicts;
    for (size_t j : placed)
      if (liveTogether(r, requests[j]))
        conflicts.push_back(j);
    std::sort(conflicts.begin(), conflicts.end(),
              [&](size_t a, size_t b) { return plan.offsets[a] < plan.offsets[b]; });
    int64_t offset = 0;
    for (size_t j : conflicts) {
      if (offset + r.size <= plan.offsets[j])
        break; // Fits in the gap before this buffer.
      int64_t end = plan.offsets[j] + requests[j].size;
      offset = std::max(offset, (end + alignment - 1) / alignment * alignment);
    }
    plan.offsets[i] = offset;
    placed.push_back(i);
    plan.size = std::max(plan.size, offset + r.size);
  }
  return plan;
}

bool isValidPlan(const std::vector<BufferRequest> &requests, const ArenaPlan &plan) {
  if (plan.offsets.size() != requests.size())
    return false;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (plan.offsets[i] < 0 || plan.offsets[i] + requests[i].size > plan.size)
      return false;
    for (size_t j = i + 1; j < requests.size(); ++j) {
      if (!liveTogether(requests[i], requests[j]) || !requests[i].size || !requests[j].size)
        continue;
      bool disjoint = plan.offsets[i] + requests[i].size <= plan.offsets[j] ||
                      plan.offsets[j] + requests[j].size <= plan.offsets[i];
      if (!disjoint)
        return false;
    }
  }
  return true;
}

} // namespace edgec
