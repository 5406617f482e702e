//===- QnnToLinalg.cpp - qnn ops to integer linalg, quant types erased ----===//
//
// Lowers every qnn op to linalg on the storage integer types and erases the
// quant element types everywhere else (reshape/transpose of int8 values,
// quant.scast), so the rest of the pipeline sees plain i8/i32 tensors.
//
// The rescale arithmetic is emitted as arith ops that implement exactly
// edgec_mul_by_quantized_multiplier from runtime/include/edgec/quant.h for
// right shifts 1..62, without any signed overflow or shift of a negative
// value, so the C and object outputs give the same bits on every target
// (docs/quantization.md).
//
//===----------------------------------------------------------------------===//
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/IR/QNNOps.h"
#include "lowering/NNToLinalg/Utils.h"
#include "lowering/QnnToLinalg/Rescale.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/Matchers.h"

#include "edgec/quant.h"

#include <cmath>

namespace edgec {
#define GEN_PASS_DEF_CONVERTQNNTOLINALG
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace mlir::quant;
using namespace edgec::qnn;
using edgec::lowering::mapped;

namespace edgec::lowering {

Value i64c(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

/// round_half_even(p / 2^r) for i64 p with |p| <= 2^62 and i64 r in [1, 62].
/// C leaves >> of a negative value implementation-defined, so the floor
/// division runs on u = p + 2^62 >= 0 as unsigned: floor(p / 2^r) =
/// (u >> r) - 2^(62 - r) exactly, since 2^62 is a multiple of 2^r. Adding
/// 2^(r-1) - 1 plus the quotient's parity before the division rounds ties
/// to even (quant.h, edgec_rounding_shift_s64_). Nothing exceeds 2^63 + 2^61
/// as unsigned; the EmitC conversion performs these additions in uint64_t.
Value roundingShift(OpBuilder &b, Location loc, Value p, Value r) {
  Value one = i64c(b, loc, 1);
  Value u = arith::AddIOp::create(b, loc, p, i64c(b, loc, (int64_t)1 << 62));
  Value offset =
      arith::ShLIOp::create(b, loc, one, arith::SubIOp::create(b, loc, i64c(b, loc, 62), r));
  Value floorQ = arith::SubIOp::create(b, loc, arith::ShRUIOp::create(b, loc, u, r), offset);
  Value qOdd = arith::AndIOp::create(b, loc, floorQ, one);
  Value half = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, one, arith::SubIOp::create(b, loc, r, one)), one);
  Value biased = arith::AddIOp::create(b, loc, arith::AddIOp::create(b, loc, u, half), qOdd);
  return arith::SubIOp::create(b, loc, arith::ShRUIOp::create(b, loc, biased, r), offset);
}

/// round_half_even(acc * m / 2^r) for an i64 accumulator with |acc| < 2^31
/// and i64 m, r (constants or per-channel values).
Value mulByMultiplier(OpBuilder &b, Location loc, Value acc, Value m, Value r) {
  return roundingShift(b, loc, arith::MulIOp::create(b, loc, acc, m), r);
}

Value clampI64(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  Value l = i64c(b, loc, lo), h = i64c(b, loc, hi);
  v = arith::SelectOp::create(b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, l), l, v);
  return arith::SelectOp::create(b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, v, h), h, v);
}

Value ext64(OpBuilder &b, Location loc, Value v) {
  if (v.getType().isInteger(64))
    return v;
  return arith::ExtSIOp::create(b, loc, b.getI64Type(), v);
}

/// zp + round(acc * M), clamped to [lo, hi] and narrowed to `storage`.
Value requantize(OpBuilder &b, Location loc, Value acc, Value m, Value r, int64_t zp, int64_t lo,
                 int64_t hi, Type storage) {
  Value v = mulByMultiplier(b, loc, ext64(b, loc, acc), ext64(b, loc, m), ext64(b, loc, r));
  v = clampI64(b, loc, arith::AddIOp::create(b, loc, v, i64c(b, loc, zp)), lo, hi);
  return arith::TruncIOp::create(b, loc, storage, v);
}

std::optional<Requant32> requant32Constants(int32_t multiplier, int32_t rshift, int64_t zp) {
  if (rshift < 13 || rshift > 62 ||
      (rshift < 33 && multiplier != 0 && multiplier < EDGEC_Q31_MULTIPLIER_MIN))
    return std::nullopt;
  int32_t pre = std::max(0, 33 - rshift);
  int32_t t = rshift + pre - 32;
  int64_t bias = ((int64_t)1 << (t - 1)) - 1;
  // hi + bias + carry must stay inside int32 with |hi| <= 2^30: the zero
  // point joins the bias (saving an add per output) only when it fits.
  int64_t folded = bias + zp * ((int64_t)1 << t);
  if (((int64_t)1 << 30) + std::max(bias, std::abs(folded)) + 1 <= INT32_MAX)
    return Requant32{multiplier, t, (int32_t)folded, 0, pre};
  return Requant32{multiplier, t, (int32_t)bias, (int32_t)zp, pre};
}

Value requantize32(OpBuilder &b, Location loc, Value acc, Value m, Value t, Value bias,
                   Value offset, int64_t lo, int64_t hi, Type storage, Value pre) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  auto c32 = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(i32, (int32_t)v)).getResult();
  };
  if (pre) {
    // [-2^(31-pre), 2^(31-pre) - 1]: one SSAT on Arm where pre is constant.
    Value bound = arith::ShRUIOp::create(b, loc, c32(INT32_MAX), pre);
    Value low = arith::SubIOp::create(b, loc, c32(-1), bound);
    acc = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, acc, low), bound);
    acc = arith::ShLIOp::create(b, loc, acc, pre);
  }
  Value p = arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, i64, acc),
                                  arith::ExtSIOp::create(b, loc, i64, m));
  Value high = arith::TruncIOp::create(
      b, loc, i32, arith::ShRUIOp::create(b, loc, p, i64c(b, loc, 32)));
  Value low = arith::TruncIOp::create(b, loc, i32, p);
  // Parity of floor(p / 2^r) = hi >> t: bit t of hi.
  Value parity =
      arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, high, t), c32(1));
  Value nonzero = arith::ExtUIOp::create(
      b, loc, i32, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, low, c32(0)));
  Value carry = arith::OrIOp::create(b, loc, nonzero, parity);
  Value x = arith::AddIOp::create(b, loc, arith::AddIOp::create(b, loc, high, bias), carry);
  Value v = arith::ShRSIOp::create(b, loc, x, t);
  if (offset)
    v = arith::AddIOp::create(b, loc, v, offset);
  Value l = c32(lo), h = c32(hi);
  v = arith::SelectOp::create(b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, l), l, v);
  v = arith::SelectOp::create(b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, v, h), h, v);
  return arith::TruncIOp::create(b, loc, storage, v);
}

} // namespace edgec::lowering

using namespace edgec::lowering;

