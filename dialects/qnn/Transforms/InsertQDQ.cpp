//===- InsertQDQ.cpp - Post-training quantization as QDQ insertion --------===//
//
// The float graph is rewritten into the QDQ form an ONNX quantizer would
// write, and edgec-fold-qdq does the rest: one path from QDQ to integer code
// for imported and for edgec-quantized models alike.
//
//===----------------------------------------------------------------------===//
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace edgec::qnn {
#define GEN_PASS_DEF_INSERTQDQ
#include "dialects/qnn/Transforms/Passes.h.inc"
} // namespace edgec::qnn

using namespace mlir;
using namespace mlir::quant;
using namespace edgec::qnn;
namespace nn = edgec::nn;


namespace {

/// The calibrated [lo, hi] of a value, if any.
std::optional<std::pair<double, double>> rangeOf(Value v) {
  DenseF32ArrayAttr a;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto f = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (f)
      a = f.getArgAttrOfType<DenseF32ArrayAttr>(arg.getArgNumber(), "edgec.range");
  } else {
    a = v.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>("edgec.range");
  }
  if (!a || a.size() != 2)
    return std::nullopt;
  return std::make_pair((double)a[0], (double)a[1]);
}

/// Symmetric int8 weights, per slice along `axis` (or per tensor).
std::pair<DenseElementsAttr, Type> quantizeWeights(DenseFPElementsAttr w, std::optional<int> axis) {
  auto ty = cast<RankedTensorType>(w.getType());
  MLIRContext *ctx = ty.getContext();
  auto vals = llvm::to_vector(w.getValues<float>());
  int64_t channels = axis ? ty.getDimSize(*axis) : 1;
  int64_t inner = 1;
  if (axis)
    for (int64_t d = *axis + 1; d < ty.getRank(); ++d)
      inner *= ty.getDimSize(d);
  auto channelOf = [&](int64_t i) { return axis ? (i / inner) % channels : 0; };
  SmallVector<float> absMax(channels, 0.0f);
  for (int64_t i = 0; i < (int64_t)vals.size(); ++i)
    absMax[channelOf(i)] = std::max(absMax[channelOf(i)], std::fabs(vals[i]));
  SmallVector<double> scales;
  for (float m : absMax)
    scales.push_back(m > 0 ? (double)(m / 127.0f) : 1.0);
  SmallVector<int8_t> q(vals.size());
  for (int64_t i = 0; i < (int64_t)vals.size(); ++i)
    q[i] = (int8_t)std::clamp(std::nearbyint(vals[i] / (float)scales[channelOf(i)]), -127.0f, 127.0f);
  auto i8 = IntegerType::get(ctx, 8);
  auto f32 = Float32Type::get(ctx);
  Type elt = axis ? Type(UniformQuantizedPerAxisType::get(QuantizationFlags::Signed, i8, f32, scales,
                                                          SmallVector<int64_t>(channels, 0), *axis,
                                                          -128, 127))
                  : Type(UniformQuantizedType::get(QuantizationFlags::Signed, i8, f32, scales[0], 0,
                                                   -128, 127));
  return {DenseElementsAttr::get(ty.clone(i8), ArrayRef<int8_t>(q)), ty.clone(elt)};
}

struct InsertQDQPass : edgec::qnn::impl::InsertQDQBase<InsertQDQPass> {
  using InsertQDQBase::InsertQDQBase;

  DenseMap<Value, UniformQuantizedType> quantized;

  /// Replaces the uses of `v` by dequantize(quantize(v)) with type `q`.
  void insertPair(OpBuilder &b, Value v, UniformQuantizedType q) {
    if (quantized.count(v))
      return;
    quantized[v] = q;
    b.setInsertionPointAfterValue(v);
    auto ty = cast<RankedTensorType>(v.getType());
    Location loc = v.getLoc();
    Value qv = QuantizeOp::create(b, loc, ty.clone(q), v);
    Value d = DequantizeOp::create(b, loc, ty, qv);
    v.replaceAllUsesExcept(d, qv.getDefiningOp());
  }

