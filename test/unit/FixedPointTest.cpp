//===- FixedPointTest.cpp - Tests of the int8 fixed-point arithmetic ------===//
//
// Checks runtime/include/edgec/quant.h against exact references: __int128
// rational arithmetic for the multiplication (every rounding tie, shift and
// int32 extreme, plus millions of random inputs), TFLite's QuantizeMultiplier
// for the multiplier, and ONNX Runtime's float requantization (MLAS) for the
// 1-LSB bound. Seeds are fixed; the whole file runs in well under a second.
//
//===----------------------------------------------------------------------===//
#include "edgec/quant.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

using i128 = __int128;
constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kQ30 = int32_t(1) << 30;

int32_t saturate(i128 v) {
  return v > kMax ? kMax : v < kMin ? kMin : static_cast<int32_t>(v);
}

/// Exact saturate(round_half_even(x * m * 2^(shift - 31))), written
/// independently of the header: floor division with a remainder in 128 bits.
int32_t refMul(int64_t x, int32_t m, int32_t shift) {
  i128 p = i128(x) * m; // |p| <= 2^94
  int64_t e = int64_t(shift) - 31;
  if (p == 0)
    return 0;
  if (e >= 0)
    return e > 32 ? (p > 0 ? kMax : kMin) : saturate(p * (i128(1) << e)); // 2^94 * 2^32 fits
  int64_t r = -e;
  if (r > 120) // |p| / 2^r < 2^-25
    return 0;
  i128 d = i128(1) << r;
  i128 q = p / d, rem = p % d; // truncating; make it a floor division
  if (rem < 0) {
    q -= 1;
    rem += d;
  }
  if (2 * rem > d || (2 * rem == d && q % 2 != 0))
    q += 1;
  return saturate(q);
}

/// TFLite's MultiplyByQuantizedMultiplier (gemmlowp double rounding, ties
/// away from zero twice), for comparison. Valid while x << left_shift fits.
int32_t tfliteMul(int32_t x, int32_t m, int32_t shift) {
  int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int32_t a = static_cast<int32_t>(int64_t(x) * (int64_t(1) << left));
  bool overflow = a == m && a == kMin;
  int64_t ab = int64_t(a) * m;
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  int32_t high = overflow ? kMax : static_cast<int32_t>((ab + nudge) / (int64_t(1) << 31));
  int32_t mask = static_cast<int32_t>((int64_t(1) << right) - 1);
  int32_t rem = high & mask;
  int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> right) + (rem > threshold ? 1 : 0);
}

/// TFLite's QuantizeMultiplier (frexp + std::round), without its shift > 30
/// saturation, which edgec deliberately does not copy.
void tfliteQuantize(double real, int32_t *m, int32_t *shift) {
  if (real == 0.) {
    *m = 0, *shift = 0;
    return;
  }
  int e;
  double q = std::frexp(real, &e);
  int64_t fixed = static_cast<int64_t>(std::round(q * double(int64_t(1) << 31)));
  if (fixed == (int64_t(1) << 31))
    fixed /= 2, ++e;
  if (e < -31)
    e = 0, fixed = 0;
  *m = static_cast<int32_t>(fixed), *shift = e;
}

/// ONNX Runtime's MlasRequantizeOutput for one value: float(acc) * scale,
/// clamped in float to [lo - zp, hi - zp], rounded to nearest even, + zp.
int32_t ortRequantize(int32_t acc, float scale, int32_t zp, int32_t lo, int32_t hi) {
  float v = static_cast<float>(acc) * scale;
  v = std::max(v, static_cast<float>(lo - zp));
  v = std::min(v, static_cast<float>(hi - zp));
  return static_cast<int32_t>(std::nearbyintf(v)) + zp;
}

int32_t clampRef(int64_t v, int32_t lo, int32_t hi, int32_t tlo, int32_t thi) {
  return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(std::min<int64_t>(std::max<int64_t>(v, lo), hi), tlo), thi));
}