namespace {

RankedTensorType rtt(Value v) { return cast<RankedTensorType>(v.getType()); }

/// A rescale factor as Q31 multiplier and right shift r = 31 - shift.
struct Rescale {
  int32_t multiplier = 0;
  int32_t rshift = 31;
};

FailureOr<Rescale> rescale(Operation *op, double real) {
  int32_t m, s;
  if (!edgec_quantize_multiplier(real, &m, &s))
    return op->emitError() << "rescale factor " << real << " is negative, NaN or at least 2^31",
           failure();
  if (s > 30)
    return op->emitError() << "rescale factor " << real
                           << " is at least 2^30; scales this far apart are not supported",
           failure();
  return Rescale{m, 31 - s};
}

Value i32Vector(OpBuilder &b, Location loc, ArrayRef<int32_t> v) {
  auto ty = RankedTensorType::get({(int64_t)v.size()}, b.getI32Type());
  return arith::ConstantOp::create(b, loc, ty, DenseElementsAttr::get(ty, v));
}

/// A generic over `acc`'s shape requantizing its integers, minus
/// `inputOffset` (an input zero point, already scaled), to the storage type
/// of `outQ`, with one rescale per index of dimension `axis` (or one for the
/// whole tensor). Convolution and matmul accumulators, average-pool sums and
/// requantized activations all go through it.
Value requantizeTensor(OpBuilder &b, Location loc, Value acc, ArrayRef<Rescale> rescales,
                       int64_t axis, UniformQuantizedType outQ, int64_t lo, int64_t hi,
                       int64_t inputOffset = 0) {
  auto accTy = rtt(acc);
  auto outTy = RankedTensorType::get(accTy.getShape(), outQ.getStorageType());
  int64_t zp = outQ.getZeroPoint();
  Type st = outQ.getStorageType();
  AffineMap id = b.getMultiDimIdentityMap(accTy.getRank());
  auto offset = [&](OpBuilder &nb, Location nl, Value v) -> Value {
    if (inputOffset == 0)
      return v;
    return arith::SubIOp::create(nb, nl, ext64(nb, nl, v), i64c(nb, nl, inputOffset));
  };
  // 32-bit arithmetic gives the same bits at a fraction of the 64-bit
  // shifts' cost on 32-bit cores (and vectorizes): directly for rescales
  // below 0.25 (right shifts of 33 or more, nearly every channel), after a
  // saturating pre-shift of the accumulator for larger ones (a few channels
  // of some pointwise layers in VWW int8, up to 1.14).
  SmallVector<Requant32> fast;
  if (inputOffset == 0 && accTy.getElementType().isInteger(32))
    for (Rescale s : rescales)
      if (auto c = requant32Constants(s.multiplier, s.rshift, zp))
        fast.push_back(*c);
  if (!fast.empty() && fast.size() == rescales.size()) {
    auto c32 = [&](OpBuilder &nb, Location nl, int32_t v) -> Value {
      return arith::ConstantOp::create(nb, nl, nb.getI32IntegerAttr(v));
    };
    SmallVector<int32_t> ms, ts, bs, os, ps;
    for (Requant32 c : fast) {
      ms.push_back(c.multiplier);
      ts.push_back(c.t);
      bs.push_back(c.bias);
      os.push_back(c.offset);
      ps.push_back(c.pre);
    }
    // Per-channel constants become tables read in the loop; a constant
    // shared by every channel (often the shift, and a zero offset) stays an
    // immediate.
    AffineMap chan = AffineMap::get(accTy.getRank(), 0, b.getAffineDimExpr(axis));
    SmallVector<Value> inputs{acc};
    SmallVector<AffineMap> maps{id};
    SmallVector<int> slot; // per constant: input index, or -1 when uniform
    for (ArrayRef<int32_t> v : {ArrayRef(ms), ArrayRef(ts), ArrayRef(bs), ArrayRef(os), ArrayRef(ps)}) {
      if (llvm::all_equal(v)) {
        slot.push_back(-1);
        continue;
      }
      slot.push_back(inputs.size());
      inputs.push_back(i32Vector(b, loc, v));
      maps.push_back(chan);
    }
    return mapped(b, loc, inputs, maps, outTy, [&](OpBuilder &nb, Location nl, ValueRange a) {
      const int32_t first[5] = {ms[0], ts[0], bs[0], os[0], ps[0]};
      Value c[5];
      for (int k = 0; k < 5; ++k)
        c[k] = slot[k] >= 0 ? a[slot[k]] : c32(nb, nl, first[k]);
      Value offset = slot[3] < 0 && os[0] == 0 ? Value() : c[3];
      // Without a pre-shift in any channel the accumulator goes in as it is.
      bool pre = slot[4] >= 0 || ps[0] != 0;
      return requantize32(nb, nl, a[0], c[0], c[1], c[2], offset, lo, hi, st,
                          pre ? c[4] : Value());
    });
  }
  if (rescales.size() == 1) {
    Rescale s = rescales[0];
    return mapped(b, loc, acc, id, outTy, [&](OpBuilder &nb, Location nl, ValueRange a) {
      return requantize(nb, nl, offset(nb, nl, a[0]), i64c(nb, nl, s.multiplier),
                        i64c(nb, nl, s.rshift), zp, lo, hi, st);
    });
  }
  SmallVector<int32_t> ms, rs;
  for (Rescale s : rescales) {
    ms.push_back(s.multiplier);
    rs.push_back(s.rshift);
  }
  AffineMap chan = AffineMap::get(accTy.getRank(), 0, b.getAffineDimExpr(axis));
  return mapped(b, loc, ValueRange{acc, i32Vector(b, loc, ms), i32Vector(b, loc, rs)},
                {id, chan, chan}, outTy, [&](OpBuilder &nb, Location nl, ValueRange a) {
                  return requantize(nb, nl, offset(nb, nl, a[0]), a[1], a[2], zp, lo, hi, st);
                });
}

/// Marks a requantization of a convolution's accumulator for
/// edgec-fuse-requantize.
Value markRequantize(Value v) {
  v.getDefiningOp()->setAttr("edgec.requantize", UnitAttr::get(v.getContext()));
  return v;
}


/// The kernel's weights: the int8 constant as int32 values, minus the
/// weight zero point of each output channel (asymmetric weights; the result
/// then needs int16).
struct KernelWeights {
  SmallVector<int32_t> values; // [channels][k], zero point subtracted
  bool shifted = false;        // some zero point was nonzero (asymmetric weights)
  bool wide = false;           // some value outside int8
};

KernelWeights kernelWeights(DenseIntElementsAttr w, ArrayRef<int64_t> zps, int64_t channels) {
  KernelWeights kw;
  auto wv = llvm::to_vector(w.getValues<int8_t>());
  int64_t k = (int64_t)wv.size() / channels;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < k; ++i) {
      int32_t zp = (int32_t)zps[zps.size() == 1 ? 0 : c];
      int32_t v = (int32_t)wv[c * k + i] - zp;
      kw.shifted |= zp != 0;
      kw.wide |= v < -128 || v > 127;
      kw.values.push_back(v);
    }
  return kw;
}

/// The kernel's weights as a constant of `shape` laid out by `index`, which
/// maps a position of the packed tensor to one of the [channels][k] values,
/// or to -1 for a zero (padding of the reduction).
Value packedWeights(OpBuilder &b, Location loc, const KernelWeights &kw, ArrayRef<int64_t> shape,
                    llvm::function_ref<int64_t(int64_t)> index) {
  Type elt = kw.wide ? b.getI16Type() : b.getI8Type();
  auto ty = RankedTensorType::get(shape, elt);
  SmallVector<APInt> v;
  v.reserve(ty.getNumElements());
  for (int64_t i = 0, e = ty.getNumElements(); i < e; ++i) {
    int64_t at = index(i);
    v.push_back(APInt(kw.wide ? 16 : 8, at < 0 ? 0 : (int64_t)kw.values[at], /*isSigned=*/true));
  }
  return arith::ConstantOp::create(b, loc, ty, DenseElementsAttr::get(ty, v));
}

