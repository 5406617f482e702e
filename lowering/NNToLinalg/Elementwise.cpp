//===- Elementwise.cpp - nn elementwise ops and reductions to linalg ------===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace edgec::nn;

namespace edgec::lowering {
namespace {

/// Broadcasting binary ops. Float: the IEEE operation. Signed integers
/// (not bool): two's-complement wrap for add, sub and mul, truncating
/// division as ONNX Runtime's integer Div, signed max and min; `UIntOp`
/// where the op is marked `is_unsigned` (edgec-signless-integers). `IntOp` is
/// void where integers are refused (Pow).
template <typename Op, typename FloatOp, typename IntOp = void, typename UIntOp = IntOp>
struct BinaryLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elt);
    if (!isFloat) {
      if constexpr (std::is_void_v<IntOp>) {
        return op.emitError("integer ") << op->getName()
               << " is only supported on constants (it should have been folded)";
      } else {
        // arith works on signless integers; edgec-signless-integers has
        // turned unsigned tensors into signless ones with `is_unsigned` set.
        if (!elt.isSignlessInteger() || elt.isInteger(1))
          return op.emitError() << op->getName() << " of " << elt
                                << " tensors is not supported (float32 and integers)";
      }
    }
    bool isUnsigned = op.getIsUnsigned();
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), {a.getLhs(), a.getRhs()}, op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         if constexpr (!std::is_void_v<IntOp>)
                                           if (!isFloat)
                                             return isUnsigned ? (Value)UIntOp::create(b, l, v[0], v[1])
                                                               : (Value)IntOp::create(b, l, v[0], v[1]);
                                         return FloatOp::create(b, l, v[0], v[1]);
                                       }));
    return success();
  }
};

