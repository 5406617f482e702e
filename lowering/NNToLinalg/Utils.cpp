//===- Utils.cpp - Builders shared by the nn-to-linalg patterns -----------===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;

namespace edgec::lowering {

AffineMap broadcastMap(RankedTensorType operand, RankedTensorType outType) {
  MLIRContext *ctx = operand.getContext();
  int64_t off = outType.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operand.getRank(); ++d)
    exprs.push_back(operand.getDimSize(d) == 1 && outType.getDimSize(off + d) != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(off + d, ctx));
  return AffineMap::get(outType.getRank(), 0, exprs, ctx);
}

Value mapped(OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> maps,
             RankedTensorType outType, ScalarFn fn) {
  SmallVector<AffineMap> all(maps);
  all.push_back(b.getMultiDimIdentityMap(outType.getRank()));
  SmallVector<utils::IteratorType> iters(outType.getRank(), utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, outType.getShape(), outType.getElementType());
  auto op = linalg::GenericOp::create(
      b, loc, outType, inputs, init, all, iters,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, fn(nb, nl, args.drop_back()));
      });
  return op.getResult(0);
}

Value elementwise(OpBuilder &b, Location loc, ValueRange inputs, RankedTensorType outType,
                  ScalarFn fn) {
  SmallVector<AffineMap> maps;
  for (Value v : inputs)
    maps.push_back(broadcastMap(cast<RankedTensorType>(v.getType()), outType));
  return mapped(b, loc, inputs, maps, outType, fn);
}

Value f32(OpBuilder &b, Location loc, double v) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, (int64_t)value));
}

Value filled(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value cst = scalarConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, cst, init).getResult(0);
}

Value biasInit(OpBuilder &b, Location loc, Value bias, RankedTensorType type, int64_t axis) {
  if (!bias)
    return filled(b, loc, type, 0.0);
  AffineMap map = AffineMap::get(type.getRank(), 0, getAffineDimExpr(axis, b.getContext()));
  return mapped(b, loc, bias, map, type,
                [](OpBuilder &, Location, ValueRange a) { return a[0]; });
}

Value scalarActivation(OpBuilder &b, Location loc, Value x, nn::ActivationKind kind, float lo,
                       float hi) {
  switch (kind) {
  case nn::ActivationKind::None:
    return x;
  case nn::ActivationKind::Relu:
    return arith::MaximumFOp::create(b, loc, x, f32(b, loc, 0.0));
  case nn::ActivationKind::Clip:
    return arith::MinimumFOp::create(b, loc, arith::MaximumFOp::create(b, loc, x, f32(b, loc, lo)),
                                     f32(b, loc, hi));
  case nn::ActivationKind::Sigmoid: {
    // 1 / (1 + exp(-x)), as ONNX Runtime's reference computes it.
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, f32(b, loc, 1.0),
                                 arith::AddFOp::create(b, loc, f32(b, loc, 1.0), e));
  }
  }
  return x;
}

Value applyActivation(OpBuilder &b, Location loc, Value x, nn::ActivationKind kind, float lo,
                      float hi) {
  if (kind == nn::ActivationKind::None)
    return x;
  return elementwise(b, loc, x, cast<RankedTensorType>(x.getType()),
                     [&](OpBuilder &nb, Location nl, ValueRange a) {
                       return scalarActivation(nb, nl, a[0], kind, lo, hi);
                     });
}

Value reshapeStatic(OpBuilder &b, Location loc, Value v, RankedTensorType to) {
  auto from = cast<RankedTensorType>(v.getType());
  if (from == to)
    return v;
  if (from.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, to, v, ArrayRef<ReassociationIndices>{});
  if (to.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, to, v, ArrayRef<ReassociationIndices>{});
  Value flat = v;
  if (from.getRank() > 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < from.getRank(); ++i)
      all.push_back(i);
    auto flatTy = RankedTensorType::get({from.getNumElements()}, from.getElementType());
    flat = tensor::CollapseShapeOp::create(b, loc, flatTy, v, ArrayRef<ReassociationIndices>{all});
  }
  if (to.getRank() == 1)
    return flat;
  ReassociationIndices all;
  for (int64_t i = 0; i < to.getRank(); ++i)
    all.push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, to, flat, ArrayRef<ReassociationIndices>{all});
}