/// The weight constant the kernel reads: the original int8 tensor, or the
/// zero-point-corrected values (int16 if they leave int8), laid out as
/// `shape`.
Value kernelWeightConstant(OpBuilder &b, Location loc, Value original, const KernelWeights &kw,
                           ArrayRef<int64_t> shape) {
  if (!kw.shifted)
    return original;
  return packedWeights(b, loc, kw, shape, [](int64_t i) { return i; });
}

/// bias[c] - input_zp * sum_k w[c, k] for every output channel, checking
/// that the int32 accumulation cannot overflow: every partial sum is at most
/// 2^(bits-1) * sum_k |w[c, k]| + |folded bias| in magnitude, with the
/// actual weights (for 16x8 the worst case K * 2^22 would refuse real
/// layers that can never overflow).
FailureOr<SmallVector<int32_t>> foldedBias(Operation *op, Value bias, ArrayRef<int32_t> wv,
                                           int64_t channels, int64_t inputZp,
                                           int64_t inputBits) {
  SmallVector<int32_t> b(channels, 0);
  if (bias) {
    DenseIntElementsAttr bv;
    if (!matchPattern(bias, m_Constant(&bv)))
      return op->emitError("the int32 bias must be constant"), failure();
    b = llvm::to_vector(bv.getValues<int32_t>());
  }
  int64_t k = (int64_t)wv.size() / channels;
  int64_t maxInput = (int64_t)1 << (inputBits - 1);
  SmallVector<int32_t> out;
  for (int64_t c = 0; c < channels; ++c) {
    int64_t sum = 0, absSum = 0;
    for (int64_t i = 0; i < k; ++i) {
      sum += wv[c * k + i];
      absSum += std::abs(wv[c * k + i]);
    }
    int64_t folded = (int64_t)b[c] - inputZp * sum;
    if (maxInput * absSum + std::llabs(folded) >= ((int64_t)1 << 31))
      return op->emitError() << "an int32 accumulator could overflow (" << k
                             << " products per output of " << inputBits
                             << "-bit inputs, bias " << folded << ")",
             failure();
    out.push_back((int32_t)folded);
  }
  return out;
}

FailureOr<SmallVector<Rescale>> outputRescales(Operation *op, double inputScale,
                                               ArrayRef<double> weightScales, double outputScale) {
  SmallVector<Rescale> out;
  for (double ws : weightScales) {
    // In float32, in ONNX Runtime's order (edgec_effective_scale).
    float real = edgec_effective_scale((float)inputScale, (float)ws, (float)outputScale);
    FailureOr<Rescale> r = rescale(op, real);
    if (failed(r))
      return failure();
    out.push_back(*r);
  }
  return out;
}

/// What a convolution or matrix-product kernel needs from its qnn op: the
/// weights (zero point subtracted), the bias with the input zero point
/// folded in, and one rescale per output channel.
struct LinearKernel {
  UniformQuantizedType in, out;
  KernelWeights weights;
  SmallVector<int32_t> bias;
  SmallVector<Rescale> rescales;
};

FailureOr<LinearKernel> linearKernel(Operation *op, Value input, Value weight, Value bias,
                                     Value output, int64_t channels) {
  LinearKernel k{activationType(input.getType()), activationType(output.getType()), {}, {}, {}};
  DenseIntElementsAttr w = storageConstant(weight);
  if (!w)
    return op->emitError("the int8 weight must be constant"), failure();
  k.weights = kernelWeights(w, weightZeroPoints(weight.getType()), channels);
  auto b = foldedBias(op, bias, k.weights.values, channels, k.in.getZeroPoint(),
                      k.in.getStorageTypeIntegralWidth());
  auto r = outputRescales(op, k.in.getScale(), weightScales(weight.getType()), k.out.getScale());
  if (failed(b) || failed(r))
    return failure();
  k.bias = std::move(*b);
  k.rescales = std::move(*r);
  return k;
}

Value accumulatorInit(OpBuilder &b, Location loc, ArrayRef<int32_t> bias, RankedTensorType accTy,
                      int64_t axis) {
  return edgec::lowering::biasInit(b, loc, i32Vector(b, loc, bias), accTy, axis);
}

/// Marks a linalg op whose innermost reduction reads contiguous memory:
/// edgec-vectorizable-loop-order leaves its loops as they are (an integer
/// sum may be reassociated, so LLVM vectorizes the reduction itself).
Value markContiguous(Value v) {
  v.getDefiningOp()->setAttr("edgec.contiguous_reduction", UnitAttr::get(v.getContext()));
  return v;
}

/// acc + ext(a) * ext(b) in the accumulator's integer type.
Value multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Type acc = args[2].getType();
  Value x = arith::ExtSIOp::create(b, loc, acc, args[0]);
  Value w = arith::ExtSIOp::create(b, loc, acc, args[1]);
  return arith::AddIOp::create(b, loc, args[2], arith::MulIOp::create(b, loc, x, w));
}

/// An integer multiply-accumulate generic: `init` += ext(x) * ext(w) over
/// `maps` and `iters` (the convolution and matrix-product kernels).
Value macGeneric(OpBuilder &b, Location loc, Value x, Value w, Value init,
                 ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iters) {
  return linalg::GenericOp::create(b, loc, TypeRange{init.getType()}, ValueRange{x, w},
                                   ValueRange{init}, maps, iters,
                                   [](OpBuilder &nb, Location nl, ValueRange args) {
                                     linalg::YieldOp::create(nb, nl,
                                                             multiplyAccumulate(nb, nl, args));
                                   })
      .getResult(0);
}

/// `x` (NCHW) padded spatially with `zp`, built like paddedNHWC: a
/// zero-point-filled alloc_tensor with `x` inserted, so that empty-tensor
/// elimination lets the producer write its result into the interior (a
/// tensor.pad would bufferize to a fill and a copy).
Value paddedNCHW(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> lowHW,
                 ArrayRef<int64_t> highHW, int64_t zp) {
  auto xTy = cast<RankedTensorType>(x.getType());
  if (llvm::all_of(lowHW, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(highHW, [](int64_t p) { return p == 0; }))
    return x;
  SmallVector<int64_t> shape(xTy.getShape());
  shape[2] += lowHW[0] + highHW[0];
  shape[3] += lowHW[1] + highHW[1];
  Type elt = xTy.getElementType();
  Value padded = bufferization::AllocTensorOp::create(b, loc, RankedTensorType::get(shape, elt),
                                                      ValueRange{});
  padded = linalg::FillOp::create(b, loc, edgec::lowering::scalarConstant(b, loc, elt, (double)zp),
                                  padded)
               .getResult(0);
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                       b.getIndexAttr(lowHW[0]), b.getIndexAttr(lowHW[1])};
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : xTy.getShape())
    sizes.push_back(b.getIndexAttr(d));
  SmallVector<OpFoldResult> ones(4, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, x, padded, offsets, sizes, ones);
}

/// A channels-last integer convolution: loops (n, oh, ow, reductions...,
/// f), the output channel innermost and contiguous in the [N, OH, OW, F]
/// accumulator.
Value channelsLastGeneric(OpBuilder &b, Location loc, Value x, AffineMap xMap, Value weights,
                          AffineMap wMap, Value init) {
  MLIRContext *ctx = b.getContext();
  unsigned loops = xMap.getNumDims();
  AffineExpr dn, doh, dow;
  bindDims(ctx, dn, doh, dow);
  AffineExpr df = getAffineDimExpr(loops - 1, ctx);
  SmallVector<AffineMap> maps = {xMap, wMap, AffineMap::get(loops, 0, {dn, doh, dow, df}, ctx)};
  SmallVector<utils::IteratorType> iters(3, utils::IteratorType::parallel);
  iters.append(loops - 4, utils::IteratorType::reduction);
  iters.push_back(utils::IteratorType::parallel);
  return macGeneric(b, loc, x, weights, init, maps, iters);
}