/// A float constant of `like`'s type (float32 or float64).
static Value fc(OpBuilder &b, Location l, Value like, double v) {
  return scalarConstant(b, l, like.getType(), v);
}

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
  static Value body(AbsOp, OpBuilder &b, Location l, Value x) {
    if (!isa<FloatType>(x.getType()))
      return math::AbsIOp::create(b, l, x);
    return math::AbsFOp::create(b, l, x);
  }
  static Value body(NegOp, OpBuilder &b, Location l, Value x) {
    if (!isa<FloatType>(x.getType()))
      return arith::SubIOp::create(b, l, arith::ConstantOp::create(b, l, b.getIntegerAttr(x.getType(), 0)), x);
    return arith::NegFOp::create(b, l, x);
  }
  static Value body(FloorOp, OpBuilder &b, Location l, Value x) { return math::FloorOp::create(b, l, x); }
  static Value body(CeilOp, OpBuilder &b, Location l, Value x) { return math::CeilOp::create(b, l, x); }
  // Half to even without a libm call (roundevenf is C23, and LLVM's
  // roundeven becomes that call on cores without the instruction): below
  // 2^mantissa, adding and subtracting 2^mantissa with x's sign rounds in
  // the default (nearest-even) mode; x's sign bit is kept, so -0.3 gives
  // -0. Larger values, infinities and NaN are already integral or pass.
  static Value body(RoundOp, OpBuilder &b, Location l, Value x) {
    auto ft = cast<FloatType>(x.getType());
    unsigned w = ft.getWidth();
    Type it = b.getIntegerType(w);
    double big = std::ldexp(1.0, ft.getFPMantissaWidth() - 1);
    Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, fc(b, l, x, 0.0));
    Value c = arith::SelectOp::create(b, l, neg, fc(b, l, x, -big), fc(b, l, x, big));
    Value r = arith::SubFOp::create(b, l, arith::AddFOp::create(b, l, x, c), c);
    Value signBit = arith::ConstantOp::create(b, l, b.getIntegerAttr(it, APInt::getSignMask(w)));
    Value xs = arith::AndIOp::create(b, l, arith::BitcastOp::create(b, l, it, x), signBit);
    Value rs = arith::BitcastOp::create(b, l, ft,
                                        arith::OrIOp::create(b, l, arith::BitcastOp::create(b, l, it, r), xs));
    Value small = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, math::AbsFOp::create(b, l, x),
                                        fc(b, l, x, big));
    return arith::SelectOp::create(b, l, small, rs, x);
  }
  static Value body(SqrtOp, OpBuilder &b, Location l, Value x) { return math::SqrtOp::create(b, l, x); }
  static Value body(ReciprocalOp, OpBuilder &b, Location l, Value x) {
    return arith::DivFOp::create(b, l, fc(b, l, x, 1.0), x);
  }
  static Value body(LogOp, OpBuilder &b, Location l, Value x) { return math::LogOp::create(b, l, x); }
  static Value body(SinOp, OpBuilder &b, Location l, Value x) { return math::SinOp::create(b, l, x); }
  static Value body(CosOp, OpBuilder &b, Location l, Value x) { return math::CosOp::create(b, l, x); }
  static Value body(ErfOp, OpBuilder &b, Location l, Value x) { return math::ErfOp::create(b, l, x); }
  static Value body(TanOp, OpBuilder &b, Location l, Value x) { return math::TanOp::create(b, l, x); }
  static Value body(AsinOp, OpBuilder &b, Location l, Value x) { return math::AsinOp::create(b, l, x); }
  static Value body(AcosOp, OpBuilder &b, Location l, Value x) { return math::AcosOp::create(b, l, x); }
  static Value body(AtanOp, OpBuilder &b, Location l, Value x) { return math::AtanOp::create(b, l, x); }
  static Value body(SinhOp, OpBuilder &b, Location l, Value x) { return math::SinhOp::create(b, l, x); }
  static Value body(CoshOp, OpBuilder &b, Location l, Value x) { return math::CoshOp::create(b, l, x); }
  static Value body(AsinhOp, OpBuilder &b, Location l, Value x) { return math::AsinhOp::create(b, l, x); }
  static Value body(AcoshOp, OpBuilder &b, Location l, Value x) { return math::AcoshOp::create(b, l, x); }
  static Value body(AtanhOp, OpBuilder &b, Location l, Value x) { return math::AtanhOp::create(b, l, x); }
  static Value body(SignOp, OpBuilder &b, Location l, Value x) {
    if (!isa<FloatType>(x.getType())) {
      auto c = [&](int64_t v) -> Value {
        return arith::ConstantOp::create(b, l, b.getIntegerAttr(x.getType(), v));
      };
      Value pos = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, x, c(0));
      Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, x, c(0));
      return arith::SelectOp::create(b, l, pos, c(1), arith::SelectOp::create(b, l, neg, c(-1), c(0)));
    }
    // 1, -1, or x * 0 (which keeps 0 and NaN as they are).
    Value pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, fc(b, l, x, 0.0));
    Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, fc(b, l, x, 0.0));
    Value zero = arith::MulFOp::create(b, l, x, fc(b, l, x, 0.0));
    return arith::SelectOp::create(b, l, pos, fc(b, l, x, 1.0),
                                   arith::SelectOp::create(b, l, neg, fc(b, l, x, -1.0), zero));
  }
  static Value body(BitwiseNotOp, OpBuilder &b, Location l, Value x) {
    return arith::XOrIOp::create(b, l, x, arith::ConstantOp::create(b, l, b.getIntegerAttr(x.getType(), -1)));
  }
  static Value body(SoftplusOp, OpBuilder &b, Location l, Value x) {
    // log(exp(x) + 1), ONNX's reference formula.
    return math::LogOp::create(b, l, arith::AddFOp::create(b, l, math::ExpOp::create(b, l, x), fc(b, l, x, 1.0)));
  }
  static Value body(SoftsignOp, OpBuilder &b, Location l, Value x) {
    Value d = arith::AddFOp::create(b, l, fc(b, l, x, 1.0), math::AbsFOp::create(b, l, x));
    return arith::DivFOp::create(b, l, x, d);
  }
  static Value hardSigmoid(OpBuilder &b, Location l, Value x, float alpha, float beta) {
    Value y = arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, x, fc(b, l, x, alpha)), fc(b, l, x, beta));
    return arith::MaximumFOp::create(b, l, fc(b, l, x, 0.0),
                                     arith::MinimumFOp::create(b, l, fc(b, l, x, 1.0), y));
  }
  static Value body(HardSigmoidOp op, OpBuilder &b, Location l, Value x) {
    return hardSigmoid(b, l, x, op.getAlpha().convertToFloat(), op.getBeta().convertToFloat());
  }
  static Value body(HardSwishOp, OpBuilder &b, Location l, Value x) {
    return arith::MulFOp::create(b, l, x, hardSigmoid(b, l, x, 1.0f / 6.0f, 0.5f));
  }
  static Value body(EluOp op, OpBuilder &b, Location l, Value x) {
    Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, fc(b, l, x, 0.0));
    Value em1 = arith::SubFOp::create(b, l, math::ExpOp::create(b, l, x), fc(b, l, x, 1.0));
    Value y = arith::MulFOp::create(b, l, fc(b, l, x, op.getAlpha().convertToFloat()), em1);
    return arith::SelectOp::create(b, l, neg, y, x);
  }
  static Value body(SeluOp op, OpBuilder &b, Location l, Value x) {
    float alpha = op.getAlpha().convertToFloat(), gamma = op.getGamma().convertToFloat();
    Value le = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, x, fc(b, l, x, 0.0));
    Value e = arith::SubFOp::create(b, l, arith::MulFOp::create(b, l, fc(b, l, x, alpha), math::ExpOp::create(b, l, x)),
                                    fc(b, l, x, alpha));
    Value y = arith::SelectOp::create(b, l, le, e, x);
    return arith::MulFOp::create(b, l, fc(b, l, x, gamma), y);
  }
  static Value body(LeakyReluOp op, OpBuilder &b, Location l, Value x) {
    Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x, fc(b, l, x, 0.0));
    Value scaled = arith::MulFOp::create(b, l, x, fc(b, l, x, op.getAlpha().convertToFloat()));
    return arith::SelectOp::create(b, l, neg, scaled, x);
  }
};

