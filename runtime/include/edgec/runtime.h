/*===- edgec/runtime.h - The one public header of the edgec runtime -------===*
 *
 * Every header that edgec generates includes this file. It defines the ABI
 * between generated code and the application that links it:
 *
 *   - status codes (0 is success),
 *   - element types and tensor descriptors for the model's inputs/outputs,
 *   - the argument checks every generated `<name>_run` performs.
 *
 * The header is C99, has no dependencies beyond <stdbool.h>, <stddef.h> and
 * <stdint.h>,
 * and never touches the heap. It is versioned like a schema: a change to a
 * struct layout or to a status value bumps EDGEC_ABI_VERSION.
 *===----------------------------------------------------------------------===*/
#ifndef EDGEC_RUNTIME_H
#define EDGEC_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI version of this header; generated headers check it at compile time. */
#define EDGEC_ABI_VERSION 1

/** Maximum rank of a tensor described by edgec_tensor_info. */
#define EDGEC_MAX_RANK 8

/**
 * Alignment, in bytes, that every arena passed to a generated `run` must
 * have. Users may raise it (never lower it) before including this header;
 * the compiler plans buffers at this granularity.
 */
#ifndef EDGEC_ARENA_ALIGNMENT
#define EDGEC_ARENA_ALIGNMENT 16u
#endif

/**
 * Declares a byte array aligned for use as an arena, e.g.
 *   static EDGEC_ALIGNED_ARENA(arena, MODEL_ARENA_SIZE);
 * (C99 has no alignment specifier: C11's _Alignas where available, else the
 * GCC/clang attribute.)
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define EDGEC_ALIGNED_ARENA(name, size)                                        \
  _Alignas(EDGEC_ARENA_ALIGNMENT) unsigned char name[(size) > 0 ? (size) : 1]
#elif defined(__GNUC__) || defined(__clang__)
#define EDGEC_ALIGNED_ARENA(name, size)                                        \
  unsigned char name[(size) > 0 ? (size) : 1]                                  \
      __attribute__((aligned(EDGEC_ARENA_ALIGNMENT)))
#endif

/** Result of every entry point. Zero means success. */
typedef enum edgec_status {
  EDGEC_OK = 0,
  /** `inputs`, `outputs`, one of their entries, or `arena` is NULL. */
  EDGEC_ERROR_NULL_POINTER = 1,
  /** `arena_size` is smaller than the model's `<NAME>_ARENA_SIZE`. */
  EDGEC_ERROR_ARENA_TOO_SMALL = 2,
  /** `arena` is not aligned to EDGEC_ARENA_ALIGNMENT bytes. */
  EDGEC_ERROR_ARENA_MISALIGNED = 3
} edgec_status;

/** Element type of a tensor crossing the generated API. */
typedef enum edgec_dtype {
  EDGEC_DTYPE_FLOAT32 = 0,
  EDGEC_DTYPE_INT8 = 1,
  EDGEC_DTYPE_UINT8 = 2,
  EDGEC_DTYPE_INT32 = 3,
  EDGEC_DTYPE_INT64 = 4,
  EDGEC_DTYPE_BOOL = 5, /**< One byte per element, 0 or 1. */
  EDGEC_DTYPE_INT16 = 6, /**< Also 16x8 quantized tensors. */
  EDGEC_DTYPE_UINT16 = 7,
  EDGEC_DTYPE_UINT32 = 8,
  EDGEC_DTYPE_UINT64 = 9,
  EDGEC_DTYPE_FLOAT64 = 10,
  EDGEC_DTYPE_FLOAT16 = 11, /**< IEEE binary16 bit patterns, as uint16_t. */
  EDGEC_DTYPE_BFLOAT16 = 12, /**< bfloat16 bit patterns, as uint16_t. */
  /* OCP/ONNX 8-bit floats, bit patterns as uint8_t: */
  EDGEC_DTYPE_FLOAT8E4M3FN = 13,
  EDGEC_DTYPE_FLOAT8E4M3FNUZ = 14,
  EDGEC_DTYPE_FLOAT8E5M2 = 15,
  EDGEC_DTYPE_FLOAT8E5M2FNUZ = 16,
  EDGEC_DTYPE_FLOAT4E2M1 = 17, /**< One per byte, in the low 4 bits (uint8_t). */
  EDGEC_DTYPE_INT4 = 18,  /**< One per byte, sign-extended (int8_t). */
  EDGEC_DTYPE_UINT4 = 19, /**< One per byte (uint8_t). */
  EDGEC_DTYPE_INT2 = 20,  /**< One per byte, sign-extended (int8_t). */
  EDGEC_DTYPE_UINT2 = 21  /**< One per byte (uint8_t). */
} edgec_dtype;

