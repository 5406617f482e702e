//===- Scheduler.cpp - Operator order that keeps live bytes low -----------===//
#include "lowering/Plan/Scheduler.h"

#include <algorithm>
#include <limits>

namespace edgec {

namespace {
/// Readers of each node's result.
std::vector<std::vector<int>> readersOf(const ScheduleGraph &g) {
  std::vector<std::vector<int>> readers(g.outBytes.size());
  for (size_t n = 0; n < g.inputs.size(); ++n)
    for (int p : g.inputs[n])
      readers[p].push_back((int)n);
  return readers;
}
} // namespace

int64_t schedulePeak(const ScheduleGraph &g, const std::vector<int> &order) {
  size_t n = order.size();
  std::vector<size_t> pos(n);
  for (size_t t = 0; t < n; ++t)
    pos[order[t]] = t;
  auto readers = readersOf(g);
  std::vector<int64_t> delta(n + 1, 0);
  for (size_t u = 0; u < n; ++u) {
    size_t last = pos[u];
    for (int r : readers[u])
      last = std::max(last, pos[r]);
    if (g.pinned[u])
      last = n - 1;
    delta[pos[u]] += g.outBytes[u];
    delta[last + 1] -= g.outBytes[u];
  }
  int64_t live = 0, peak = 0;
  for (size_t t = 0; t < n; ++t) {
    live += delta[t];
    peak = std::max(peak, live);
  }
  return peak;
}

std::vector<int> scheduleForMemory(const ScheduleGraph &g, const std::vector<int> &initial,
                                   int exactLimit) {
  int n = (int)g.outBytes.size();
  auto readers = readersOf(g);
  std::vector<uint64_t> needs(n, 0), readBy(n, 0);
  for (int v = 0; v < n; ++v) {
    for (int p : g.inputs[v])
      if (n <= 64)
        needs[v] |= uint64_t(1) << p;
    for (int r : readers[v])
      if (n <= 64)
        readBy[v] |= uint64_t(1) << r;
  }
  if (n <= exactLimit && n < 31) {
    // best[S]: the least peak of running exactly the nodes in S; live(S):
    // results in S still awaited by a node outside S (or pinned).
    size_t states = size_t(1) << n;
    const int64_t inf = std::numeric_limits<int64_t>::max();
    std::vector<int64_t> best(states, inf);
    std::vector<int8_t> lastNode(states, -1);
    best[0] = 0;
    for (size_t s = 0; s < states; ++s) {
      if (best[s] == inf)
        continue;
      int64_t live = 0;
      for (int u = 0; u < n; ++u)
        if ((s >> u & 1) && (g.pinned[u] || (readBy[u] & ~s)))
          live += g.outBytes[u];
      for (int v = 0; v < n; ++v) {
        if ((s >> v & 1) || (needs[v] & ~s))
          continue;
        size_t next = s | size_t(1) << v;
        int64_t peak = std::max(best[s], live + g.outBytes[v]);
        if (peak < best[next]) {
          best[next] = peak;
          lastNode[next] = (int8_t)v;
        }
      }
    }
    std::vector<int> order;
    for (size_t s = states - 1; s; s &= ~(size_t(1) << lastNode[s]))
      order.push_back(lastNode[s]);
    std::reverse(order.begin(), order.end());
    return order;
  }
  // Greedy: among the ready nodes, the one that leaves the fewest bytes
  // alive after it runs; ties go to the earlier node of `initial`.
  std::vector<int> rank(n);
  for (int t = 0; t < n; ++t)
    rank[initial[t]] = t;
  std::vector<int> pending(n, 0), awaited(n, 0);
  for (int v = 0; v < n; ++v) {
    pending[v] = (int)g.inputs[v].size();
    awaited[v] = (int)readers[v].size();
  }
  std::vector<bool> done(n, false);
  std::vector<int> order;
  for (int step = 0; step < n; ++step) {
    int pick = -1;
    int64_t pickCost = 0;
    for (int v = 0; v < n; ++v) {
      if (done[v] || pending[v])
        continue;
      // Bytes freed: inputs whose last reader is v; bytes added: v's result.
      int64_t cost = g.outBytes[v];
      for (int p : g.inputs[v])
        if (awaited[p] == 1 && !g.pinned[p])
          cost -= g.outBytes[p];
      if (pick < 0 || cost < pickCost || (cost == pickCost && rank[v] < rank[pick]))
        pick = v, pickCost = cost;
    }
    done[pick] = true;
    order.push_back(pick);
    for (int p : g.inputs[pick])
      --awaited[p];
    for (int r : readers[pick])
      --pending[r];
  }
  return schedulePeak(g, order) < schedulePeak(g, initial) ? order : initial;
}

} // namespace edgec