/// Comparisons (float or integer operands) and logical ops, to i1.
template <typename Op>
struct CompareLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = op.getLhs().getType().getElementType();
    bool isFloat = isa<FloatType>(elt), isUnsigned = op.getIsUnsigned();
    // arith works on signless integers (see BinaryLowering).
    if (elt.isUnsignedInteger())
      return op.emitError("comparisons of unsigned integer tensors need edgec-signless-integers first");
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), {a.getLhs(), a.getRhs()}, op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         return body(op, b, l, v[0], v[1], isFloat, isUnsigned);
                                       }));
    return success();
  }
  static Value cmp(OpBuilder &b, Location l, Value x, Value y, bool isFloat, arith::CmpFPredicate fp,
                   arith::CmpIPredicate sp, arith::CmpIPredicate up, bool isUnsigned) {
    if (isFloat)
      return arith::CmpFOp::create(b, l, fp, x, y);
    return arith::CmpIOp::create(b, l, isUnsigned ? up : sp, x, y);
  }
  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  static Value body(EqualOp, OpBuilder &b, Location l, Value x, Value y, bool f, bool u) {
    return cmp(b, l, x, y, f, FP::OEQ, IP::eq, IP::eq, u);
  }
  static Value body(GreaterOp, OpBuilder &b, Location l, Value x, Value y, bool f, bool u) {
    return cmp(b, l, x, y, f, FP::OGT, IP::sgt, IP::ugt, u);
  }
  static Value body(GreaterOrEqualOp, OpBuilder &b, Location l, Value x, Value y, bool f, bool u) {
    return cmp(b, l, x, y, f, FP::OGE, IP::sge, IP::uge, u);
  }
  static Value body(LessOp, OpBuilder &b, Location l, Value x, Value y, bool f, bool u) {
    return cmp(b, l, x, y, f, FP::OLT, IP::slt, IP::ult, u);
  }
  static Value body(LessOrEqualOp, OpBuilder &b, Location l, Value x, Value y, bool f, bool u) {
    return cmp(b, l, x, y, f, FP::OLE, IP::sle, IP::ule, u);
  }
  static Value body(AndOp, OpBuilder &b, Location l, Value x, Value y, bool, bool) {
    return arith::AndIOp::create(b, l, x, y);
  }
  static Value body(OrOp, OpBuilder &b, Location l, Value x, Value y, bool, bool) {
    return arith::OrIOp::create(b, l, x, y);
  }
  static Value body(XorOp, OpBuilder &b, Location l, Value x, Value y, bool, bool) {
    return arith::XOrIOp::create(b, l, x, y);
  }
};

/// BitShift: shli or shrui, 0 where the amount (read as unsigned) reaches
/// the bit width, which C and LLVM leave undefined.
struct BitShiftLowering : OpConversionPattern<BitShiftOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BitShiftOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = op.getType().getElementType();
    if (!elt.isSignlessInteger())
      return op.emitError("bit shifts of unsigned integer tensors need edgec-signless-integers first");
    bool right = op.getRight();
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), {a.getLhs(), a.getRhs()}, op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value shifted = right ? (Value)arith::ShRUIOp::create(b, l, v[0], v[1])
                            : (Value)arith::ShLIOp::create(b, l, v[0], v[1]);
      Value width = arith::ConstantOp::create(b, l, b.getIntegerAttr(elt, elt.getIntOrFloatBitWidth()));
      Value tooFar = arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, v[1], width);
      Value zero = arith::ConstantOp::create(b, l, b.getIntegerAttr(elt, 0));
      return arith::SelectOp::create(b, l, tooFar, zero, shifted);
    }));
    return success();
  }
};

struct NotLowering : OpConversionPattern<NotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(NotOp op, OpAdaptor a, ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), a.getInput(), op.getType(),
                                       [](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         Value t = arith::ConstantOp::create(b, l, b.getBoolAttr(true));
                                         return arith::XOrIOp::create(b, l, v[0], t);
                                       }));
    return success();
  }
};

struct WhereLowering : OpConversionPattern<WhereOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(WhereOp op, OpAdaptor a, ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), {a.getCondition(), a.getLhs(), a.getRhs()},
                                       op.getType(), [](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         return arith::SelectOp::create(b, l, v[0], v[1], v[2]);
                                       }));
    return success();
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

/// Mod: C remainder (remf / remsi) with fmod; without it (integers only)
/// the remainder moves to the divisor's sign: r + b when r != 0 and the
/// signs of r and b differ.
struct ModLowering : OpConversionPattern<ModOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ModOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elt), fmod = op.getFmod();
    if (isFloat && !fmod)
      return op.emitError("Mod of floats needs fmod=1 (ONNX)");
    if (!isFloat && (!elt.isSignlessInteger() || elt.isInteger(1)))
      return op.emitError() << "Mod of " << elt << " tensors is not supported (float32 and integers)";
    bool isUnsigned = op.getIsUnsigned();
    rewriter.replaceOp(
        op, elementwise(rewriter, op.getLoc(), {a.getLhs(), a.getRhs()}, op.getType(),
                        [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                          if (isFloat)
                            return arith::RemFOp::create(b, l, v[0], v[1]);
                          // Unsigned: no signs to reconcile.
                          if (isUnsigned)
                            return arith::RemUIOp::create(b, l, v[0], v[1]);
                          Value r = arith::RemSIOp::create(b, l, v[0], v[1]);
                          if (fmod)
                            return r;
                          Value zero = arith::ConstantOp::create(b, l, b.getIntegerAttr(elt, 0));
                          Value nonzero =
                              arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, r, zero);
                          Value rNeg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, r, zero);
                          Value bNeg =
                              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, v[1], zero);
                          Value fix = arith::AndIOp::create(
                              b, l, nonzero, arith::XOrIOp::create(b, l, rNeg, bNeg));
                          return arith::SelectOp::create(
                              b, l, fix, arith::AddIOp::create(b, l, r, v[1]), r);
                        }));
    return success();
  }
};

