//===- MemRefToEmitC.cpp - Loop IR to EmitC with flat pointers ------------===//
#include "lowering/Passes.h"

#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Conversion/FuncToEmitC/FuncToEmitC.h"
#include "mlir/Conversion/MathToEmitC/MathToEmitC.h"
#include "mlir/Conversion/SCFToEmitC/SCFToEmitC.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/StringSwitch.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace edgec {
#define GEN_PASS_DEF_CONVERTMEMREFTOEMITCPTR
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// A memref value is the pointer to its first element (offset 0 of the
/// layout); the layout itself stays in the memref type. A view whose offset
/// is only known at run time (a subview inside a loop) is the pointer to
/// its first element instead, and its type's dynamic offset is ignored.
Value linearIndex(OpBuilder &b, Location loc, MemRefType type, ValueRange indices) {
  auto [strides, offset] = type.getStridesAndOffset();
  Type sizeT = emitc::SizeTType::get(b.getContext());
  auto cst = [&](int64_t v) -> Value {
    return emitc::ConstantOp::create(b, loc, sizeT, b.getIndexAttr(v));
  };
  Value acc;
  for (auto [idx, stride] : llvm::zip(indices, strides)) {
    Value term = stride == 1 ? idx : emitc::MulOp::create(b, loc, sizeT, idx, cst(stride)).getResult();
    acc = acc ? emitc::AddOp::create(b, loc, sizeT, acc, term).getResult() : term;
  }
  if (offset != 0 && !ShapedType::isDynamic(offset))
    acc = acc ? emitc::AddOp::create(b, loc, sizeT, acc, cst(offset)).getResult() : cst(offset);
  return acc ? acc : cst(0);
}

Value element(OpBuilder &b, Location loc, Value base, MemRefType type, ValueRange indices,
              Type eltType) {
  Value idx = linearIndex(b, loc, type, indices);
  return emitc::SubscriptOp::create(b, loc, emitc::LValueType::get(eltType), base, idx);
}

struct LoadLowering : OpConversionPattern<memref::LoadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::LoadOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = getTypeConverter()->convertType(op.getType());
    Value lv = element(rewriter, op.getLoc(), a.getMemref(), op.getMemRefType(), a.getIndices(), elt);
    rewriter.replaceOpWithNewOp<emitc::LoadOp>(op, elt, lv);
    return success();
  }
};

struct StoreLowering : OpConversionPattern<memref::StoreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::StoreOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type elt = getTypeConverter()->convertType(op.getValueToStore().getType());
    Value lv = element(rewriter, op.getLoc(), a.getMemref(), op.getMemRefType(), a.getIndices(), elt);
    rewriter.replaceOpWithNewOp<emitc::AssignOp>(op, lv, a.getValue());
    return success();
  }
};

/// Views keep the base pointer: their offset and strides are in the type.
template <typename Op>
struct ViewPassThrough : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<MemRefType>(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic view");
    rewriter.replaceOp(op, a.getOperands().front());
    return success();
  }
};

/// A subview at a run-time offset: `&src[offset + sum_i off_i * stride_i]`,
/// with the source's static offset (a dynamic one is already in its
/// pointer) and static strides.
struct DynamicSubViewLowering : OpConversionPattern<memref::SubViewOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::SubViewOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto [dstStrides, dstOffset] = op.getType().getStridesAndOffset();
    if (!ShapedType::isDynamic(dstOffset))
      return rewriter.notifyMatchFailure(op, "static offset: a pass-through view");
    auto [srcStrides, srcOffset] = op.getSourceType().getStridesAndOffset();
    if (llvm::any_of(srcStrides, ShapedType::isDynamic) || !op.getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic strides or sizes");
    Location loc = op.getLoc();
    Type sizeT = emitc::SizeTType::get(getContext());
    auto cst = [&](int64_t v) -> Value {
      return emitc::ConstantOp::create(rewriter, loc, sizeT, rewriter.getIndexAttr(v));
    };
    Value acc = cst(ShapedType::isDynamic(srcOffset) ? 0 : srcOffset);
    unsigned dyn = 0;
    for (auto [i, off] : llvm::enumerate(op.getStaticOffsets())) {
      Value o = ShapedType::isDynamic(off) ? a.getOffsets()[dyn++] : cst(off);
      if (srcStrides[i] != 1)
        o = emitc::MulOp::create(rewriter, loc, sizeT, o, cst(srcStrides[i]));
      acc = emitc::AddOp::create(rewriter, loc, sizeT, acc, o);
    }
    auto ptr = cast<emitc::PointerType>(a.getSource().getType());
    Value elem = emitc::SubscriptOp::create(rewriter, loc, emitc::LValueType::get(ptr.getPointee()),
                                            a.getSource(), acc);
    rewriter.replaceOpWithNewOp<emitc::AddressOfOp>(op, ptr, elem);
    return success();
  }
};

