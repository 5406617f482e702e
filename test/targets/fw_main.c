/*===- test/targets/fw_main.c - Test firmware for edgec models on any target -===*
 *
 * One firmware driver for every target and model: bare metal (picolibc,
 * semihosting), Linux user mode and the host. It is compiled against a
 * generated header and linked with the model (.c compiled by GCC or clang,
 * or edgec's .o) and with fw_samples.c, which fwbuild.py writes: the real
 * test inputs embedded in the image, so a run needs no file system.
 *
 *   cc -std=c99 -O2 -Wall -Wextra -Werror -I runtime/include -I OUTDIR \
 *      -DEDGEC_MODEL_HEADER='"NAME.h"' -DEDGEC_MODEL=NAME \
 *      -DEDGEC_MODEL_UPPER=UPPER_NAME -c fw_main.c
 *
 * (the same macros as test/e2e/driver.c). Output, one record per line:
 *
 *   arena_size N
 *   input I name=... dtype=... rank=R shape=AxB size_bytes=S   (as driver --info)
 *   output I name=... ...
 *   sample K status S out O HEX HEX ...   every element of output O; float32
 *                                         and int32 as 8 hex digits (the bits),
 *                                         int64 as 16, int8/uint8 as 2
 *   stack_bytes N         deepest stack use of any call to NAME_run, measured
 *                         by painting the free stack before each call
 *   end failures F
 *
 * With the argument "bench:K" it runs sample 0 K times and prints only the
 * header lines, one "sample 0 ..." record and stack_bytes: bench/targets.py counts
 * executed instructions for K=1 and K=2 and takes the difference. (Bare-metal
 * images get arguments from QEMU's -append through semihosting.)
 *
 * Exit status: 0 when every call returned EDGEC_OK and the header agrees with
 * the embedded samples, 1 otherwise.
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EDGEC_MODEL_HEADER
#error "define EDGEC_MODEL_HEADER, e.g. -DEDGEC_MODEL_HEADER='\"mnist.h\"'"
#endif
#ifndef EDGEC_MODEL_UPPER
#define EDGEC_MODEL_UPPER EDGEC_MODEL
#endif

#include EDGEC_MODEL_HEADER

#define FW_CAT_(a, b) a##b
#define FW_CAT(a, b) FW_CAT_(a, b)
#define MODEL_RUN FW_CAT(EDGEC_MODEL, _run)
#define MODEL_INPUTS FW_CAT(EDGEC_MODEL, _inputs)
#define MODEL_OUTPUTS FW_CAT(EDGEC_MODEL, _outputs)
#define MODEL_ARENA_SIZE FW_CAT(EDGEC_MODEL_UPPER, _ARENA_SIZE)
#define MODEL_NUM_INPUTS FW_CAT(EDGEC_MODEL_UPPER, _NUM_INPUTS)
#define MODEL_NUM_OUTPUTS FW_CAT(EDGEC_MODEL_UPPER, _NUM_OUTPUTS)

/* ---- Provided by the generated fw_samples.c ---- */
extern const size_t fw_num_samples;
extern const size_t fw_num_inputs;
extern const size_t fw_input_bytes[];     /* bytes of input i of one sample */
extern const void *const fw_inputs[];     /* [sample * fw_num_inputs + i] */
extern unsigned char fw_output_storage[]; /* room for all outputs, 16-aligned */
extern const size_t fw_output_storage_bytes;

/* The arena is static storage with the alignment the header asks for. */
static unsigned char g_arena[MODEL_ARENA_SIZE > 0u ? MODEL_ARENA_SIZE : 1u]
    __attribute__((aligned(EDGEC_ARENA_ALIGNMENT)));

/* ---- Stack high-water mark ---------------------------------------------- */

/* Before each call the free stack below the caller is painted with PAINT;
 * after it, the lowest byte that changed gives the deepest use. */
#define PAINT 0xA5u

#if defined(__linux__)
#define PAINT_BYTES (256u * 1024u)
#else
/* picolibc.ld: the stack region is [__heap_end, __stack). */
extern char __heap_end[];
#endif

static size_t g_paint_bytes;

static inline uintptr_t stack_pointer(void) {
  uintptr_t sp;
#if defined(__arm__) || defined(__aarch64__)
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#elif defined(__riscv)
  __asm__ volatile("mv %0, sp" : "=r"(sp));
#elif defined(__x86_64__)
  __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
  volatile unsigned char here = 0;
  sp = (uintptr_t)&here - 256u; /* conservative: stay clear of this frame */
#endif
  return sp;
}

static __attribute__((noinline)) edgec_status call_model(const void *const *in,
                                                         void *const *out) {
  return MODEL_RUN(in, out, g_arena, sizeof g_arena);
}

/* Runs the model once and sets *stack to the bytes it used below this
 * function's stack pointer (the call itself included). This function calls
 * nothing while painting, so nothing live sits below its stack pointer. */
static __attribute__((noinline)) edgec_status measured_call(const void *const *in,
                                                            void *const *out,
                                                            size_t *stack) {
  uintptr_t hi = stack_pointer(), p;
#if defined(__linux__)
  uintptr_t lo = hi - PAINT_BYTES;
#else
  uintptr_t lo = (uintptr_t)__heap_end + 16u;
#endif
  edgec_status st;
  for (p = lo; p < hi; ++p)
    *(volatile unsigned char *)p = (unsigned char)PAINT;
  g_paint_bytes = (size_t)(hi - lo);
  st = call_model(in, out);
  for (p = lo; p < hi && *(volatile unsigned char *)p == (unsigned char)PAINT; ++p)
    ;
  *stack = (size_t)(hi - p);
  return st;
}