/// Trilu: select(j - i >= k (upper) or <= k (lower), x, 0) with (i, j) the
/// last two loop indices and k read once per element from its tensor.
struct TriluLowering : OpConversionPattern<TriluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(TriluOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto ty = op.getType();
    int64_t rank = ty.getRank();
    Type elt = ty.getElementType();
    if (elt.isUnsignedInteger())
      return op.emitError("Trilu of unsigned integer tensors is not supported yet");
    auto kTy = op.getK().getType();
    SmallVector<AffineExpr> zeros(kTy.getRank(), rewriter.getAffineConstantExpr(0));
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, zeros, getContext())};
    bool upper = op.getUpper();
    rewriter.replaceOp(
        op, mapped(rewriter, op.getLoc(), {a.getInput(), a.getK()}, maps, ty,
                   [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                     auto idx = [&](int64_t d) -> Value {
                       return arith::IndexCastOp::create(b, l, b.getI64Type(),
                                                         linalg::IndexOp::create(b, l, d));
                     };
                     Value diff = arith::SubIOp::create(b, l, idx(rank - 1), idx(rank - 2));
                     Value keep = arith::CmpIOp::create(
                         b, l, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle, diff,
                         v[1]);
                     Value zero = isa<FloatType>(elt)
                                      ? (Value)arith::ConstantOp::create(b, l, b.getFloatAttr(elt, 0.0))
                                      : (Value)arith::ConstantOp::create(b, l, b.getIntegerAttr(elt, 0));
                     return arith::SelectOp::create(b, l, keep, v[0], zero);
                   }));
    return success();
  }
};

/// float16 bits (i16) to float32, exactly: normal numbers move their
/// exponent and mantissa, infinities and NaNs keep theirs, and subnormals
/// are mantissa * 2^-24.
static Value halfToFloat(OpBuilder &b, Location l, Value h) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) -> Value { return arith::ConstantOp::create(b, l, b.getIntegerAttr(i32, v)); };
  Value u = arith::ExtUIOp::create(b, l, i32, h);
  Value sign = arith::ShLIOp::create(b, l, arith::AndIOp::create(b, l, u, c(0x8000)), c(16));
  Value exp = arith::AndIOp::create(b, l, arith::ShRUIOp::create(b, l, u, c(10)), c(0x1f));
  Value man = arith::AndIOp::create(b, l, u, c(0x3ff));
  Value manHigh = arith::ShLIOp::create(b, l, man, c(13));
  Value normal = arith::OrIOp::create(
      b, l, arith::ShLIOp::create(b, l, arith::AddIOp::create(b, l, exp, c(112)), c(23)), manHigh);
  Value special = arith::OrIOp::create(b, l, c(0x7f800000), manHigh);
  Value sub = arith::MulFOp::create(b, l, arith::UIToFPOp::create(b, l, b.getF32Type(), man),
                                    arith::ConstantOp::create(b, l, b.getF32FloatAttr(5.9604644775390625e-8f)));
  Value subBits = arith::BitcastOp::create(b, l, i32, sub);
  Value isZeroExp = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, exp, c(0));
  Value isMaxExp = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, exp, c(0x1f));
  Value mag = arith::SelectOp::create(b, l, isZeroExp, subBits,
                                      arith::SelectOp::create(b, l, isMaxExp, special, normal));
  return arith::BitcastOp::create(b, l, b.getF32Type(), arith::OrIOp::create(b, l, mag, sign));
}

/// float32 to float16 bits (i16), rounding to nearest even: overflow to
/// infinity, NaN to a quiet NaN, subnormals rounded by a float addition
/// that aligns the mantissa, normals by adding half an ulp (plus the odd
/// bit) before the shift.
static Value floatToHalf(OpBuilder &b, Location l, Value f) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) -> Value { return arith::ConstantOp::create(b, l, b.getIntegerAttr(i32, v)); };
  Value x = arith::BitcastOp::create(b, l, i32, f);
  Value sign = arith::AndIOp::create(b, l, x, c(INT32_MIN));
  Value a = arith::XOrIOp::create(b, l, x, sign);
  Value tooBig = arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, a, c(0x47800000));
  Value isNan = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ugt, a, c(0x7f800000));
  Value big = arith::SelectOp::create(b, l, isNan, c(0x7e00), c(0x7c00));
  Value tiny = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, a, c(0x38800000));
  Value magic = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.5f));
  Value aligned = arith::AddFOp::create(b, l, arith::BitcastOp::create(b, l, b.getF32Type(), a), magic);
  Value sub = arith::SubIOp::create(b, l, arith::BitcastOp::create(b, l, i32, aligned), c(0x3f000000));
  Value odd = arith::AndIOp::create(b, l, arith::ShRUIOp::create(b, l, a, c(13)), c(1));
  Value rounded = arith::AddIOp::create(b, l, arith::AddIOp::create(b, l, a, c((int32_t)0xc8000fffu)), odd);
  Value normal = arith::ShRUIOp::create(b, l, rounded, c(13));
  Value o = arith::SelectOp::create(b, l, tooBig, big, arith::SelectOp::create(b, l, tiny, sub, normal));
  o = arith::OrIOp::create(b, l, o, arith::ShRUIOp::create(b, l, sign, c(16)));
  return arith::TruncIOp::create(b, l, b.getI16Type(), o);
}