/// A typed view into the byte arena: `(T *)&arena[offset]`.
struct ViewLowering : OpConversionPattern<memref::ViewOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::ViewOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto srcPtr = cast<emitc::PointerType>(a.getSource().getType());
    Value byte = emitc::SubscriptOp::create(rewriter, loc, emitc::LValueType::get(srcPtr.getPointee()),
                                            a.getSource(), a.getByteShift());
    Value addr = emitc::AddressOfOp::create(rewriter, loc, srcPtr, byte);
    rewriter.replaceOpWithNewOp<emitc::CastOp>(op, getTypeConverter()->convertType(op.getType()), addr);
    return success();
  }
};

struct GlobalLowering : OpConversionPattern<memref::GlobalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::GlobalOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto init = dyn_cast_or_null<DenseElementsAttr>(op.getInitialValueAttr());
    if (!op.getConstant() || !init)
      return op.emitError("only constant, initialized globals (weights) are supported");
    if (op.getType().getNumElements() == 0)
      return op.emitError("zero-size tensors are not supported (C has no empty arrays)");
    // Flat arrays: multi-dimensional initializers trip -Wmissing-braces.
    int64_t n = op.getType().getNumElements();
    Type elt = getTypeConverter()->convertType(op.getType().getElementType());
    auto arrTy = emitc::ArrayType::get({n}, elt);
    auto flat = init.reshape(RankedTensorType::get({n}, init.getElementType()));
    rewriter.replaceOpWithNewOp<emitc::GlobalOp>(op, op.getSymName(), arrTy, flat,
                                                 /*extern_specifier=*/false,
                                                 /*static_specifier=*/true,
                                                 /*const_specifier=*/true);
    return success();
  }
};

struct GetGlobalLowering : OpConversionPattern<memref::GetGlobalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(memref::GetGlobalOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    int64_t n = op.getType().getNumElements();
    Type elt = getTypeConverter()->convertType(op.getType().getElementType());
    Value arr = emitc::GetGlobalOp::create(rewriter, op.getLoc(), emitc::ArrayType::get({n}, elt),
                                           op.getName());
    rewriter.replaceOpWithNewOp<emitc::CastOp>(op, getTypeConverter()->convertType(op.getType()), arr);
    return success();
  }
};

/// libm calls the upstream math-to-emitc patterns do not cover (C99 float
/// variants, so no double precision reaches single-precision FPUs).
template <typename MathOp>
struct MathCall : OpConversionPattern<MathOp> {
  MathCall(const TypeConverter &tc, MLIRContext *ctx, StringRef fn)
      : OpConversionPattern<MathOp>(tc, ctx, /*benefit=*/2), fn(fn) {}
  LogicalResult matchAndRewrite(MathOp op, typename MathOp::Adaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    // float64 calls the C function without the f suffix (exp for expf).
    if (!op.getType().isF32() && !op.getType().isF64())
      return rewriter.notifyMatchFailure(op, "only f32 and f64");
    StringRef name = op.getType().isF64() ? StringRef(fn).drop_back() : StringRef(fn);
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, op.getType(), name, a.getOperands());
    return success();
  }
  std::string fn;
};

/// arith.remf is C's fmodf / fmod (the sign of the dividend, as ONNX Mod
/// with fmod=1).
struct RemFCall : OpConversionPattern<arith::RemFOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(arith::RemFOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().isF32() && !op.getType().isF64())
      return rewriter.notifyMatchFailure(op, "only f32 and f64");
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, op.getType(), op.getType().isF64() ? "fmod" : "fmodf",
                                                     a.getOperands());
    return success();
  }
};

/// The i64 constant -2^63 would print as the literal -9223372036854775808,
/// which C reads as the negation of an out-of-range (unsigned) constant;
/// <stdint.h> spells it INT64_MIN.
struct Int64MinConstant : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto v = dyn_cast<IntegerAttr>(op.getValue());
    if (!v || !v.getType().isInteger(64) || v.getValue() != APInt::getSignedMinValue(64))
      return failure();
    rewriter.replaceOpWithNewOp<emitc::LiteralOp>(op, rewriter.getI64Type(), "INT64_MIN");
    return success();
  }
};