/// Random inputs that reach the corners: uniform, small, near the extremes,
/// and products of odd numbers and powers of two (which produce ties).
struct Gen {
  std::mt19937_64 rng{0x5eed1234u};
  uint64_t bits() { return rng(); }
  int32_t u32() { return static_cast<int32_t>(static_cast<uint32_t>(rng())); }
  int32_t range(int32_t lo, int32_t hi) {
    return static_cast<int32_t>(lo + int64_t(rng() % uint64_t(int64_t(hi) - lo + 1)));
  }
  int32_t x() {
    switch (rng() % 4) {
    case 0: return u32();
    case 1: return u32() >> range(0, 31); // any magnitude
    case 2: return (rng() & 1) ? kMax - range(0, 1000) : kMin + range(0, 1000);
    default: {
      int32_t v = static_cast<int32_t>((rng() | 1) & 0xFFFF) << range(0, 15);
      return (rng() & 1) ? -v : v;
    }
    }
  }
  int32_t multiplier() { return kQ30 + static_cast<int32_t>(rng() % uint64_t(kQ30)); }
};

std::vector<int32_t> edgeValues() {
  std::vector<int32_t> v = {0, 1, -1, 2, -2, 3, -3, 5, -5, kMax, kMin, kMax - 1, kMin + 1};
  for (int k = 1; k < 31; ++k)
    for (int64_t d : {-1, 0, 1})
      for (int64_t s : {1, -1})
        v.push_back(static_cast<int32_t>(s * ((int64_t(1) << k) + d)));
  return v;
}

const std::vector<int32_t> kEdgeMultipliers = {
    kQ30, kQ30 + 1, kMax, kMax - 1, 3 * (kQ30 / 2), 1395864371, 1518500250,
    0, 1, -1, kMin, kMin + 1, -kQ30};

//===----------------------------------------------------------------------===//
// edgec_mul_by_quantized_multiplier
//===----------------------------------------------------------------------===//

TEST(FixedPoint, ZeroInputOrMultiplierGivesZero) {
  for (int32_t shift = -70; shift <= 70; ++shift) {
    for (int32_t m : kEdgeMultipliers)
      EXPECT_EQ(edgec_mul_by_quantized_multiplier(0, m, shift), 0);
    for (int32_t x : edgeValues())
      EXPECT_EQ(edgec_mul_by_quantized_multiplier(x, 0, shift), 0);
  }
}

TEST(FixedPoint, TiesRoundToEven) {
  struct Case { int32_t x, m, shift, expected; };
  // m = 2^30 is 0.5 * 2^shift; m = 2^30 + 1 with shift 30 is 2^29 + 0.5.
  const Case cases[] = {
      {1, kQ30, 0, 0},    {3, kQ30, 0, 2},    {5, kQ30, 0, 2},     {7, kQ30, 0, 4},
      {-1, kQ30, 0, 0},   {-3, kQ30, 0, -2},  {-5, kQ30, 0, -2},   {-7, kQ30, 0, -4},
      {2, kQ30, -1, 0},   {6, kQ30, -1, 2},   {-6, kQ30, -1, -2},  {-10, kQ30, -1, -2},
      {kQ30, kQ30, -30, 0}, {-kQ30, kQ30, -30, 0},                  // +-0.5
      {kMin, kQ30, -31, 0},                                          // -0.5
      {1, kQ30 + 1, 30, 1 << 29}, {-1, kQ30 + 1, 30, -(1 << 29)},
      {3, kQ30 + 1, 30, 3 * (1 << 29) + 2}, {-3, kQ30 + 1, 30, -3 * (1 << 29) - 2},
      // Not a tie: -0.75.
      {kMin, 3 * (kQ30 / 2), -31, -1},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << c.x << " * " << c.m << " shift " << c.shift);
    EXPECT_EQ(edgec_mul_by_quantized_multiplier(c.x, c.m, c.shift), c.expected);
    EXPECT_EQ(refMul(c.x, c.m, c.shift), c.expected);
  }
}

TEST(FixedPoint, RandomTiesAreExactAndEven) {
  // x = ox * 2^b, m = om * 2^a with odd ox, om: x * m / 2^(a + b + 1) is a tie.
  Gen g;
  for (int i = 0; i < 200000; ++i) {
    int32_t a = g.range(0, 30), b = g.range(0, 30);
    int32_t om = static_cast<int32_t>((int64_t(1) << (30 - a)) + (g.bits() % (uint64_t(1) << (30 - a)))) | 1;
    int32_t m = om << a;
    int32_t ox = static_cast<int32_t>(g.bits() % (uint64_t(1) << (31 - b))) | 1;
    int32_t x = (g.bits() & 1) ? -(ox << b) : (ox << b);
    int32_t shift = 30 - a - b;
    int32_t got = edgec_mul_by_quantized_multiplier(x, m, shift);
    ASSERT_EQ(got, refMul(x, m, shift)) << x << " " << m << " " << shift;
    if (got != kMax && got != kMin) {
      ASSERT_EQ(got % 2, 0) << x << " " << m << " " << shift;
    }
  }
}

