//===- QNNOps.h - Operators of the qnn dialect -------------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_QNN_IR_QNNOPS_H
#define EDGEC_DIALECTS_QNN_IR_QNNOPS_H

#include "dialects/qnn/IR/QNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/qnn/IR/QNNOps.h.inc"

namespace edgec::qnn {

/// The per-tensor type of an activation tensor: uniform, signed 8- or 16-bit
/// storage, f32 expressed type; null otherwise.
mlir::quant::UniformQuantizedType activationType(mlir::Type tensorType);

/// Per-output-channel weight scales of a weight tensor type (one entry for a
/// per-tensor type); empty if the type is not a signed-int8 weight type
/// quantized per tensor or along dimension 0.
llvm::SmallVector<double> weightScales(mlir::Type tensorType);

/// The weight zero points (one per channel, or one). Nonzero ones
/// (asymmetric weights) are subtracted at compile time, widening the
/// weights to int16.
llvm::SmallVector<int64_t> weightZeroPoints(mlir::Type tensorType);

/// Activation parameters for a calibrated range [lo, hi] (widened to hold
/// 0). int8: asymmetric, scale = (hi - lo) / 255 in float32, zero point
/// rounded and clamped. int16 (16x8): symmetric, scale = max|.| / 32767,
/// zero point 0.
mlir::quant::UniformQuantizedType activationParams(mlir::MLIRContext *ctx, double lo, double hi,
                                                   unsigned bits = 8);

/// The integer constant behind a quantized value (`quant.scast` of a
/// constant: a weight or bias), or null.
mlir::DenseIntElementsAttr storageConstant(mlir::Value quantized);

/// Storage range of a quantized tensor's element type.
std::pair<int64_t, int64_t> storageRange(mlir::Type tensorType);

/// Clamp bounds of an op with optional act_min/act_max, defaulting to the
/// output's storage range.
template <typename Op> std::pair<int64_t, int64_t> clampBounds(Op op) {
  auto [lo, hi] = storageRange(op.getOutput().getType());
  if (auto a = op.getActMinAttr())
    lo = std::max(lo, a.getInt());
  if (auto a = op.getActMaxAttr())
    hi = std::min(hi, a.getInt());
  return {lo, hi};
}

} // namespace edgec::qnn

#endif
