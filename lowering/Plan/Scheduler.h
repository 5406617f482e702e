//===- Scheduler.h - Operator order that keeps live bytes low ---*- C++ -*-===//
//
// Free of MLIR so it can be unit-tested against brute force: a DAG of
// operators, the bytes each one's result holds in the arena, and the order
// that minimises the peak of the bytes alive at once.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_LOWERING_PLAN_SCHEDULER_H
#define EDGEC_LOWERING_PLAN_SCHEDULER_H

#include <cstdint>
#include <vector>

namespace edgec {

/// Node i produces `outBytes[i]` bytes, read by the nodes that list it in
/// their `inputs`; a `pinned` result (a model output) lives to the end.
struct ScheduleGraph {
  std::vector<int64_t> outBytes;
  std::vector<std::vector<int>> inputs;
  std::vector<bool> pinned;
};

/// Peak live bytes of running the nodes in `order` (a topological order):
/// a result is alive from its node to its last reader, and while a node
/// runs its inputs and its result are alive together.
int64_t schedulePeak(const ScheduleGraph &g, const std::vector<int> &order);

/// A topological order with a small peak: the exact minimum for graphs of
/// up to `exactLimit` nodes (dynamic programming over the set of nodes
/// already run), else the better of `initial` and a greedy order that runs
/// next the ready node leaving the fewest bytes alive.
std::vector<int> scheduleForMemory(const ScheduleGraph &g, const std::vector<int> &initial,
                                   int exactLimit = 18);

} // namespace edgec

#endif
