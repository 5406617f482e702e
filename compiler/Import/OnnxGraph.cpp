//===- OnnxGraph.cpp - Tensors, attributes and node context ---------------===//
#include "compiler/Import/OnnxNode.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace edgec::onnx_import {

Type elementTypeFor(int32_t t, MLIRContext *ctx) {
  switch (t) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16:
    return Float16Type::get(ctx);
  case onnx::TensorProto::BFLOAT16:
    return BFloat16Type::get(ctx);
  case kFloat8E4M3FN:
    return Float8E4M3FNType::get(ctx);
  case kFloat8E4M3FNUZ:
    return Float8E4M3FNUZType::get(ctx);
  case kFloat8E5M2:
    return Float8E5M2Type::get(ctx);
  case kFloat8E5M2FNUZ:
    return Float8E5M2FNUZType::get(ctx);
  case kFloat4E2M1:
    return Float4E2M1FNType::get(ctx);
  case kInt4:
    return IntegerType::get(ctx, 4);
  case kUInt4:
    return IntegerType::get(ctx, 4, IntegerType::Unsigned);
  case kInt2:
    return IntegerType::get(ctx, 2);
  case kUInt2:
    return IntegerType::get(ctx, 2, IntegerType::Unsigned);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT16:
    return IntegerType::get(ctx, 16);
  case onnx::TensorProto::INT8:
    return IntegerType::get(ctx, 8);
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT16:
    return IntegerType::get(ctx, 16, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(ctx, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(ctx, 64, IntegerType::Unsigned);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(ctx, 1);
  default:
    return {};
  }
}

StringRef onnxTypeName(int32_t t) {
  static const char *const newer[] = {"FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4",
                                      "INT4",         "FLOAT4E2M1",     "FLOAT8E8M0", "UINT2",          "INT2"};
  if (t >= kFloat8E4M3FN && t <= kInt2)
    return newer[t - kFloat8E4M3FN];
  if (onnx::TensorProto::DataType_IsValid(t))
    return onnx::TensorProto::DataType_Name(static_cast<onnx::TensorProto::DataType>(t));
  return "invalid";
}

/// Reads the bytes of an external-data tensor, refusing paths that leave the
/// model's directory.
static FailureOr<std::string> readExternal(const onnx::TensorProto &t, StringRef baseDir,
                                           uint64_t want,
                                           const std::function<void(const Twine &)> &fail) {
  std::string location;
  uint64_t offset = 0, length = want;
  for (const auto &kv : t.external_data()) {
    if (kv.key() == "location")
      location = kv.value();
    else if (kv.key() == "offset" || kv.key() == "length") {
      uint64_t v;
      if (StringRef(kv.value()).getAsInteger(10, v)) {
        fail("external data " + kv.key() + " '" + kv.value() + "' is not a number");
        return failure();
      }
      (kv.key() == "offset" ? offset : length) = v;
    }
  }
  if (baseDir.empty()) {
    fail("external data is not available for in-memory models");
    return failure();
  }
  if (location.empty() || llvm::sys::path::is_absolute(location) ||
      StringRef(location).contains("..")) {
    fail("external data location '" + location + "' must be a relative path beside the model");
    return failure();
  }
  if (length != want) {
    fail("external data length " + Twine(length) + " disagrees with the shape (" + Twine(want) +
         " bytes)");
    return failure();
  }
  SmallString<256> path(baseDir);
  llvm::sys::path::append(path, location);
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buf) {
    fail("cannot read external data file '" + path + "': " + buf.getError().message());
    return failure();
  }
  if (offset > (*buf)->getBufferSize() || (*buf)->getBufferSize() - offset < length) {
    fail("external data file '" + path + "' is shorter than offset + length");
    return failure();
  }
  return std::string((*buf)->getBufferStart() + offset, length);
}