/* ---- Printing ----------------------------------------------------------- */



static void print_tensor(const char *kind, size_t i, const edgec_tensor_info *t) {
  uint32_t d;
  printf("%s %lu name=%s dtype=%s rank=%lu shape=", kind, (unsigned long)i,
         t->name ? t->name : "(null)", edgec_dtype_name(t->dtype), (unsigned long)t->rank);
  for (d = 0; d < t->rank && d < EDGEC_MAX_RANK; ++d)
    printf("%s%ld", d ? "x" : "", (long)t->shape[d]);
  printf(" size_bytes=%lu\n", (unsigned long)t->size_bytes);
}

/* Elements in memory order; little- or big-endian alike, since each element
 * is read with its own type. */
static void print_output(size_t k, int status, size_t o, const unsigned char *buf,
                         const edgec_tensor_info *t) {
  size_t n, e, width = edgec_dtype_size(t->dtype);
  printf("sample %lu status %d out %lu", (unsigned long)k, status, (unsigned long)o);
  for (e = 0, n = t->size_bytes / width; e < n; ++e) {
    const unsigned char *p = buf + e * width;
    if (width == 8u) {
      uint64_t v;
      memcpy(&v, p, 8u);
      printf(" %08lx%08lx", (unsigned long)(v >> 32), (unsigned long)(v & 0xFFFFFFFFu));
    } else if (width == 4u) {
      uint32_t v;
      memcpy(&v, p, 4u);
      printf(" %08lx", (unsigned long)v);
    } else if (width == 2u) {
      uint16_t v;
      memcpy(&v, p, 2u);
      printf(" %04x", (unsigned)v);
    } else {
      printf(" %02x", (unsigned)*p);
    }
  }
  printf("\n");
}

/* ---- Main --------------------------------------------------------------- */

static size_t align16(size_t n) { return (n + 15u) & ~(size_t)15u; }

/* Counts as variables: a model without inputs (its outputs are constants)
 * must not turn the loops into "i < 0u" comparisons, nor the array below
 * into a zero-size one. */
static const size_t kNumInputs = (size_t)MODEL_NUM_INPUTS;

int main(int argc, char **argv) {
  const void *in[MODEL_NUM_INPUTS > 0 ? MODEL_NUM_INPUTS : 1];
  void *out[MODEL_NUM_OUTPUTS];
  size_t i, k, offset = 0, stack = 0, max_stack = 0, count = fw_num_samples;
  long bench_runs = 0;
  int failures = 0;

  /* Under semihosting picolibc passes "program-name KERNEL ARGS...". */
  for (i = 1; i < (size_t)argc; ++i)
    if (strncmp(argv[i], "bench:", 6) == 0)
      bench_runs = strtol(argv[i] + 6, NULL, 10);

  printf("arena_size %lu\n", (unsigned long)MODEL_ARENA_SIZE);
  for (i = 0; i < kNumInputs; ++i)
    print_tensor("input", i, &MODEL_INPUTS[i]);
  for (i = 0; i < MODEL_NUM_OUTPUTS; ++i)
    print_tensor("output", i, &MODEL_OUTPUTS[i]);

  /* The embedded samples must have exactly the layout the header describes. */
  if (fw_num_inputs != kNumInputs) {
    printf("error: %lu embedded inputs per sample, header has %lu\n",
           (unsigned long)fw_num_inputs, (unsigned long)MODEL_NUM_INPUTS);
    return 1;
  }
  for (i = 0; i < kNumInputs; ++i)
    if (fw_input_bytes[i] != MODEL_INPUTS[i].size_bytes) {
      printf("error: input %lu is %lu bytes in the samples, %lu in the header\n",
             (unsigned long)i, (unsigned long)fw_input_bytes[i],
             (unsigned long)MODEL_INPUTS[i].size_bytes);
      return 1;
    }
  for (i = 0; i < MODEL_NUM_OUTPUTS; ++i) {
    out[i] = fw_output_storage + offset;
    offset += align16(MODEL_OUTPUTS[i].size_bytes);
  }
  if (offset > fw_output_storage_bytes) {
    printf("error: outputs need %lu bytes, the samples file reserved %lu\n",
           (unsigned long)offset, (unsigned long)fw_output_storage_bytes);
    return 1;
  }

  if (bench_runs > 0) {
    long r;
    count = 1;
    for (r = 1; r < bench_runs; ++r)
      (void)call_model(fw_inputs, out);
  }
  for (k = 0; k < count; ++k) {
    edgec_status st;
    for (i = 0; i < kNumInputs; ++i)
      in[i] = fw_inputs[k * fw_num_inputs + i];
    /* Poison the outputs so that an element the model never writes shows. */
    memset(fw_output_storage, 0xFF, offset);
    st = measured_call(in, out, &stack);
    if (stack > max_stack)
      max_stack = stack;
    if (st != EDGEC_OK) {
      printf("error: sample %lu: %s\n", (unsigned long)k, edgec_status_string(st));
      ++failures;
    }
    for (i = 0; i < MODEL_NUM_OUTPUTS; ++i)
      print_output(k, (int)st, i, (const unsigned char *)out[i], &MODEL_OUTPUTS[i]);
  }
  printf("stack_bytes %lu\n", (unsigned long)max_stack);
  if (max_stack >= g_paint_bytes)
    printf("warning: the stack use reached the end of the painted region\n");
  printf("end failures %d\n", failures);
  return failures ? 1 : 0;
}
