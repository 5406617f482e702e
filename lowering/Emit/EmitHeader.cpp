//===- EmitHeader.cpp - The generated header and C source -----------------===//
//
// The header is the ABI the application codes against (design.md,
// "Generated code contract"); it is written from the model's interface,
// not from IR. The C body comes from EmitC's printer.
//
//===----------------------------------------------------------------------===//
#include "lowering/Emit/Emit.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace edgec {

int64_t TensorDesc::bytes() const {
  int64_t n = std::max<int64_t>(1, elementType.getIntOrFloatBitWidth() / 8);
  for (int64_t d : shape)
    n *= d;
  return n;
}

FailureOr<ModelInterface> describeInterface(ModuleOp module, StringRef name) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError("no entry function @main"), failure();
  ModelInterface iface;
  iface.name = name.str();
  auto inNames = func->getAttrOfType<ArrayAttr>("edgec.input_names");
  auto outNames = func->getAttrOfType<ArrayAttr>("edgec.output_names");
  // A quantized tensor crosses the boundary as its storage integers; the
  // descriptor carries its scale and zero point (quant.scast next to it).
  auto quantOf = [](Value v) -> quant::UniformQuantizedType {
    if (auto sc = v ? v.getDefiningOp<quant::StorageCastOp>() : nullptr)
      return dyn_cast<quant::UniformQuantizedType>(
          cast<ShapedType>(sc.getInput().getType()).getElementType());
    if (auto arg = dyn_cast_or_null<BlockArgument>(v))
      for (Operation *u : arg.getUsers())
        if (auto sc = dyn_cast<quant::StorageCastOp>(u))
          return dyn_cast<quant::UniformQuantizedType>(
              cast<ShapedType>(sc.getResult().getType()).getElementType());
    return {};
  };
  SmallVector<Value> argValues(func.getArguments().begin(), func.getArguments().end());
  SmallVector<Value> resultValues;
  if (!func.getBody().empty())
    resultValues.assign(func.getBody().front().getTerminator()->operand_begin(),
                        func.getBody().front().getTerminator()->operand_end());
  auto describe = [&](TypeRange types, ArrayAttr names, ArrayRef<Value> values,
                      std::vector<TensorDesc> &out) -> LogicalResult {
    for (auto [i, t] : llvm::enumerate(types)) {
      auto st = dyn_cast<ShapedType>(t);
      if (!st || !st.hasStaticShape())
        return func.emitError("entry point type ") << t << " is not a static tensor", failure();
      TensorDesc d;
      d.name = names && i < names.size() ? cast<StringAttr>(names[i]).str() : ("t" + std::to_string(i));
      d.elementType = st.getElementType();
      d.shape.assign(st.getShape().begin(), st.getShape().end());
      if (auto q = quantOf(i < values.size() ? values[i] : Value())) {
        d.scale = q.getScale();
        d.zeroPoint = q.getZeroPoint();
      }
      out.push_back(d);
    }
    return success();
  };
  if (failed(describe(func.getArgumentTypes(), inNames, argValues, iface.inputs)) ||
      failed(describe(func.getResultTypes(), outNames, resultValues, iface.outputs)))
    return failure();
  return iface;
}

static StringRef cType(Type t) {
  if (t.isF32()) return "float";
  if (t.isF64()) return "double";
  if (t.isF16() || t.isBF16()) return "uint16_t"; // bit patterns
  if (isa<FloatType>(t) && t.getIntOrFloatBitWidth() < 16) return "uint8_t"; // float8/float4 bits
  if (t.isUnsignedInteger(4) || t.isUnsignedInteger(2)) return "uint8_t"; // one per byte
  if (t.isInteger(4) || t.isInteger(2)) return "int8_t";
  if (t.isInteger(1)) return "bool";
  if (t.isUnsignedInteger(64)) return "uint64_t";
  if (t.isUnsignedInteger(32)) return "uint32_t";
  if (t.isUnsignedInteger(16)) return "uint16_t";
  if (t.isUnsignedInteger(8)) return "uint8_t";
  if (t.isInteger(64)) return "int64_t";
  if (t.isInteger(32)) return "int32_t";
  if (t.isInteger(16)) return "int16_t";
  if (t.isInteger(8)) return "int8_t";
  return "void";
}