/// ONNX Cast on one element (see nn.cast); booleans and `fromUnsigned`
/// sources zero-extend, `toUnsigned` results of floats truncate unsigned.
Value castScalar(OpBuilder &b, Location l, Value x, Type from, Type to, bool fromUnsigned,
                 bool toUnsigned) {
  if (from == to)
    return x;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  Type src = from, dst = to;
  fromUnsigned |= from.isInteger(1);
  if (to.isInteger(1)) {
    if (fromFloat)
      return arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, x,
                                   arith::ConstantOp::create(b, l, b.getFloatAttr(src, 0.0)));
    return arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, x,
                                 arith::ConstantOp::create(b, l, b.getIntegerAttr(src, 0)));
  }
  if (fromFloat && toFloat)
    return src.getIntOrFloatBitWidth() < dst.getIntOrFloatBitWidth()
               ? (Value)arith::ExtFOp::create(b, l, dst, x)
               : (Value)arith::TruncFOp::create(b, l, dst, x);
  if (fromFloat)
    return toUnsigned ? (Value)arith::FPToUIOp::create(b, l, dst, x)
                      : (Value)arith::FPToSIOp::create(b, l, dst, x);
  if (toFloat)
    return fromUnsigned ? (Value)arith::UIToFPOp::create(b, l, dst, x)
                        : (Value)arith::SIToFPOp::create(b, l, dst, x);
  unsigned fb = src.getIntOrFloatBitWidth(), tb = dst.getIntOrFloatBitWidth();
  if (fb == tb)
    return x;
  if (fb > tb)
    return arith::TruncIOp::create(b, l, dst, x);
  return fromUnsigned ? (Value)arith::ExtUIOp::create(b, l, dst, x)
                      : (Value)arith::ExtSIOp::create(b, l, dst, x);
}

/// The bit layout of a narrow float type, read from its APFloat semantics.
struct MiniFloat {
  unsigned bits, mantissa;  // total and stored-mantissa widths
  int minExp, bias;         // of normal numbers; bias = 1 - minExp
  int64_t maxCode;          // magnitude bits of the largest finite value
  std::optional<int64_t> infCode, nanCode;
  bool negZero;             // -0 exists (not in the FNUZ types, where 0x80 is NaN)
  explicit MiniFloat(FloatType t) {
    const llvm::fltSemantics &sem = t.getFloatSemantics();
    bits = t.getWidth();
    mantissa = APFloat::semanticsPrecision(sem) - 1;
    minExp = APFloat::semanticsMinExponent(sem);
    bias = 1 - minExp;
    maxCode = APFloat::getLargest(sem).bitcastToAPInt().getZExtValue();
    if (APFloat::semanticsHasInf(sem))
      infCode = APFloat::getInf(sem).bitcastToAPInt().getZExtValue();
    if (APFloat::semanticsHasNaN(sem))
      nanCode = APFloat::getQNaN(sem).bitcastToAPInt().getZExtValue();
    negZero = !(nanCode && *nanCode == (int64_t(1) << (bits - 1)));
  }
};

/// Narrow float bits (in the low `bits` of an integer) to float32, exactly:
/// the significand, with its hidden bit for normal numbers, times a power
/// of two built from its bits; infinities and NaNs by their codes.
/// bfloat16 is the top half of a float32.
static Value miniToFloat(OpBuilder &b, Location l, Value code, FloatType t) {
  Type i32 = b.getI32Type(), f32t = b.getF32Type();
  auto c = [&](int64_t v) -> Value { return arith::ConstantOp::create(b, l, b.getIntegerAttr(i32, v)); };
  auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value { return arith::CmpIOp::create(b, l, p, x, y); };
  Value u = arith::ExtUIOp::create(b, l, i32, code);
  if (t.isBF16())
    return arith::BitcastOp::create(b, l, f32t, arith::ShLIOp::create(b, l, u, c(16)));
  MiniFloat m(t);
  int64_t signBit = int64_t(1) << (m.bits - 1);
  Value mag = arith::AndIOp::create(b, l, u, c(signBit - 1));
  Value exp = arith::ShRUIOp::create(b, l, mag, c(m.mantissa));
  Value man = arith::AndIOp::create(b, l, mag, c((int64_t(1) << m.mantissa) - 1));
  Value isSub = cmp(arith::CmpIPredicate::eq, exp, c(0));
  Value sig = arith::SelectOp::create(b, l, isSub, man, arith::OrIOp::create(b, l, man, c(int64_t(1) << m.mantissa)));
  Value e = arith::SelectOp::create(b, l, isSub, c(1), exp);
  // 2^(e - bias - mantissa) as float32 bits; the exponent stays within
  // float32's normal range for every type handled here.
  Value scaleBits = arith::ShLIOp::create(
      b, l, arith::AddIOp::create(b, l, e, c(127 - m.bias - (int64_t)m.mantissa)), c(23));
  Value v = arith::MulFOp::create(b, l, arith::UIToFPOp::create(b, l, f32t, sig),
                                  arith::BitcastOp::create(b, l, f32t, scaleBits));
  Value bitsV = arith::BitcastOp::create(b, l, i32, v);
  if (m.infCode)
    bitsV = arith::SelectOp::create(b, l, cmp(arith::CmpIPredicate::eq, mag, c(*m.infCode)), c(0x7f800000), bitsV);
  if (m.nanCode) {
    Value nan = m.negZero ? cmp(arith::CmpIPredicate::sgt, mag, c(m.infCode ? *m.infCode : m.maxCode))
                          : cmp(arith::CmpIPredicate::eq, u, c(*m.nanCode));
    bitsV = arith::SelectOp::create(b, l, nan, c(0x7fc00000), bitsV);
  }
  Value sign = arith::ShLIOp::create(b, l, arith::AndIOp::create(b, l, u, c(signBit)), c(32 - m.bits));
  if (!m.negZero) // FNUZ: the sign bit alone is NaN, handled above
    sign = arith::SelectOp::create(b, l, cmp(arith::CmpIPredicate::eq, u, c(signBit)), c(0), sign);
  return arith::BitcastOp::create(b, l, f32t, arith::OrIOp::create(b, l, bitsV, sign));
}

