//===- Elementwise.cpp - nn elementwise ops and reductions to linalg ------===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace edgec::nn;

namespace edgec::lowering {
namespace {

template <typename Op, typename FloatOp>
struct BinaryLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().getElementType().isF32())
      return op.emitError("integer ") << op->getName()
             << " is only supported on constants (it should have been folded)";
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), {a.getLhs(), a.getRhs()}, op.getType(),
                                       [](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         return FloatOp::create(b, l, v[0], v[1]);
                                       }));
    return success();
  }
};

/// Unary ops share one pattern; `Fn` builds the scalar body.
template <typename Op>
struct UnaryLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), a.getInput(), op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) {
                                         return body(op, b, l, v[0]);
                                       }));
    return success();
  }
  static Value body(ReluOp, OpBuilder &b, Location l, Value x) {
    return scalarActivation(b, l, x, ActivationKind::Relu, 0, 0);
  }
  static Value body(SigmoidOp, OpBuilder &b, Location l, Value x) {
    return scalarActivation(b, l, x, ActivationKind::Sigmoid, 0, 0);
  }
  static Value body(ClipOp op, OpBuilder &b, Location l, Value x) {
    return scalarActivation(b, l, x, ActivationKind::Clip, op.getMin().convertToFloat(),
                            op.getMax().convertToFloat());
  }
  static Value body(TanhOp, OpBuilder &b, Location l, Value x) {
    return math::TanhOp::create(b, l, x);
  }
  static Value body(ExpOp, OpBuilder &b, Location l, Value x) {
    return math::ExpOp::create(b, l, x);
  }
  static Value body(LeakyReluOp op, OpBuilder &b, Location l, Value x) {
    Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, f32(b, l, 0.0));
    Value scaled = arith::MulFOp::create(b, l, x, f32(b, l, op.getAlpha().convertToFloat()));
    return arith::SelectOp::create(b, l, neg, scaled, x);
  }
};

struct IdentityLowering : OpConversionPattern<IdentityOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IdentityOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, a.getInput());
    return success();
  }
};

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchNormOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    // y = (x - mean) / sqrt(var + eps) * scale + bias, in ONNX's order.
    Location loc = op.getLoc();
    auto ty = op.getType();
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(ty.getRank())};
    for (int i = 0; i < 4; ++i)
      maps.push_back(AffineMap::get(ty.getRank(), 0, rewriter.getAffineDimExpr(1)));
    float eps = op.getEpsilon().convertToFloat();
    Value y = mapped(rewriter, loc, {a.getInput(), a.getScale(), a.getBias(), a.getMean(), a.getVar()},
                     maps, ty, [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                       Value c = arith::SubFOp::create(b, l, v[0], v[3]);
                       Value d = math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, v[4], f32(b, l, eps)));
                       Value n = arith::DivFOp::create(b, l, c, d);
                       return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, n, v[1]), v[2]);
                     });
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// Map of a tensor with `axis` removed, read inside a loop over the full rank.
AffineMap dropAxisMap(int64_t rank, int64_t axis, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

RankedTensorType dropAxisType(RankedTensorType t, int64_t axis, Type elt) {
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < t.getRank(); ++d)
    if (d != axis)
      shape.push_back(t.getDimSize(d));
  return RankedTensorType::get(shape, elt);
}

/// A reduction over `axis` of `x` into `init` with the given combiner.
Value reduceAxis(OpBuilder &b, Location loc, Value x, int64_t axis, Value init,
                 llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto ty = cast<RankedTensorType>(x.getType());
  int64_t rank = ty.getRank();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 dropAxisMap(rank, axis, b.getContext())};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  iters[axis] = utils::IteratorType::reduction;
  return linalg::GenericOp::create(b, loc, init.getType(), x, init, maps, iters,
                                   [&](OpBuilder &nb, Location nl, ValueRange args) {
                                     linalg::YieldOp::create(nb, nl, combine(nb, nl, args[0], args[1]));
                                   })
      .getResult(0);
}

struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SoftmaxOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    // max-subtracted exponentials, then normalization: numerically stable
    // like ONNX Runtime's kernel.
    Location loc = op.getLoc();
    auto ty = op.getType();
    int64_t axis = op.getAxis(), rank = ty.getRank();
    auto redTy = dropAxisType(ty, axis, ty.getElementType());
    Value mx = reduceAxis(rewriter, loc, a.getInput(), axis,
                          filled(rewriter, loc, redTy, -std::numeric_limits<double>::infinity()),
                          [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
                            return arith::MaximumFOp::create(b, l, x, acc);
                          });
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   dropAxisMap(rank, axis, getContext())};
    Value e = mapped(rewriter, loc, {a.getInput(), mx}, maps, ty,
                     [](OpBuilder &b, Location l, ValueRange v) -> Value {
                       return math::ExpOp::create(b, l, arith::SubFOp::create(b, l, v[0], v[1]));
                     });
    Value sum = reduceAxis(rewriter, loc, e, axis, filled(rewriter, loc, redTy, 0.0),
                           [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
                             return arith::AddFOp::create(b, l, x, acc);
                           });
    rewriter.replaceOp(op, mapped(rewriter, loc, {e, sum}, maps, ty,
                                  [](OpBuilder &b, Location l, ValueRange v) -> Value {
                                    return arith::DivFOp::create(b, l, v[0], v[1]);
                                  }));
    return success();
  }
};

struct ArgMaxLowering : OpConversionPattern<ArgMaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ArgMaxOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    int64_t axis = op.getAxis(), rank = inTy.getRank();
    auto valTy = dropAxisType(inTy, axis, inTy.getElementType());
    auto idxTy = dropAxisType(inTy, axis, rewriter.getI64Type());
    Value vInit = filled(rewriter, loc, valTy, -std::numeric_limits<double>::infinity());
    Value iInit = tensor::EmptyOp::create(rewriter, loc, idxTy.getShape(), idxTy.getElementType());
    Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getI64IntegerAttr(0));
    iInit = linalg::FillOp::create(rewriter, loc, zero, iInit).getResult(0);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   dropAxisMap(rank, axis, getContext()),
                                   dropAxisMap(rank, axis, getContext())};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters[axis] = utils::IteratorType::reduction;
    // First index of the maximum (last with select_last_index), like ONNX.
    auto pred = op.getSelectLastIndex() ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT;
    auto g = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valTy, idxTy}, a.getInput(), ValueRange{vInit, iInit}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange v) {
          Value idx = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                                 linalg::IndexOp::create(b, l, axis));
          Value better = arith::CmpFOp::create(b, l, pred, v[0], v[1]);
          linalg::YieldOp::create(b, l, ValueRange{arith::SelectOp::create(b, l, better, v[0], v[1]),
                                                   arith::SelectOp::create(b, l, better, idx, v[2])});
        });
    rewriter.replaceOp(op, reshapeStatic(rewriter, loc, g.getResult(1), op.getType()));
    return success();
  }
};

} // namespace

void populateElementwisePatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<BinaryLowering<AddOp, arith::AddFOp>, BinaryLowering<SubOp, arith::SubFOp>,
               BinaryLowering<MulOp, arith::MulFOp>, BinaryLowering<DivOp, arith::DivFOp>,
               UnaryLowering<ReluOp>, UnaryLowering<SigmoidOp>, UnaryLowering<ClipOp>,
               UnaryLowering<TanhOp>, UnaryLowering<ExpOp>, UnaryLowering<LeakyReluOp>,
               IdentityLowering, BatchNormLowering, SoftmaxLowering, ArgMaxLowering>(ctx);
}

} // namespace edgec::lowering
