//===- RescaleLoweringTest.cpp - The compiler's rescale vs quant.h --------===//
//
// The integer rescale the compiler emits (lowering/QnnToLinalg/Rescale.h,
// arith ops) must compute exactly what runtime/include/edgec/quant.h
// documents. Each test builds one scalar function from the same builders
// the lowering uses, JIT-compiles it through the object pipeline's LLVM
// passes, and compares it with the C reference on the edge cases: ties,
// saturation, shifts of either sign, the int32 extremes, zero points and
// clamp bounds, then on random inputs.
//
//===----------------------------------------------------------------------===//
#include "ScalarJit.h"
#include "lowering/QnnToLinalg/Rescale.h"

#include "edgec/quant.h"

#include <gtest/gtest.h>
#include <array>
#include <random>

using namespace mlir;

namespace {

/// JIT-compiled i32 (acc, multiplier, shift) -> i32 functions.
class Rescale : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    jit = new edgec::test::ScalarJit();
    Type i32 = IntegerType::get(jit->context(), 32);
    // mul(acc, m, shift): edgec_mul_by_quantized_multiplier, r = 31 - shift.
    jit->add("mul", {i32, i32, i32}, i32, [](OpBuilder &fb, Location l, ValueRange a) -> Value {
      using namespace edgec::lowering;
      Value r = arith::SubIOp::create(fb, l, i64c(fb, l, 31), ext64(fb, l, a[2]));
      Value v = mulByMultiplier(fb, l, ext64(fb, l, a[0]), ext64(fb, l, a[1]), r);
      // Saturate like the C reference (requantize never needs it: it
      // clamps to the storage range afterwards).
      Value lo = i64c(fb, l, INT32_MIN), hi = i64c(fb, l, INT32_MAX);
      v = arith::SelectOp::create(fb, l, arith::CmpIOp::create(fb, l, arith::CmpIPredicate::slt, v, lo), lo, v);
      v = arith::SelectOp::create(fb, l, arith::CmpIOp::create(fb, l, arith::CmpIPredicate::sgt, v, hi), hi, v);
      return arith::TruncIOp::create(fb, l, fb.getI32Type(), v);
    });
    // requant(acc, m, shift) with zero point -7 and bounds [-100, 90].
    jit->add("requant", {i32, i32, i32}, i32, [](OpBuilder &fb, Location l, ValueRange a) -> Value {
      using namespace edgec::lowering;
      Value r = arith::SubIOp::create(fb, l, i64c(fb, l, 31), ext64(fb, l, a[2]));
      Value q = requantize(fb, l, a[0], a[1], r, -7, -100, 90, fb.getI8Type());
      return arith::ExtSIOp::create(fb, l, fb.getI32Type(), q);
    });
    // requant32*(acc, m, t, bias, offset, pre): the 32-bit form with
    // requant32Constants computed by the caller (the pre-shift always
    // applied: pre 0 leaves the accumulator as it is): with the zero point
    // and bounds above, over the whole int8 range (other zero points), and
    // over int16 (16x8 activations, where a saturated accumulator must still
    // land outside the storage range).
    auto requant32 = [&](StringRef name, int64_t lo, int64_t hi, unsigned bits) {
      jit->add(name, {i32, i32, i32, i32, i32, i32}, i32,
               [=](OpBuilder &fb, Location l, ValueRange a) -> Value {
                 Value q = edgec::lowering::requantize32(fb, l, a[0], a[1], a[2], a[3], a[4], lo,
                                                         hi, fb.getIntegerType(bits), a[5]);
                 return arith::ExtSIOp::create(fb, l, fb.getI32Type(), q);
               });
    };
    requant32("requant32", -100, 90, 8);
    requant32("requant32s8", -128, 127, 8);
    requant32("requant32s16", -32768, 32767, 16);
    ASSERT_EQ(jit->compile(), "");
  }

  static void TearDownTestSuite() { delete jit; }

  static int32_t call(StringRef name, int32_t acc, int32_t m, int32_t shift) {
    int32_t result = 0;
    EXPECT_EQ(jit->call(name, result, acc, m, shift), "");
    return result;
  }

  static void expectSame(int32_t acc, int32_t m, int32_t shift) {
    EXPECT_EQ(call("mul", acc, m, shift), edgec_mul_by_quantized_multiplier(acc, m, shift))
        << "acc=" << acc << " m=" << m << " shift=" << shift;
    int32_t want = edgec_requantize_s8(acc, m, shift, -7, -100, 90);
    EXPECT_EQ(call("requant", acc, m, shift), want)
        << "acc=" << acc << " m=" << m << " shift=" << shift;
    // The 32-bit form exists for right shifts 13..62 (shift -31..18): below
    // 33 with a normalized (or zero) multiplier and a pre-shift.
    auto c = edgec::lowering::requant32Constants(m, 31 - shift, -7);
    bool normalized = m == 0 || m >= EDGEC_Q31_MULTIPLIER_MIN;
    EXPECT_EQ(c.has_value(), shift >= -31 && (shift <= -2 || (shift <= 18 && normalized)))
        << "shift=" << shift << " m=" << m;
    if (c) {
      EXPECT_EQ(c->pre, std::max(0, shift + 2)) << "shift=" << shift;
      int32_t got = 0;
      EXPECT_EQ(jit->call("requant32", got, acc, c->multiplier, c->t, c->bias, c->offset, c->pre),
                "");
      EXPECT_EQ(got, want) << "requant32 acc=" << acc << " m=" << m << " shift=" << shift;
    }
  }

  static edgec::test::ScalarJit *jit;
};