static StringRef dtypeEnum(Type t) {
  if (t.isF32()) return "EDGEC_DTYPE_FLOAT32";
  if (t.isF64()) return "EDGEC_DTYPE_FLOAT64";
  if (t.isF16()) return "EDGEC_DTYPE_FLOAT16";
  if (t.isBF16()) return "EDGEC_DTYPE_BFLOAT16";
  if (isa<Float8E4M3FNType>(t)) return "EDGEC_DTYPE_FLOAT8E4M3FN";
  if (isa<Float8E4M3FNUZType>(t)) return "EDGEC_DTYPE_FLOAT8E4M3FNUZ";
  if (isa<Float8E5M2Type>(t)) return "EDGEC_DTYPE_FLOAT8E5M2";
  if (isa<Float8E5M2FNUZType>(t)) return "EDGEC_DTYPE_FLOAT8E5M2FNUZ";
  if (isa<Float4E2M1FNType>(t)) return "EDGEC_DTYPE_FLOAT4E2M1";
  if (t.isUnsignedInteger(4)) return "EDGEC_DTYPE_UINT4";
  if (t.isUnsignedInteger(2)) return "EDGEC_DTYPE_UINT2";
  if (t.isInteger(4)) return "EDGEC_DTYPE_INT4";
  if (t.isInteger(2)) return "EDGEC_DTYPE_INT2";
  if (t.isInteger(1)) return "EDGEC_DTYPE_BOOL";
  if (t.isUnsignedInteger(64)) return "EDGEC_DTYPE_UINT64";
  if (t.isUnsignedInteger(32)) return "EDGEC_DTYPE_UINT32";
  if (t.isUnsignedInteger(16)) return "EDGEC_DTYPE_UINT16";
  if (t.isUnsignedInteger(8)) return "EDGEC_DTYPE_UINT8";
  if (t.isInteger(64)) return "EDGEC_DTYPE_INT64";
  if (t.isInteger(32)) return "EDGEC_DTYPE_INT32";
  if (t.isInteger(16)) return "EDGEC_DTYPE_INT16";
  return "EDGEC_DTYPE_INT8";
}

/// Escapes an ONNX name for a C string literal.
static std::string cString(StringRef s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) {
      out += llvm::formatv("\\{0:o3}", (unsigned)(unsigned char)c).str();
      continue;
    }
    out += c;
  }
  return out;
}

static void writeDescs(llvm::raw_ostream &os, StringRef array, StringRef count,
                       const std::vector<TensorDesc> &descs) {
  if (descs.empty()) {
    // ISO C has no zero-size arrays: one unused entry (the count is 0).
    os << "static const edgec_tensor_info " << array << "[1] = {\n"
       << "    {\"\", EDGEC_DTYPE_FLOAT32, 0u, {0, 0, 0, 0, 0, 0, 0, 0}, 0u, 0.0f, 0}, /* none; "
       << count << " is 0 */\n};\n";
    return;
  }
  os << "static const edgec_tensor_info " << array << "[" << count << "] = {\n";
  for (const TensorDesc &d : descs) {
    os << "    {\"" << cString(d.name) << "\", " << dtypeEnum(d.elementType) << ", "
       << d.shape.size() << "u, {";
    for (size_t i = 0; i < 8; ++i)
      os << (i ? ", " : "") << (i < d.shape.size() ? d.shape[i] : 0);
    os << "}, " << d.bytes() << "u, ";
    if (d.scale != 0.0)
      os << llvm::format("%.9ef", d.scale) << ", " << d.zeroPoint << "},\n";
    else
      os << "0.0f, 0},\n";
  }
  os << "};\n";
}

