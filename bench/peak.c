/* The core's f32 multiply-add peak, measured: independent chains of vector
 * FMAs (24, enough to cover two FMA ports of 4-cycle latency), in registers,
 * no memory traffic. Prints the best rate of several timed runs in GMAC/s
 * (one multiply-add of one lane = one MAC). Run pinned, like the models.
 *
 *   peak            ->  "peak_gmacs 83.2 avx512"
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define CHAINS 24
#define STEP(V, FMA)                                                                    \
  for (int k = 0; k < CHAINS; ++k)                                                      \
    acc[k] = FMA(acc[k], y, x);

__attribute__((target("avx512f"))) static double run512(long iters, float *sink) {
  __m512 acc[CHAINS];
  for (int k = 0; k < CHAINS; ++k)
    acc[k] = _mm512_set1_ps((float)k);
  __m512 x = _mm512_set1_ps(1e-7f), y = _mm512_set1_ps(0.9999999f);
  double t0 = now();
  for (long i = 0; i < iters; ++i) {
    STEP(__m512, _mm512_fmadd_ps)
  }
  double t = now() - t0;
  __m512 s = acc[0];
  for (int k = 1; k < CHAINS; ++k)
    s = _mm512_add_ps(s, acc[k]);
  *sink += _mm512_reduce_add_ps(s);
  return (double)iters * CHAINS * 16 / t;
}

__attribute__((target("avx2,fma"))) static double run256(long iters, float *sink) {
  __m256 acc[CHAINS];
  for (int k = 0; k < CHAINS; ++k)
    acc[k] = _mm256_set1_ps((float)k);
  __m256 x = _mm256_set1_ps(1e-7f), y = _mm256_set1_ps(0.9999999f);
  double t0 = now();
  for (long i = 0; i < iters; ++i) {
    STEP(__m256, _mm256_fmadd_ps)
  }
  double t = now() - t0;
  float out[8];
  __m256 s = acc[0];
  for (int k = 1; k < CHAINS; ++k)
    s = _mm256_add_ps(s, acc[k]);
  _mm256_storeu_ps(out, s);
  for (int k = 0; k < 8; ++k)
    *sink += out[k];
  return (double)iters * CHAINS * 8 / t;
}

int main(void) {
  __builtin_cpu_init();
  int wide = __builtin_cpu_supports("avx512f");
  if (!wide && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) {
    printf("peak_gmacs 0 none\n");
    return 0;
  }
  float sink = 0;
  double best = 0;
  for (int r = 0; r < 7; ++r) {
    double rate = wide ? run512(2000000, &sink) : run256(2000000, &sink);
    if (rate > best)
      best = rate;
  }
  printf("peak_gmacs %.1f %s\n", best / 1e9, wide ? "avx512" : "avx2");
  return sink == 12345.0f; /* keeps the sums alive */
}
