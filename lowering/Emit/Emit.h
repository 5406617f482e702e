//===- Emit.h - Writing the generated header, C source and objects -*- C++ -*-===//
#ifndef EDGEC_LOWERING_EMIT_EMIT_H
#define EDGEC_LOWERING_EMIT_EMIT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace edgec {

/// One input or output of the generated entry point.
struct TensorDesc {
  std::string name;           ///< ONNX value name.
  mlir::Type elementType;     ///< f32, i64, ...
  std::vector<int64_t> shape;
  double scale = 0.0;         ///< Quantized tensors: real = scale * (q - zeroPoint).
  int64_t zeroPoint = 0;
  int64_t bytes() const;
};

/// What the header promises: names, arena size and tensor descriptors.
struct ModelInterface {
  std::string name;           ///< C identifier prefix (--name).
  int64_t arenaSize = 0;      ///< Exact bytes.
  int64_t arenaLowerBound = 0; ///< Most bytes live at once in this schedule.
  int64_t arenaAlignment = 16;
  std::string weightsSection; ///< Object output: section of the weights ("" = .rodata).
  std::string emitKind = "c"; ///< "c" or "obj": how the weights are placed.
  std::vector<TensorDesc> inputs, outputs;
  std::string kernelSymbol() const { return name + "_kernel"; }
};

/// Reads inputs/outputs from the tensor-level entry function `main`.
mlir::FailureOr<ModelInterface> describeInterface(mlir::ModuleOp module, llvm::StringRef name);

/// Writes `<name>.h`: runtime include, sizes, descriptors and `<name>_run`.
void writeHeader(const ModelInterface &iface, llvm::raw_ostream &os);

/// Prints an EmitC module as C99.
mlir::LogicalResult writeC(mlir::ModuleOp emitcModule, const ModelInterface &iface,
                           llvm::raw_ostream &os);

/// Code-generation target for the object path.
struct ObjectTarget {
  std::string triple;   ///< "" for the host.
  std::string cpu;      ///< "" for generic / host.
  std::string features;
  bool pic = true;
  bool hardFloatABI = false; ///< Arm: pass floats in FP registers.
  bool softFloatABI = false; ///< Arm: floats in integer registers.
  std::string abiName;       ///< RISC-V ABI (ilp32, ilp32f, lp64d).
  std::string weightsSection; ///< Section for weights; "" keeps .rodata.
  bool inlineCopies = false;  ///< Keep copy/fill loops as loops (no memcpy/memset calls).
};

/// Translates an LLVM-dialect module to LLVM IR, optimizes it (O2) and
/// writes an object file (or textual IR when `emitLLVM`).
mlir::LogicalResult writeObject(mlir::ModuleOp llvmModule, const ObjectTarget &target,
                                bool emitLLVM, llvm::raw_pwrite_stream &os);

} // namespace edgec

#endif