/**
 * Describes one model input or output. Shapes are static: edgec pins every
 * dimension at compile time. `scale`/`zero_point` describe quantized tensors
 * (real = scale * (q - zero_point)); float tensors carry scale 0.
 */
typedef struct edgec_tensor_info {
  const char *name;             /**< ONNX value name. */
  edgec_dtype dtype;            /**< Element type. */
  uint32_t rank;                /**< Number of valid entries in `shape`. */
  int32_t shape[EDGEC_MAX_RANK];/**< Dimensions, outermost first. */
  size_t size_bytes;            /**< Bytes of the dense buffer. */
  float scale;                  /**< Quantization scale, 0 for float. */
  int32_t zero_point;           /**< Quantization zero point. */
} edgec_tensor_info;

/** Marks a parameter as deliberately unused (generated kernels whose arena
 * is empty, or whose input does not reach an output). */
#define EDGEC_UNUSED(x) ((void)(x))

/* Bit reinterpretation between an integer and a float of the same width
 * (generated code builds exact powers of two and converts narrow floats on
 * the bits; ONNX BitCast). Reading another union member than the one
 * written reinterprets the bytes, which C99 defines (6.5.2.3, note 82). */
#define EDGEC_DEFINE_BIT_CASTS_(F, I, from_bits, to_bits)                       \
  static inline F from_bits(I bits) {                                          \
    union {                                                                    \
      I i;                                                                     \
      F f;                                                                     \
    } u;                                                                       \
    u.i = bits;                                                                \
    return u.f;                                                                \
  }                                                                            \
  static inline I to_bits(F f) {                                               \
    union {                                                                    \
      I i;                                                                     \
      F f;                                                                     \
    } u;                                                                       \
    u.f = f;                                                                   \
    return u.i;                                                                \
  }
/** edgec_f32_from_bits / edgec_f32_to_bits: float and its IEEE-754 single bits. */
EDGEC_DEFINE_BIT_CASTS_(float, int32_t, edgec_f32_from_bits, edgec_f32_to_bits)
/** edgec_f64_from_bits / edgec_f64_to_bits: double and its IEEE-754 bits. */
EDGEC_DEFINE_BIT_CASTS_(double, int64_t, edgec_f64_from_bits, edgec_f64_to_bits)
#undef EDGEC_DEFINE_BIT_CASTS_

/* The Arm DSP instructions of the int8 kernels on Cortex-M4/M7/M33
 * (generated C calls them where edgec's object would use them): ACLE's
 * intrinsics where the compiler targets a core that has them, the same
 * arithmetic in portable C elsewhere. Sign extension is written as
 * ((v ^ 0x80) - 0x80), which needs no conversion of an out-of-range value. */
#if defined(__ARM_FEATURE_SIMD32) && __ARM_FEATURE_SIMD32
#include <arm_acle.h>
#define EDGEC_ACLE_SIMD32_ 1
#endif
/** SXTB16: bytes 0 and 2 of x sign-extended to the low and high int16 halves. */
static inline int32_t edgec_sxtb16(int32_t x) {
#ifdef EDGEC_ACLE_SIMD32_
  return (int32_t)__sxtb16(x);
#else
  uint32_t u = (uint32_t)x;
  uint32_t lo = ((u & 0xffu) ^ 0x80u) - 0x80u, hi = (((u >> 16) & 0xffu) ^ 0x80u) - 0x80u;
  return (int32_t)((lo & 0xffffu) | (hi << 16));
#endif
}
/** SMLAD: acc + lo(a) * lo(b) + hi(a) * hi(b) on the signed int16 halves,
 * wrapping like the instruction. */
