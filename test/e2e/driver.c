/*===- test/e2e/driver.c - Generic host driver for edgec models ------------===*
 *
 * One driver serves every model: it is compiled against a generated header
 * and its .c/.o, and reaches the model's symbols by token pasting.
 *
 *   cc -std=c99 -O2 -Wall -Wextra -Werror -I runtime/include -I OUTDIR \
 *      -DEDGEC_MODEL_HEADER='"NAME.h"' -DEDGEC_MODEL=NAME \
 *      -DEDGEC_MODEL_UPPER=UPPER_NAME driver.c OUTDIR/NAME.c -lm
 *
 * EDGEC_MODEL_UPPER is needed because the header spells its macros with the
 * upper-cased name (NAME_ARENA_SIZE) and the preprocessor cannot upper-case
 * a token. It defaults to EDGEC_MODEL, which is right for upper-case names.
 *
 * Modes:
 *   driver IN.bin OUT.bin N   run N samples; IN holds, per sample, the bytes
 *                             of input 0, input 1, ...; OUT likewise for the
 *                             outputs. The arena is static storage.
 *   driver --asan IN OUT N    same, but the arena is malloc'd with exactly
 *                             ARENA_SIZE bytes so AddressSanitizer sees its
 *                             end (static storage has slack for alignment).
 *   driver --info             print the header's tensor descriptors.
 *   driver --arena-check      call run with bad arguments and check that each
 *                             is rejected with the documented status before
 *                             any output is written.
 *
 * Besides the model's results, the run modes check properties a host relies
 * on: the model never writes its inputs, never writes past its arena, and
 * never reads arena memory it did not write in the same call (the arena and
 * outputs are poisoned with 0xFF, a NaN pattern, before every call).
 * Exit status: 0 on success, 1 on any failed check, 2 on usage/I/O errors.
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EDGEC_MODEL_HEADER
#error "define EDGEC_MODEL_HEADER, e.g. -DEDGEC_MODEL_HEADER='\"mnist.h\"'"
#endif
#ifndef EDGEC_MODEL
#error "define EDGEC_MODEL to the --name given to edgec"
#endif
#ifndef EDGEC_MODEL_UPPER
#define EDGEC_MODEL_UPPER EDGEC_MODEL
#endif

#include EDGEC_MODEL_HEADER

/* Two levels so that EDGEC_MODEL is expanded before pasting. */
#define DRV_CAT_(a, b) a##b
#define DRV_CAT(a, b) DRV_CAT_(a, b)

#define MODEL_RUN DRV_CAT(EDGEC_MODEL, _run)
#define MODEL_INPUTS DRV_CAT(EDGEC_MODEL, _inputs)
#define MODEL_OUTPUTS DRV_CAT(EDGEC_MODEL, _outputs)
#define MODEL_ARENA_SIZE DRV_CAT(EDGEC_MODEL_UPPER, _ARENA_SIZE)
#define MODEL_NUM_INPUTS DRV_CAT(EDGEC_MODEL_UPPER, _NUM_INPUTS)
#define MODEL_NUM_OUTPUTS DRV_CAT(EDGEC_MODEL_UPPER, _NUM_OUTPUTS)

/* Kept in variables, not compared as literals, so that a zero-sized arena
 * does not trip "comparison is always false" warnings under -Werror. */
static const size_t kArenaSize = (size_t)MODEL_ARENA_SIZE;
static const size_t kNumInputs = (size_t)MODEL_NUM_INPUTS;
static const size_t kNumOutputs = (size_t)MODEL_NUM_OUTPUTS;

/* Bytes past the arena that are checked after every call: an overrun that
 * lands there is caught even without a sanitizer. */
#define GUARD_BYTES 256u
#define POISON 0xFFu

/* Static arena storage. C99 has no alignas, so the storage has
 * EDGEC_ARENA_ALIGNMENT bytes of slack and the arena is aligned by hand.
 * A zero-sized model still gets one byte so the array is legal C. */
#define ARENA_STORAGE_BYTES                                                    \
  ((MODEL_ARENA_SIZE > 0u ? (size_t)MODEL_ARENA_SIZE : (size_t)1) +            \
   (size_t)EDGEC_ARENA_ALIGNMENT + (size_t)GUARD_BYTES)
static unsigned char g_arena_storage[ARENA_STORAGE_BYTES];

static unsigned char *aligned_static_arena(void) {
  uintptr_t p = (uintptr_t)g_arena_storage;
  uintptr_t a = (uintptr_t)EDGEC_ARENA_ALIGNMENT;
  return g_arena_storage + (size_t)((a - p % a) % a);
}