edgec::test::ScalarJit *Rescale::jit;

// The lowering accepts shifts in [-31, 30] (right shifts 1..62) and
// refuses larger rescale factors at compile time.
constexpr int32_t kMinShift = -31, kMaxShift = 30;

TEST_F(Rescale, TiesRoundToEven) {
  // m = 2^30 is 0.5 in Q31: shift s gives real 2^(s-1), so acc = odd * 2^k
  // lands exactly on ties for every shift.
  for (int32_t shift = kMinShift; shift <= 0; ++shift)
    for (int32_t acc : {1, -1, 3, -3, 5, -5, 7, 1 << 20, -(1 << 20), (1 << 20) + 1})
      expectSame(acc, 1 << 30, shift);
}

TEST_F(Rescale, Int32Extremes) {
  for (int32_t acc : {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX})
    for (int32_t m : {0, EDGEC_Q31_MULTIPLIER_MIN, EDGEC_Q31_MULTIPLIER_MIN + 1, INT32_MAX - 1, INT32_MAX})
      for (int32_t shift = kMinShift; shift <= kMaxShift; ++shift)
        expectSame(acc, m, shift);
}

TEST_F(Rescale, EveryShiftBothSigns) {
  for (int32_t shift = kMinShift; shift <= kMaxShift; ++shift)
    for (int32_t acc : {12345, -12345, 1 << 24, -(1 << 24), 77, -77})
      expectSame(acc, 1395864371, shift); // 1.3 * 2^30
}

TEST_F(Rescale, SaturatesAndClamps) {
  // Large positive shifts overflow int32 before the clamp to [-100, 90].
  for (int32_t acc : {1000000, -1000000, 1 << 29, -(1 << 29)})
    for (int32_t shift = 20; shift <= kMaxShift; ++shift)
      expectSame(acc, INT32_MAX, shift);
}

