//===- QNNOps.cpp - Verifiers of the qnn dialect --------------------------===//
#include "dialects/qnn/IR/QNNOps.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quant;

#define GET_OP_CLASSES
#include "dialects/qnn/IR/QNNOps.cpp.inc"

namespace edgec::qnn {

UniformQuantizedType activationType(Type tensorType) {
  auto ty = dyn_cast<RankedTensorType>(tensorType);
  if (!ty)
    return {};
  auto q = dyn_cast<UniformQuantizedType>(ty.getElementType());
  if (!q || !q.isSigned() || !q.getExpressedType().isF32())
    return {};
  unsigned w = q.getStorageTypeIntegralWidth();
  return (w == 8 || w == 16) ? q : UniformQuantizedType();
}

SmallVector<double> weightScales(Type tensorType) {
  auto ty = dyn_cast<RankedTensorType>(tensorType);
  if (!ty)
    return {};
  auto q = dyn_cast<QuantizedType>(ty.getElementType());
  if (!q || !q.isSigned() || q.getStorageTypeIntegralWidth() != 8)
    return {};
  if (auto u = dyn_cast<UniformQuantizedType>(q))
    return {u.getScale()};
  if (auto a = dyn_cast<UniformQuantizedPerAxisType>(q)) {
    if (a.getQuantizedDimension() != 0 || ty.getRank() == 0 ||
        (int64_t)a.getScales().size() != ty.getDimSize(0))
      return {};
    return SmallVector<double>(a.getScales());
  }
  return {};
}

SmallVector<int64_t> weightZeroPoints(Type tensorType) {
  auto q = cast<QuantizedType>(cast<RankedTensorType>(tensorType).getElementType());
  if (auto u = dyn_cast<UniformQuantizedType>(q))
    return {u.getZeroPoint()};
  return SmallVector<int64_t>(cast<UniformQuantizedPerAxisType>(q).getZeroPoints());
}

UniformQuantizedType activationParams(MLIRContext *ctx, double lo, double hi, unsigned bits) {
  // The range must hold real 0 exactly (zero padding, Relu).
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  auto f32 = Float32Type::get(ctx);
  if (bits == 16) {
    // 16x8: symmetric, zero point 0 (TFLite's convention for int16).
    float scale = (float)(std::max(-lo, hi) / 32767.0);
    if (!(scale > 0.0f) || !std::isfinite(scale))
      scale = 1.0f;
    return UniformQuantizedType::get(QuantizationFlags::Signed, IntegerType::get(ctx, 16), f32, scale,
                                     0, -32768, 32767);
  }
  float scale = (float)((hi - lo) / 255.0);
  if (!(scale > 0.0f) || !std::isfinite(scale))
    scale = 1.0f;
  double zp = std::nearbyint(-128.0 - lo / (double)scale);
  zp = std::clamp(zp, -128.0, 127.0);
  return UniformQuantizedType::get(QuantizationFlags::Signed, IntegerType::get(ctx, 8), f32, scale,
                                   (int64_t)zp, -128, 127);
}

DenseIntElementsAttr storageConstant(Value quantized) {
  auto sc = quantized ? quantized.getDefiningOp<quant::StorageCastOp>() : nullptr;
  DenseIntElementsAttr a;
  if (!sc || !matchPattern(sc.getInput(), m_Constant(&a)))
    return {};
  return a;
}

std::pair<int64_t, int64_t> storageRange(Type tensorType) {
  auto q = cast<QuantizedType>(cast<RankedTensorType>(tensorType).getElementType());
  return {q.getStorageTypeMin(), q.getStorageTypeMax()};
}

} // namespace edgec::qnn

using namespace edgec::qnn;

