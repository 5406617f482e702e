/*===- bench/bench_main.c - Times one edgec-generated model ----------------===*
 *
 *   cc -std=c99 -O2 -Wall -Wextra -Werror -I runtime/include -I OUTDIR \
 *      -DEDGEC_MODEL_HEADER='"NAME.h"' -DEDGEC_MODEL=NAME \
 *      -DEDGEC_MODEL_UPPER=UPPER_NAME bench_main.c OUTDIR/NAME.o -lm
 *
 *   bench_main IN.bin RUNS WARMUP
 *
 * IN.bin holds one sample (input 0 bytes, input 1 bytes, ...), so the timed
 * work is the same real input the ONNX Runtime side gets. Each of RUNS calls
 * is timed on its own with CLOCK_MONOTONIC and the median is reported: it
 * shrugs off the odd preemption that would skew a mean on a shared machine.
 * The model lives in another translation unit, so no call can be elided.
 *
 * Prints one line: median_us=... min_us=... mean_us=... runs=... arena_bytes=...
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c99 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef EDGEC_MODEL_UPPER
#define EDGEC_MODEL_UPPER EDGEC_MODEL
#endif

#include EDGEC_MODEL_HEADER

#define B_CAT_(a, b) a##b
#define B_CAT(a, b) B_CAT_(a, b)
#define MODEL_RUN B_CAT(EDGEC_MODEL, _run)
#define MODEL_INPUTS B_CAT(EDGEC_MODEL, _inputs)
#define MODEL_OUTPUTS B_CAT(EDGEC_MODEL, _outputs)
#define MODEL_ARENA_SIZE B_CAT(EDGEC_MODEL_UPPER, _ARENA_SIZE)
#define MODEL_NUM_INPUTS B_CAT(EDGEC_MODEL_UPPER, _NUM_INPUTS)
#define MODEL_NUM_OUTPUTS B_CAT(EDGEC_MODEL_UPPER, _NUM_OUTPUTS)

static const size_t kArenaSize = (size_t)MODEL_ARENA_SIZE;
static const size_t kNumInputs = (size_t)MODEL_NUM_INPUTS;
static const size_t kNumOutputs = (size_t)MODEL_NUM_OUTPUTS;

/* C99 has no alignas: keep slack and align by hand. */
static unsigned char
    g_arena_storage[(MODEL_ARENA_SIZE > 0u ? (size_t)MODEL_ARENA_SIZE : 1u) +
                    (size_t)EDGEC_ARENA_ALIGNMENT];

static unsigned char *aligned_arena(void) {
  uintptr_t p = (uintptr_t)g_arena_storage;
  uintptr_t a = (uintptr_t)EDGEC_ARENA_ALIGNMENT;
  return g_arena_storage + (size_t)((a - p % a) % a);
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void *alloc_or_die(size_t n) {
  void *p = malloc(n > 0 ? n : 1);
  if (p == NULL) {
    fprintf(stderr, "bench: out of memory\n");
    exit(2);
  }
  return p;
}

/* Reads IN.bin straight into one buffer per input. */
static int load_sample(const char *path, void **in_bufs) {
  FILE *f = fopen(path, "rb");
  size_t i;
  int extra;
  if (f == NULL)
    return 0;
  for (i = 0; i < kNumInputs; ++i)
    if (fread(in_bufs[i], 1, MODEL_INPUTS[i].size_bytes, f) !=
        MODEL_INPUTS[i].size_bytes) {
      fclose(f);
      return 0;
    }
  extra = fgetc(f);
  fclose(f);
  return extra == EOF; /* exactly one sample */
}

static int run_once(void **in_bufs, void **out_bufs, unsigned char *arena) {
  edgec_status st =
      MODEL_RUN((const void *const *)in_bufs, out_bufs, arena, kArenaSize);
  if (st != EDGEC_OK) {
    fprintf(stderr, "bench: run returned %s\n", edgec_status_string(st));
    return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  void **in_bufs, **out_bufs;
  unsigned char *arena = aligned_arena();
  double *times, sum = 0.0;
  long runs, warmup, r;
  size_t i;

  if (argc != 4 || (runs = strtol(argv[2], NULL, 10)) <= 0 ||
      (warmup = strtol(argv[3], NULL, 10)) < 0) {
    fprintf(stderr, "usage: bench_main IN.bin RUNS WARMUP\n");
    return 2;
  }
  in_bufs = (void **)alloc_or_die(kNumInputs * sizeof(void *));
  out_bufs = (void **)alloc_or_die(kNumOutputs * sizeof(void *));
  for (i = 0; i < kNumInputs; ++i)
    in_bufs[i] = alloc_or_die(MODEL_INPUTS[i].size_bytes);
  for (i = 0; i < kNumOutputs; ++i)
    out_bufs[i] = alloc_or_die(MODEL_OUTPUTS[i].size_bytes);
  if (!load_sample(argv[1], in_bufs)) {
    fprintf(stderr, "bench: %s is not exactly one sample\n", argv[1]);
    return 2;
  }
  times = (double *)alloc_or_die((size_t)runs * sizeof(double));

  for (r = 0; r < warmup; ++r)
    if (!run_once(in_bufs, out_bufs, arena))
      return 1;
  for (r = 0; r < runs; ++r) {
    double t0 = now_us();
    if (!run_once(in_bufs, out_bufs, arena))
      return 1;
    times[r] = now_us() - t0;
    sum += times[r];
  }
  qsort(times, (size_t)runs, sizeof(double), cmp_double);
  printf("median_us=%.3f min_us=%.3f mean_us=%.3f runs=%ld arena_bytes=%zu\n",
         runs % 2 ? times[runs / 2]
                  : 0.5 * (times[runs / 2 - 1] + times[runs / 2]),
         times[0], sum / (double)runs, runs, kArenaSize);

  for (i = 0; i < kNumInputs; ++i)
    free(in_bufs[i]);
  for (i = 0; i < kNumOutputs; ++i)
    free(out_bufs[i]);
  free(in_bufs);
  free(out_bufs);
  free(times);
  return 0;
}
