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
inline constexpr const char *kSupportedTypes =
    "FLOAT, FLOAT16, DOUBLE, INT64, INT32, INT16, INT8, UINT64, UINT32, UINT16, UINT8, BOOL";

/// float16 constants as float32 (exact): the importer computes float16
/// models in float32 and keeps float16 only at the model's inputs and
/// outputs.
mlir::DenseElementsAttr widenFloat16(mlir::DenseElementsAttr attr);

/// Maps an ONNX element type to MLIR, or null if unsupported.
mlir::Type elementTypeFor(int32_t onnxType, mlir::MLIRContext *ctx);
llvm::StringRef onnxTypeName(int32_t onnxType);

} // namespace edgec::onnx_import

#endif