FailureOr<DenseElementsAttr> tensorToAttr(const onnx::TensorProto &t, MLIRContext *ctx,
                                          StringRef baseDir, uint64_t maxBytes,
                                          const std::function<void(const Twine &)> &fail) {
  Type elt = elementTypeFor(t.data_type(), ctx);
  if (!elt) {
    fail("tensor '" + t.name() + "' has element type " + onnxTypeName(t.data_type()) +
         "; supported: " + kSupportedTypes);
    return failure();
  }
  SmallVector<int64_t> shape;
  uint64_t count = 1;
  for (int64_t d : t.dims()) {
    // Refuse before multiplying, so a hostile shape cannot overflow.
    if (d < 0 || (d > 0 && count > maxBytes / (uint64_t)d)) {
      fail("tensor '" + t.name() + "' has an invalid or too large dimension " + Twine(d));
      return failure();
    }
    count *= d;
    shape.push_back(d);
  }
  // int4, int2 and float4 pack 2 or 4 elements per byte, first in the low bits.
  unsigned eltBits = elt.isInteger(1) ? 8 : elt.getIntOrFloatBitWidth();
  uint64_t eltBytes = eltBits / 8, dataBytes = eltBits < 8 ? (count * eltBits + 7) / 8 : count * eltBytes;
  if (dataBytes > maxBytes) {
    fail("tensor '" + t.name() + "' needs " + Twine(dataBytes) + " bytes, above the limit");
    return failure();
  }
  auto type = RankedTensorType::get(shape, elt);

  std::string raw;
  bool external = t.data_location() == onnx::TensorProto::EXTERNAL;
  if (external) {
    auto bytes = readExternal(t, baseDir, dataBytes, fail);
    if (failed(bytes))
      return failure();
    raw = std::move(*bytes);
  } else if (t.has_raw_data()) {
    raw = t.raw_data();
  }
  if (external || t.has_raw_data()) {
    if (raw.size() != dataBytes) {
      fail("tensor '" + t.name() + "' holds " + Twine(raw.size()) + " bytes of data but its shape " +
           "needs " + Twine(dataBytes));
      return failure();
    }
    if (eltBits < 8) {
      SmallVector<APInt> bits;
      for (uint64_t k = 0; k < count; ++k) {
        uint64_t at = k * eltBits;
        bits.push_back(APInt(eltBits, ((unsigned char)raw[at / 8] >> (at % 8)) & ((1u << eltBits) - 1)));
      }
      if (auto ft = dyn_cast<FloatType>(elt))
        return DenseElementsAttr::get(
            type, llvm::map_to_vector(bits, [&](const APInt &b) { return APFloat(ft.getFloatSemantics(), b); }));
      return DenseElementsAttr::get(type, bits);
    }
    if (elt.isInteger(1)) {
      SmallVector<bool> v;
      for (char c : raw)
        v.push_back(c != 0);
      return DenseElementsAttr::get(type, ArrayRef<bool>(v));
    }
    // ONNX raw data is little-endian, like every host edgec runs on.
    return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(raw.data(), raw.size()));
  }
  auto sizeMismatch = [&](uint64_t have) {
    fail("tensor '" + t.name() + "' holds " + Twine(have) + " values but its shape needs " +
         Twine(count));
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if ((uint64_t)t.float_data_size() != count)
      return sizeMismatch(t.float_data_size()), failure();
    return DenseElementsAttr::get(type, ArrayRef<float>(t.float_data().data(), count));
  }
  case onnx::TensorProto::DOUBLE: {
    if ((uint64_t)t.double_data_size() != count)
      return sizeMismatch(t.double_data_size()), failure();
    return DenseElementsAttr::get(type, ArrayRef<double>(t.double_data().data(), count));
  }
  case onnx::TensorProto::INT64: {
    if ((uint64_t)t.int64_data_size() != count)
      return sizeMismatch(t.int64_data_size()), failure();
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(t.int64_data().data(), count));
  }
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
  case kFloat8E4M3FN:
  case kFloat8E4M3FNUZ:
  case kFloat8E5M2:
  case kFloat8E5M2FNUZ: {
    // The bit patterns, widened in int32_data.
    if ((uint64_t)t.int32_data_size() != count)
      return sizeMismatch(t.int32_data_size()), failure();
    SmallVector<APFloat> v;
    const llvm::fltSemantics &sem = cast<FloatType>(elt).getFloatSemantics();
    for (int32_t x : t.int32_data())
      v.push_back(APFloat(sem, APInt(eltBits, (uint64_t)(uint32_t)x, /*isSigned=*/false, /*implicitTrunc=*/true)));
    return DenseElementsAttr::get(type, v);
  }
  case kFloat4E2M1:
  case kInt4:
  case kUInt4:
  case kInt2:
  case kUInt2:
    fail("tensor '" + t.name() + "' of " + onnxTypeName(t.data_type()) +
         " must hold its data in raw_data (packed), not in int32_data");
    return failure();
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    if ((uint64_t)t.uint64_data_size() != count)
      return sizeMismatch(t.uint64_data_size()), failure();
    SmallVector<APInt> v;
    unsigned width = elt.getIntOrFloatBitWidth();
    for (uint64_t x : t.uint64_data())
      v.push_back(APInt(width, x, /*isSigned=*/false, /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, v);
  }
  default: {
    // INT32, INT16, INT8, UINT16, UINT8 and BOOL are stored widened in
    // int32_data.
    if ((uint64_t)t.int32_data_size() != count)
      return sizeMismatch(t.int32_data_size()), failure();
    SmallVector<APInt> v;
    unsigned width = elt.getIntOrFloatBitWidth();
    for (int32_t x : t.int32_data())
      v.push_back(APInt(width, (uint64_t)(int64_t)x, /*isSigned=*/true, /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, v);
  }
  }
}