namespace {
RankedTensorType rtt(Value v) { return cast<RankedTensorType>(v.getType()); }

LogicalResult verifyActivation(Operation *op, Value v, StringRef what) {
  if (!activationType(v.getType()))
    return op->emitOpError() << what << " must have a per-tensor signed 8- or 16-bit uniform "
                             << "quantized element type with f32 expressed type, got "
                             << v.getType();
  return success();
}

LogicalResult verifyClamp(Operation *op, Value out, IntegerAttr lo, IntegerAttr hi) {
  auto [smin, smax] = storageRange(out.getType());
  int64_t l = lo ? lo.getInt() : smin, h = hi ? hi.getInt() : smax;
  if (l > h || h < smin || l > smax)
    return op->emitOpError() << "clamp [" << l << ", " << h << "] is empty within the storage range ["
                             << smin << ", " << smax << "]";
  return success();
}

LogicalResult verifyWeight(Operation *op, Value w, int64_t channels) {
  auto scales = weightScales(w.getType());
  if (scales.empty())
    return op->emitOpError() << "weight must be signed int8, per tensor or per output channel "
                             << "(dimension 0), got " << w.getType();
  if (rtt(w).getDimSize(0) != channels)
    return op->emitOpError() << "weight has " << rtt(w).getDimSize(0) << " output channels, output has "
                             << channels;
  return success();
}

LogicalResult verifyBias(Operation *op, Value bias, int64_t channels) {
  if (bias && (rtt(bias).getRank() != 1 || rtt(bias).getDimSize(0) != channels))
    return op->emitOpError() << "bias must be a 1-D tensor of " << channels << " int32 values";
  return success();
}
} // namespace

LogicalResult QuantizeOp::verify() {
  if (!activationType(getType()))
    return emitOpError() << "result must be a per-tensor signed 8- or 16-bit uniform type";
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("input and result shapes differ");
  return success();
}

LogicalResult DequantizeOp::verify() {
  auto q = cast<QuantizedType>(getInput().getType().getElementType());
  if (!q.getExpressedType().isF32())
    return emitOpError("expressed type must be f32");
  if (auto a = dyn_cast<UniformQuantizedPerAxisType>(q)) {
    int32_t d = a.getQuantizedDimension();
    if (d < 0 || d >= getInput().getType().getRank() ||
        getInput().getType().getDimSize(d) != (int64_t)a.getScales().size())
      return emitOpError("per-axis scales do not match the quantized dimension");
  } else if (!isa<UniformQuantizedType>(q)) {
    return emitOpError("element type must be uniform (per tensor or per axis)");
  }
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("input and result shapes differ");
  return success();
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getOutput(), "output")))
    return failure();
  auto in = rtt(getInput()), w = rtt(getWeight()), out = rtt(getOutput());
  if (in.getRank() != 4 || w.getRank() != 4 || out.getRank() != 4 || !in.hasStaticShape() ||
      !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("input, weight and output must be static 4-D tensors");
  if (getStrides().size() != 2 || getDilations().size() != 2 || getPads().size() != 4)
    return emitOpError("strides and dilations need 2 entries, pads 4");
  int64_t g = getGroup();
  if (g <= 0 || in.getDimSize(1) % g || out.getDimSize(1) % g || in.getDimSize(1) / g != w.getDimSize(1))
    return emitOpError() << "group " << g << " does not divide the channels consistently";
  if (failed(verifyWeight(*this, getWeight(), out.getDimSize(1))) ||
      failed(verifyBias(*this, getBias(), out.getDimSize(1))))
    return failure();
  for (int i = 0; i < 2; ++i) {
    int64_t k = getDilations()[i] * (w.getDimSize(2 + i) - 1) + 1;
    int64_t size = in.getDimSize(2 + i) + getPads()[i] + getPads()[i + 2];
    if (getStrides()[i] <= 0 || size < k || (size - k) / getStrides()[i] + 1 != out.getDimSize(2 + i))
      return emitOpError() << "output spatial dimension " << i << " does not match the window";
  }
  return verifyClamp(*this, getOutput(), getActMinAttr(), getActMaxAttr());
}

