//===- OnnxNode.h - Importer internals shared by graph and op handlers ----===//
//
// A handler turns one ONNX node into nn ops. It sees the node through
// NodeContext: operands already imported, typed attribute accessors with
// defaults, and error reporting that names the node.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_IMPORT_ONNXNODE_H
#define EDGEC_COMPILER_IMPORT_ONNXNODE_H

#include "onnx.pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ArrayRef.h"
#include <functional>

namespace edgec::onnx_import {

class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, int64_t opset, mlir::OpBuilder &b,
              mlir::Location loc, llvm::SmallVector<mlir::Value> inputs)
      : node(node), opset(opset), b(b), loc(loc), inputs(std::move(inputs)) {}

  const onnx::NodeProto &node;
  /// The node's name, or a stable stand-in ("<op_type>#<index>") if unnamed.
  std::string name;
  int64_t opset;
  mlir::OpBuilder &b;
  mlir::Location loc;
  /// One entry per ONNX input; null for an omitted optional input ("").
  llvm::SmallVector<mlir::Value> inputs;

  mlir::Value input(size_t i) const { return i < inputs.size() ? inputs[i] : mlir::Value(); }
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<llvm::SmallVector<int64_t>> getInts(llvm::StringRef name) const;

  /// Values of a constant i64 input (shape, axes, pads...), if constant.
  std::optional<llvm::SmallVector<int64_t>> constantInts(size_t i) const;
  /// A constant f32 scalar input (e.g. Clip bounds), if constant.
  std::optional<float> constantFloat(size_t i) const;
  /// Whether input `i` is constant (binding `attr`); records it otherwise.
  bool constantInput(size_t i, mlir::DenseElementsAttr &attr) const;
  /// Inputs a handler needed at compile time and found computed at run
  /// time (the importer then names the model inputs they come from).
  mutable llvm::SmallVector<size_t> wantedConstants;
  /// Imports a subgraph attribute (If branch, Scan or Loop body) in place,
  /// with its inputs bound to `inputs`; returns its outputs.
  std::function<mlir::FailureOr<llvm::SmallVector<mlir::Value>>(const onnx::GraphProto &,
                                                                 llvm::ArrayRef<mlir::Value>)>
      subgraph;

  /// Reports an error naming this node; always returns failure().
  mlir::LogicalResult error(const llvm::Twine &msg) const;
};

using HandlerFn = std::function<mlir::LogicalResult(
    NodeContext &, llvm::SmallVectorImpl<mlir::Value> &results)>;

/// A handler covers opsets [sinceVersion, untilVersion] of one operator of
/// the default ONNX domain.
struct OpHandler {
  llvm::StringRef opType;
  int64_t sinceVersion;
  int64_t untilVersion;
  HandlerFn fn;
};

/// All handlers of the default domain ("" / "ai.onnx").
llvm::ArrayRef<OpHandler> getDefaultDomainHandlers();

/// The handler for `opType` at `opset`, or nullptr.
const OpHandler *findHandler(llvm::StringRef opType, int64_t opset);

/// ONNX Runtime's com.microsoft operators edgec imports (the QLinear* ops
/// of its quantizer).
llvm::ArrayRef<OpHandler> getMicrosoftDomainHandlers();

/// The handler for `opType` of `domain` ("" / "ai.onnx" at opset
/// `version`, or "com.microsoft"), or nullptr.
const OpHandler *findHandler(llvm::StringRef domain, llvm::StringRef opType, int64_t version);

/// Converts a TensorProto into dense elements; reports errors through
/// `fail`, which receives a message.
mlir::FailureOr<mlir::DenseElementsAttr>
tensorToAttr(const onnx::TensorProto &t, mlir::MLIRContext *ctx,
             llvm::StringRef baseDir, uint64_t maxBytes,
             const std::function<void(const llvm::Twine &)> &fail);

/// The ONNX element types edgec imports, for messages.
/// ONNX element types newer than the onnx.proto edgec builds against
/// (Debian's); TensorProto.data_type is a plain int32, so they still parse.
enum NewerOnnxTypes : int32_t {
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUInt4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUInt2 = 25,
  kInt2 = 26,
};

inline constexpr const char *kSupportedTypes =
    "FLOAT, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, "
    "FLOAT4E2M1, DOUBLE, INT64, INT32, INT16, INT8, INT4, INT2, UINT64, UINT32, UINT16, UINT8, "
    "UINT4, UINT2, BOOL";

/// Narrow types are stored, never computed on: float16, bfloat16, float8
/// and float4 values are float32 inside edgec, int4/int2 (uint4/uint2) are
/// int8 (uint8). Returns the type `t` is computed in, or null if `t` is
/// not narrow.
mlir::Type computeTypeFor(mlir::Type t);

/// Narrow-type constants in their compute type (exact).
mlir::DenseElementsAttr widenNarrow(mlir::DenseElementsAttr attr);

/// Maps an ONNX element type to MLIR, or null if unsupported.
mlir::Type elementTypeFor(int32_t onnxType, mlir::MLIRContext *ctx);
llvm::StringRef onnxTypeName(int32_t onnxType);

} // namespace edgec::onnx_import

#endif