Type computeTypeFor(Type t) {
  MLIRContext *ctx = t.getContext();
  if (auto ft = dyn_cast<FloatType>(t); ft && (ft.getWidth() < 16 || ft.isF16() || ft.isBF16()))
    return Float32Type::get(ctx);
  if (auto it = dyn_cast<IntegerType>(t); it && it.getWidth() > 1 && it.getWidth() < 8)
    return IntegerType::get(ctx, 8, it.getSignedness());
  return {};
}

DenseElementsAttr widenNarrow(DenseElementsAttr attr) {
  Type wide = computeTypeFor(attr.getElementType());
  if (!wide)
    return attr;
  auto type = attr.getType().clone(wide);
  if (isa<FloatType>(wide)) {
    SmallVector<APFloat> v;
    for (APFloat x : attr.getValues<APFloat>()) {
      bool lost;
      x.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
      v.push_back(x);
    }
    return DenseElementsAttr::get(type, v);
  }
  bool isUnsigned = attr.getElementType().isUnsignedInteger();
  return DenseElementsAttr::get(type, llvm::map_to_vector(attr.getValues<APInt>(), [&](const APInt &x) {
                                  return isUnsigned ? x.zext(8) : x.sext(8);
                                }));
}

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::getInt(StringRef name, int64_t dflt) const {
  const auto *a = attr(name);
  return a ? a->i() : dflt;
}

float NodeContext::getFloat(StringRef name, float dflt) const {
  const auto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string NodeContext::getString(StringRef name, StringRef dflt) const {
  const auto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>> NodeContext::getInts(StringRef name) const {
  const auto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

bool NodeContext::constantInput(size_t i, DenseElementsAttr &attr) const {
  Value v = input(i);
  if (v && matchPattern(v, m_Constant(&attr)))
    return true;
  if (v)
    wantedConstants.push_back(i);
  return false;
}

std::optional<SmallVector<int64_t>> NodeContext::constantInts(size_t i) const {
  DenseElementsAttr any;
  if (!constantInput(i, any))
    return std::nullopt;
  auto attr = dyn_cast<DenseIntElementsAttr>(any);
  if (!attr)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &x : attr.getValues<APInt>())
    out.push_back(x.getSExtValue());
  return out;
}

std::optional<float> NodeContext::constantFloat(size_t i) const {
  DenseElementsAttr any;
  if (!constantInput(i, any))
    return std::nullopt;
  auto attr = dyn_cast<DenseFPElementsAttr>(any);
  if (!attr || attr.getNumElements() != 1)
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToFloat();
}

LogicalResult NodeContext::error(const Twine &msg) const {
  // The location names the node; diagnostics print it before the message.
  return emitError(loc) << node.op_type() << " (opset " << opset << "): " << msg;
}

} // namespace edgec::onnx_import