LogicalResult FullyConnectedOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getOutput(), "output")))
    return failure();
  auto in = rtt(getInput()), w = rtt(getWeight()), out = rtt(getOutput());
  if (in.getRank() != 2 || w.getRank() != 2 || out.getRank() != 2 || !in.hasStaticShape() ||
      !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("input, weight and output must be static 2-D tensors");
  if (in.getDimSize(1) != w.getDimSize(1) || out.getDimSize(0) != in.getDimSize(0))
    return emitOpError("shapes do not form [M, K] x [N, K] -> [M, N]");
  if (failed(verifyWeight(*this, getWeight(), out.getDimSize(1))) ||
      failed(verifyBias(*this, getBias(), out.getDimSize(1))))
    return failure();
  return verifyClamp(*this, getOutput(), getActMinAttr(), getActMaxAttr());
}

/// Quantized lhs, rhs and output, the operands broadcasting (numpy) to the
/// static output shape.
static LogicalResult verifyBinary(Operation *op, Value lhs, Value rhs, Value output) {
  if (failed(verifyActivation(op, lhs, "lhs")) || failed(verifyActivation(op, rhs, "rhs")) ||
      failed(verifyActivation(op, output, "output")))
    return failure();
  auto out = rtt(output);
  if (!out.hasStaticShape())
    return op->emitOpError("output must have a static shape");
  for (Value v : {lhs, rhs}) {
    auto t = rtt(v);
    if (t.getRank() > out.getRank())
      return op->emitOpError("operand rank exceeds the output rank");
    int64_t off = out.getRank() - t.getRank();
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (t.getDimSize(d) != 1 && t.getDimSize(d) != out.getDimSize(off + d))
        return op->emitOpError("operands do not broadcast to the output shape");
  }
  return success();
}

LogicalResult AddOp::verify() {
  if (failed(verifyBinary(*this, getLhs(), getRhs(), getOutput())))
    return failure();
  return verifyClamp(*this, getOutput(), getActMinAttr(), getActMaxAttr());
}

LogicalResult AvgPool2DOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getOutput(), "output")))
    return failure();
  auto in = rtt(getInput()), out = rtt(getOutput());
  if (in.getRank() != 4 || out.getRank() != 4 || !in.hasStaticShape() || !out.hasStaticShape() ||
      getKernel().size() != 2 || getStrides().size() != 2)
    return emitOpError("needs static 4-D tensors, 2 kernel sizes and 2 strides");
  for (int i = 0; i < 2; ++i)
    if (getKernel()[i] <= 0 || getStrides()[i] <= 0 || in.getDimSize(2 + i) < getKernel()[i] ||
        (in.getDimSize(2 + i) - getKernel()[i]) / getStrides()[i] + 1 != out.getDimSize(2 + i))
      return emitOpError() << "output spatial dimension " << i << " does not match the window";
  if (in.getDimSize(0) != out.getDimSize(0) || in.getDimSize(1) != out.getDimSize(1))
    return emitOpError("batch and channels must be preserved");
  return success();
}

LogicalResult RequantizeOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getOutput(), "output")))
    return failure();
  if (rtt(getInput()).getShape() != rtt(getOutput()).getShape())
    return emitOpError("input and output shapes differ");
  return verifyClamp(*this, getOutput(), getActMinAttr(), getActMaxAttr());
}

LogicalResult MulOp::verify() {
  if (failed(verifyBinary(*this, getLhs(), getRhs(), getOutput())))
    return failure();
  for (Value v : {getLhs(), getRhs()})
    if (activationType(v.getType()).getStorageTypeIntegralWidth() != 8)
      return emitOpError("inputs must be 8-bit (the int32 product of 16-bit inputs can overflow)");
  return verifyClamp(*this, getOutput(), getActMinAttr(), getActMaxAttr());
}

LogicalResult TableOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getOutput(), "output")))
    return failure();
  if (activationType(getInput().getType()).getStorageTypeIntegralWidth() != 8 ||
      activationType(getOutput().getType()).getStorageTypeIntegralWidth() != 8)
    return emitOpError("input and output must be 8-bit");
  if (rtt(getInput()).getShape() != rtt(getOutput()).getShape())
    return emitOpError("input and output shapes differ");
  if (getTable().size() != 256)
    return emitOpError("table must have 256 entries, has ") << getTable().size();
  return success();
}