  /// A float constant operand as dequantize(int8 constant).
  void quantizeConstant(OpBuilder &b, OpOperand &use, DenseFPElementsAttr w, bool weight,
                        std::optional<int> axis) {
    Operation *user = use.getOwner();
    b.setInsertionPoint(user);
    Location loc = use.get().getLoc();
    DenseElementsAttr values;
    Type qTy;
    if (weight) {
      std::tie(values, qTy) = quantizeWeights(w, perChannel ? axis : std::nullopt);
    } else {
      float lo = 0, hi = 0;
      for (float f : w.getValues<float>())
        lo = std::min(lo, f), hi = std::max(hi, f);
      auto q = activationParams(&getContext(), lo, hi, activationBits);
      float qmin = (float)q.getStorageTypeMin(), qmax = (float)q.getStorageTypeMax();
      SmallVector<APInt> v;
      for (float f : w.getValues<float>())
        v.push_back(APInt(activationBits, (int64_t)std::clamp(std::nearbyint(f / (float)q.getScale()) +
                                                                   q.getZeroPoint(), qmin, qmax),
                          /*isSigned=*/true));
      values = DenseElementsAttr::get(w.getType().clone(q.getStorageType()), v);
      qTy = w.getType().clone(q);
    }
    Value c = nn::ConstantOp::create(b, loc, values.getType(), values);
    Value s = quant::StorageCastOp::create(b, loc, qTy, c);
    use.set(DequantizeOp::create(b, loc, w.getType(), s));
  }

  /// Quantizes an activation operand of an integer-capable op.
  void activation(OpBuilder &b, OpOperand &use) {
    Value v = use.get();
    DenseFPElementsAttr c;
    if (matchPattern(v, m_Constant(&c))) {
      quantizeConstant(b, use, c, false, std::nullopt);
      return;
    }
    if (quantized.count(v))
      return;
    if (auto r = rangeOf(v))
      insertPair(b, v, activationParams(&getContext(), r->first, r->second, activationBits));
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (activationBits != 8 && activationBits != 16) {
      func.emitError() << "activation-bits must be 8 or 16, got " << activationBits;
      return signalPassFailure();
    }
    OpBuilder b(&getContext());
    llvm::StringSet<> keep;
    for (const std::string &n : keepFloat)
      keep.insert(n);
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (isa<nn::ConvOp, nn::GemmOp, nn::MatMulOp, nn::AddOp, nn::AvgPoolOp, nn::GlobalAvgPoolOp,
              nn::MaxPoolOp, nn::ReluOp, nn::ClipOp, nn::ReshapeOp, nn::TransposeOp, nn::ConcatOp>(op) &&
          !keep.contains(nn::onnxNodeName(op->getLoc())) &&
          cast<RankedTensorType>(op->getResult(0).getType()).getElementType().isF32())
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      // Weights first: a conv/gemm/matmul without constant weights stays float.
      if (isa<nn::ConvOp, nn::GemmOp, nn::MatMulOp>(op)) {
        DenseFPElementsAttr w;
        if (!matchPattern(op->getOperand(1), m_Constant(&w)))
          continue;
        std::optional<int> axis = 0;
        if (auto g = dyn_cast<nn::GemmOp>(op))
          axis = g.getTransB() ? 0 : 1;
        else if (isa<nn::MatMulOp>(op))
          axis = 1;
        quantizeConstant(b, op->getOpOperand(1), w, true, axis);
        activation(b, op->getOpOperand(0));
      } else if (isa<nn::AddOp, nn::ConcatOp>(op)) {
        for (OpOperand &operand : op->getOpOperands())
          activation(b, operand);
      } else {
        activation(b, op->getOpOperand(0));
      }
      Value result = op->getResult(0);
      // Max pooling and data movement keep their input's parameters.
      if (isa<nn::MaxPoolOp, nn::ReshapeOp, nn::TransposeOp>(op)) {
        Value in = op->getOperand(0);
        if (auto d = in.getDefiningOp<DequantizeOp>())
          insertPair(b, result, cast<UniformQuantizedType>(d.getInput().getType().getElementType()));
        continue;
      }
      if (auto r = rangeOf(result))
        insertPair(b, result, activationParams(&getContext(), r->first, r->second, activationBits));
    }
  }
};

} // namespace
