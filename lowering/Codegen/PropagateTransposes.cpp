//===- PropagateTransposes.cpp - transposes below elementwise ops ---------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_PROPAGATETRANSPOSES
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// elementwise(T(a), T(b), ...) -> T(elementwise(a, b, ...)) for float
/// elementwise generics whose inputs are all transposes by one permutation.
struct TransposeBelowElementwise : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp g, PatternRewriter &rw) const override {
    if (g.getNumDpsInits() != 1 || g.getNumDpsInputs() == 0 || !g.hasPureTensorSemantics() ||
        g.getNumParallelLoops() != g.getNumLoops() ||
        !llvm::all_of(g.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }))
      return failure();
    OpOperand *init = g.getDpsInitOperand(0);
    auto outTy = cast<RankedTensorType>(init->get().getType());
    if (!isa<FloatType>(outTy.getElementType()) ||
        !g.getMatchingBlockArgument(init).use_empty())
      return failure();
    SmallVector<Value> sources;
    ArrayRef<int64_t> perm;
    for (OpOperand *in : g.getDpsInputOperands()) {
      auto t = in->get().getDefiningOp<linalg::TransposeOp>();
      if (!t || (!perm.empty() && t.getPermutation() != perm))
        return failure();
      perm = t.getPermutation();
      sources.push_back(t.getInput());
    }
    auto srcTy = cast<RankedTensorType>(sources.front().getType());
    Location loc = g.getLoc();
    Value empty = tensor::EmptyOp::create(rw, loc, srcTy.getShape(), outTy.getElementType());
    auto moved = linalg::GenericOp::create(
        rw, loc, TypeRange{empty.getType()}, sources, ValueRange{empty},
        SmallVector<AffineMap>(sources.size() + 1, rw.getMultiDimIdentityMap(srcTy.getRank())),
        g.getIteratorTypesArray());
    rw.inlineRegionBefore(g.getRegion(), moved.getRegion(), moved.getRegion().begin());
    rw.replaceOpWithNewOp<linalg::TransposeOp>(g, moved.getResult(0), init->get(), perm);
    return success();
  }
};

/// pool_nchw(T(x)) -> T(pool_nhwc(x)) for x NHWC (T = [0, 3, 1, 2]) and an
/// output that starts filled with a constant (max: -inf, sum: 0).
template <typename NchwOp, typename NhwcOp>
struct TransposeBelowPooling : OpRewritePattern<NchwOp> {
  using OpRewritePattern<NchwOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(NchwOp pool, PatternRewriter &rw) const override {
    auto t = pool.getInputs()[0].template getDefiningOp<linalg::TransposeOp>();
    auto fill = pool.getOutputs()[0].template getDefiningOp<linalg::FillOp>();
    if (!t || !fill || t.getPermutation() != ArrayRef<int64_t>{0, 3, 1, 2} ||
        !pool.hasPureTensorSemantics())
      return failure();
    auto outTy = cast<RankedTensorType>(pool.getResultTensors()[0].getType());
    ArrayRef<int64_t> o = outTy.getShape();
    Location loc = pool.getLoc();
    Value empty =
        tensor::EmptyOp::create(rw, loc, ArrayRef<int64_t>{o[0], o[2], o[3], o[1]}, outTy.getElementType());
    Value init = linalg::FillOp::create(rw, loc, fill.getInputs()[0], empty).getResult(0);
    auto nhwc = NhwcOp::create(rw, loc, TypeRange{init.getType()},
                               ValueRange{t.getInput(), pool.getInputs()[1]}, ValueRange{init},
                               pool.getStrides(), pool.getDilations());
    rw.template replaceOpWithNewOp<linalg::TransposeOp>(pool, nhwc->getResult(0), pool.getOutputs()[0],
                                                        ArrayRef<int64_t>{0, 3, 1, 2});
    return success();
  }
};

struct PropagateTransposesPass
    : public edgec::impl::PropagateTransposesBase<PropagateTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TransposeBelowElementwise,
                 TransposeBelowPooling<linalg::PoolingNchwMaxOp, linalg::PoolingNhwcMaxOp>,
                 TransposeBelowPooling<linalg::PoolingNchwSumOp, linalg::PoolingNhwcSumOp>>(
        &getContext());
    // transpose(transpose(x)) with inverse permutations is x.
    linalg::TransposeOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