/// float32 to narrow float bits, rounding to nearest even on the float32
/// bits: the significand is shifted right to the target's precision (more
/// for its subnormals) with round-half-even on the bits shifted out; the
/// exponent field is added so that a carry out of the mantissa moves to the
/// next binade. Past the largest finite value: that value if `saturate`
/// (and always for types with neither infinity nor NaN), else infinity or
/// NaN as the type has; NaN to the type's NaN, or 0 without one.
static Value floatToMini(OpBuilder &b, Location l, Value f, FloatType t, bool saturate, Type storage) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) -> Value { return arith::ConstantOp::create(b, l, b.getIntegerAttr(i32, v)); };
  auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value { return arith::CmpIOp::create(b, l, p, x, y); };
  auto sel = [&](Value cond, Value x, Value y) -> Value { return arith::SelectOp::create(b, l, cond, x, y); };
  MiniFloat m(t);
  Value x = arith::BitcastOp::create(b, l, i32, f);
  Value s = arith::AndIOp::create(b, l, x, c(INT32_MIN));
  Value a = arith::XOrIOp::create(b, l, x, s);
  Value ef = arith::ShRUIOp::create(b, l, a, c(23));
  Value man = arith::AndIOp::create(b, l, a, c(0x7fffff));
  Value sig = sel(cmp(arith::CmpIPredicate::eq, ef, c(0)), man, arith::OrIOp::create(b, l, man, c(0x800000)));
  Value e = arith::SubIOp::create(b, l, arith::MaxSIOp::create(b, l, ef, c(1)), c(127));
  Value under = arith::MaxSIOp::create(b, l, arith::SubIOp::create(b, l, c(m.minExp), e), c(0));
  Value shift = arith::MinSIOp::create(b, l, arith::AddIOp::create(b, l, under, c(23 - (int64_t)m.mantissa)), c(25));
  Value q = arith::ShRUIOp::create(b, l, sig, shift);
  Value rem = arith::AndIOp::create(b, l, sig, arith::SubIOp::create(b, l, arith::ShLIOp::create(b, l, c(1), shift), c(1)));
  Value half = arith::ShLIOp::create(b, l, c(1), arith::SubIOp::create(b, l, shift, c(1)));
  Value odd = arith::AndIOp::create(b, l, q, c(1));
  Value up = arith::OrIOp::create(b, l, cmp(arith::CmpIPredicate::ugt, rem, half),
                                  arith::AndIOp::create(b, l, cmp(arith::CmpIPredicate::eq, rem, half),
                                                        cmp(arith::CmpIPredicate::ne, odd, c(0))));
  q = arith::AddIOp::create(b, l, q, arith::ExtUIOp::create(b, l, i32, up));
  Value field = arith::SubIOp::create(b, l, arith::MaxSIOp::create(b, l, e, c(m.minExp)), c(m.minExp));
  Value code = arith::AddIOp::create(b, l, arith::ShLIOp::create(b, l, field, c(m.mantissa)), q);
  bool sat = saturate || (!m.infCode && !m.nanCode);
  int64_t over = sat ? m.maxCode : m.infCode ? *m.infCode : *m.nanCode;
  Value isNan = cmp(arith::CmpIPredicate::ugt, a, c(0x7f800000));
  Value tooBig = arith::OrIOp::create(b, l, cmp(arith::CmpIPredicate::sgt, code, c(m.maxCode)),
                                      cmp(arith::CmpIPredicate::eq, a, c(0x7f800000)));
  code = sel(tooBig, c(over), code);
  code = sel(isNan, c(m.nanCode ? *m.nanCode : 0), code);
  Value sign = arith::ShRUIOp::create(b, l, s, c(32 - m.bits));
  if (!m.negZero) // FNUZ: no -0, and NaN carries its own sign bit
    sign = sel(arith::OrIOp::create(b, l, isNan, cmp(arith::CmpIPredicate::eq, code, c(0))), c(0), sign);
  code = arith::OrIOp::create(b, l, code, sign);
  return arith::TruncIOp::create(b, l, storage, code);
}

/// An integer (or float32, truncated toward zero) wrapped to a `bits`-wide
/// integer, held sign- or zero-extended in `storage` (int4/int2 one per byte).
static Value wrapToNarrowInt(OpBuilder &b, Location l, Value x, Type from, bool fromUnsigned,
                             unsigned bits, bool toUnsigned, Type storage) {
  Type i64 = b.getI64Type();
  Value w = castScalar(b, l, x, from, i64, fromUnsigned, /*toUnsigned=*/false);
  Value k = arith::ConstantOp::create(b, l, b.getIntegerAttr(i64, 64 - bits));
  Value hi = arith::ShLIOp::create(b, l, w, k);
  w = toUnsigned ? (Value)arith::ShRUIOp::create(b, l, hi, k) : (Value)arith::ShRSIOp::create(b, l, hi, k);
  return arith::TruncIOp::create(b, l, storage, w);
}