/* Machine-readable: the harness parses these lines to check the header
 * against the ONNX model before trusting size_bytes for I/O layout. */
static void print_tensor(const char *kind, size_t i,
                         const edgec_tensor_info *t) {
  uint32_t d;
  printf("%s %zu name=%s dtype=%s rank=%u shape=", kind, i,
         t->name ? t->name : "(null)", edgec_dtype_name(t->dtype),
         (unsigned)t->rank);
  for (d = 0; d < t->rank && d < EDGEC_MAX_RANK; ++d)
    printf("%s%ld", d ? "x" : "", (long)t->shape[d]);
  printf(" size_bytes=%zu\n", t->size_bytes);
}

static int mode_info(void) {
  size_t i;
  printf("arena_size %zu\n", kArenaSize);
  printf("arena_alignment %u\n", (unsigned)EDGEC_ARENA_ALIGNMENT);
  printf("num_inputs %zu\nnum_outputs %zu\n", kNumInputs, kNumOutputs);
  for (i = 0; i < kNumInputs; ++i)
    print_tensor("input", i, &MODEL_INPUTS[i]);
  for (i = 0; i < kNumOutputs; ++i)
    print_tensor("output", i, &MODEL_OUTPUTS[i]);
  return 0;
}

/* ---- I/O buffers (the driver may use the heap; the model may not) ---- */

/* One heap buffer per tensor: malloc alignment suits any element type, which
 * slices of a packed sample would not (a float32[3] before an int64). */
static void **alloc_buffers(const edgec_tensor_info *infos, size_t n) {
  size_t i;
  void **bufs = (void **)calloc(n, sizeof(void *));
  if (bufs == NULL)
    return NULL;
  for (i = 0; i < n; ++i) {
    bufs[i] = malloc(infos[i].size_bytes > 0 ? infos[i].size_bytes : 1);
    if (bufs[i] == NULL)
      return NULL;
  }
  return bufs;
}

static void free_buffers(void **bufs, size_t n) {
  size_t i;
  if (bufs == NULL)
    return;
  for (i = 0; i < n; ++i)
    free(bufs[i]);
  free(bufs);
}

static size_t total_bytes(const edgec_tensor_info *infos, size_t n) {
  size_t i, sum = 0;
  for (i = 0; i < n; ++i)
    sum += infos[i].size_bytes;
  return sum;
}

static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  unsigned char *data;
  long len;
  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  data = (unsigned char *)malloc((size_t)len > 0 ? (size_t)len : 1);
  if (data == NULL || fread(data, 1, (size_t)len, f) != (size_t)len) {
    free(data);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *size = (size_t)len;
  return data;
}

static int write_file(const char *path, const unsigned char *data,
                      size_t size) {
  FILE *f = fopen(path, "wb");
  int ok;
  if (f == NULL)
    return 0;
  ok = fwrite(data, 1, size, f) == size;
  ok = (fclose(f) == 0) && ok;
  return ok;
}

static int all_bytes_equal(const unsigned char *p, size_t n, unsigned char v) {
  size_t i;
  for (i = 0; i < n; ++i)
    if (p[i] != v)
      return 0;
  return 1;
}

/* ---- Run mode ---- */