/// A plain (one group) integer convolution with its output channels
/// innermost. The padded NHWC input is viewed as [N, H, W*C]; the int32
/// accumulator is [N, OH, OW, F]. For output (oh, ow) and kernel row kh, the
/// KW*C inputs are one contiguous run of x[oh*sh + kh*dh][ow*sw*C + j]
/// (width dilation 1), and each one multiplies a contiguous row of F
/// weights into F contiguous sums: a broadcast times a vector load into a
/// vector of sums, whatever the reduction length (a dot product along the
/// reduction would end every output with a horizontal sum, which dominates
/// the short reductions of pointwise and first layers).
///
/// With `group` = 1 the weights are packed to [KH, KW*C, F] and the loops
/// are (n, oh, ow, kh, j, f). With `group` g > 1 (x86: 2 for pmaddwd, 4 for
/// VNNI's vpdpbusd) g adjacent inputs multiply g weights per output
/// channel in one instruction: the run is split into j = q*g + r, loops (n,
/// oh, ow, kh, q, r, f), weights packed to [KH, ceil(KW*C/g), F, g] so the g
/// weights of every channel are adjacent; a run that is not a multiple of g
/// is padded with zero weights, and the input with extra zero-point columns
/// on the right so those reads stay inside the buffer.
Value packedConvolution(OpBuilder &b, Location loc, Value x, const KernelWeights &kw,
                        ArrayRef<int64_t> wShape, Value init, ArrayRef<int64_t> pads,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> dil, int64_t zp,
                        int64_t group) {
  auto xTy = cast<RankedTensorType>(x.getType());
  int64_t c = xTy.getDimSize(1), w = xTy.getDimSize(3);
  int64_t f = wShape[0], kh = wShape[2], kwid = wShape[3];
  int64_t kspan = kwid * c, groups = (kspan + group - 1) / group;
  int64_t ow = cast<RankedTensorType>(init.getType()).getDimSize(2);
  // Columns the last output's (padded) run reaches, beyond the right pad.
  int64_t reach = ((ow - 1) * strides[1] * c + groups * group + c - 1) / c;
  SmallVector<int64_t> padded(pads);
  padded[3] += std::max<int64_t>(0, reach - (w + pads[1] + pads[3]));
  Value t = paddedNHWC(b, loc, x, padded, zp);
  auto tTy = cast<RankedTensorType>(t.getType());
  int64_t n = tTy.getDimSize(0), hp = tTy.getDimSize(1), wp = tTy.getDimSize(2);
  Value rows = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({n, hp, wp * c}, tTy.getElementType()), t,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  // The value for kernel row r, run position j (= s*C + ch) and channel fi.
  auto at = [&](int64_t r, int64_t j, int64_t fi) -> int64_t {
    if (j >= kspan)
      return -1;
    int64_t s = j / c, ch = j % c;
    return ((fi * c + ch) * kh + r) * kwid + s;
  };
  MLIRContext *ctx = b.getContext();
  if (group == 1) {
    // packed[r][j][f]
    Value weights = packedWeights(b, loc, kw, {kh, kspan, f}, [&](int64_t i) {
      return at(i / (kspan * f), i / f % kspan, i % f);
    });
    AffineExpr dn, doh, dow, dkh, dj, df;
    bindDims(ctx, dn, doh, dow, dkh, dj, df);
    return channelsLastGeneric(
        b, loc, rows,
        AffineMap::get(6, 0, {dn, doh * strides[0] + dkh * dil[0], dow * (strides[1] * c) + dj},
                       ctx),
        weights, AffineMap::get(6, 0, {dkh, dj, df}, ctx), init);
  }
  // packed[r][q][f][g]
  Value weights = packedWeights(b, loc, kw, {kh, groups, f, group}, [&](int64_t i) {
    int64_t g = i % group, fi = i / group % f, q = i / (group * f) % groups,
            r = i / (group * f * groups);
    return at(r, q * group + g, fi);
  });
  AffineExpr dn, doh, dow, dkh, dq, dg, df;
  bindDims(ctx, dn, doh, dow, dkh, dq, dg, df);
  return channelsLastGeneric(b, loc, rows,
                             AffineMap::get(7, 0,
                                            {dn, doh * strides[0] + dkh * dil[0],
                                             dow * (strides[1] * c) + dq * group + dg},
                                            ctx),
                             weights, AffineMap::get(7, 0, {dkh, dq, df, dg}, ctx), init);
}