struct CastLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(CastOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type from = op.getInput().getType().getElementType(), to = op.getType().getElementType();
    // arith works on signless integers (see BinaryLowering).
    if (from.isUnsignedInteger() || to.isUnsignedInteger())
      return op.emitError("casts from or to unsigned integer tensors need edgec-signless-integers first");
    bool fromUnsigned = op.getFromUnsigned(), toUnsigned = op.getToUnsigned();
    auto isNarrow = [](Type t) {
      return t.isF16() || t.isBF16() || (isa<FloatType>(t) && t.getIntOrFloatBitWidth() < 16) ||
             (t.isInteger() && t.getIntOrFloatBitWidth() < 8 && !t.isInteger(1));
    };
    if (isNarrow(from) || isNarrow(to))
      return op.emitError("casts of ") << (isNarrow(from) ? from : to) << " need edgec-narrow-storage first";
    bool toStorage = (bool)op.getToStorage();
    Type storage = op.getFromStorage() ? *op.getFromStorage() : op.getToStorage() ? *op.getToStorage() : Type();
    if (storage && isa<FloatType>(storage) && !(toStorage ? from.isF32() : to.isF32()))
      return op.emitError("a cast of ") << storage << " bits converts to and from f32";
    bool saturate = op.getSaturate();
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), a.getInput(), op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         if (!storage)
                                           return castScalar(b, l, v[0], from, to, fromUnsigned, toUnsigned);
                                         if (auto ft = dyn_cast<FloatType>(storage)) {
                                           if (ft.isF16())
                                             return toStorage ? floatToHalf(b, l, v[0]) : halfToFloat(b, l, v[0]);
                                           return toStorage ? floatToMini(b, l, v[0], ft, saturate, to)
                                                            : miniToFloat(b, l, v[0], ft);
                                         }
                                         // int4/int2 bytes hold the extended value already.
                                         if (!toStorage)
                                           return castScalar(b, l, v[0], from, to, fromUnsigned, toUnsigned);
                                         return wrapToNarrowInt(b, l, v[0], from, fromUnsigned,
                                                                storage.getIntOrFloatBitWidth(), toUnsigned, to);
                                       }));
    return success();
  }
};

struct BitcastLowering : OpConversionPattern<BitcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BitcastOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type to = op.getType().getElementType();
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), a.getInput(), op.getType(),
                                       [&](OpBuilder &b, Location l, ValueRange v) -> Value {
                                         return arith::BitcastOp::create(b, l, to, v[0]);
                                       }));
    return success();
  }
};

struct ExpandLowering : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ExpandOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), a.getInput(), op.getType(),
                                       [](OpBuilder &, Location, ValueRange v) { return v[0]; }));
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

/// Softmax and LogSoftmax: max-subtracted exponentials, then normalization,
/// numerically stable like ONNX Runtime's kernels.
template <typename Op, bool Log>
struct SoftmaxLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
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
                                   dropAxisMap(rank, axis, this->getContext())};
    Value e = mapped(rewriter, loc, {a.getInput(), mx}, maps, ty,
                     [](OpBuilder &b, Location l, ValueRange v) -> Value {
                       return math::ExpOp::create(b, l, arith::SubFOp::create(b, l, v[0], v[1]));
                     });
    Value sum = reduceAxis(rewriter, loc, e, axis, filled(rewriter, loc, redTy, 0.0),
                           [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
                             return arith::AddFOp::create(b, l, x, acc);
                           });
    Value y;
    if constexpr (Log) {
      // (x - max) - log(sum): exact where log(softmax) would underflow.
      maps.push_back(maps.back());
      y = mapped(rewriter, loc, {a.getInput(), mx, sum}, maps, ty,
                 [](OpBuilder &b, Location l, ValueRange v) -> Value {
                   Value shifted = arith::SubFOp::create(b, l, v[0], v[1]);
                   return arith::SubFOp::create(b, l, shifted, math::LogOp::create(b, l, v[2]));
                 });
    } else {
      y = mapped(rewriter, loc, {e, sum}, maps, ty, [](OpBuilder &b, Location l, ValueRange v) -> Value {
        return arith::DivFOp::create(b, l, v[0], v[1]);
      });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct ReduceLowering : OpConversionPattern<ReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ReduceOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    int64_t rank = inTy.getRank();
    SmallVector<bool> reduced(rank, op.getAxes().empty());
    for (int64_t ax : op.getAxes())
      reduced[ax] = true;
    SmallVector<int64_t> keptShape;
    SmallVector<AffineExpr> keptExprs;
    SmallVector<utils::IteratorType> iters;
    double count = 1;
    for (int64_t d = 0; d < rank; ++d) {
      iters.push_back(reduced[d] ? utils::IteratorType::reduction : utils::IteratorType::parallel);
      if (reduced[d]) {
        count *= inTy.getDimSize(d);
      } else {
        keptShape.push_back(inTy.getDimSize(d));
        keptExprs.push_back(rewriter.getAffineDimExpr(d));
      }
    }
    ReduceKind kind = op.getKind();
    double init = 0.0;
    if (kind == ReduceKind::Max)
      init = -std::numeric_limits<double>::infinity();
    else if (kind == ReduceKind::Min)
      init = std::numeric_limits<double>::infinity();
    else if (kind == ReduceKind::Prod)
      init = 1.0;
    auto keptTy = RankedTensorType::get(keptShape, inTy.getElementType());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, keptExprs, getContext())};
    Value acc = linalg::GenericOp::create(
                    rewriter, loc, keptTy, a.getInput(), filled(rewriter, loc, keptTy, init), maps, iters,
                    [&](OpBuilder &b, Location l, ValueRange v) {
                      Value x = v[0], r = v[1], y;
                      switch (kind) {
                      case ReduceKind::Max: y = arith::MaximumFOp::create(b, l, r, x); break;
                      case ReduceKind::Min: y = arith::MinimumFOp::create(b, l, r, x); break;
                      case ReduceKind::Prod: y = arith::MulFOp::create(b, l, r, x); break;
                      case ReduceKind::L1: y = arith::AddFOp::create(b, l, r, math::AbsFOp::create(b, l, x)); break;
                      case ReduceKind::L2:
                      case ReduceKind::SumSquare:
                        y = arith::AddFOp::create(b, l, r, arith::MulFOp::create(b, l, x, x));
                        break;
                      case ReduceKind::LogSumExp:
                        // log(sum(exp(x))), the formula of ONNX's reference.
                        y = arith::AddFOp::create(b, l, r, math::ExpOp::create(b, l, x));
                        break;
                      default: y = arith::AddFOp::create(b, l, r, x); break;
                      }
                      linalg::YieldOp::create(b, l, y);
                    })
                    .getResult(0);
    if (kind == ReduceKind::Mean || kind == ReduceKind::L2 || kind == ReduceKind::LogSum ||
        kind == ReduceKind::LogSumExp)
      acc = elementwise(rewriter, loc, acc, keptTy, [&](OpBuilder &b, Location l, ValueRange v) -> Value {
        if (kind == ReduceKind::Mean)
          return arith::DivFOp::create(b, l, v[0], scalarConstant(b, l, v[0].getType(), count));
        if (kind == ReduceKind::L2)
          return math::SqrtOp::create(b, l, v[0]);
        return math::LogOp::create(b, l, v[0]);
      });
    rewriter.replaceOp(op, reshapeStatic(rewriter, loc, acc, op.getType()));
    return success();
  }
};