TEST_F(Rescale, MatchesReferenceOnRandomInputs) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int32_t> acc(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> m(EDGEC_Q31_MULTIPLIER_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> shift(kMinShift, kMaxShift);
  std::uniform_int_distribution<int32_t> small(-(1 << 20), 1 << 20);
  for (int i = 0; i < 20000; ++i) {
    expectSame(acc(rng), m(rng), shift(rng));
    expectSame(small(rng), m(rng), shift(rng) / 4 - 8); // typical layer rescales
  }
}

TEST_F(Rescale, Requant32TiesAndCarries) {
  // Exact ties (acc * 2^30 / 2^r with odd quotients), values one below and
  // above them, and products whose low word is 0 or all ones: the cases
  // where the carry into the high word decides the result.
  for (int32_t shift = kMinShift; shift <= -2; ++shift)
    for (int32_t base : {1, 3, 5, 255, 1 << 12, (1 << 20) + 1})
      for (int32_t sign : {1, -1})
        for (int32_t d : {-1, 0, 1}) {
          int64_t acc = (int64_t)sign * base * ((int64_t)1 << std::min(30, 1 - shift)) + d;
          if (acc > INT32_MAX || acc < INT32_MIN)
            continue;
          expectSame((int32_t)acc, 1 << 30, shift);
          expectSame((int32_t)acc, INT32_MAX, shift);
        }
}

TEST_F(Rescale, Requant32ZeroPointsInTheBias) {
  // The zero point joins the bias while hi + bias stays inside int32 (small
  // right shifts) and is added after the shift otherwise; both must match
  // the reference at every zero point, shift and extreme.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> acc(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> m(EDGEC_Q31_MULTIPLIER_MIN, INT32_MAX);
  for (int32_t zp : {-128, -1, 0, 1, 100, 127})
    for (int32_t shift = kMinShift; shift <= -2; ++shift) {
      auto c = edgec::lowering::requant32Constants(1 << 30, 31 - shift, zp);
      ASSERT_TRUE(c.has_value());
      // t = -1 - shift; up to t = 21 the zero point always fits the bias.
      if (-1 - shift <= 21)
        EXPECT_EQ(c->offset, 0) << "zp=" << zp << " shift=" << shift;
      for (int i = 0; i < 300; ++i) {
        int32_t a = i < 4 ? std::array{INT32_MIN, INT32_MAX, 0, -1}[i] : acc(rng);
        int32_t mm = i % 2 ? m(rng) : INT32_MAX;
        auto k = *edgec::lowering::requant32Constants(mm, 31 - shift, zp);
        int32_t got = 0;
        EXPECT_EQ(jit->call("requant32s8", got, a, k.multiplier, k.t, k.bias, k.offset, k.pre),
                  "");
        EXPECT_EQ(got, edgec_requantize_s8(a, mm, shift, zp, -128, 127))
            << "acc=" << a << " m=" << mm << " shift=" << shift << " zp=" << zp;
      }
    }
}

TEST_F(Rescale, Requant32PreShift) {
  // Rescales of 0.25 and up (right shifts 13..32): the accumulator is
  // saturated and shifted left first. Around the saturation bound, at the
  // int32 extremes, on ties and on random values, for int8 and int16
  // storage and several zero points, against the 64-bit reference.
  std::mt19937 rng(11);
  std::uniform_int_distribution<int32_t> acc(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> m(EDGEC_Q31_MULTIPLIER_MIN, INT32_MAX);
  for (int32_t shift = -1; shift <= 18; ++shift)
    for (int32_t zp : {-128, -7, 0, 127}) {
      SmallVector<int32_t> accs = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX};
      int32_t pre = shift + 2;
      int64_t bound = ((int64_t)1 << (31 - pre)) - 1;
      for (int64_t d : {-2, -1, 0, 1, 2})
        for (int64_t edge : {bound, -bound - 1})
          if (edge + d >= INT32_MIN && edge + d <= INT32_MAX)
            accs.push_back((int32_t)(edge + d));
      // Ties: 2^30 * acc / 2^r = acc / 2^(r - 30) with r - 30 = 1 - shift.
      for (int32_t v : {1, 3, -1, -3})
        if (shift <= 0)
          accs.push_back(v << (1 - shift));
      for (int i = 0; i < 200; ++i)
        accs.push_back(i % 2 ? acc(rng) : acc(rng) >> (16 + i % 16));
      for (int32_t mm : {0, EDGEC_Q31_MULTIPLIER_MIN, 1 << 30 | 12345, INT32_MAX, m(rng)}) {
        auto k = edgec::lowering::requant32Constants(mm, 31 - shift, zp);
        ASSERT_TRUE(k.has_value()) << "shift=" << shift << " m=" << mm;
        for (int32_t a : accs) {
          int32_t got = 0;
          EXPECT_EQ(jit->call("requant32s8", got, a, k->multiplier, k->t, k->bias, k->offset, k->pre),
                    "");
          EXPECT_EQ(got, edgec_requantize_s8(a, mm, shift, zp, -128, 127))
              << "acc=" << a << " m=" << mm << " shift=" << shift << " zp=" << zp;
          EXPECT_EQ(jit->call("requant32s16", got, a, k->multiplier, k->t, k->bias, k->offset,
                              k->pre),
                    "");
          EXPECT_EQ(got, edgec_requantize_s16(a, mm, shift, zp, -32768, 32767))
              << "s16 acc=" << a << " m=" << mm << " shift=" << shift << " zp=" << zp;
        }
      }
    }
}

} // namespace