/// A plain integer convolution as dot products over contiguous memory, for
/// cores that vectorize a reduction (Helium's VMLADAV): the padded NHWC
/// input viewed as [N, H, W*C], weights packed to [F, KH, KW*C], an NCHW
/// accumulator. For output (oh, ow) and kernel row kh, the KW*C products
/// read one contiguous run of x[oh*sh + kh*dh][ow*sw*C + j] (width
/// dilation 1).
Value dotConvolution(OpBuilder &b, Location loc, Value x, const KernelWeights &kw,
                     ArrayRef<int64_t> wShape, Value init, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> dil, int64_t zp) {
  int64_t c = wShape[1], f = wShape[0], kh = wShape[2], kwid = wShape[3];
  // A kernel row's run of KW*C products, padded with zero weights to what
  // one Helium instruction takes (4, 8 or a multiple of 16 bytes): a first
  // layer's 3x3x3 kernel is then one VMLADAVA.S8 per row instead of
  // scalar multiply-adds. The padding reads the next pixels' values (times
  // 0, exact); zero-point columns on the right keep the last output's
  // reads inside the buffer.
  int64_t kspan = kwid * c;
  int64_t w = cast<RankedTensorType>(x.getType()).getDimSize(3);
  int64_t ow = cast<RankedTensorType>(init.getType()).getDimSize(3);
  MLIRContext *ctx = b.getContext();
  // Short kernel rows of 4 or 8 bytes (a first layer over one channel: KWS's
  // 10x4 kernel) in tall kernels: each output's window is gathered once into
  // a row of whole 16-byte vectors (im2col, kernel rows padded with
  // zero-weight rows to a multiple of 16 bytes), which every output channel
  // then reads with one VMLADAVA per 16 bytes instead of one per kernel row.
  // The gathered rows take oh*ow*K bytes of arena while the layer runs.
  if ((kspan == 4 || kspan == 8) && kh * kspan >= 16 && dil[1] == 1) {
    int64_t khp = (kh * kspan + 15) / 16 * 16 / kspan, k16 = khp * kspan;
    Value t = paddedNHWC(b, loc, x, pads, zp);
    auto tTy = cast<RankedTensorType>(t.getType());
    int64_t n = tTy.getDimSize(0), hp = tTy.getDimSize(1), wp = tTy.getDimSize(2);
    int64_t oh = cast<RankedTensorType>(init.getType()).getDimSize(2);
    Type i8 = tTy.getElementType();
    Value rows = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({n, hp, wp * c}, i8), t,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    // col[n][oh][ow][r][j] = rows[n][oh*s0 + r*d0][ow*s1*C + j]; rows
    // r >= KH hold the zero point (their weights are 0).
    auto colTy = RankedTensorType::get({n, oh, ow, khp, kspan}, i8);
    Value col = bufferization::AllocTensorOp::create(b, loc, colTy, ValueRange{});
    col = linalg::FillOp::create(b, loc, edgec::lowering::scalarConstant(b, loc, i8, (double)zp),
                                 col)
              .getResult(0);
    auto gTy = RankedTensorType::get({n, oh, ow, kh, kspan}, i8);
    AffineExpr gn, goh, gow, gr, gj;
    bindDims(ctx, gn, goh, gow, gr, gj);
    Value gathered =
        linalg::GenericOp::create(
            b, loc, TypeRange{gTy}, ValueRange{rows},
            ValueRange{tensor::EmptyOp::create(b, loc, gTy.getShape(), i8)},
            ArrayRef<AffineMap>{
                AffineMap::get(5, 0,
                               {gn, goh * strides[0] + gr * dil[0], gow * (strides[1] * c) + gj},
                               ctx),
                b.getMultiDimIdentityMap(5)},
            SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
            [](OpBuilder &nb, Location nl, ValueRange args) {
              linalg::YieldOp::create(nb, nl, args[0]);
            })
            .getResult(0);
    SmallVector<OpFoldResult> zeros(5, b.getIndexAttr(0)), ones(5, b.getIndexAttr(1)), sizes;
    for (int64_t d : gTy.getShape())
      sizes.push_back(b.getIndexAttr(d));
    col = tensor::InsertSliceOp::create(b, loc, gathered, col, zeros, sizes, ones);
    Value cols = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({n, oh, ow, k16}, i8), col,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    // packed[f][r*KW*C + s*C + ch] = w[f][ch][r][s], 0 for r >= KH
    Value weights = packedWeights(b, loc, kw, {f, k16}, [&](int64_t i) -> int64_t {
      int64_t fi = i / k16, k = i % k16, r = k / kspan, j = k % kspan;
      if (r >= kh)
        return -1;
      int64_t sx = j / c, ch = j % c;
      return ((fi * c + ch) * kh + r) * kwid + sx;
    });
    AffineExpr dn, df, doh, dow, dk;
    bindDims(ctx, dn, df, doh, dow, dk);
    SmallVector<AffineMap> maps = {AffineMap::get(5, 0, {dn, doh, dow, dk}, ctx),
                                   AffineMap::get(5, 0, {df, dk}, ctx),
                                   AffineMap::get(5, 0, {dn, df, doh, dow}, ctx)};
    SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
    iters.push_back(utils::IteratorType::reduction);
    return markContiguous(macGeneric(b, loc, cols, weights, init, maps, iters));
  }
  int64_t run = kspan <= 4 ? 4 : kspan <= 8 ? 8 : (kspan + 15) / 16 * 16;
  if (kspan % 4 == 0)
    run = kspan;
  int64_t reach = (ow - 1) * strides[1] * c + run;
  int64_t extra = std::max<int64_t>(0, reach - (w + pads[1] + pads[3]) * c);
  SmallVector<int64_t> padsX(pads);
  padsX[3] += (extra + c - 1) / c;
  Value t = paddedNHWC(b, loc, x, padsX, zp);
  auto tTy = cast<RankedTensorType>(t.getType());
  int64_t n = tTy.getDimSize(0), hp = tTy.getDimSize(1), wp = tTy.getDimSize(2);
  Value rows = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({n, hp, wp * c}, tTy.getElementType()), t,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  // packed[f][r][s*C + ch] = w[f][ch][r][s], 0 past the kernel row
  Value weights = packedWeights(b, loc, kw, {f, kh, run}, [&](int64_t i) -> int64_t {
    int64_t fi = i / (kh * run), r = i / run % kh, j = i % run;
    if (j >= kspan)
      return -1;
    int64_t s = j / c, ch = j % c;
    return ((fi * c + ch) * kh + r) * kwid + s;
  });
  AffineExpr dn, df, doh, dow, dkh, dj;
  bindDims(ctx, dn, df, doh, dow, dkh, dj);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {dn, doh * strides[0] + dkh * dil[0], dow * (strides[1] * c) + dj}, ctx),
      AffineMap::get(6, 0, {df, dkh, dj}, ctx), AffineMap::get(6, 0, {dn, df, doh, dow}, ctx)};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  return markContiguous(macGeneric(b, loc, rows, weights, init, maps, iters));
}

/// A depthwise integer convolution for Arm DSP cores (SXTB16/SMLAD): NCHW
/// with each kernel row's KW taps padded by zero weights to a multiple of 4,
/// so a kernel row is whole quads of contiguous input; weights packed to
/// [C, KH, KW4], loops (n, c, oh, ow, kh, s) with s in [0, KW4). The input
/// gets extra zero-point columns on the right so the last quad's padding
/// reads stay inside the buffer (their weights are 0). Width dilation 1.
Value depthwiseQuads(OpBuilder &b, Location loc, Value x, const KernelWeights &kw,
                     ArrayRef<int64_t> wShape, Value init, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> dil, int64_t zp) {
  int64_t c = wShape[0], kh = wShape[2], kwid = wShape[3], kw4 = (kwid + 3) / 4 * 4;
  int64_t w = cast<RankedTensorType>(x.getType()).getDimSize(3);
  int64_t ow = cast<RankedTensorType>(init.getType()).getDimSize(3);
  int64_t reach = (ow - 1) * strides[1] + kw4;
  int64_t extra = std::max<int64_t>(0, reach - (w + pads[1] + pads[3]));
  Value t = paddedNCHW(b, loc, x, {pads[0], pads[1]}, {pads[2], pads[3] + extra}, zp);
  // packed[ch][r][s] = w[ch][0][r][s], 0 for s >= KW
  Value weights = packedWeights(b, loc, kw, {c, kh, kw4}, [&](int64_t i) -> int64_t {
    int64_t s = i % kw4, r = i / kw4 % kh, ch = i / (kw4 * kh);
    return s < kwid ? (ch * kh + r) * kwid + s : -1;
  });
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, dc, doh, dow, dkh, ds;
  bindDims(ctx, dn, dc, doh, dow, dkh, ds);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {dn, dc, doh * strides[0] + dkh * dil[0], dow * strides[1] + ds}, ctx),
      AffineMap::get(6, 0, {dc, dkh, ds}, ctx), AffineMap::get(6, 0, {dn, dc, doh, dow}, ctx)};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  // The kernel row's quads are the dot kernels' contiguous reduction; moving
  // the output width innermost (for LLVM's vectorizer) would hide them.
  Value acc = markContiguous(macGeneric(b, loc, t, weights, init, maps, iters));
  // The real taps per kernel row, for Helium's windows over narrow maps
  // (edgec-register-accumulators).
  acc.getDefiningOp()->setAttr("edgec.depthwise_taps", b.getI64IntegerAttr(kwid));
  return acc;
}

/// A depthwise integer convolution (one input channel per group and per
/// output channel) in channels-last form: the padded NHWC input, weights
/// packed to [KH, KW, C], loops (n, oh, ow, kh, kw, c) with the channel
/// innermost and contiguous in the input, the weights and the [N, OH, OW, C]
/// accumulator.
Value depthwiseConvolution(OpBuilder &b, Location loc, Value x, const KernelWeights &kw,
                           ArrayRef<int64_t> wShape, Value init, ArrayRef<int64_t> pads,
                           ArrayRef<int64_t> strides, ArrayRef<int64_t> dil, int64_t zp) {
  Value t = paddedNHWC(b, loc, x, pads, zp);
  int64_t c = wShape[0], kh = wShape[2], kwid = wShape[3];
  // packed[r][s][ch] = w[ch][0][r][s]
  Value weights = packedWeights(b, loc, kw, {kh, kwid, c}, [&](int64_t i) {
    int64_t r = i / (kwid * c), s = i / c % kwid, ch = i % c;
    return (ch * kh + r) * kwid + s;
  });
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, doh, dow, dkh, dkw, dc;
  bindDims(ctx, dn, doh, dow, dkh, dkw, dc);
  return channelsLastGeneric(b, loc, t,
                             AffineMap::get(6, 0,
                                            {dn, doh * strides[0] + dkh * dil[0],
                                             dow * strides[1] + dkw * dil[1], dc},
                                            ctx),
                             weights, AffineMap::get(6, 0, {dkh, dkw, dc}, ctx), init);
}

