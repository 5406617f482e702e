//===- TargetRegistry.h - Named code-generation targets ----------*- C++ -*-===//
//
// One description per target a user can name with --target. The object
// path takes triple, CPU, features and float ABI from here; the planner
// takes the arena alignment; the performance work will take the
// microkernel list.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TARGETS_TARGETREGISTRY_H
#define EDGEC_TARGETS_TARGETREGISTRY_H

#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include "llvm/ADT/StringRef.h"

namespace edgec {

enum class FloatABI { None, Soft, Hard };

struct TargetDesc {
  llvm::StringRef name;
  llvm::StringRef triple;     ///< "" = the build host.
  llvm::StringRef cpu;        ///< "" = host CPU (host only).
  llvm::StringRef features;   ///< LLVM feature string, e.g. "+m,+a,+f,+c".
  FloatABI floatABI;          ///< Arm: how floats cross calls.
  llvm::StringRef abiName;    ///< RISC-V: ilp32, ilp32f, lp64d; "" elsewhere.
  bool fp32;                  ///< Single-precision FP hardware.
  bool fp64;                  ///< Double-precision FP hardware.
  bool unalignedAccess;       ///< May the code rely on unaligned loads?
  bool simd;                  ///< f32 SIMD that LLVM's vectorizer uses.
  unsigned arenaAlignment;    ///< Bytes: at least the widest vector load.
  bool pic;                   ///< Position-independent objects (hosted OSes).
  bool bareMetal;             ///< No OS: semihosting/picolibc firmware.
  llvm::StringRef microkernels; ///< Comma list of microkernel families that apply:
                                ///< "smlad" (Armv7E-M/v8-M DSP dual 16-bit MACs),
                                ///< "mve" (Helium int8 multiply-accumulate across a vector).
  llvm::StringRef description;
};

llvm::ArrayRef<TargetDesc> getTargets();
const TargetDesc *lookupTarget(llvm::StringRef name);

/// Whether int8 products may use the Arm DSP extension's SXTB16/SMLAD
/// (Cortex-M4, M7, M33).
bool armSmlad(const TargetDesc &t);

/// Whether int8 dot products may use Helium's VMLADAV (Cortex-M55).
bool armMve(const TargetDesc &t);

/// int16 lanes of x86's pair multiply-add (pmaddwd) on `t`: 32 with
/// AVX-512BW, 16 with AVX2, 8 with SSE2; 0 off x86.
int64_t x86PairLanes(const TargetDesc &t);

/// int32 lanes of x86 VNNI's vpdpbusd (four unsigned-by-signed byte products
/// per lane) for int8 quad products: 16 with AVX512-VNNI, else 0 (none of
/// the named x86-64 levels includes VNNI; the host may).
int64_t x86VnniLanes(const TargetDesc &t);

} // namespace edgec

#endif