static int mode_run(const char *in_path, const char *out_path,
                    const char *count_arg, int exact_malloc_arena) {
  const size_t in_bytes = total_bytes(MODEL_INPUTS, kNumInputs);
  const size_t out_bytes = total_bytes(MODEL_OUTPUTS, kNumOutputs);
  unsigned char *in_data = NULL, *out_data = NULL, *arena = NULL;
  unsigned char *heap_arena = NULL;
  void **in_bufs = NULL, **out_bufs = NULL;
  size_t in_size = 0, n, s, i, off;
  char *end = NULL;
  int rc = 1;

  n = (size_t)strtoul(count_arg, &end, 10);
  if (end == count_arg || *end != '\0') {
    fprintf(stderr, "driver: bad sample count '%s'\n", count_arg);
    return 2;
  }
  in_data = read_file(in_path, &in_size);
  if (in_data == NULL) {
    fprintf(stderr, "driver: cannot read %s\n", in_path);
    return 2;
  }
  if (in_size != n * in_bytes) {
    fprintf(stderr, "driver: %s has %zu bytes, expected %zu samples x %zu\n",
            in_path, in_size, n, in_bytes);
    free(in_data);
    return 2;
  }
  out_data = (unsigned char *)malloc(n * out_bytes > 0 ? n * out_bytes : 1);
  in_bufs = alloc_buffers(MODEL_INPUTS, kNumInputs);
  out_bufs = alloc_buffers(MODEL_OUTPUTS, kNumOutputs);
  if (out_data == NULL || in_bufs == NULL || out_bufs == NULL) {
    fprintf(stderr, "driver: out of memory\n");
    rc = 2;
    goto done;
  }

  if (exact_malloc_arena) {
    /* Exactly ARENA_SIZE bytes: the sanitizer's redzone starts right at the
     * arena's end. glibc malloc returns 16-byte aligned blocks. */
    if (kArenaSize > 0) {
      heap_arena = (unsigned char *)malloc(kArenaSize);
      if (heap_arena == NULL) {
        fprintf(stderr, "driver: cannot allocate arena\n");
        rc = 2;
        goto done;
      }
      if ((uintptr_t)heap_arena % EDGEC_ARENA_ALIGNMENT != 0u) {
        fprintf(stderr, "driver: malloc arena not %u-aligned; cannot test\n",
                (unsigned)EDGEC_ARENA_ALIGNMENT);
        rc = 2;
        goto done;
      }
    }
    arena = heap_arena;
  } else {
    arena = aligned_static_arena();
    memset(arena + kArenaSize, POISON, GUARD_BYTES);
  }

  for (s = 0; s < n; ++s) {
    const unsigned char *sample_in = in_data + s * in_bytes;
    edgec_status st;
    for (i = 0, off = 0; i < kNumInputs; off += MODEL_INPUTS[i].size_bytes, ++i)
      memcpy(in_bufs[i], sample_in + off, MODEL_INPUTS[i].size_bytes);
    for (i = 0; i < kNumOutputs; ++i)
      memset(out_bufs[i], POISON, MODEL_OUTPUTS[i].size_bytes);
    if (arena != NULL)
      memset(arena, POISON, kArenaSize);

    st = MODEL_RUN((const void *const *)in_bufs, out_bufs, arena, kArenaSize);
    if (st != EDGEC_OK) {
      fprintf(stderr, "driver: sample %zu: run returned %d (%s)\n", s, (int)st,
              edgec_status_string(st));
      goto done;
    }
    for (i = 0, off = 0; i < kNumInputs; off += MODEL_INPUTS[i].size_bytes, ++i)
      if (memcmp(in_bufs[i], sample_in + off, MODEL_INPUTS[i].size_bytes)) {
        fprintf(stderr, "driver: sample %zu: run modified input %zu (%s)\n", s,
                i, MODEL_INPUTS[i].name);
        goto done;
      }
    if (!exact_malloc_arena &&
        !all_bytes_equal(arena + kArenaSize, GUARD_BYTES, POISON)) {
      fprintf(stderr, "driver: sample %zu: run wrote past the arena end "
              "(ARENA_SIZE=%zu)\n", s, kArenaSize);
      goto done;
    }
    for (i = 0, off = 0; i < kNumOutputs;
         off += MODEL_OUTPUTS[i].size_bytes, ++i)
      memcpy(out_data + s * out_bytes + off, out_bufs[i],
             MODEL_OUTPUTS[i].size_bytes);
  }

  if (!write_file(out_path, out_data, n * out_bytes)) {
    fprintf(stderr, "driver: cannot write %s\n", out_path);
    rc = 2;
    goto done;
  }
  rc = 0;

done:
  free(heap_arena);
  free_buffers(in_bufs, kNumInputs);
  free_buffers(out_bufs, kNumOutputs);
  free(out_data);
  free(in_data);
  return rc;
}

/* ---- Argument-check mode ---- */

static int g_check_failures = 0;

/* Calls run with the given arguments and checks both the status and that no
 * output was touched: the runtime promises arguments are checked "before
 * touching any buffer". */
static void expect_status(const char *what, const void *const *inputs,
                          void *const *outputs, void **out_bufs, void *arena,
                          size_t arena_size, edgec_status expected) {
  size_t i;
  int untouched = 1;
  edgec_status st;
  /* Named before the call, and flushed, so a crash points at its case. */
  printf("case %-34s ", what);
  fflush(stdout);
  for (i = 0; i < kNumOutputs; ++i)
    memset(out_bufs[i], POISON, MODEL_OUTPUTS[i].size_bytes);
  st = MODEL_RUN(inputs, outputs, arena, arena_size);
  if (expected != EDGEC_OK)
    for (i = 0; i < kNumOutputs; ++i)
      untouched = untouched && all_bytes_equal((unsigned char *)out_bufs[i],
                                               MODEL_OUTPUTS[i].size_bytes,
                                               POISON);
  if (st == expected && untouched) {
    printf("ok (%s)\n", edgec_status_string(st));
    return;
  }
  ++g_check_failures;
  if (st != expected)
    printf("FAIL: got %d (%s), expected %d (%s)\n", (int)st,
           edgec_status_string(st), (int)expected,
           edgec_status_string(expected));
  else
    printf("FAIL: %s, but an output was written\n", edgec_status_string(st));
}

