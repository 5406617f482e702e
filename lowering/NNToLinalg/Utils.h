//===- Utils.h - Builders shared by the nn-to-linalg patterns ----*- C++ -*-===//
#ifndef EDGEC_LOWERING_NNTOLINALG_UTILS_H
#define EDGEC_LOWERING_NNTOLINALG_UTILS_H

#include "dialects/nn/IR/NNOps.h"
#include "lowering/Passes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace edgec::lowering {

using ScalarFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                                mlir::ValueRange)>;

/// Indexing map reading `operand` inside a loop nest over `outType`, with
/// numpy broadcasting (size-1 or missing leading dims read index 0).
mlir::AffineMap broadcastMap(mlir::RankedTensorType operand,
                             mlir::RankedTensorType outType);

/// A parallel linalg.generic over `outType` applying `fn` to broadcast
/// elements of `inputs`.
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
                        mlir::RankedTensorType outType, ScalarFn fn);

/// Like elementwise, with explicit indexing maps for each input.
mlir::Value mapped(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
                   llvm::ArrayRef<mlir::AffineMap> maps, mlir::RankedTensorType outType,
                   ScalarFn fn);

/// Convolution of padded NCHW `x` with FCHW `w` accumulating into `init`:
/// the plain, depthwise or grouped named linalg op. Integer operands are
/// sign-extended to the accumulator type by the named op.
mlir::Value convolution(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value w,
                        mlir::Value init, llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> dilations, int64_t groups);

/// A scalar constant of `type` (float or integer) with `value`.
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type, double value);

/// A tensor of `type` filled with `value`.
mlir::Value filled(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                   double value);

/// Per-channel bias (1-D, over `axis`) broadcast to `type`; zeros if null.
mlir::Value biasInit(mlir::OpBuilder &b, mlir::Location loc, mlir::Value bias,
                     mlir::RankedTensorType type, int64_t axis);

/// Applies a fused activation elementwise; returns `x` for None.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                            nn::ActivationKind kind, float lo, float hi);

/// Scalar activation used both standalone and fused.
mlir::Value scalarActivation(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                             nn::ActivationKind kind, float lo, float hi);

mlir::Value f32(mlir::OpBuilder &b, mlir::Location loc, double v);

/// Reshape between static shapes with collapse/expand (views after
/// bufferization, never copies).
mlir::Value reshapeStatic(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                          mlir::RankedTensorType to);

/// Zero/constant padding of the spatial dims of an NCHW tensor.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       llvm::ArrayRef<int64_t> lowHW, llvm::ArrayRef<int64_t> highHW,
                       double value);

/// The input of a channels-last kernel: `x` (NCHW) transposed to NHWC and
/// padded with `zp` (the zero point of an int8 input, 0 for float) in one copy. The transpose writes a fresh tensor that is
/// then inserted into the zero-point-filled padded one: edgec-fuse-requantize
/// can fold the transpose into the producer's requantization (the layer then
/// writes NHWC itself), and empty-tensor elimination makes the insertion in
/// place (the filled tensor is built first, so it dominates the fresh one).
/// The padded tensor is an alloc_tensor, not a tensor.empty: CSE would merge
/// two layers' identical fills, and the second insertion would then copy.
/// With `borderOnly` (float), only the border is filled, slice by slice:
/// fewer stores, but small strided loops that LLVM unrolls (on Cortex-M55
/// VWW float's code doubled and its compile time quadrupled).
mlir::Value paddedNHWC(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       llvm::ArrayRef<int64_t> pads, double zp, bool borderOnly = false);

void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populateLinearPatterns(mlir::RewritePatternSet &patterns, bool channelsLast,
                            bool borderFills);
void populatePoolingPatterns(mlir::RewritePatternSet &patterns);
void populateDataMovementPatterns(mlir::RewritePatternSet &patterns);

} // namespace edgec::lowering

#endif