struct ConvLowering : OpConversionPattern<Conv2DOp> {
  ConvLowering(const TypeConverter &tc, MLIRContext *ctx, StringRef layout, int64_t group)
      : OpConversionPattern(tc, ctx), layout(layout.str()), group(group) {}
  std::string layout; // see the pass's conv-layout option
  int64_t group;      // and its k-group option
  LogicalResult matchAndRewrite(Conv2DOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<LinearKernel> k = linearKernel(op, op.getInput(), op.getWeight(), a.getBias(),
                                             op.getOutput(), rtt(op.getOutput()).getDimSize(1));
    if (failed(k))
      return failure();
    ArrayRef<int64_t> p = op.getPads();
    ArrayRef<int64_t> outShape = rtt(op.getOutput()).getShape();
    auto accTy = RankedTensorType::get(outShape, rewriter.getI32Type());
    auto bounds = clampBounds(op);
    int64_t lo = bounds.first, hi = bounds.second;
    int64_t groups = op.getGroup(), channels = outShape[1];
    bool plain = groups == 1 && op.getDilations()[1] == 1;
    bool depthwise = groups > 1 && groups == channels && rtt(op.getInput()).getDimSize(1) == groups;
    bool packed = plain && layout != "dot";
    depthwise &= layout == "channels-last";
    if (plain && !packed) {
      // Padding reads the zero point, which stands for real 0.
      Value acc = dotConvolution(rewriter, loc, a.getInput(), k->weights,
                                 rtt(op.getWeight()).getShape(),
                                 accumulatorInit(rewriter, loc, k->bias, accTy, 1), p,
                                 op.getStrides(), op.getDilations(), k->in.getZeroPoint());
      rewriter.replaceOp(op, markRequantize(requantizeTensor(rewriter, loc, acc, k->rescales, 1,
                                                             k->out, lo, hi)));
      return success();
    }
    if (packed || depthwise) {
      auto nhwc = RankedTensorType::get({outShape[0], outShape[2], outShape[3], channels},
                                        rewriter.getI32Type());
      Value init = accumulatorInit(rewriter, loc, k->bias, nhwc, 3);
      // Padding reads the zero point, which stands for real 0.
      // Groups of adjacent products for x86's multiply-adds need int8 on
      // both sides.
      bool int8 = !k->weights.wide && k->in.getStorageTypeIntegralWidth() == 8;
      Value acc =
          packed ? packedConvolution(rewriter, loc, a.getInput(), k->weights,
                                     rtt(op.getWeight()).getShape(), init, p, op.getStrides(),
                                     op.getDilations(), k->in.getZeroPoint(), int8 ? group : 1)
                 : depthwiseConvolution(rewriter, loc, a.getInput(), k->weights,
                                        rtt(op.getWeight()).getShape(), init, p, op.getStrides(),
                                        op.getDilations(), k->in.getZeroPoint());
      // Requantized in NHWC, then transposed to the op's NCHW:
      // edgec-fuse-requantize folds the transpose into the requantization,
      // and into a following NHWC transpose (the next channels-last
      // convolution's input) as well, where the two cancel.
      Value q = markRequantize(requantizeTensor(rewriter, loc, acc, k->rescales, 3, k->out, lo, hi));
      Value nchw = linalg::TransposeOp::create(
                       rewriter, loc, q,
                       tensor::EmptyOp::create(rewriter, loc, outShape, rtt(q).getElementType()),
                       ArrayRef<int64_t>{0, 3, 1, 2})
                       .getResult()[0];
      rewriter.replaceOp(op, nchw);
      return success();
    }
    Value init = accumulatorInit(rewriter, loc, k->bias, accTy, 1);
    // Arm DSP cores (k-group 4 on a scalar layout) and Helium (dot layout):
    // depthwise kernel rows as whole quads for SMLAD or VMLADAVA, int8 on
    // both sides.
    bool dspDepthwise = ((layout == "mixed" && group == 4) || layout == "dot") &&
                        op.getDilations()[1] == 1 &&
                        groups > 1 && groups == channels &&
                        rtt(op.getInput()).getDimSize(1) == groups && !k->weights.wide &&
                        k->in.getStorageTypeIntegralWidth() == 8;
    if (dspDepthwise) {
      Value acc = depthwiseQuads(rewriter, loc, a.getInput(), k->weights,
                                 rtt(op.getWeight()).getShape(), init, p, op.getStrides(),
                                 op.getDilations(), k->in.getZeroPoint());
      rewriter.replaceOp(op, markRequantize(requantizeTensor(rewriter, loc, acc, k->rescales, 1,
                                                             k->out, lo, hi)));
      return success();
    }
    Value x = edgec::lowering::padSpatial(rewriter, loc, a.getInput(), {p[0], p[1]}, {p[2], p[3]},
                                          (double)k->in.getZeroPoint());
    Value weight = kernelWeightConstant(rewriter, loc, a.getWeight(), k->weights,
                                        rtt(op.getWeight()).getShape());
    Value acc = edgec::lowering::convolution(rewriter, loc, x, weight, init, op.getStrides(),
                                             op.getDilations(), op.getGroup());
    rewriter.replaceOp(op, markRequantize(requantizeTensor(rewriter, loc, acc, k->rescales, 1, k->out,
                                                           lo, hi)));
    return success();
  }
};

struct FullyConnectedLowering : OpConversionPattern<FullyConnectedOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(FullyConnectedOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto wTy = rtt(op.getWeight());
    int64_t n = wTy.getDimSize(0), k = wTy.getDimSize(1);
    FailureOr<LinearKernel> lk = linearKernel(op, op.getInput(), op.getWeight(), a.getBias(),
                                              op.getOutput(), n);
    if (failed(lk))
      return failure();
    // out[m][n] = sum_k x[m][k] * w[n][k]: the weights keep ONNX's [N, K]
    // layout, so every output is a dot product of two contiguous rows.
    Value W = packedWeights(rewriter, loc, lk->weights, {n, k}, [](int64_t i) { return i; });
    auto accTy = RankedTensorType::get(rtt(op.getOutput()).getShape(), rewriter.getI32Type());
    Value init = accumulatorInit(rewriter, loc, lk->bias, accTy, 1);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr dm, dn, dk;
    bindDims(ctx, dm, dn, dk);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {dm, dk}, ctx),
                                   AffineMap::get(3, 0, {dn, dk}, ctx),
                                   AffineMap::get(3, 0, {dm, dn}, ctx)};
    SmallVector<utils::IteratorType> iters = {utils::IteratorType::parallel,
                                              utils::IteratorType::parallel,
                                              utils::IteratorType::reduction};
    Value acc = markContiguous(macGeneric(rewriter, loc, a.getInput(), W, init, maps, iters));
    auto bounds = clampBounds(op);
    int64_t lo = bounds.first, hi = bounds.second;
    rewriter.replaceOp(op, requantizeTensor(rewriter, loc, acc, lk->rescales, 1, lk->out, lo, hi));
    return success();
  }
};