static int mode_arena_check(void) {
  void **in_bufs = alloc_buffers(MODEL_INPUTS, kNumInputs);
  void **out_bufs = alloc_buffers(MODEL_OUTPUTS, kNumOutputs);
  const void **ins = (const void **)calloc(kNumInputs, sizeof(void *));
  void **outs = (void **)calloc(kNumOutputs, sizeof(void *));
  unsigned char *arena = aligned_static_arena();
  char what[64];
  size_t i;
  if (in_bufs == NULL || out_bufs == NULL || ins == NULL || outs == NULL) {
    fprintf(stderr, "driver: out of memory\n");
    return 2;
  }
  for (i = 0; i < kNumInputs; ++i) {
    memset(in_bufs[i], 0, MODEL_INPUTS[i].size_bytes);
    ins[i] = in_bufs[i];
  }
  for (i = 0; i < kNumOutputs; ++i)
    outs[i] = out_bufs[i];

  expect_status("valid arguments", ins, outs, out_bufs, arena, kArenaSize,
                EDGEC_OK);
  expect_status("inputs == NULL", NULL, outs, out_bufs, arena, kArenaSize,
                EDGEC_ERROR_NULL_POINTER);
  expect_status("outputs == NULL", ins, NULL, out_bufs, arena, kArenaSize,
                EDGEC_ERROR_NULL_POINTER);
  for (i = 0; i < kNumInputs; ++i) {
    ins[i] = NULL;
    sprintf(what, "inputs[%zu] == NULL", i);
    expect_status(what, ins, outs, out_bufs, arena, kArenaSize,
                  EDGEC_ERROR_NULL_POINTER);
    ins[i] = in_bufs[i];
  }
  for (i = 0; i < kNumOutputs; ++i) {
    outs[i] = NULL;
    sprintf(what, "outputs[%zu] == NULL", i);
    expect_status(what, ins, outs, out_bufs, arena, kArenaSize,
                  EDGEC_ERROR_NULL_POINTER);
    outs[i] = out_bufs[i];
  }
  if (kArenaSize > 0) {
    expect_status("arena == NULL", ins, outs, out_bufs, NULL, kArenaSize,
                  EDGEC_ERROR_NULL_POINTER);
    expect_status("arena_size == ARENA_SIZE-1", ins, outs, out_bufs, arena,
                  kArenaSize - 1, EDGEC_ERROR_ARENA_TOO_SMALL);
    expect_status("arena_size == 0", ins, outs, out_bufs, arena, 0,
                  EDGEC_ERROR_ARENA_TOO_SMALL);
    /* The storage has slack past ARENA_SIZE, so arena+1 with the full size
     * stays inside it even if the check wrongly lets the call through. */
    if (EDGEC_ARENA_ALIGNMENT > 1u)
      expect_status("arena misaligned (arena+1)", ins, outs, out_bufs,
                    arena + 1, kArenaSize, EDGEC_ERROR_ARENA_MISALIGNED);
  } else {
    expect_status("ARENA_SIZE 0: arena NULL, size 0", ins, outs, out_bufs,
                  NULL, 0, EDGEC_OK);
  }

  free(outs);
  free(ins);
  free_buffers(in_bufs, kNumInputs);
  free_buffers(out_bufs, kNumOutputs);
  printf("arena-check: %d failure(s)\n", g_check_failures);
  return g_check_failures ? 1 : 0;
}

static int usage(void) {
  fprintf(stderr, "usage: driver [--asan] IN.bin OUT.bin N\n"
                  "       driver --info | --arena-check\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--info") == 0)
    return mode_info();
  if (argc == 2 && strcmp(argv[1], "--arena-check") == 0)
    return mode_arena_check();
  if (argc == 5 && strcmp(argv[1], "--asan") == 0)
    return mode_run(argv[2], argv[3], argv[4], 1);
  if (argc == 4 && argv[1][0] != '-')
    return mode_run(argv[1], argv[2], argv[3], 0);
  return usage();
}
