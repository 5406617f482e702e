//===- NNToLinalg.cpp - The nn-to-linalg conversion pass ------------------===//
//
// The pass only sets up the conversion target; the patterns live beside it,
// one file per op family.
//
//===----------------------------------------------------------------------===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"

namespace edgec {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

void edgec::populateNNToLinalgPatterns(RewritePatternSet &patterns, bool channelsLast,
                                       bool borderFills) {
  lowering::populateElementwisePatterns(patterns);
  lowering::populateLinearPatterns(patterns, channelsLast, borderFills);
  lowering::populatePoolingPatterns(patterns);
  lowering::populateDataMovementPatterns(patterns);
}

namespace {
struct ConvertNNToLinalgPass : public edgec::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  using ConvertNNToLinalgBase::ConvertNNToLinalgBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<edgec::nn::NNDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect, arith::ArithDialect,
                           math::MathDialect, scf::SCFDialect,
                           bufferization::BufferizationDialect>();
    target.addLegalOp<func::FuncOp, func::ReturnOp>();
    RewritePatternSet patterns(ctx);
    edgec::populateNNToLinalgPatterns(patterns, channelsLast, borderFills);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    // Model inputs belong to the caller and are read-only by contract
    // (`const void *const inputs[]`): bufferization must never write them,
    // even when an op could update its operand in place.
    func::FuncOp func = getOperation();
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      func.setArgAttr(i, "bufferization.writable", BoolAttr::get(&getContext(), false));
  }
};
} // namespace
