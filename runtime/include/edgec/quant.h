/*===- edgec/quant.h - Integer fixed-point arithmetic for quantized models -===*
 *
 * The arithmetic every int8 (and 16x8) kernel of edgec shares: a real-valued
 * rescale factor represented as a Q31 multiplier and a power-of-two shift,
 * the multiplication of an accumulator by it, and requantization into int8
 * or int16 with a zero point and fused activation bounds. The semantics are
 * written down in docs/quantization.md; in short:
 *
 *   real = multiplier * 2^(shift - 31),  multiplier in [2^30, 2^31) or 0
 *   edgec_mul_by_quantized_multiplier(x, m, s)
 *        = saturate_int32(round_half_even(x * m * 2^(s - 31)))
 *   edgec_requantize_s8(acc, m, s, zp, lo, hi)
 *        = clamp(clamp(mul(acc, m, s) + zp, lo, hi), -128, 127)
 *
 * The product is rounded once, exactly, ties to even: the same rounding as
 * ONNX Runtime's float requantization (nearbyint), not TFLite's double
 * rounding (ties away from zero, twice), which can be 1 LSB off the exact
 * result even away from ties.
 *
 * Everything applied at run time is integer-only C99 with no
 * implementation-defined or undefined behaviour: no right shift of a
 * negative value (magnitudes are shifted as unsigned), no left shift of a
 * negative value, no signed overflow (a 64-bit product of two 32-bit values
 * cannot overflow), no out-of-range conversion to a narrower signed type.
 * Results are therefore bit-identical on the host and on every target.
 * Only the compile-time helpers (edgec_quantize_multiplier and friends) use
 * floating point, and only exact operations and comparisons, so they are
 * also deterministic; unused, they cost nothing on an FPU-less core.
 *===----------------------------------------------------------------------===*/
#ifndef EDGEC_QUANT_H
#define EDGEC_QUANT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Smallest nonzero multiplier produced by edgec_quantize_multiplier (0.5
 * in Q31); every nonzero multiplier lies in [2^30, 2^31). */
#define EDGEC_Q31_MULTIPLIER_MIN INT32_C(1073741824)

/** Shift range in which a nonzero multiplier keeps full precision. Reals
 * below about 2^-32 flush to multiplier 0 (exact for int32 inputs, see
 * edgec_quantize_multiplier); reals up to 2^31 need a shift up to 32. */
#define EDGEC_QUANT_SHIFT_MIN (-31)
#define EDGEC_QUANT_SHIFT_MAX 32

/*---------------------------------------------------------------------------*
 * Compile-time helpers (floating point; the compiler mirrors them in C++).
 *---------------------------------------------------------------------------*/

/**
 * Maps a real rescale factor to a Q31 multiplier and a shift such that
 * real ~= multiplier * 2^(shift - 31), like TFLite's QuantizeMultiplier:
 * real = q * 2^e with q in [0.5, 1), multiplier = round(q * 2^31) with ties
 * away from zero (TFLite's std::round), and a multiplier that rounds up to
 * 2^31 becomes 2^30 with e + 1. The relative error is at most 2^-31, and 0
 * when `real` is a float32 (24 significant bits fit in 31).
 *
 * Edge cases:
 *   - real == 0 gives multiplier 0, shift 0.
 *   - Tiny reals (shift would be below -31, i.e. real < (1 - 2^-32) * 2^-32)
 *     give multiplier 0, shift 0 ("flush to zero"). This is exact for int32
 *     inputs: |x * real| < 2^31 * 2^-32 = 0.5 rounds to 0 anyway.
 *   - Unlike TFLite, shifts above 30 are kept (reals in [2^30, 2^31) give
 *     shift 31 or 32), since edgec_mul_by_quantized_multiplier is exact for
 *     every shift; TFLite instead saturates them to 2^31 - 1, shift 30.
 *
 * Uses only scaling by 2, truncation of a value in [2^30, 2^31) and exact
 * subtraction: deterministic on every host, no <math.h>.
 *
 * @param real        rescale factor, in [0, 2^31)
 * @param multiplier  out: 0 or a value in [2^30, 2^31)
 * @param shift       out: exponent, in [-31, 32] (0 with multiplier 0)
 * @return 1 on success; 0 if `real` is negative, NaN or >= 2^31 (outputs
 *         are then set to 0 and the caller must reject the model)
 */
