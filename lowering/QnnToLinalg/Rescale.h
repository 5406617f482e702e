//===- Rescale.h - Integer rescale arithmetic as arith ops ------*- C++ -*-===//
//
// The run-time half of runtime/include/edgec/quant.h, built as arith ops so
// that every target and both outputs (C, object) compute the same bits.
// test/unit/RescaleLoweringTest.cpp runs these through the JIT against the
// C header on every edge case.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_LOWERING_QNNTOLINALG_RESCALE_H
#define EDGEC_LOWERING_QNNTOLINALG_RESCALE_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace edgec::lowering {

/// An i64 constant.
mlir::Value i64c(mlir::OpBuilder &b, mlir::Location loc, int64_t v);

/// round_half_even(p / 2^r) for i64 p with |p| <= 2^62 and i64 r in
/// [1, 62] (edgec_rounding_shift_s64_).
mlir::Value roundingShift(mlir::OpBuilder &b, mlir::Location loc, mlir::Value p, mlir::Value r);

/// round_half_even(acc * m / 2^r): edgec_mul_by_quantized_multiplier with
/// r = 31 - shift, for i64 acc (|acc| < 2^31), m and r.
mlir::Value mulByMultiplier(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc, mlir::Value m,
                            mlir::Value r);

/// Sign-extends an integer to i64 (no-op for i64).
mlir::Value ext64(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

/// clamp(zp + round(acc * M), lo, hi) narrowed to `storage`
/// (edgec_requantize_s8 with act bounds [lo, hi]).
mlir::Value requantize(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc, mlir::Value m,
                       mlir::Value r, int64_t zp, int64_t lo, int64_t hi, mlir::Type storage);

/// The per-rescale constants of requantize32: right shift r = 32 + t - pre
/// with t in [1, 30], bias = 2^(t-1) - 1 plus, when it keeps every
/// intermediate inside int32, the zero point times 2^t (then offset = 0;
/// otherwise offset = zp, added after the shift). Right shifts below 33
/// (rescales of 0.25 and up, a few channels of some layers) first saturate
/// the accumulator to [-2^(31-pre), 2^(31-pre) - 1] and shift it left by
/// pre = 33 - r: acc * m / 2^r = (acc * 2^pre) * m / 2^33 exactly, and an
/// accumulator the saturation changes gives at least 2^28 - 2^17 in
/// magnitude either way (m >= 2^30, r >= 13), far outside any storage
/// range. pre = 0 for r >= 33.
struct Requant32 {
  int32_t multiplier, t, bias, offset;
  int32_t pre = 0;
};

/// requant32Constants for right shift r and zero point zp, or nullopt when
/// r is outside [13, 62] (or r < 33 with a multiplier that is neither 0 nor
/// normalized to [2^30, 2^31)).
std::optional<Requant32> requant32Constants(int32_t multiplier, int32_t rshift, int64_t zp);

/// The same result as requantize for an i32 accumulator, in 32-bit
/// arithmetic apart from one 32x32->64 multiply (SMULL on Arm, MUL/MULH on
/// RISC-V), for right shifts of at least 33 (every rescale below 0.5, which
/// is nearly every layer). With p = acc * m = hi * 2^32 + lo and t = r - 32:
/// floor(p / 2^r) = hi >> t, and rounding half to even adds 2^(r-1) - 1 plus
/// the quotient's parity before the shift, which carries into hi as
/// 2^(t-1) - 1 + ((lo != 0) | parity). |hi| <= 2^30, so the sum and an
/// arithmetic shift stay in int32, and the clamp that follows is a signed
/// one (SSAT on Arm). A null `offset` adds nothing (the zero point is in
/// `bias`); a null `pre` leaves the accumulator as it is, otherwise it is
/// saturated to [-2^(31-pre), 2^(31-pre) - 1] and shifted left by `pre`
/// first.
mlir::Value requantize32(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc, mlir::Value m,
                         mlir::Value t, mlir::Value bias, mlir::Value offset, int64_t lo,
                         int64_t hi, mlir::Type storage, mlir::Value pre = {});

} // namespace edgec::lowering

#endif