struct AddLowering : OpConversionPattern<AddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AddOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lq = activationType(op.getLhs().getType()), rq = activationType(op.getRhs().getType());
    auto outQ = activationType(op.getOutput().getType());
    // TFLite's scheme: both inputs onto a common scale of twice the larger
    // input scale with 20 bits of headroom, an exact int sum, one rescale.
    // 20 bits of headroom for int8 (TFLite), 15 for int16: (q - z) * 2^k
    // stays below 2^31, as the rescale requires.
    int kLeftShift = std::max(lq.getStorageTypeIntegralWidth(), rq.getStorageTypeIntegralWidth()) > 8 ? 15 : 20;
    double twiceMax = 2.0 * std::max(lq.getScale(), rq.getScale());
    auto ml = rescale(op, lq.getScale() / twiceMax), mr = rescale(op, rq.getScale() / twiceMax);
    auto mo = rescale(op, twiceMax / ((double)(1 << kLeftShift) * outQ.getScale()));
    if (failed(ml) || failed(mr) || failed(mo))
      return failure();
    auto bounds = clampBounds(op);
    int64_t lo = bounds.first, hi = bounds.second;
    auto outTy = RankedTensorType::get(rtt(op.getOutput()).getShape(), outQ.getStorageType());
    int64_t lz = lq.getZeroPoint(), rz = rq.getZeroPoint();
    Value y = edgec::lowering::elementwise(
        rewriter, loc, ValueRange{a.getLhs(), a.getRhs()}, outTy,
        [&](OpBuilder &b, Location l, ValueRange v) {
          auto side = [&](Value q, int64_t zp, Rescale s) {
            Value x = arith::SubIOp::create(b, l, ext64(b, l, q), i64c(b, l, zp));
            x = arith::MulIOp::create(b, l, x, i64c(b, l, (int64_t)1 << kLeftShift));
            return mulByMultiplier(b, l, x, i64c(b, l, s.multiplier), i64c(b, l, s.rshift));
          };
          Value sum = arith::AddIOp::create(b, l, side(v[0], lz, *ml), side(v[1], rz, *mr));
          return requantize(b, l, sum, i64c(b, l, mo->multiplier), i64c(b, l, mo->rshift),
                            outQ.getZeroPoint(), lo, hi, outQ.getStorageType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct MulLowering : OpConversionPattern<MulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MulOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto lq = activationType(op.getLhs().getType()), rq = activationType(op.getRhs().getType());
    auto outQ = activationType(op.getOutput().getType());
    // The product of the scales in float32, as ONNX Runtime computes it.
    float real = (float)lq.getScale() * (float)rq.getScale() / (float)outQ.getScale();
    FailureOr<Rescale> m = rescale(op, real);
    if (failed(m))
      return failure();
    auto bounds = clampBounds(op);
    int64_t lo = bounds.first, hi = bounds.second;
    auto outTy = RankedTensorType::get(rtt(op.getOutput()).getShape(), outQ.getStorageType());
    int64_t lz = lq.getZeroPoint(), rz = rq.getZeroPoint();
    Value y = edgec::lowering::elementwise(
        rewriter, loc, ValueRange{a.getLhs(), a.getRhs()}, outTy,
        [&](OpBuilder &b, Location l, ValueRange v) {
          // |(a - za) * (b - zb)| <= 255 * 255: exact, and below 2^31 as
          // the rescale requires.
          Value x = arith::SubIOp::create(b, l, ext64(b, l, v[0]), i64c(b, l, lz));
          Value y = arith::SubIOp::create(b, l, ext64(b, l, v[1]), i64c(b, l, rz));
          return requantize(b, l, arith::MulIOp::create(b, l, x, y), i64c(b, l, m->multiplier),
                            i64c(b, l, m->rshift), outQ.getZeroPoint(), lo, hi,
                            outQ.getStorageType());
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct TableLowering : OpConversionPattern<TableOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(TableOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto tableTy = RankedTensorType::get({256}, rewriter.getI8Type());
    Value table = arith::ConstantOp::create(
        rewriter, loc, tableTy, DenseElementsAttr::get(tableTy, ArrayRef<int8_t>(op.getTable())));
    auto outTy = RankedTensorType::get(rtt(op.getOutput()).getShape(), rewriter.getI8Type());
    Value y = edgec::lowering::elementwise(
        rewriter, loc, ValueRange{a.getInput()}, outTy, [&](OpBuilder &b, Location l, ValueRange v) {
          Value i = arith::AddIOp::create(
              b, l, arith::ExtSIOp::create(b, l, b.getI32Type(), v[0]),
              arith::ConstantOp::create(b, l, b.getI32IntegerAttr(128)));
          Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), i);
          return tensor::ExtractOp::create(b, l, table, ValueRange{idx}).getResult();
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct AvgPoolLowering : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AvgPool2DOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inQ = activationType(op.getInput().getType());
    auto outQ = activationType(op.getOutput().getType());
    int64_t count = op.getKernel()[0] * op.getKernel()[1];
    // As ONNX Runtime's QLinearAveragePool: in_scale / (out_scale * count)
    // in float32.
    float real = (float)inQ.getScale() / ((float)outQ.getScale() * (float)count);
    auto s = rescale(op, real);
    if (failed(s))
      return failure();
    // Pooled channels-last like the convolutions around it: the NHWC
    // transpose of the input cancels against its producer's NCHW one
    // (edgec-fuse-requantize), so the producer writes NHWC and the sums run
    // along contiguous channels; the result goes back to NCHW the same way.
    ArrayRef<int64_t> outShape = rtt(op.getOutput()).getShape();
    auto accTy = RankedTensorType::get({outShape[0], outShape[2], outShape[3], outShape[1]},
                                       rewriter.getI32Type());
    Value init = edgec::lowering::filled(rewriter, loc, accTy, 0.0);
    Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernel(), rewriter.getI32Type());
    auto attr = [&](ArrayRef<int64_t> v) {
      return DenseIntElementsAttr::get(RankedTensorType::get({2}, rewriter.getI64Type()), v);
    };
    Value x = paddedNHWC(rewriter, loc, a.getInput(), {0, 0, 0, 0}, 0);
    Value sum = linalg::PoolingNhwcSumOp::create(rewriter, loc, TypeRange{accTy},
                                                 ValueRange{x, window}, ValueRange{init},
                                                 attr(op.getStrides()), attr({1, 1}))
                    .getResult(0);
    auto bounds = storageRange(op.getOutput().getType());
    Value q = requantizeTensor(rewriter, loc, sum, *s, 3, outQ, bounds.first, bounds.second,
                               inQ.getZeroPoint() * count);
    rewriter.replaceOp(op, linalg::TransposeOp::create(
                               rewriter, loc, q,
                               tensor::EmptyOp::create(rewriter, loc, outShape, rtt(q).getElementType()),
                               ArrayRef<int64_t>{0, 3, 1, 2})
                               .getResult()[0]);
    return success();
  }
};

struct RequantizeLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RequantizeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inQ = activationType(op.getInput().getType());
    auto outQ = activationType(op.getOutput().getType());
    auto s = rescale(op, (float)inQ.getScale() / (float)outQ.getScale());
    if (failed(s))
      return failure();
    auto bounds = clampBounds(op);
    rewriter.replaceOp(op, requantizeTensor(rewriter, loc, a.getInput(), *s, 0, outQ, bounds.first,
                                            bounds.second, inQ.getZeroPoint()));
    return success();
  }
};

struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(QuantizeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto q = activationType(op.getType());
    auto outTy = RankedTensorType::get(op.getType().getShape(), q.getStorageType());
    float scale = (float)q.getScale();
    int64_t zp = q.getZeroPoint();
    float lo = (float)(q.getStorageTypeMin() - zp), hi = (float)(q.getStorageTypeMax() - zp);
    Value y = mapped(
        rewriter, op.getLoc(), a.getInput(), rewriter.getMultiDimIdentityMap(outTy.getRank()), outTy,
        [&](OpBuilder &b, Location l, ValueRange v) {
          using edgec::lowering::f32;
          // ONNX Runtime's order: divide, clamp in float (NaN goes to the
          // lower bound, as with its max/min), round half to even, add the
          // zero point. After the clamp |x| < 2^16, where adding and
          // subtracting 1.5 * 2^23 rounds to the nearest even integer in
          // the default rounding mode; no libm call on any target.
          Value x = arith::DivFOp::create(b, l, v[0], f32(b, l, scale));
          Value loV = f32(b, l, lo), hiV = f32(b, l, hi);
          Value notBelow = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, x, loV);
          x = arith::SelectOp::create(b, l, notBelow, x, loV);
          Value above = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, x, hiV);
          x = arith::SelectOp::create(b, l, above, hiV, x);
          Value magic = f32(b, l, 12582912.0);
          x = arith::SubFOp::create(b, l, arith::AddFOp::create(b, l, x, magic), magic);
          Value i = arith::FPToSIOp::create(b, l, b.getI32Type(), x);
          i = arith::AddIOp::create(b, l, i,
                                    arith::ConstantOp::create(b, l, b.getI32IntegerAttr((int32_t)zp)));
          return arith::TruncIOp::create(b, l, q.getStorageType(), i);
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DequantizeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getType();
    AffineMap id = rewriter.getMultiDimIdentityMap(outTy.getRank());
    // (q - zero_point) * scale with one float32 rounding. Storage of up to
    // 16 bits converts q and zp from int32 and subtracts in float (exact:
    // both are integers below 2^16); wider storage subtracts in int64 and
    // converts the difference (exact for |q - zp| < 2^24). An int64
    // conversion is a library call on 32-bit cores (640 of them were a
    // fifth of AD int8 on Cortex-M55). The int32 difference is not
    // converted itself: LLVM 22 turns uitofp(sext(q) + 128) * 2^-8 into
    // Helium's fixed-point VCVT.F32.U32 with 13 fraction bits instead of 8
    // (a wrong result, caught by the int8 suite's Cortex-M55 run).
    // The zero point comes as a float (narrow) or int64 (wide) constant.
    bool narrow = cast<quant::QuantizedType>(inTy.getElementType()).getStorageTypeIntegralWidth() <= 16;
    auto body = [&](OpBuilder &b, Location l, Value q, Value zp, Value scale) -> Value {
      Type f32 = b.getF32Type();
      Value d =
          narrow ? arith::SubFOp::create(
                       b, l, arith::SIToFPOp::create(b, l, f32, arith::ExtSIOp::create(b, l, b.getI32Type(), q)),
                       zp)
                       .getResult()
                 : arith::SIToFPOp::create(b, l, f32, arith::SubIOp::create(b, l, ext64(b, l, q), zp))
                       .getResult();
      return arith::MulFOp::create(b, l, d, scale);
    };
    Value y;
    if (auto u = dyn_cast<UniformQuantizedType>(inTy.getElementType())) {
      y = mapped(rewriter, loc, a.getInput(), id, outTy, [&](OpBuilder &b, Location l, ValueRange v) {
        Value zp = narrow ? edgec::lowering::f32(b, l, (double)u.getZeroPoint())
                          : i64c(b, l, u.getZeroPoint());
        return body(b, l, v[0], zp, edgec::lowering::f32(b, l, u.getScale()));
      });
    } else {
      auto ax = cast<UniformQuantizedPerAxisType>(inTy.getElementType());
      SmallVector<float> scales;
      for (double s : ax.getScales())
        scales.push_back((float)s);
      auto sTy = RankedTensorType::get({(int64_t)scales.size()}, rewriter.getF32Type());
      Value sv = arith::ConstantOp::create(rewriter, loc, sTy, DenseElementsAttr::get(sTy, ArrayRef<float>(scales)));
      Value zv;
      if (narrow) {
        SmallVector<float> zps(ax.getZeroPoints().begin(), ax.getZeroPoints().end());
        zv = arith::ConstantOp::create(rewriter, loc, sTy, DenseElementsAttr::get(sTy, ArrayRef<float>(zps)));
      } else {
        auto zTy = RankedTensorType::get({(int64_t)scales.size()}, rewriter.getI64Type());
        zv = arith::ConstantOp::create(rewriter, loc, zTy, DenseElementsAttr::get(zTy, ax.getZeroPoints()));
      }
      AffineMap chan = AffineMap::get(outTy.getRank(), 0, rewriter.getAffineDimExpr(ax.getQuantizedDimension()));
      y = mapped(rewriter, loc, ValueRange{a.getInput(), zv, sv}, {id, chan, chan}, outTy,
                 [&](OpBuilder &b, Location l, ValueRange v) { return body(b, l, v[0], v[1], v[2]); });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct StorageCastLowering : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(quant::StorageCastOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, a.getInput());
    return success();
  }
};

/// Any other op carrying quantized tensors (nn.reshape, nn.transpose) is
/// rebuilt unchanged on the storage types.
struct EraseQuantTypes : ConversionPattern {
  EraseQuantTypes(const TypeConverter &tc, MLIRContext *ctx)
      : ConversionPattern(tc, MatchAnyOpTypeTag(), 1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rewriter) const override {
    if (op->getNumRegions() != 0 || !isa<edgec::nn::NNDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, types, op->getAttrs());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

struct ConvertQnnToLinalgPass : edgec::impl::ConvertQnnToLinalgBase<ConvertQnnToLinalgPass> {
  using ConvertQnnToLinalgBase::ConvertQnnToLinalgBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    TypeConverter tc;
    tc.addConversion([](Type t) { return t; });
    tc.addConversion([](QuantizedType q) -> Type { return q.getStorageType(); });
    tc.addConversion([&](RankedTensorType t) -> Type {
      if (auto q = dyn_cast<QuantizedType>(t.getElementType()))
        return t.clone(q.getStorageType());
      return t;
    });
    ConversionTarget target(*ctx);
    target.addIllegalDialect<QNNDialect, quant::QuantDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) { return tc.isLegal(op); });
    RewritePatternSet patterns(ctx);
    if (convLayout != "channels-last" && convLayout != "mixed" && convLayout != "dot") {
      getOperation()->emitError() << "unknown conv-layout '" << convLayout
                                  << "' (channels-last, mixed or dot)";
      return signalPassFailure();
    }
    if (kGroup != 1 && kGroup != 2 && kGroup != 4) {
      getOperation()->emitError() << "k-group must be 1, 2 or 4, got " << (int64_t)kGroup;
      return signalPassFailure();
    }
    patterns.add<ConvLowering>(tc, ctx, convLayout, kGroup);
    patterns.add<FullyConnectedLowering, AddLowering, MulLowering, TableLowering,
                 AvgPoolLowering,
                 RequantizeLowering, QuantizeLowering, DequantizeLowering, StorageCastLowering,
                 EraseQuantTypes>(tc, ctx);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