static inline int edgec_quantize_multiplier(double real, int32_t *multiplier,
                                            int32_t *shift) {
  double q = real, scaled, frac;
  int64_t fixed;
  int32_t e = 0;
  *multiplier = 0;
  *shift = 0;
  if (!(real >= 0.0) || !(real < 2147483648.0)) /* also rejects NaN */
    return 0;
  if (!(real > 0.0)) /* 0 (or -0) */
    return 1;
  while (q >= 1.0) { /* at most 31 exact halvings */
    q *= 0.5;
    ++e;
  }
  while (q < 0.5) { /* exact doublings; stop once the result must flush */
    q *= 2.0;
    --e;
    if (e < -33)
      return 1;
  }
  scaled = q * 2147483648.0; /* exact: in [2^30, 2^31) */
  fixed = (int64_t)scaled;   /* truncation of a positive in-range value */
  frac = scaled - (double)fixed; /* exact (same binade) */
  if (frac >= 0.5)
    ++fixed;
  if (fixed == INT64_C(2147483648)) {
    fixed = INT64_C(1073741824);
    ++e;
  }
  if (e < EDGEC_QUANT_SHIFT_MIN)
    return 1;
  *multiplier = (int32_t)fixed;
  *shift = e;
  return 1;
}

/**
 * The effective rescale factor of a Conv/MatMul/Gemm output, computed in
 * float32 exactly as ONNX Runtime's QLinearConv/QLinearMatMul do:
 * (input_scale * weight_scale) / output_scale, each step rounded to float.
 * Quantizing this float with edgec_quantize_multiplier is then exact, so
 * edgec and ORT rescale by the same number (docs/quantization.md).
 * Assignments to float strip any excess precision (C99 6.3.1.8).
 */
static inline float edgec_effective_scale(float input_scale, float weight_scale,
                                          float output_scale) {
  float product = input_scale * weight_scale;
  float quotient = product / output_scale;
  return quotient;
}

/**
 * Per-channel (or, with count == 1, per-tensor) multipliers: for each output
 * channel c, quantizes edgec_effective_scale(input_scale, weight_scales[c],
 * output_scale).
 *
 * @return 1 if every factor was representable; 0 otherwise (the failing
 *         entries hold multiplier 0, shift 0)
 */
static inline int edgec_quantize_multipliers(float input_scale,
                                             const float *weight_scales,
                                             size_t count, float output_scale,
                                             int32_t *multipliers,
                                             int32_t *shifts) {
  size_t c;
  int ok = 1;
  for (c = 0; c < count; ++c) {
    float s = edgec_effective_scale(input_scale, weight_scales[c], output_scale);
    if (!edgec_quantize_multiplier((double)s, &multipliers[c], &shifts[c]))
      ok = 0;
  }
  return ok;
}

/**
 * Folds the input zero point into a channel's int32 bias, so the inner loop
 * multiplies raw int8 values:
 *   sum_k (x_k - zp) * w_k + bias = sum_k x_k * w_k + (bias - zp * sum_k w_k).
 * Weights are symmetric (zero point 0), so nothing else needs folding.
 *
 * @return 1 and `*folded` set if the folded bias fits in int32; else 0
 */
static inline int edgec_fold_zero_point(int32_t bias, const int8_t *weights,
                                        size_t count, int32_t input_zero_point,
                                        int32_t *folded) {
  int64_t sum = 0, value;
  size_t k;
  /* |sum| <= 2^7 * count and |zp| <= 2^31: the product fits in int64 for
   * count < 2^24, far beyond any real reduction. */
  if (count >= ((size_t)1 << 24))
    return 0;
  for (k = 0; k < count; ++k)
    sum += weights[k];
  value = (int64_t)bias - (int64_t)input_zero_point * sum;
  if (value < INT32_MIN || value > INT32_MAX)
    return 0;
  *folded = (int32_t)value;
  return 1;
}

/*---------------------------------------------------------------------------*
 * Run-time arithmetic (integer only).
 *---------------------------------------------------------------------------*/

/** Saturated value of sign `negative` (internal). */
static inline int32_t edgec_saturate_s32_(int negative) {
  return negative ? INT32_MIN : INT32_MAX;
}