static inline int32_t edgec_smlad(int32_t a, int32_t b, int32_t acc) {
#ifdef EDGEC_ACLE_SIMD32_
  return __smlad(a, b, acc);
#else
  uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
  int32_t alo = (int32_t)((ua & 0xffffu) ^ 0x8000u) - 0x8000, ahi = (int32_t)((ua >> 16) ^ 0x8000u) - 0x8000;
  int32_t blo = (int32_t)((ub & 0xffffu) ^ 0x8000u) - 0x8000, bhi = (int32_t)((ub >> 16) ^ 0x8000u) - 0x8000;
  return (int32_t)((uint32_t)acc + (uint32_t)(alo * blo) + (uint32_t)(ahi * bhi));
#endif
}

/** The element type's name as ONNX tools spell it ("float32", "int4",
 * "float8_e4m3fn"...), or "unknown". */
static inline const char *edgec_dtype_name(edgec_dtype t) {
  static const char *const names[] = {
      "float32", "int8",          "uint8",           "int32",       "int64",
      "bool",    "int16",         "uint16",          "uint32",      "uint64",
      "float64", "float16",       "bfloat16",        "float8_e4m3fn", "float8_e4m3fnuz",
      "float8_e5m2", "float8_e5m2fnuz", "float4_e2m1fn", "int4",    "uint4",
      "int2",    "uint2"};
  return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

/** Bytes per element in an API buffer (int4/int2/float4 take one byte each). */
static inline size_t edgec_dtype_size(edgec_dtype t) {
  switch (t) {
  case EDGEC_DTYPE_FLOAT32:
  case EDGEC_DTYPE_INT32:
  case EDGEC_DTYPE_UINT32:
    return 4u;
  case EDGEC_DTYPE_INT64:
  case EDGEC_DTYPE_UINT64:
  case EDGEC_DTYPE_FLOAT64:
    return 8u;
  case EDGEC_DTYPE_INT16:
  case EDGEC_DTYPE_UINT16:
  case EDGEC_DTYPE_FLOAT16:
  case EDGEC_DTYPE_BFLOAT16:
    return 2u;
  default:
    return 1u;
  }
}

/** Returns early from the enclosing function when `expr` is not EDGEC_OK. */
#define EDGEC_RETURN_IF_ERROR(expr)                                            \
  do {                                                                         \
    edgec_status edgec_status_tmp_ = (expr);                                   \
    if (edgec_status_tmp_ != EDGEC_OK)                                         \
      return edgec_status_tmp_;                                                \
  } while (0)

/**
 * Checks the arguments of a generated `run` entry point. Generated code
 * calls this before touching any buffer, so a bad argument is reported as a
 * status instead of a fault.
 *
 * @param inputs      array of `num_inputs` input buffers
 * @param outputs     array of `num_outputs` output buffers
 * @param arena       caller-owned scratch memory
 * @param arena_size  bytes available at `arena`
 * @param required    bytes the model needs (`<NAME>_ARENA_SIZE`)
 */
static inline edgec_status edgec_check_run_args(const void *const inputs[],
                                                size_t num_inputs,
                                                void *const outputs[],
                                                size_t num_outputs,
                                                const void *arena,
                                                size_t arena_size,
                                                size_t required) {
  size_t i;
  if (inputs == NULL || outputs == NULL)
    return EDGEC_ERROR_NULL_POINTER;
  for (i = 0; i < num_inputs; ++i)
    if (inputs[i] == NULL)
      return EDGEC_ERROR_NULL_POINTER;
  for (i = 0; i < num_outputs; ++i)
    if (outputs[i] == NULL)
      return EDGEC_ERROR_NULL_POINTER;
  /* A model whose tensors all fit in its inputs/outputs needs no arena. */
  if (required == 0u)
    return EDGEC_OK;
  if (arena == NULL)
    return EDGEC_ERROR_NULL_POINTER;
  if (arena_size < required)
    return EDGEC_ERROR_ARENA_TOO_SMALL;
  if (((uintptr_t)arena % EDGEC_ARENA_ALIGNMENT) != 0u)
    return EDGEC_ERROR_ARENA_MISALIGNED;
  return EDGEC_OK;
}

/** Human-readable name of a status, for logs. Never returns NULL. */
static inline const char *edgec_status_string(edgec_status status) {
  switch (status) {
  case EDGEC_OK:
    return "ok";
  case EDGEC_ERROR_NULL_POINTER:
    return "null pointer argument";
  case EDGEC_ERROR_ARENA_TOO_SMALL:
    return "arena too small";
  case EDGEC_ERROR_ARENA_MISALIGNED:
    return "arena misaligned";
  }
  return "unknown status";
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEC_RUNTIME_H */