void writeHeader(const ModelInterface &m, llvm::raw_ostream &os) {
  std::string up = llvm::StringRef(m.name).upper();
  std::string guard = up + "_EDGEC_H";
  os << "/* " << m.name << ".h - generated by edgec; do not edit. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include \"edgec/runtime.h\"\n\n"
     << "#if EDGEC_ABI_VERSION != 1\n#error \"" << m.name
     << ".h was generated for edgec runtime ABI 1\"\n#endif\n"
     << "#if EDGEC_ARENA_ALIGNMENT < " << m.arenaAlignment << "\n#error \"" << m.name
     << " was planned for " << m.arenaAlignment << "-byte arena alignment\"\n#endif\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/** Exact bytes of scratch memory `" << m.name << "_run` needs. */\n"
     << "#define " << up << "_ARENA_SIZE " << m.arenaSize << "u\n"
     << "#define " << up << "_NUM_INPUTS " << m.inputs.size() << "u\n"
     << "#define " << up << "_NUM_OUTPUTS " << m.outputs.size() << "u\n\n";
  os << "/*\n * Weights are constant symbols " << m.name << "_weight0, " << m.name
     << "_weight1, ... (flash, never written).\n";
  if (m.emitKind == "obj")
    os << " * In the object file they are in section "
       << (m.weightsSection.empty() ? std::string(".rodata") : m.weightsSection)
       << " (edgec --weights-section=NAME);\n * place it with a linker-script line such as\n"
       << " *   .model_weights : { *(" << (m.weightsSection.empty() ? std::string(".rodata") : m.weightsSection)
       << "*) } > FLASH\n";
  else
    os << " * In the C output they are static const arrays; compile it with -fdata-sections\n"
       << " * and place them with a linker-script line such as\n"
       << " *   .model_weights : { *(.rodata." << m.name << "_weight*) } > FLASH\n";
  os << " */\n\n";
  writeDescs(os, m.name + "_inputs", up + "_NUM_INPUTS", m.inputs);
  writeDescs(os, m.name + "_outputs", up + "_NUM_OUTPUTS", m.outputs);
  // The kernel is the compiled model; its parameters mirror EmitC's output.
  os << "\n/** The compiled model; call " << m.name << "_run instead. */\nvoid "
     << m.kernelSymbol() << "(";
  int arg = 0;
  for (const auto *list : {&m.inputs, &m.outputs})
    for (const TensorDesc &d : *list)
      os << (arg++ ? ", " : "") << cType(d.elementType) << " *";
  os << (arg ? ", " : "") << "int8_t *arena);\n\n";
  os << "/**\n * Runs the model. `inputs` and `outputs` hold " << m.inputs.size() << " and "
     << m.outputs.size() << " dense buffers laid out as\n * described by " << m.name
     << "_inputs/" << m.name << "_outputs; `arena` must hold " << up
     << "_ARENA_SIZE bytes\n * aligned to EDGEC_ARENA_ALIGNMENT. Reentrant: all state lives in "
        "`arena`.\n */\n"
     << "static inline edgec_status " << m.name
     << "_run(const void *const inputs[], void *const outputs[],\n"
     << "    void *arena, size_t arena_size) {\n"
     << "  EDGEC_RETURN_IF_ERROR(edgec_check_run_args(inputs, " << up << "_NUM_INPUTS, outputs, "
     << up << "_NUM_OUTPUTS,\n      arena, arena_size, " << up << "_ARENA_SIZE));\n"
     << "  " << m.kernelSymbol() << "(";
  arg = 0;
  for (size_t i = 0; i < m.inputs.size(); ++i)
    os << (arg++ ? ", " : "") << "(" << cType(m.inputs[i].elementType) << " *)inputs[" << i << "]";
  for (size_t i = 0; i < m.outputs.size(); ++i)
    os << (arg++ ? ", " : "") << "(" << cType(m.outputs[i].elementType) << " *)outputs[" << i << "]";
  os << (arg ? ", " : "") << "(int8_t *)arena);\n  return EDGEC_OK;\n}\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}

LogicalResult writeC(ModuleOp module, const ModelInterface &m, llvm::raw_ostream &os) {
  os << "/* " << m.name << ".c - generated by edgec; do not edit.\n"
     << " * C99, no heap, no globals written. Needs <math.h> only for exp/tanh. */\n";
  return emitc::translateToCpp(module, os, /*declareVariablesAtTop=*/false);
}

} // namespace edgec