/** Narrows an int64 to int32 with saturation (internal). */
static inline int32_t edgec_narrow_s32_(int64_t v) {
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

/**
 * Applies a sign to a magnitude, saturating to int32 (internal). Never
 * converts an out-of-range value to a signed type.
 */
static inline int32_t edgec_signed_s32_(uint64_t magnitude, int negative) {
  if (negative)
    return magnitude >= UINT64_C(0x80000000)
               ? INT32_MIN
               : -(int32_t)magnitude; /* magnitude < 2^31: no overflow */
  return magnitude > UINT64_C(0x7FFFFFFF) ? INT32_MAX : (int32_t)magnitude;
}

/**
 * round_half_even(p / 2^r) for r in [1, 63] and |p| <= 2^62 (internal).
 *
 * With p = q * 2^r + rem (q = floor(p / 2^r), 0 <= rem < 2^r), adding
 * 2^(r-1) - 1 + (q & 1) before the floor division rounds below-half
 * remainders down, above-half ones up, and a tie (rem == 2^(r-1)) up exactly
 * when q is odd: ties to even. C99 leaves `>>` of a negative value
 * implementation-defined, so the floor division is done on p + 2^63 as
 * unsigned (2^63 is a multiple of 2^r) and 2^(63-r) subtracted afterwards.
 * Under the bounds above nothing wraps (p + 2^63 + 2^(r-1) - 1 + (q & 1)
 * is at most 2^64 - 1, reached only by p = 2^62, r = 63), and the shifted
 * value is below 2^63.
 */
static inline int64_t edgec_rounding_shift_s64_(int64_t p, int32_t r) {
  uint64_t bits = (uint64_t)p; /* modular: the two's complement bits */
  uint64_t q_odd = (bits >> r) & 1u; /* parity of floor(p / 2^r) */
  uint64_t biased = bits + (UINT64_C(1) << 63) +
                    ((UINT64_C(1) << (r - 1)) - 1u + q_odd);
  return (int64_t)(biased >> r) - (int64_t)(UINT64_C(1) << (63 - r));
}

/**
 * Multiplies `x` by the real factor multiplier * 2^(shift - 31) with a single
 * rounding of the exact product to the nearest integer, ties to even, and
 * saturation to [INT32_MIN, INT32_MAX]:
 *
 *   result = saturate(round_half_even(x * multiplier / 2^(31 - shift)))
 *
 * Exact for every int32 x, multiplier and shift (the edgec_quantize_multiplier
 * range is multiplier in [2^30, 2^31) or 0 and shift in [-31, 32]). The
 * product x * multiplier (|.| <= 2^62) is formed in int64, so it cannot
 * overflow; the rounding shift never shifts a negative value. Shifts >= 31
 * multiply by 2^(shift - 31) and saturate; shifts <= -33 give 0 (the value
 * is below 2^62 / 2^64 in magnitude).
 *
 * Cost (gcc -O2, Cortex-M4): one SMULL and about 50 instructions, mostly the
 * 64-bit shifts by a run-time amount, with no data-dependent branch except
 * saturation. Cores without a 32x32->64 multiplier (Cortex-M0+) call
 * __aeabi_lmul, like every 64-bit-product requantization.
 */
static inline int32_t edgec_mul_by_quantized_multiplier(int32_t x,
                                                        int32_t multiplier,
                                                        int32_t shift) {
  int64_t product = (int64_t)x * (int64_t)multiplier;
  if (shift >= 31) { /* exact left shift by k = shift - 31 >= 0 */
    int32_t k = shift - 31;
    if (product == 0)
      return 0;
    if (k >= 32 || product > INT32_MAX || product < INT32_MIN)
      return edgec_saturate_s32_(product < 0);
    /* |product| <= 2^31 and k <= 31: a multiplication, since a left shift
     * of a negative value is undefined in C99. */
    return edgec_narrow_s32_(product * ((int64_t)1 << k));
  }
  if (shift <= -33)
    return 0;
  return edgec_narrow_s32_(edgec_rounding_shift_s64_(product, 31 - shift));
}

/**
 * The same for a 64-bit accumulator (16x8 kernels, whose int16 x int8 sums
 * can outgrow int32): saturate(round_half_even(x * multiplier / 2^(31 -
 * shift))), exact for every int64 x, int32 multiplier and shift. The 95-bit
 * product is formed as two 64-bit halves of its magnitude; rounding uses the
 * round bit and a sticky bit. Slower than the 32-bit form (two 32x32->64
 * products); use it only where int32 cannot hold the accumulator.
 */
static inline int32_t edgec_mul_by_quantized_multiplier_s64(int64_t x,
                                                            int32_t multiplier,
                                                            int32_t shift) {
  const uint64_t low32 = UINT64_C(0xFFFFFFFF);
  int negative = (x < 0) != (multiplier < 0);
  uint64_t mx = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x; /* <= 2^63 */
  uint64_t mm = multiplier < 0 ? (uint64_t)0 - (uint64_t)(int64_t)multiplier
                               : (uint64_t)multiplier; /* <= 2^31 */
  uint64_t a = (mx & low32) * mm;  /* < 2^63 */
  uint64_t b = (mx >> 32) * mm;    /* <= 2^62 */
  uint64_t lo = a + (b << 32);     /* product = hi * 2^64 + lo */
  uint64_t hi = (b >> 32) + (lo < a ? 1u : 0u);
  uint64_t q;
  int round_bit, sticky;
  int32_t r;
  if (hi == 0u && lo == 0u)
    return 0;
  if (shift >= 31) { /* left shift by k = shift - 31 >= 0 */
    int32_t k = shift - 31;
    if (hi != 0u || k >= 32 || lo > (low32 >> k))
      return edgec_saturate_s32_(negative);
    return edgec_signed_s32_(lo << k, negative);
  }
  if (shift <= -65) /* r >= 96 and product < 2^95 <= half: rounds to 0 */
    return 0;
  r = 31 - shift; /* [1, 95] */
  if (r < 64) {
    q = (lo >> r) | (hi << (64 - r));
    if ((hi >> r) != 0u)
      return edgec_saturate_s32_(negative);
    round_bit = ((lo >> (r - 1)) & 1u) != 0u;
    sticky = (lo & ((UINT64_C(1) << (r - 1)) - 1u)) != 0u;
  } else if (r == 64) {
    q = hi;
    round_bit = (lo >> 63) != 0u;
    sticky = (lo & ~(UINT64_C(1) << 63)) != 0u;
  } else { /* r in [65, 95] */
    q = hi >> (r - 64);
    round_bit = ((hi >> (r - 65)) & 1u) != 0u;
    sticky = lo != 0u || (hi & ((UINT64_C(1) << (r - 65)) - 1u)) != 0u;
  }
  if (q > low32) /* already beyond int32 before rounding */
    return edgec_saturate_s32_(negative);
  if (round_bit && (sticky || (q & 1u) != 0u))
    ++q;
  return edgec_signed_s32_(q, negative);
}

/** Clamps `v` to [act_min, act_max] and then to [type_min, type_max]
 * (internal). The second clamp keeps the narrowing conversion defined
 * whatever bounds the caller passes. */
static inline int32_t edgec_clamp_s32_(int64_t v, int32_t act_min,
                                       int32_t act_max, int32_t type_min,
                                       int32_t type_max) {
  if (v < act_min)
    v = act_min;
  if (v > act_max)
    v = act_max;
  if (v < type_min)
    v = type_min;
  if (v > type_max)
    v = type_max;
  return (int32_t)v;
}

/**
 * Requantizes an int32 accumulator (bias included, input zero point folded)
 * to int8: clamp(round_half_even(acc * real) + zero_point) where real =
 * multiplier * 2^(shift - 31). The zero point is added in int64 after the
 * rounding; the result is clamped to [act_min, act_max] (the fused
 * Relu/Clip, already in the quantized domain: Relu is [zero_point, 127])
 * and then to [-128, 127]. For the guarantee that saturating the product
 * cannot change the clamped result, |zero_point| must stay below 2^30 (any
 * real int8/int16 zero point does).
 */
static inline int8_t edgec_requantize_s8(int32_t acc, int32_t multiplier,
                                         int32_t shift, int32_t zero_point,
                                         int32_t act_min, int32_t act_max) {
  int64_t v =
      (int64_t)edgec_mul_by_quantized_multiplier(acc, multiplier, shift) +
      zero_point;
  return (int8_t)edgec_clamp_s32_(v, act_min, act_max, -128, 127);
}

/** edgec_requantize_s8 with an int16 result (16x8 kernels, int32
 * accumulator): clamped to [act_min, act_max] and [-32768, 32767]. */
static inline int16_t edgec_requantize_s16(int32_t acc, int32_t multiplier,
                                           int32_t shift, int32_t zero_point,
                                           int32_t act_min, int32_t act_max) {
  int64_t v =
      (int64_t)edgec_mul_by_quantized_multiplier(acc, multiplier, shift) +
      zero_point;
  return (int16_t)edgec_clamp_s32_(v, act_min, act_max, -32768, 32767);
}

/** edgec_requantize_s16 for a 64-bit accumulator (16x8 kernels whose
 * reduction can exceed int32). */
static inline int16_t edgec_requantize_s16_acc64(int64_t acc,
                                                 int32_t multiplier,
                                                 int32_t shift,
                                                 int32_t zero_point,
                                                 int32_t act_min,
                                                 int32_t act_max) {
  int64_t v =
      (int64_t)edgec_mul_by_quantized_multiplier_s64(acc, multiplier, shift) +
      zero_point;
  return (int16_t)edgec_clamp_s32_(v, act_min, act_max, -32768, 32767);
}

/**
 * Requantizes `count` accumulators whose channel varies fastest (one output
 * pixel in NHWC, one Gemm/MatMul row): out[c] uses multipliers[c] and
 * shifts[c]. For per-tensor quantization call edgec_requantize_s8 directly.
 */
static inline void edgec_requantize_s8_channels(
    const int32_t *acc, int8_t *out, size_t count, const int32_t *multipliers,
    const int32_t *shifts, int32_t zero_point, int32_t act_min,
    int32_t act_max) {
  size_t c;
  for (c = 0; c < count; ++c)
    out[c] = edgec_requantize_s8(acc[c], multipliers[c], shifts[c], zero_point,
                                 act_min, act_max);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEC_QUANT_H */