TEST(FixedPoint, EveryShiftAtTheEdges) {
  // All shifts of the documented range and far beyond, for the int32
  // extremes, powers of two and their neighbours, and edge multipliers.
  for (int32_t shift = -70; shift <= 70; ++shift)
    for (int32_t m : kEdgeMultipliers)
      for (int32_t x : edgeValues())
        ASSERT_EQ(edgec_mul_by_quantized_multiplier(x, m, shift), refMul(x, m, shift))
            << x << " * " << m << " shift " << shift;
  for (int32_t shift : {kMin, kMin + 1, -1000, 1000, kMax - 1, kMax})
    for (int32_t x : {kMin, -1, 0, 1, kMax})
      EXPECT_EQ(edgec_mul_by_quantized_multiplier(x, kQ30, shift), refMul(x, kQ30, shift));
}

TEST(FixedPoint, Saturates) {
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMax, kMax, 30), kMax);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin, kMax, 30), kMin);
  // (-2^31)^2 = 2^62 is the largest product: 2^62 * 2^-32 fits, 2^62 * 2^-31
  // = 2^31 does not.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin, kMin, -1), kQ30);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin, kMin, 0), kMax);
  // Factor 1 (2^30 * 2^(1-31)) is the identity, even at the extremes.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMax, kQ30, 1), kMax);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin, kQ30, 1), kMin);
  // Factor 1 + 2^-30 pushes both extremes out of range.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMax, kQ30 + 1, 1), kMax);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin, kQ30 + 1, 1), kMin);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(kMin + 1, kMax, 32), kMin);
  // Ties at the int32 boundary. 2^32 - 1 = 65535 * 65537 and 2^32 + 1 =
  // 641 * 6700417, so these products are (2^32 -+ 1) * 2^(r-1):
  //   2^31 - 0.5 rounds to even 2^31 and saturates;
  //   -(2^31 - 0.5) rounds to even -2^31 = INT32_MIN, no saturation needed;
  //   +-(2^31 + 0.5) round to +-2^31: INT32_MAX (saturated) and INT32_MIN.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(65535, 65537 << 14, 16), kMax);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(-65535, 65537 << 14, 16), kMin);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(641, 6700417 << 8, 22), kMax);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(-641, 6700417 << 8, 22), kMin);
  // One below the tie rounds down and fits.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(65535, (65537 << 14) - 1, 16), kMax - 1);
}

TEST(FixedPoint, MatchesExactReferenceOnRandomInputs) {
  Gen g;
  for (int i = 0; i < 3000000; ++i) {
    int32_t x = g.x(), m = g.multiplier(), shift = g.range(-31, 30);
    int32_t got = edgec_mul_by_quantized_multiplier(x, m, shift);
    int32_t want = refMul(x, m, shift);
    if (got != want)
      FAIL() << x << " * " << m << " shift " << shift << ": " << got << " != " << want;
  }
  for (int i = 0; i < 1000000; ++i) { // any multiplier, any sign, wider shifts
    int32_t x = g.x(), m = g.u32(), shift = g.range(-40, 40);
    int32_t got = edgec_mul_by_quantized_multiplier(x, m, shift);
    int32_t want = refMul(x, m, shift);
    if (got != want)
      FAIL() << x << " * " << m << " shift " << shift << ": " << got << " != " << want;
  }
}

TEST(FixedPoint, DiffersFromTfliteDoubleRoundingByAtMostOne) {
  // The TFLite form rounds twice; it can be 1 LSB off even away from ties.
  // x = 4, m = 1.3 * 2^30, shift = -1: exact 1.29999..., TFLite rounds
  // 4m / 2^31 = 2.59999... to 3, then 3 / 2 = 1.5 away from zero to 2.
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(4, 1395864371, -1), 1);
  EXPECT_EQ(tfliteMul(4, 1395864371, -1), 2);
  // Ties: TFLite rounds away from zero, edgec (and ORT) to even.
  EXPECT_EQ(tfliteMul(5, kQ30, 0), 3);
  EXPECT_EQ(edgec_mul_by_quantized_multiplier(5, kQ30, 0), 2);
  Gen g;
  int differ = 0;
  for (int i = 0; i < 500000; ++i) {
    int32_t m = g.multiplier(), shift = g.range(-31, 0);
    int32_t x = g.x();
    int32_t ours = edgec_mul_by_quantized_multiplier(x, m, shift);
    int32_t theirs = tfliteMul(x, m, shift);
    ASSERT_LE(std::abs(int64_t(ours) - theirs), 1) << x << " " << m << " " << shift;
    differ += ours != theirs;
  }
  EXPECT_GT(differ, 0);
  RecordProperty("tflite_differences", differ);
}