/// Bit reinterpretation between i32 and f32 (edgec-expand-exp builds powers
/// of two from their exponent bits) or i64 and f64: C has no cast for it; the runtime header's
/// helper reads the bits through a union, which C99 defines.
struct BitcastToFloat : OpConversionPattern<arith::BitcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(arith::BitcastOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Type to = op.getType(), from = op.getIn().getType();
    StringRef fn = to.isF32() && from.isInteger(32)   ? "edgec_f32_from_bits"
                   : to.isInteger(32) && from.isF32() ? "edgec_f32_to_bits"
                   : to.isF64() && from.isInteger(64) ? "edgec_f64_from_bits"
                   : to.isInteger(64) && from.isF64() ? "edgec_f64_to_bits"
                                                      : "";
    if (fn.empty())
      return rewriter.notifyMatchFailure(op, "only between i32 and f32, or i64 and f64");
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, to, fn, a.getOperands());
    return success();
  }
};

/// The Arm DSP intrinsics of the int8 kernels (SXTB16, SMLAD) become the
/// runtime header's edgec_sxtb16 and edgec_smlad: the instructions through
/// ACLE where the C compiler targets a DSP core, the same arithmetic in
/// portable C elsewhere.
struct DspIntrinsicCall : OpConversionPattern<LLVM::CallIntrinsicOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(LLVM::CallIntrinsicOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    StringRef fn = llvm::StringSwitch<StringRef>(op.getIntrin())
                       .Case("llvm.arm.sxtb16", "edgec_sxtb16")
                       .Case("llvm.arm.smlad", "edgec_smlad")
                       .Default("");
    if (fn.empty() || op.getNumResults() != 1)
      return rewriter.notifyMatchFailure(op, "not a DSP intrinsic of the int8 kernels");
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, op.getResult(0).getType(), fn,
                                                     a.getOperands());
    return success();
  }
};

