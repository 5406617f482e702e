//===- ExpandExp.cpp - exp as IEEE single operations only -----------------===//
#include "lowering/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_EXPANDEXP
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

struct ExpandExpPattern : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ExpOp op, PatternRewriter &b) const override {
    if (!op.getType().isF32())
      return failure();
    Location l = op.getLoc();
    auto f = [&](double v) -> Value { return arith::ConstantOp::create(b, l, b.getF32FloatAttr((float)v)); };
    auto i = [&](int32_t v) -> Value { return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(v)); };
    auto mul = [&](Value x, Value y) -> Value { return arith::MulFOp::create(b, l, x, y); };
    auto add = [&](Value x, Value y) -> Value { return arith::AddFOp::create(b, l, x, y); };
    auto sub = [&](Value x, Value y) -> Value { return arith::SubFOp::create(b, l, x, y); };
    auto select = [&](arith::CmpFPredicate p, Value x, Value y, Value t, Value e) -> Value {
      return arith::SelectOp::create(b, l, arith::CmpFOp::create(b, l, p, x, y), t, e);
    };
    Value x0 = op.getOperand();
    // Beyond [-104, 89] the result is 0 or +inf either way; clamping keeps
    // n within the range the two-step scaling below handles.
    Value x = select(arith::CmpFPredicate::OLT, x0, f(-104.0), f(-104.0), x0);
    x = select(arith::CmpFPredicate::OGT, x, f(89.0), f(89.0), x);
    // n = round_half_even(x / ln 2) by the 1.5 * 2^23 addition (|.| < 2^22).
    Value magic = f(12582912.0);
    Value n = sub(add(mul(x, f(1.44269504088896341)), magic), magic);
    // r = x - n ln 2 in two parts (Cody-Waite; 0.693359375 has few bits, so
    // n * C1 is exact).
    Value r = sub(sub(x, mul(n, f(0.693359375))), mul(n, f(-2.12194440e-4)));
    // Cephes expf: e^r ~ 1 + r + r^2 P(r) on |r| <= ln(2)/2.
    Value p = f(1.9875691500e-4);
    for (double c : {1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1})
      p = add(mul(p, r), f(c));
    Value e = add(add(mul(mul(r, r), p), r), f(1.0));
    // e * 2^n as e * 2^n1 * 2^n2 with n1 = floor(n / 2): each factor is a
    // normal power of two built from its exponent bits, and the last
    // multiplication rounds once (overflow to inf, gradual underflow).
    Value ni = arith::FPToSIOp::create(b, l, b.getI32Type(), n);
    Value n1 = arith::ShRSIOp::create(b, l, arith::AddIOp::create(b, l, ni, i(256)), i(1));
    n1 = arith::SubIOp::create(b, l, n1, i(128));
    Value n2 = arith::SubIOp::create(b, l, ni, n1);
    auto pow2 = [&](Value k) -> Value {
      Value bits = arith::ShLIOp::create(b, l, arith::AddIOp::create(b, l, k, i(127)), i(23));
      return arith::BitcastOp::create(b, l, b.getF32Type(), bits);
    };
    Value y = mul(mul(e, pow2(n1)), pow2(n2));
    // NaN in, NaN out (the clamps above replaced it).
    y = select(arith::CmpFPredicate::UNO, x0, x0, x0, y);
    b.replaceOp(op, y);
    return success();
  }
};

struct ExpandExpPass : edgec::impl::ExpandExpBase<ExpandExpPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandExpPattern>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