//===----------------------------------------------------------------------===//
// The 64-bit accumulator form (16x8)
//===----------------------------------------------------------------------===//

TEST(FixedPoint, Int64AccumulatorMatchesExactReference) {
  Gen g;
  const int64_t extremes[] = {0, 1, -1, INT64_MAX, INT64_MIN, INT64_MIN + 1,
                              int64_t(kMax) + 1, int64_t(kMin) - 1, int64_t(1) << 40};
  for (int32_t shift = -100; shift <= 70; ++shift)
    for (int32_t m : kEdgeMultipliers)
      for (int64_t x : extremes)
        ASSERT_EQ(edgec_mul_by_quantized_multiplier_s64(x, m, shift), refMul(x, m, shift))
            << x << " * " << m << " shift " << shift;
  for (int i = 0; i < 1000000; ++i) {
    int64_t x = static_cast<int64_t>(g.bits()) >> g.range(0, 63);
    int32_t m = (i % 4 == 0) ? g.u32() : g.multiplier();
    int32_t shift = g.range(-95, 40);
    int32_t got = edgec_mul_by_quantized_multiplier_s64(x, m, shift);
    int32_t want = refMul(x, m, shift);
    if (got != want)
      FAIL() << x << " * " << m << " shift " << shift << ": " << got << " != " << want;
  }
}

TEST(FixedPoint, Int64AccumulatorAgreesWithInt32FormOnInt32Inputs) {
  Gen g;
  for (int i = 0; i < 500000; ++i) {
    int32_t x = g.x(), m = g.multiplier(), shift = g.range(-40, 40);
    ASSERT_EQ(edgec_mul_by_quantized_multiplier_s64(x, m, shift),
              edgec_mul_by_quantized_multiplier(x, m, shift));
  }
}

//===----------------------------------------------------------------------===//
// edgec_quantize_multiplier
//===----------------------------------------------------------------------===//

/// Quantizes `real` and checks the status and both outputs.
void expectQuantized(double real, int ok, int32_t m, int32_t shift) {
  int32_t gotM = 12345, gotShift = 12345;
  SCOPED_TRACE(testing::Message() << "real " << real);
  EXPECT_EQ(edgec_quantize_multiplier(real, &gotM, &gotShift), ok);
  EXPECT_EQ(gotM, m);
  EXPECT_EQ(gotShift, shift);
}

TEST(QuantizeMultiplier, EdgeCases) {
  expectQuantized(0.0, 1, 0, 0);
  expectQuantized(-0.0, 1, 0, 0);
  expectQuantized(0.5, 1, kQ30, 0);
  expectQuantized(0.75, 1, 3 * (kQ30 / 2), 0);
  expectQuantized(1.0, 1, kQ30, 1);
  expectQuantized(std::ldexp(1.0, -32), 1, kQ30, -31);
  // Just below 2^-32 the fraction rounds up to 1 and the shift stays -31.
  expectQuantized(std::ldexp(1.0 - std::ldexp(1.0, -40), -32), 1, kQ30, -31);
  // Below that, flush to zero; exact, since |int32 * real| < 0.5.
  for (double r : {std::ldexp(1.0, -33), std::ldexp(0.75, -32), 1e-300, 4.9e-324}) {
    expectQuantized(r, 1, 0, 0);
    EXPECT_LT(std::fabs(static_cast<long double>(kMin) * r), 0.5L);
  }
  // Ties of the fraction round away from zero, as std::round in TFLite:
  // (2^30 + 0.5) / 2^31 -> 2^30 + 1.
  expectQuantized((double(kQ30) + 0.5) / 2147483648.0, 1, kQ30 + 1, 0);
  // A fraction that rounds up to 2^31 becomes 2^30 with the next shift.
  expectQuantized(std::nextafter(1.0, 0.0), 1, kQ30, 1);
  // Large reals keep full precision (shift above 30, unlike TFLite).
  expectQuantized(std::ldexp(1.0, 30), 1, kQ30, 31);
  expectQuantized(std::nextafter(2147483648.0, 0.0), 1, kQ30, 32);
  // Out of domain: rejected, outputs zeroed.
  for (double r : {-1.0, -1e-30, 2147483648.0, 1e300, std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN()})
    expectQuantized(r, 0, 0, 0);
}