template <typename Op, bool IsMin>
struct ArgLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    int64_t axis = op.getAxis(), rank = inTy.getRank();
    auto valTy = dropAxisType(inTy, axis, inTy.getElementType());
    auto idxTy = dropAxisType(inTy, axis, rewriter.getI64Type());
    double inf = std::numeric_limits<double>::infinity();
    Value vInit = filled(rewriter, loc, valTy, IsMin ? inf : -inf);
    Value iInit = tensor::EmptyOp::create(rewriter, loc, idxTy.getShape(), idxTy.getElementType());
    Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getI64IntegerAttr(0));
    iInit = linalg::FillOp::create(rewriter, loc, zero, iInit).getResult(0);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   dropAxisMap(rank, axis, this->getContext()),
                                   dropAxisMap(rank, axis, this->getContext())};
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters[axis] = utils::IteratorType::reduction;
    // First index of the extreme (last with select_last_index), like ONNX.
    using P = arith::CmpFPredicate;
    auto pred = op.getSelectLastIndex() ? (IsMin ? P::OLE : P::OGE) : (IsMin ? P::OLT : P::OGT);
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
  patterns.add<BinaryLowering<AddOp, arith::AddFOp, arith::AddIOp>,
               BinaryLowering<SubOp, arith::SubFOp, arith::SubIOp>,
               BinaryLowering<MulOp, arith::MulFOp, arith::MulIOp>,
               BinaryLowering<DivOp, arith::DivFOp, arith::DivSIOp, arith::DivUIOp>,
               BinaryLowering<PowOp, math::PowFOp>,
               BitShiftLowering, BinaryLowering<BitwiseAndOp, arith::AndIOp, arith::AndIOp>,
               BinaryLowering<BitwiseOrOp, arith::OrIOp, arith::OrIOp>,
               BinaryLowering<BitwiseXorOp, arith::XOrIOp, arith::XOrIOp>,
               BinaryLowering<MaxOp, arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>,
               BinaryLowering<MinOp, arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>,
               UnaryLowering<AbsOp>, UnaryLowering<NegOp>, UnaryLowering<FloorOp>, UnaryLowering<CeilOp>,
               UnaryLowering<RoundOp>, UnaryLowering<SqrtOp>, UnaryLowering<ReciprocalOp>,
               UnaryLowering<LogOp>, UnaryLowering<SinOp>, UnaryLowering<CosOp>, UnaryLowering<ErfOp>, UnaryLowering<TanOp>, UnaryLowering<AsinOp>, UnaryLowering<AcosOp>,
               UnaryLowering<AtanOp>, UnaryLowering<SinhOp>, UnaryLowering<CoshOp>, UnaryLowering<AsinhOp>,
               UnaryLowering<AcoshOp>, UnaryLowering<AtanhOp>,
               UnaryLowering<SignOp>, UnaryLowering<SoftplusOp>, UnaryLowering<SoftsignOp>, UnaryLowering<BitwiseNotOp>,
               UnaryLowering<HardSigmoidOp>, UnaryLowering<HardSwishOp>, UnaryLowering<EluOp>,
               UnaryLowering<SeluOp>, CompareLowering<EqualOp>, CompareLowering<GreaterOp>,
               CompareLowering<GreaterOrEqualOp>, CompareLowering<LessOp>,
               CompareLowering<LessOrEqualOp>, CompareLowering<AndOp>, CompareLowering<OrOp>,
               CompareLowering<XorOp>, NotLowering, WhereLowering, ReduceLowering,
               UnaryLowering<ReluOp>, UnaryLowering<SigmoidOp>, UnaryLowering<ClipOp>,
               UnaryLowering<TanhOp>, UnaryLowering<ExpOp>, UnaryLowering<LeakyReluOp>,
               IdentityLowering, CastLowering, BitcastLowering, ExpandLowering, ModLowering, TriluLowering, BatchNormLowering, SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>, ArgLowering<ArgMaxOp, false>,
               ArgLowering<ArgMinOp, true>>(ctx);
}

} // namespace edgec::lowering
