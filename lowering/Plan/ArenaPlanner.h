//===- ArenaPlanner.h - Static placement of buffers in one arena -*- C++ -*-===//
//
// The planning algorithm, free of MLIR so it can be unit-tested: given the
// size and live range of every buffer, assign byte offsets so that buffers
// alive at the same time never overlap, keeping the peak small.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_LOWERING_PLAN_ARENAPLANNER_H
#define EDGEC_LOWERING_PLAN_ARENAPLANNER_H

#include <cstdint>
#include <vector>

namespace edgec {

/// One buffer: `size` bytes, alive over schedule steps [first, last].
struct BufferRequest {
  int64_t size;
  int64_t first;
  int64_t last;
};

struct ArenaPlan {
  std::vector<int64_t> offsets; ///< One per request, multiples of alignment.
  int64_t size = 0;             ///< Exact peak: max(offset + size).
};

/// Greedy placement: buffers in some order, each at the lowest aligned
/// offset that does not overlap a placed buffer whose live range intersects
/// its own (the strategy of TFLM's greedy planner). Four fixed orders
/// (largest, longest-lived, earliest, largest area first), then shuffled
/// orders from a fixed seed until one reaches liveBytesBound or a work
/// budget runs out; the smallest arena wins. Deterministic.
ArenaPlan planArena(const std::vector<BufferRequest> &requests, int64_t alignment);

/// True if no two buffers that are alive at the same time overlap in
/// memory and every buffer ends inside `plan.size`.
/// The bytes that must be live at once for this schedule and these
/// buffers: the maximum over time of the sum of live buffer sizes. No
/// placement can use less; fragmentation can make a placement use more.
int64_t liveBytesBound(const std::vector<BufferRequest> &requests);

bool isValidPlan(const std::vector<BufferRequest> &requests, const ArenaPlan &plan);

} // namespace edgec

#endif