TEST(QuantizeMultiplier, RoundTripErrorIsAtMostTwoToTheMinus31) {
  Gen g;
  std::uniform_real_distribution<double> log2r(-32.0, 31.0);
  for (int i = 0; i < 200000; ++i) {
    double real = std::exp2(log2r(g.rng));
    if (real >= 2147483648.0)
      continue;
    int32_t m, s;
    ASSERT_EQ(edgec_quantize_multiplier(real, &m, &s), 1);
    if (m == 0) { // flushed: only below 2^-32
      ASSERT_LT(real, std::ldexp(1.0, -32));
      ASSERT_EQ(s, 0);
      continue;
    }
    ASSERT_GE(m, kQ30) << real;
    ASSERT_GE(s, EDGEC_QUANT_SHIFT_MIN);
    ASSERT_LE(s, EDGEC_QUANT_SHIFT_MAX);
    long double back = std::ldexp(static_cast<long double>(m), s - 31);
    ASSERT_LE(std::fabs(back - real), std::ldexp(static_cast<long double>(real), -31)) << real;
    // Bit-identical to TFLite wherever TFLite does not saturate (shift <= 30).
    int32_t tm, ts;
    tfliteQuantize(real, &tm, &ts);
    if (ts <= 30) {
      ASSERT_TRUE(tm == m && ts == s) << real;
    }
  }
}

TEST(QuantizeMultiplier, Float32ScalesAreExact) {
  // 24 significant bits fit in the 31 fraction bits: no error at all.
  Gen g;
  std::uniform_real_distribution<float> log2r(-31.0f, 20.0f);
  for (int i = 0; i < 100000; ++i) {
    float f = std::exp2(log2r(g.rng));
    int32_t m, s;
    ASSERT_EQ(edgec_quantize_multiplier(f, &m, &s), 1);
    ASSERT_EQ(std::ldexp(static_cast<double>(m), s - 31), static_cast<double>(f)) << f;
  }
}

TEST(QuantizeMultiplier, PerChannelUsesOrtEffectiveScale) {
  const float w[] = {0.01f, 0.003f, 0.5f, 1e-12f};
  int32_t m[4], s[4];
  EXPECT_EQ(edgec_quantize_multipliers(0.02f, w, 4, 0.1f, m, s), 1);
  for (int c = 0; c < 4; ++c) {
    float eff = 0.02f * w[c];
    eff = eff / 0.1f; // ORT: (X_scale * W_scale[c]) / Y_scale in float
    EXPECT_EQ(edgec_effective_scale(0.02f, w[c], 0.1f), eff);
    if (eff >= std::ldexp(1.0f, -32)) {
      EXPECT_EQ(std::ldexp(static_cast<double>(m[c]), s[c] - 31), static_cast<double>(eff));
    }
  }
  EXPECT_EQ(m[3], 0); // 2e-12 flushes
  const float bad[] = {0.01f, -0.5f};
  EXPECT_EQ(edgec_quantize_multipliers(0.02f, bad, 2, 0.1f, m, s), 0);
  EXPECT_EQ(m[1], 0);
}

TEST(QuantizeMultiplier, FoldZeroPointIntoBias) {
  const int8_t w[] = {3, -128, 127, -1, 0};
  int32_t folded = 0;
  ASSERT_EQ(edgec_fold_zero_point(1000, w, 5, -7, &folded), 1);
  EXPECT_EQ(folded, 1000 - (-7) * (3 - 128 + 127 - 1));
  // sum(x - zp) * w + b == sum x * w + folded
  const int8_t x[] = {-128, 5, 127, 9, -3};
  int32_t a = 1000, b = folded;
  for (int k = 0; k < 5; ++k)
    a += (x[k] - (-7)) * w[k], b += x[k] * w[k];
  EXPECT_EQ(a, b);
  EXPECT_EQ(edgec_fold_zero_point(kMax, w, 1, -1, &folded), 0); // overflows int32
}

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