Value padSpatial(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> lowHW,
                 ArrayRef<int64_t> highHW, double value) {
  if (llvm::all_of(lowHW, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(highHW, [](int64_t p) { return p == 0; }))
    return x;
  auto ty = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> lowI = {0, 0, lowHW[0], lowHW[1]};
  SmallVector<int64_t> highI = {0, 0, highHW[0], highHW[1]};
  SmallVector<int64_t> shape(ty.getShape());
  SmallVector<OpFoldResult> low, high;
  for (int i = 0; i < 4; ++i) {
    shape[i] += lowI[i] + highI[i];
    low.push_back(b.getIndexAttr(lowI[i]));
    high.push_back(b.getIndexAttr(highI[i]));
  }
  auto outTy = RankedTensorType::get(shape, ty.getElementType());
  Value pad = scalarConstant(b, loc, ty.getElementType(), value);
  return tensor::PadOp::create(b, loc, outTy, x, low, high, pad);
}

Value paddedNHWC(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pads, double zp,
                 bool borderOnly) {
  auto xTy = cast<RankedTensorType>(x.getType());
  int64_t n = xTy.getDimSize(0), c = xTy.getDimSize(1), h = xTy.getDimSize(2), w = xTy.getDimSize(3);
  int64_t hp = h + pads[0] + pads[2], wp = w + pads[1] + pads[3];
  Type elt = xTy.getElementType();
  bool pad = llvm::any_of(pads, [](int64_t p) { return p != 0; });
  // Inserts `part` into `into` at rows [h0, h0 + hh), columns [w0, w0 + ww).
  auto insert = [&](Value part, Value into, int64_t h0, int64_t hh, int64_t w0, int64_t ww) {
    SmallVector<OpFoldResult> off = {b.getIndexAttr(0), b.getIndexAttr(h0), b.getIndexAttr(w0),
                                     b.getIndexAttr(0)};
    SmallVector<OpFoldResult> size = {b.getIndexAttr(n), b.getIndexAttr(hh), b.getIndexAttr(ww),
                                      b.getIndexAttr(c)};
    SmallVector<OpFoldResult> one(4, b.getIndexAttr(1));
    if (!part)
      part = linalg::FillOp::create(
                 b, loc, scalarConstant(b, loc, elt, zp),
                 tensor::ExtractSliceOp::create(b, loc, into, off, size, one).getResult())
                 .getResult(0);
    return tensor::InsertSliceOp::create(b, loc, part, into, off, size, one).getResult();
  };
  Value padded;
  if (pad) {
    padded = bufferization::AllocTensorOp::create(
        b, loc, RankedTensorType::get({n, hp, wp, c}, elt), ValueRange{});
    if (borderOnly && isa<FloatType>(elt)) {
      // Only the border is filled (the interior is the layer's result):
      // top and bottom rows, then left and right columns.
      int64_t slabs[4][4] = {{0, pads[0], 0, wp},
                             {hp - pads[2], pads[2], 0, wp},
                             {pads[0], h, 0, pads[1]},
                             {pads[0], h, wp - pads[3], pads[3]}};
      for (auto &sl : slabs)
        if (sl[1] != 0 && sl[3] != 0)
          padded = insert(Value(), padded, sl[0], sl[1], sl[2], sl[3]);
    } else {
      padded = linalg::FillOp::create(b, loc, scalarConstant(b, loc, elt, zp), padded).getResult(0);
    }
  }
  Value t = linalg::TransposeOp::create(
                b, loc, x, tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n, h, w, c}, elt),
                ArrayRef<int64_t>{0, 2, 3, 1})
                .getResult()[0];
  return pad ? insert(t, padded, pads[0], h, pads[1], w) : t;
}

} // namespace edgec::lowering