struct ConvertPass : public edgec::impl::ConvertMemRefToEmitCPtrBase<ConvertPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    TypeConverter converter;
    converter.addConversion([](Type t) { return t; });
    converter.addConversion([&](MemRefType t) -> std::optional<Type> {
      if (!t.hasStaticShape())
        return std::nullopt;
      Type elt = converter.convertType(t.getElementType());
      return elt ? emitc::PointerType::get(elt) : Type();
    });
    populateEmitCSizeTTypeConversions(converter);
    auto materialize = [](OpBuilder &b, Type t, ValueRange in, Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, t, in).getResult(0);
    };
    converter.addSourceMaterialization(materialize);
    converter.addTargetMaterialization(materialize);

    ConversionTarget target(*ctx);
    target.addLegalDialect<emitc::EmitCDialect>();
    target.addIllegalDialect<memref::MemRefDialect, arith::ArithDialect, math::MathDialect,
                             scf::SCFDialect, func::FuncDialect>();
    target.addLegalOp<ModuleOp>();
    target.addIllegalOp<LLVM::CallIntrinsicOp>();
    RewritePatternSet patterns(ctx);
    patterns.add<LoadLowering, StoreLowering, ViewLowering, GlobalLowering, GetGlobalLowering,
                 ViewPassThrough<memref::SubViewOp>, ViewPassThrough<memref::CollapseShapeOp>,
                 ViewPassThrough<memref::ExpandShapeOp>, ViewPassThrough<memref::CastOp>,
                 ViewPassThrough<memref::ReinterpretCastOp>>(converter, ctx);
    patterns.add<RemFCall>(converter, ctx, /*benefit=*/2);
    patterns.add<DspIntrinsicCall>(converter, ctx);
    patterns.add<MathCall<math::TanhOp>>(converter, ctx, "tanhf");
    patterns.add<MathCall<math::SqrtOp>>(converter, ctx, "sqrtf");
    patterns.add<MathCall<math::ExpOp>>(converter, ctx, "expf");
    patterns.add<MathCall<math::LogOp>>(converter, ctx, "logf");
    patterns.add<MathCall<math::ErfOp>>(converter, ctx, "erff");
    patterns.add<MathCall<math::PowFOp>>(converter, ctx, "powf");
    patterns.add<MathCall<math::AbsFOp>>(converter, ctx, "fabsf");
    patterns.add<MathCall<math::FloorOp>>(converter, ctx, "floorf");
    patterns.add<BitcastToFloat, Int64MinConstant, DynamicSubViewLowering>(converter, ctx,
                                                                          /*benefit=*/2);
    patterns.add<MathCall<math::CeilOp>>(converter, ctx, "ceilf");
    // rintf rounds to nearest even in the default rounding mode, which
    // generated code never changes.
    patterns.add<MathCall<math::RoundEvenOp>>(converter, ctx, "rintf");
    patterns.add<MathCall<math::SinOp>>(converter, ctx, "sinf");
    patterns.add<MathCall<math::CosOp>>(converter, ctx, "cosf");
    patterns.add<MathCall<math::TanOp>>(converter, ctx, "tanf");
    patterns.add<MathCall<math::AsinOp>>(converter, ctx, "asinf");
    patterns.add<MathCall<math::AcosOp>>(converter, ctx, "acosf");
    patterns.add<MathCall<math::AtanOp>>(converter, ctx, "atanf");
    patterns.add<MathCall<math::SinhOp>>(converter, ctx, "sinhf");
    patterns.add<MathCall<math::CoshOp>>(converter, ctx, "coshf");
    patterns.add<MathCall<math::AsinhOp>>(converter, ctx, "asinhf");
    patterns.add<MathCall<math::AcoshOp>>(converter, ctx, "acoshf");
    patterns.add<MathCall<math::AtanhOp>>(converter, ctx, "atanhf");
    populateArithToEmitCPatterns(converter, patterns);
    populateFuncToEmitCPatterns(converter, patterns);
    populateSCFToEmitCConversionPatterns(patterns, converter);
    populateConvertMathToEmitCPatterns(patterns, emitc::LanguageTarget::c99);
    if (failed(applyFullConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    markUnusedParameters();
    addIncludes();
  }

  /// Unused parameters (an empty arena, an input no output depends on) would
  /// trip -Wunused-parameter in the user's build.
  void markUnusedParameters() {
    getOperation().walk([](emitc::FuncOp f) {
      if (f.isExternal())
        return;
      OpBuilder b = OpBuilder::atBlockBegin(&f.getBody().front());
      for (BlockArgument arg : f.getArguments())
        if (arg.use_empty())
          emitc::CallOpaqueOp::create(b, f.getLoc(), TypeRange{}, "EDGEC_UNUSED", ValueRange{arg});
    });
  }

  /// The C file includes what it uses: fixed-width types always, <math.h>
  /// only when an op or a constant needs it.
  void addIncludes() {
    ModuleOp module = getOperation();
    bool needsMath = false;
    // The float32 names; float64 calls are the same without the f suffix.
    static const StringRef libm[] = {"expf",   "tanhf", "sqrtf", "logf",   "erff",   "fabsf",
                                     "floorf", "ceilf", "roundf", "rintf", "sinf",   "cosf",
                                     "powf",   "tanf",  "asinf", "acosf",  "atanf",  "sinhf",
                                     "coshf",  "asinhf", "acoshf", "atanhf", "fmodf"};
    module.walk([&](emitc::CallOpaqueOp call) {
      std::string single = (call.getCallee() + "f").str();
      needsMath |= llvm::is_contained(libm, call.getCallee()) || llvm::is_contained(libm, StringRef(single));
    });
    // Non-finite constants print as INFINITY/NAN, which <math.h> defines.
    module.walk([&](emitc::ConstantOp c) {
      if (auto f = dyn_cast<FloatAttr>(c.getValue()))
        needsMath |= !f.getValue().isFinite();
    });
    module.walk([&](emitc::GlobalOp g) {
      if (auto v = dyn_cast_or_null<DenseFPElementsAttr>(g.getInitialValueAttr()))
        needsMath |= llvm::any_of(v.getValues<APFloat>(), [](const APFloat &f) { return !f.isFinite(); });
    });
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    for (StringRef h : {"stdbool.h", "stddef.h", "stdint.h"})
      emitc::IncludeOp::create(b, module.getLoc(), h, /*is_standard_include=*/true);
    emitc::IncludeOp::create(b, module.getLoc(), "edgec/runtime.h", /*is_standard_include=*/false);
    if (needsMath)
      emitc::IncludeOp::create(b, module.getLoc(), "math.h", /*is_standard_include=*/true);
  }
};
} // namespace