TEST(Requantize, ZeroPointIsAddedAfterRounding) {
  // acc * 0.5 = 2.5 rounds to 2, then + 1 = 3 (rounding 3.5 would give 4).
  EXPECT_EQ(edgec_requantize_s8(5, kQ30, 0, 1, -128, 127), 3);
  EXPECT_EQ(edgec_requantize_s8(-5, kQ30, 0, 1, -128, 127), -1);
}

TEST(Requantize, ClampsToActivationThenType) {
  // Relu with zero point -5: [zp, 127]. Relu6 with scale 6/255: [zp, zp + 255].
  EXPECT_EQ(edgec_requantize_s8(-100, kQ30, 1, -5, -5, 127), -5);
  EXPECT_EQ(edgec_requantize_s8(100, kQ30, 1, -5, -5, 127), 95);
  EXPECT_EQ(edgec_requantize_s8(1000, kQ30, 1, -5, -5, 127), 127);
  EXPECT_EQ(edgec_requantize_s8(50, kQ30, 1, -128, -128, 0), -78);
  EXPECT_EQ(edgec_requantize_s8(200, kQ30, 1, -128, -128, 0), 0);
  // Bounds wider than the type still give a valid int8.
  EXPECT_EQ(edgec_requantize_s8(kMax, kMax, 30, 0, -1000, 1000), 127);
  EXPECT_EQ(edgec_requantize_s8(kMin, kMax, 30, 0, -1000, 1000), -128);
  EXPECT_EQ(edgec_requantize_s8(kMax, kMax, 30, 127, kMin, kMax), 127);
  EXPECT_EQ(edgec_requantize_s8(kMin, kMax, 30, -128, kMin, kMax), -128);
  EXPECT_EQ(edgec_requantize_s16(kMax, kMax, 30, 0, kMin, kMax), 32767);
  EXPECT_EQ(edgec_requantize_s16(kMin, kMax, 30, 0, kMin, kMax), -32768);
  EXPECT_EQ(edgec_requantize_s16(-40000, kQ30, 1, 3, -32768, 32767), -32768);
  EXPECT_EQ(edgec_requantize_s16(30000, kQ30, 1, 3, 0, 32767), 30003);
  EXPECT_EQ(edgec_requantize_s16_acc64(INT64_MAX, kQ30, -20, 0, -32768, 32767), 32767);
  EXPECT_EQ(edgec_requantize_s16_acc64(int64_t(1) << 40, kQ30, -10, -2, -32768, 32767), 32767);
  EXPECT_EQ(edgec_requantize_s16_acc64(-(int64_t(3) << 40), kQ30, -27, 0, -32768, 32767), -12288);
}

TEST(Requantize, MatchesReferenceOnRandomInputs) {
  Gen g;
  for (int i = 0; i < 500000; ++i) {
    int32_t acc = g.x(), m = g.multiplier(), s = g.range(-31, 30);
    int32_t zp8 = g.range(-128, 127), zp16 = g.range(-32768, 32767);
    int32_t lo = g.range(-200, 200), hi = g.range(-200, 200);
    int64_t v = refMul(acc, m, s);
    ASSERT_EQ(edgec_requantize_s8(acc, m, s, zp8, lo, hi), clampRef(v + zp8, lo, hi, -128, 127));
    ASSERT_EQ(edgec_requantize_s16(acc, m, s, zp16, lo * 200, hi * 200),
              clampRef(v + zp16, lo * 200, hi * 200, -32768, 32767));
    int64_t wide = static_cast<int64_t>(g.bits()) >> g.range(16, 63);
    ASSERT_EQ(edgec_requantize_s16_acc64(wide, m, s - 20, zp16, -32768, 32767),
              clampRef(int64_t(refMul(wide, m, s - 20)) + zp16, -32768, 32767, -32768, 32767));
  }
}

TEST(Requantize, PerChannelRow) {
  const int32_t acc[] = {100, -100, 7, 1 << 20};
  const int32_t m[] = {kQ30, kQ30, 3 * (kQ30 / 2), kQ30};
  const int32_t s[] = {0, -1, 0, -20};
  int8_t out[4];
  edgec_requantize_s8_channels(acc, out, 4, m, s, 2, -128, 127);
  const int8_t expected[] = {52, -23, 7, 2};
  for (int c = 0; c < 4; ++c) {
    EXPECT_EQ(out[c], edgec_requantize_s8(acc[c], m[c], s[c], 2, -128, 127));
    EXPECT_EQ(out[c], expected[c]);
  }
}

