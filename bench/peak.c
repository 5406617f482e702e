/* The core's f32 multiply-add peak, measured: independent chains of vector
 * FMAs (24, enough to cover two FMA ports of 4-cycle latency), in registers,
 * no memory traffic. Prints the best rate of several timed runs in GMAC/s
 * (one multiply-add of one lane = one MAC). Run pinned, like the models.
 *
 *   peak            ->  "peak_gmacs 119.2 avx512"
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

/* One timed run of `iters` steps of CHAINS FMAs on LANES-lane vectors; the
 * lanes of every chain are summed into *sink so that nothing is dead. */
#define DEFINE_RUN(NAME, TARGET, VEC, LANES, SET1, FMA, STORE)                            \
  __attribute__((target(TARGET))) static double NAME(long iters, float *sink) {            \
    VEC acc[CHAINS];                                                                       \
    for (int k = 0; k < CHAINS; ++k)                                                       \
      acc[k] = SET1((float)k);                                                             \
    VEC x = SET1(1e-7f), y = SET1(0.9999999f);                                             \
    double t0 = now();                                                                     \
    for (long i = 0; i < iters; ++i)                                                       \
      for (int k = 0; k < CHAINS; ++k)                                                     \
        acc[k] = FMA(acc[k], y, x);                                                        \
    double t = now() - t0;                                                                 \
    float out[LANES];                                                                      \
    for (int k = 0; k < CHAINS; ++k) {                                                     \
      STORE(out, acc[k]);                                                                  \
      for (int j = 0; j < LANES; ++j)                                                      \
        *sink += out[j];                                                                   \
    }                                                                                      \
    return (double)iters * CHAINS * LANES / t;                                             \
  }

DEFINE_RUN(run512, "avx512f", __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_storeu_ps)
DEFINE_RUN(run256, "avx2,fma", __m256, 8, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_storeu_ps)

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