//===----------------------------------------------------------------------===//
// Agreement with ONNX Runtime's float requantization
//===----------------------------------------------------------------------===//

TEST(Requantize, WithinOneLsbOfOnnxRuntimeForRealisticScales) {
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  Gen g;
  std::uniform_real_distribution<float> inLog(-10.f, -1.f), wLog(-12.f, -4.f), outLog(-8.f, 0.f);
  int64_t total = 0, differOrt = 0, differDouble = 0;
  for (int layer = 0; layer < 2000; ++layer) {
    float sIn = std::exp2(inLog(g.rng)), sOut = std::exp2(outLog(g.rng));
    float sW = std::exp2(wLog(g.rng));
    float eff = edgec_effective_scale(sIn, sW, sOut);
    double effExact = double(sIn) * double(sW) / double(sOut);
    int32_t m, s;
    ASSERT_EQ(edgec_quantize_multiplier(eff, &m, &s), 1);
    int32_t mExact, sExact;
    ASSERT_EQ(edgec_quantize_multiplier(effExact, &mExact, &sExact), 1);
    int32_t zp = g.range(-128, 127);
    bool relu = g.bits() & 1;
    int32_t lo = relu ? zp : -128, hi = 127;
    // Accumulators spanning the output range and beyond, clamped to int32.
    double span = 300.0 / eff;
    for (int i = 0; i < 500; ++i) {
      double a = (static_cast<double>(g.bits() % 2000001) / 1000000.0 - 1.0) * span;
      int32_t acc = static_cast<int32_t>(std::max(-2147483520.0, std::min(2147483520.0, a)));
      int32_t ours = edgec_requantize_s8(acc, m, s, zp, lo, hi);
      int32_t ort = ortRequantize(acc, eff, zp, lo, hi);
      ASSERT_LE(std::abs(ours - ort), 1) << acc << " scale " << eff;
      if (ours != ort) {
        // Only where float32 rounding of acc * scale (relative error 2^-24
        // for the product, 2^-24 for float(acc)) crossed a half-integer.
        // acc * eff (31 + 24 bits) is exact in long double.
        long double exact = static_cast<long double>(acc) * eff;
        long double toHalf = std::fabs(exact - std::floor(exact) - 0.5L);
        ASSERT_LE(toHalf, std::fabs(exact) * std::ldexp(1.0L, -23)) << acc << " scale " << eff;
        ++differOrt;
      }
      // Against the double-precision real factor (not rounded to float).
      int32_t oursD = edgec_requantize_s8(acc, mExact, sExact, zp, lo, hi);
      double ref = std::nearbyint(static_cast<double>(acc) * effExact) + zp;
      int32_t want = static_cast<int32_t>(std::min<double>(hi, std::max<double>(lo, ref)));
      ASSERT_LE(std::abs(oursD - want), 1) << acc << " scale " << effExact;
      differDouble += oursD != want;
      ++total;
    }
  }
  // Differences need float rounding to cross a half-integer: very rare.
  EXPECT_LT(differOrt, total / 10000) << differOrt << " of " << total;
  EXPECT_LT(differDouble, total / 10000) << differDouble << " of " << total;
  RecordProperty("samples", static_cast<int>(total));
  RecordProperty("ort_mismatches", static_cast<int>(differOrt));
  RecordProperty("double_mismatches", static_cast<int>(differDouble));
}

TEST(Requantize, RoundingTiesMatchOnnxRuntimeExactly) {
  // Power-of-two and short scales make acc * scale exact in float, so ORT
  // sees the tie too and rounds it to even, like edgec (TFLite would not).
  for (float scale : {0.5f, 0.25f, 0.125f, 0.375f, 0.0625f, 1.5f / 1024.f}) {
    int32_t m, s;
    ASSERT_EQ(edgec_quantize_multiplier(scale, &m, &s), 1);
    for (int32_t acc = -100000; acc <= 100000; acc += 1) {
      ASSERT_EQ(edgec_requantize_s8(acc, m, s, 3, -128, 127), ortRequantize(acc, scale, 3, -128, 127))
          << acc << " " << scale;
    }
  }
}

} // namespace
