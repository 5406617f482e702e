//===- OnnxImporter.cpp - ONNX protobuf to the nn dialect -----------------===//
//
// Import runs in three steps, each refusing bad input with a message that
// names the file and the node:
//   1. parse (binary or text protobuf) and check the model's opset;
//   2. check the graph: every node has a handler (all unsupported nodes are
//      listed at once), every input is produced, there is no cycle;
//   3. build func @main in topological order, one handler per node.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/OnnxImporter.h"
#include "compiler/Import/OnnxNode.h"
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/IR/QNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

using namespace mlir;
using namespace edgec::onnx_import;

namespace edgec {

void registerImportDialects(MLIRContext &ctx) {
  ctx.loadDialect<nn::NNDialect, qnn::QNNDialect, quant::QuantDialect, func::FuncDialect>();
}

std::string parseInputShape(StringRef spec, ImportOptions &opts) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || dims.empty() || !spec.contains('='))
    return ("--input-shape '" + spec + "' must look like name=1x3x96x96").str();
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d <= 0)
      return ("--input-shape '" + spec + "': dimension '" + p + "' is not a positive integer").str();
    shape.push_back(d);
  }
  opts.inputShapes[name] = shape;
  return "";
}

std::string parseInputValue(StringRef spec, ImportOptions &opts) {
  auto [name, path] = spec.split('=');
  if (name.empty() || path.empty() || !spec.contains('='))
    return ("--bind '" + spec + "' must look like name=tensor.pb").str();
  if (opts.inputValues.count(name))
    return ("--bind gives input '" + name + "' twice").str();
  opts.inputValues[name] = path.str();
  return "";
}

namespace {

/// Collects protobuf text-format errors instead of letting them hit stderr.
class TextErrors : public google::protobuf::io::ErrorCollector {
public:
  std::string first;
  void AddError(int line, int col, const std::string &msg) override {
    if (first.empty())
      first = "line " + std::to_string(line + 1) + ":" + std::to_string(col + 1) + ": " + msg;
  }
};

class GraphImporter {
public:
  GraphImporter(MLIRContext *ctx, const onnx::ModelProto &model, StringRef file,
                StringRef baseDir, const ImportOptions &opts)
      : ctx(ctx), model(model), graph(model.graph()), file(file), baseDir(baseDir),
        opts(opts), builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  InFlightDiagnostic fail() { return emitError(FileLineColLoc::get(ctx, file, 0, 0)); }
  LogicalResult resolveOpset();
  LogicalResult checkSupported();
  LogicalResult sortNodes(SmallVectorImpl<int> &order);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &vi, std::string &symbolic);
  Value foldEagerly(Value v);
  std::string nodeName(int i) const {
    const auto &n = graph.node(i);
    return n.name().empty() ? (n.op_type() + "#" + std::to_string(i)) : n.name();
  }

  MLIRContext *ctx;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  std::string file, baseDir;
  const ImportOptions &opts;
  OpBuilder builder;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  llvm::StringSet<> initializerNames;
};

/// Folds the op defining `v` right away when its operands are constant, so
/// shape subgraphs (Shape -> Gather -> Concat -> Reshape) resolve while the
/// graph is built and later handlers see static shapes. The graph phase
/// folds the same way for IR that did not come through the importer.
Value GraphImporter::foldEagerly(Value v) {
  Operation *op = v.getDefiningOp();
  if (!op || isa<nn::ConstantOp>(op) || op->getNumResults() != 1)
    return v;
  SmallVector<OpFoldResult> folded;
  if (failed(op->fold(folded)) || folded.size() != 1)
    return v;
  Value repl = dyn_cast<Value>(folded[0]);
  if (!repl) {
    auto attr = dyn_cast<ElementsAttr>(cast<Attribute>(folded[0]));
    if (!attr || attr.getType() != v.getType())
      return v;
    OpBuilder b(op);
    repl = nn::ConstantOp::create(b, op->getLoc(), v.getType(), attr);
  }
  v.replaceAllUsesWith(repl);
  if (op->use_empty())
    op->erase();
  return repl;
}

LogicalResult GraphImporter::resolveOpset() {
  for (const auto &o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx")
      opset = o.version();
  // IR version 3 and later must declare an opset; older models use opset 1.
  if (model.opset_import_size() == 0 && model.ir_version() < 3)
    opset = 1;
  if (opset == 0) {
    std::string domains;
    for (const auto &o : model.opset_import())
      domains += " '" + o.domain() + "' v" + std::to_string(o.version());
    return fail() << "the model imports no version of the default domain (ai.onnx); it imports:"
                  << (domains.empty() ? std::string(" nothing") : domains)
                  << ". edgec supports ai.onnx opsets 1 to 27", failure();
  }
  // Each operator is imported from the opset its current semantics began
  // (--list-ops); an older model's node outside that range is unsupported.
  if (opset < 1 || opset > 27)
    return fail() << "model uses default-domain opset " << opset
                  << "; edgec supports opsets 1 to 27", failure();
  return success();
}

LogicalResult GraphImporter::checkSupported() {
  std::string missing;
  int count = 0;
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto &n = graph.node(i);
    bool defaultDomain = n.domain().empty() || n.domain() == "ai.onnx";
    if (findHandler(n.domain(), n.op_type(), opset))
      continue;
    ++count;
    int64_t version = opset;
    if (!defaultDomain) {
      version = -1;
      for (const auto &o : model.opset_import())
        if (o.domain() == n.domain())
          version = o.version();
    }
    missing += "\n  node '" + nodeName(i) + "': op_type " + n.op_type() + ", domain '" +
               (n.domain().empty() ? std::string("ai.onnx") : n.domain()) + "', opset " +
               (version < 0 ? std::string("(not imported)") : std::to_string(version));
  }
  if (count == 0)
    return success();
  std::string supported;
  llvm::StringSet<> seen;
  for (const auto &h : getDefaultDomainHandlers())
    if (seen.insert(h.opType).second)
      supported += (supported.empty() ? "" : ", ") + h.opType.str();
  std::string microsoft;
  for (const auto &h : getMicrosoftDomainHandlers())
    microsoft += (microsoft.empty() ? "" : ", ") + h.opType.str();
  return fail() << count << " unsupported node" << (count > 1 ? "s" : "") << ":" << missing
                << "\nsupported operators (domain ai.onnx, opsets 1-27; see edgec --list-ops): " << supported
                << "\nsupported operators (domain com.microsoft): " << microsoft,
         failure();
}

LogicalResult GraphImporter::sortNodes(SmallVectorImpl<int> &order) {
  // Producers of every value; graph inputs and initializers are available
  // from the start.
  llvm::StringMap<int> producer;
  for (int i = 0; i < graph.node_size(); ++i)
    for (const auto &out : graph.node(i).output()) {
      if (out.empty())
        continue;
      if (!producer.insert({out, i}).second || values.count(out))
        return fail() << "value '" << out << "' is produced more than once (node '"
                      << nodeName(i) << "')", failure();
    }
  SmallVector<int> pending(graph.node_size(), 0);
  SmallVector<SmallVector<int>> users(graph.node_size());
  // A node also depends on the outer values its subgraphs (If branches,
  // Scan bodies) read.
  std::function<void(const onnx::GraphProto &, llvm::StringSet<> &)> outerReads =
      [&](const onnx::GraphProto &g, llvm::StringSet<> &reads) {
        for (const auto &n : g.node()) {
          for (const auto &in : n.input())
            if (!in.empty() && producer.count(in))
              reads.insert(in);
          for (const auto &a : n.attribute())
            if (a.has_g())
              outerReads(a.g(), reads);
        }
      };
  for (int i = 0; i < graph.node_size(); ++i) {
    llvm::StringSet<> reads, direct;
    for (const auto &in : graph.node(i).input())
      if (!in.empty())
        reads.insert(in), direct.insert(in);
    for (const auto &a : graph.node(i).attribute())
      if (a.has_g())
        outerReads(a.g(), reads);
    for (const auto &entry : reads) {
      StringRef in = entry.getKey();
      if (values.count(in))
        continue;
      auto it = producer.find(in);
      if (it == producer.end())
        return fail() << "node '" << nodeName(i) << "' (" << graph.node(i).op_type()
                      << ") reads '" << in
                      << "', which is no graph input, initializer or node output", failure();
      if (it->second == i && !direct.count(in)) // a subgraph's own name, equal to the node's output
        continue;
      ++pending[i];
      users[it->second].push_back(i);
    }
  }
  SmallVector<int> ready;
  for (int i = graph.node_size() - 1; i >= 0; --i)
    if (pending[i] == 0)
      ready.push_back(i);
  while (!ready.empty()) {
    int i = ready.pop_back_val();
    order.push_back(i);
    for (int u : users[i])
      if (--pending[u] == 0)
        ready.push_back(u);
  }
  if ((int)order.size() != graph.node_size()) {
    for (int i = 0; i < graph.node_size(); ++i)
      if (pending[i] > 0)
        return fail() << "the graph has a cycle through node '" << nodeName(i) << "' ("
                      << graph.node(i).op_type() << ")", failure();
  }
  for (const auto &out : graph.output())
    if (!values.count(out.name()) && !producer.count(out.name()))
      return fail() << "graph output '" << out.name() << "' is never produced", failure();
  return success();
}

static bool isaNarrowTensor(Type t) {
  auto s = dyn_cast<ShapedType>(t);
  return s && computeTypeFor(s.getElementType());
}

/// float16 may only be cast (inputs, outputs and Cast round to it; the
/// model computes in float32). float64 is computed by the ops whose
/// lowering is generic over the float type (elementwise arithmetic and
/// math, comparisons, reductions, casts and data movement); a node that
/// needs another op on float64 is refused.
static LogicalResult checkFloatWidths(NodeContext &nc, ArrayRef<Operation *> created) {
  for (Operation *op : created)
    if (!isa<nn::CastOp>(op) && (llvm::any_of(op->getOperandTypes(), isaNarrowTensor) ||
                                 llvm::any_of(op->getResultTypes(), isaNarrowTensor)))
      return nc.error("float16, bfloat16, float8 and float4 are computed in float32, int4 and int2 in "
                      "int8; this node needs '" + op->getName().getStringRef() + "' on the narrow type");
  auto isF64 = [](Type t) {
    auto s = dyn_cast<ShapedType>(t);
    return s && s.getElementType().isF64();
  };
  for (Operation *op : created) {
    if (llvm::none_of(op->getOperandTypes(), isF64) && llvm::none_of(op->getResultTypes(), isF64))
      continue;
    if (isa<nn::ConstantOp, nn::ReshapeOp, nn::TransposeOp, nn::SliceOp, nn::ConcatOp, nn::GatherOp,
            nn::GatherElementsOp, nn::ScatterElementsOp, nn::GatherNDOp, nn::ScatterNDOp,
            nn::CumulativeOp, nn::ExpandOp, nn::PadOp, nn::IdentityOp,
            nn::CastOp, nn::BitcastOp, nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp, nn::MaxOp, nn::MinOp, nn::ModOp,
            nn::PowOp, nn::EqualOp, nn::GreaterOp, nn::GreaterOrEqualOp, nn::LessOp,
            nn::LessOrEqualOp, nn::WhereOp, nn::ReduceOp, nn::AbsOp, nn::NegOp, nn::ExpOp, nn::LogOp,
            nn::SqrtOp, nn::SinOp, nn::CosOp, nn::TanOp, nn::AsinOp, nn::AcosOp, nn::AtanOp,
            nn::SinhOp, nn::CoshOp, nn::AsinhOp, nn::AcoshOp, nn::AtanhOp, nn::TanhOp, nn::ErfOp,
            nn::FloorOp, nn::CeilOp, nn::RoundOp, nn::ReciprocalOp, nn::SignOp, nn::TriluOp,
            nn::ShapeOp>(op))
      continue;
    return nc.error("float64 is supported by elementwise, reduction, cast and data-movement "
                    "operators; this node needs '" + op->getName().getStringRef() + "' on float64");
  }
  return success();
}

/// The type of a graph input; symbolic dimensions stay dynamic and are
/// described in `symbolic`, so that all of them are reported at once.
FailureOr<RankedTensorType> GraphImporter::inputType(const onnx::ValueInfoProto &vi,
                                                     std::string &symbolic) {
  if (!vi.type().has_tensor_type())
    return fail() << "input '" << vi.name() << "' is not a tensor", failure();
  const auto &tt = vi.type().tensor_type();
  Type elt = elementTypeFor(tt.elem_type(), ctx);
  if (!elt)
    return fail() << "input '" << vi.name() << "' has element type "
                  << onnxTypeName(tt.elem_type())
                  << "; supported: " << kSupportedTypes, failure();
  auto pinned = opts.inputShapes.find(vi.name());
  if (!tt.has_shape() && pinned == opts.inputShapes.end())
    return fail() << "input '" << vi.name()
                  << "' has no shape; give one with --input-shape " << vi.name() << "=...",
           failure();
  SmallVector<int64_t> shape;
  std::string mine;
  for (int d = 0; d < tt.shape().dim_size(); ++d) {
    const auto &dim = tt.shape().dim(d);
    if (dim.has_dim_value()) {
      // 0 is allowed: an empty input holds no data, so it is a constant
      // (an empty list of axes, say); run() checks how it is used.
      if (dim.dim_value() < 0 || dim.dim_value() > (1 << 30))
        return fail() << "input '" << vi.name() << "' dimension " << d << " is "
                      << dim.dim_value() << "; dimensions must be in 0..2^30", failure();
      shape.push_back(dim.dim_value());
    } else {
      shape.push_back(ShapedType::kDynamic);
      mine += "\n  input '" + vi.name() + "' dimension " + std::to_string(d) + " ('" +
                  (dim.dim_param().empty() ? std::string("?") : dim.dim_param()) + "')";
    }
  }
  if (pinned != opts.inputShapes.end()) {
    ArrayRef<int64_t> p = pinned->second;
    if (tt.has_shape() && p.size() != shape.size())
      return fail() << "--input-shape gives " << p.size() << " dimensions for input '"
                    << vi.name() << "', which has rank " << shape.size(), failure();
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] != ShapedType::kDynamic && shape[d] != p[d])
        return fail() << "--input-shape sets dimension " << d << " of input '" << vi.name()
                      << "' to " << p[d] << " but the model fixes it at " << shape[d],
               failure();
    return RankedTensorType::get(p, elt);
  }
  symbolic += mine;
  return RankedTensorType::get(shape, elt);
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (!model.has_graph())
    return fail() << "the file holds no graph (is it an ONNX model?)", nullptr;
  if (failed(resolveOpset()) || failed(checkSupported()))
    return nullptr;
  for (const auto &opt : opts.inputShapes) {
    bool found = llvm::any_of(graph.input(), [&](const auto &vi) { return vi.name() == opt.getKey(); });
    if (!found)
      return fail() << "--input-shape names '" << opt.getKey() << "', which is not a model input",
             nullptr;
  }
  OwningOpRef<ModuleOp> module = ModuleOp::create(FileLineColLoc::get(ctx, file, 0, 0));
  builder.setInsertionPointToEnd(module->getBody());

  // Initializers become constants; old models also list them as inputs.
  SmallVector<std::pair<std::string, DenseElementsAttr>> inits;
  for (const auto &t : graph.initializer()) {
    bool bad = false;
    auto attr = tensorToAttr(t, ctx, baseDir, opts.maxTensorBytes,
                             [&](const Twine &m) { fail() << "initializer: " << m; bad = true; });
    if (failed(attr) || bad)
      return nullptr;
    initializerNames.insert(t.name());
    inits.push_back({t.name(), widenNarrow(*attr)});
  }
  // Bound inputs join the initializers.
  for (const auto &bind : opts.inputValues) {
    StringRef name = bind.getKey();
    const onnx::ValueInfoProto *vi = nullptr;
    for (const auto &in : graph.input())
      if (in.name() == name)
        vi = &in;
    if (!vi || initializerNames.count(name))
      return fail() << "--bind names '" << name << "', which is not a model input", nullptr;
    auto buf = llvm::MemoryBuffer::getFile(bind.getValue(), /*IsText=*/false, /*RequiresNullTerminator=*/false);
    onnx::TensorProto t;
    if (!buf)
      return fail() << "--bind " << name << ": cannot read '" << bind.getValue()
                    << "': " << buf.getError().message(), nullptr;
    // Binary like the test data's .pb files; protobuf text for .pbtxt,
    // .textproto and .txt, as for models.
    StringRef ext = llvm::sys::path::extension(bind.getValue());
    bool text = ext == ".pbtxt" || ext == ".textproto" || ext == ".txt";
    bool parsed = false;
    if (text) {
      google::protobuf::TextFormat::Parser parser;
      TextErrors errors;
      parser.RecordErrorsTo(&errors);
      parsed = parser.ParseFromString((*buf)->getBuffer().str(), &t);
    } else if ((*buf)->getBufferSize() <= (size_t)INT_MAX) {
      parsed = t.ParseFromArray((*buf)->getBufferStart(), (int)(*buf)->getBufferSize());
    }
    if (!parsed)
      return fail() << "--bind " << name << ": '" << bind.getValue() << "' is not a"
                    << (text ? " text-format" : " serialized") << " ONNX TensorProto", nullptr;
    bool bad = false;
    auto attr = tensorToAttr(t, ctx, "", opts.maxTensorBytes, [&](const Twine &m) {
      fail() << "--bind " << name << ": " << m;
      bad = true;
    });
    if (failed(attr) || bad)
      return nullptr;
    const auto &tt = vi->type().tensor_type();
    if (t.data_type() != tt.elem_type())
      return fail() << "--bind " << name << ": the tensor is " << onnxTypeName(t.data_type())
                    << ", the input is " << onnxTypeName(tt.elem_type()), nullptr;
    if (tt.has_shape()) {
      bool same = tt.shape().dim_size() == t.dims_size();
      for (int d = 0; same && d < t.dims_size(); ++d)
        same = !tt.shape().dim(d).has_dim_value() || tt.shape().dim(d).dim_value() == t.dims(d);
      if (!same)
        return fail() << "--bind " << name << ": the tensor's shape does not match the input's", nullptr;
    }
    initializerNames.insert(name.str());
    inits.push_back({name.str(), widenNarrow(*attr)});
  }
  SmallVector<const onnx::ValueInfoProto *> inputs;
  SmallVector<Type> argTypes;
  std::string symbolic;
  for (const auto &vi : graph.input()) {
    if (initializerNames.count(vi.name()))
      continue;
    auto ty = inputType(vi, symbolic);
    if (failed(ty))
      return nullptr;
    inputs.push_back(&vi);
    argTypes.push_back(*ty);
  }
  if (!symbolic.empty())
    return fail() << "the model has symbolic dimensions; pin each input with --input-shape "
                  << "name=<d0>x<d1>x...:" << symbolic, nullptr;
  if (graph.output_size() == 0)
    return fail() << "the graph has no outputs", nullptr;

  auto func = func::FuncOp::create(builder, FileLineColLoc::get(ctx, file, 0, 0), "main",
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  SmallPtrSet<Operation *, 4> emptyInputs;
  for (auto [i, vi] : llvm::enumerate(inputs)) {
    if (values.count(vi->name()))
      return fail() << "input '" << vi->name() << "' is declared twice", nullptr;
    values[vi->name()] = body->getArgument(i);
    auto t = cast<RankedTensorType>(argTypes[i]);
    if (t.hasStaticShape() && t.getNumElements() == 0)
      values[vi->name()] = nn::ConstantOp::create(
          builder, NameLoc::get(builder.getStringAttr(vi->name())), t,
          DenseElementsAttr::get(t, ArrayRef<Attribute>{}));
    if (Operation *def = values[vi->name()].getDefiningOp())
      emptyInputs.insert(def);
    // Narrow types are computed in float32 or int8 (see computeTypeFor).
    if (Type wide = computeTypeFor(t.getElementType());
        wide && !emptyInputs.count(values[vi->name()].getDefiningOp()))
      values[vi->name()] = nn::CastOp::create(builder, NameLoc::get(builder.getStringAttr(vi->name())),
                                              t.clone(wide), values[vi->name()]);
  }
  for (auto &[name, attr] : inits)
    values[name] = nn::ConstantOp::create(builder, NameLoc::get(builder.getStringAttr(name)),
                                          attr.getType(), attr);

  // After a node is refused for want of a compile-time value: name the
  // model inputs that value comes from, which --bind can fix.
  auto hintBindings = [&](const NodeContext &nc) {
    SmallVector<Value> work;
    for (size_t i : nc.wantedConstants)
      if (nc.input(i))
        work.push_back(nc.input(i));
    llvm::SetVector<unsigned> args;
    DenseSet<Value> seen;
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (!seen.insert(v).second)
        continue;
      if (auto arg = dyn_cast<BlockArgument>(v)) {
        if (arg.getOwner() == body)
          args.insert(arg.getArgNumber());
        continue;
      }
      for (Value operand : v.getDefiningOp()->getOperands())
        work.push_back(operand);
    }
    for (unsigned a : args)
      emitRemark(nc.loc) << "model input '" << inputs[a]->name()
                         << "' decides this value; fix it at compile time with --bind " << inputs[a]->name()
                         << "=<tensor.pb>";
  };
  SmallVector<int> order;
  if (failed(sortNodes(order)))
    return nullptr;
  // One node: run its handler, fold what it built, bind its outputs. `g`
  // is the graph holding it (the main graph or a subgraph being inlined).
  std::function<FailureOr<SmallVector<Value>>(const onnx::GraphProto &, ArrayRef<Value>, StringRef)> subgraph;
  auto importNode = [&](const onnx::NodeProto &n, const std::string &name, const onnx::GraphProto &g) -> LogicalResult {
    Location loc = NameLoc::get(builder.getStringAttr(name), FileLineColLoc::get(ctx, file, 0, 0));
    SmallVector<Value> operands;
    for (const auto &in : n.input()) {
      Value v = in.empty() ? Value() : values.lookup(in);
      if (!in.empty() && !v)
        return emitError(loc) << n.op_type() << ": input '" << in << "' is not defined before this node";
      operands.push_back(v);
    }
    NodeContext nc(n, opset, builder, loc, operands);
    nc.name = name;
    nc.subgraph = [&, name](const onnx::GraphProto &sg, ArrayRef<Value> in) { return subgraph(sg, in, name); };
    SmallVector<Value> results;
    const OpHandler *h = findHandler(n.domain(), n.op_type(), opset);
    if (!h)
      return emitError(loc) << "operator " << n.op_type() << " (domain '" << n.domain() << "', opset " << opset
                            << ") is not supported";
    Operation *before = body->empty() ? nullptr : &body->back();
    if (failed(h->fn(nc, results))) {
      hintBindings(nc);
      return failure();
    }
    // Fold what the handler built, in order, so that a chain inside one node
    // (Shape with start/end: shape, then slice) folds as a whole.
    DenseMap<Value, Value> replaced;
    SmallVector<Operation *> created;
    for (Operation *op = before ? before->getNextNode() : (body->empty() ? nullptr : &body->front());
         op; op = op->getNextNode())
      created.push_back(op);
    if (failed(checkFloatWidths(nc, created)))
      return failure();
    for (Operation *op : created)
      if (op->getNumResults() == 1) {
        Value v = op->getResult(0);
        Value f = foldEagerly(v);
        if (f != v)
          replaced[v] = f;
      }
    for (Value &r : results)
      while (replaced.count(r))
        r = replaced[r];
    if (results.size() < (size_t)n.output_size()) {
      // Trailing optional outputs (e.g. Dropout's mask) are refused if used.
      for (int o = results.size(); o < n.output_size(); ++o)
        if (!n.output(o).empty()) {
          bool used = llvm::any_of(g.output(), [&](const auto &out) { return out.name() == n.output(o); });
          for (const auto &other : g.node())
            used |= llvm::is_contained(other.input(), n.output(o));
          if (used)
            return (void)nc.error("output " + std::to_string(o) + " is not supported"), failure();
        }
    }
    for (size_t o = 0; o < results.size() && o < (size_t)n.output_size(); ++o)
      if (!n.output(o).empty())
        values[n.output(o)] = results[o];
    return success();
  };
  // A subgraph (If branch, Scan or Loop body) inlined with `inputs` bound to
  // its formal inputs; outer values stay visible, inner names do not leak.
  int depth = 0;
  subgraph = [&](const onnx::GraphProto &g, ArrayRef<Value> in,
                 StringRef owner) -> FailureOr<SmallVector<Value>> {
    Location loc = NameLoc::get(builder.getStringAttr(owner), FileLineColLoc::get(ctx, file, 0, 0));
    if (depth >= 16)
      return emitError(loc) << "subgraphs nest more than 16 deep", failure();
    if (g.input_size() != (int)in.size())
      return emitError(loc) << "the subgraph takes " << g.input_size() << " inputs, given " << in.size(),
             failure();
    llvm::StringMap<Value> saved = values;
    llvm::scope_exit restore([&] { values = std::move(saved); --depth; });
    ++depth;
    for (auto [k, vi] : llvm::enumerate(g.input()))
      values[vi.name()] = in[k];
    for (const auto &t : g.initializer()) {
      bool bad = false;
      auto attr = tensorToAttr(t, ctx, baseDir, opts.maxTensorBytes, [&](const Twine &m) {
        emitError(loc) << "subgraph initializer: " << m;
        bad = true;
      });
      if (failed(attr) || bad)
        return failure();
      DenseElementsAttr w = widenNarrow(*attr);
      values[t.name()] = nn::ConstantOp::create(builder, loc, w.getType(), w);
    }
    for (auto [k, n] : llvm::enumerate(g.node()))
      if (failed(importNode(n, (owner + "/" + (n.name().empty() ? n.op_type() + "#" + std::to_string(k) : n.name())).str(), g)))
        return failure();
    SmallVector<Value> out;
    for (const auto &o : g.output()) {
      Value v = values.lookup(o.name());
      if (!v)
        return emitError(loc) << "subgraph output '" << o.name() << "' is not computed", failure();
      out.push_back(v);
    }
    return out;
  };
  for (int i : order)
    if (failed(importNode(graph.node(i), nodeName(i), graph)))
      return nullptr;
  SmallVector<Value> rets;
  for (const auto &out : graph.output()) {
    Value v = values.lookup(out.name());
    if (!v)
      return fail() << "graph output '" << out.name() << "' is not computed", nullptr;
    // A narrow output is computed in its compute type and converted here
    // (exactly: the value was rounded to the narrow type where the model
    // asked for it).
    auto vt = cast<RankedTensorType>(v.getType());
    if (Type declared = elementTypeFor(out.type().tensor_type().elem_type(), ctx);
        declared && computeTypeFor(declared) == vt.getElementType())
      v = nn::CastOp::create(builder, NameLoc::get(builder.getStringAttr(out.name())), vt.clone(declared), v);
    rets.push_back(v);
  }
  func::ReturnOp::create(builder, FileLineColLoc::get(ctx, file, 0, 0), rets);
  func.setFunctionType(builder.getFunctionType(argTypes, ValueRange(rets).getTypes()));
  // Empty inputs may only give constants that handlers read (an empty axes
  // list); nothing computes on them or produces zero-size tensors (empty
  // constant shape operands, such as a reshape to a scalar, are fine).
  auto isEmpty = [](Type t) {
    auto s = dyn_cast<RankedTensorType>(t);
    return s && s.hasStaticShape() && s.getNumElements() == 0;
  };
  WalkResult empty = func.walk([&](Operation *op) {
    bool readsEmptyInput = llvm::any_of(op->getOperands(), [&](Value v) {
      return v.getDefiningOp() && emptyInputs.contains(v.getDefiningOp());
    });
    bool returnsEmpty = isa<func::ReturnOp>(op) && llvm::any_of(op->getOperandTypes(), isEmpty);
    if (isa<nn::ConstantOp>(op) ||
        (!readsEmptyInput && !returnsEmpty && llvm::none_of(op->getResultTypes(), isEmpty)))
      return WalkResult::advance();
    emitError(op->getLoc()) << "zero-size tensors are supported only as constant inputs (such as "
                               "an empty axes list); this "
                            << (isa<func::ReturnOp>(op) ? "graph output" : "node") << " has one";
    return WalkResult::interrupt();
  });
  if (empty.wasInterrupted())
    return nullptr;
  // Carry the ONNX names of inputs/outputs for the generated descriptors.
  SmallVector<Attribute> inNames, outNames;
  for (auto *vi : inputs)
    inNames.push_back(builder.getStringAttr(vi->name()));
  for (const auto &out : graph.output())
    outNames.push_back(builder.getStringAttr(out.name()));
  func->setAttr("edgec.input_names", builder.getArrayAttr(inNames));
  func->setAttr("edgec.output_names", builder.getArrayAttr(outNames));
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importOnnxBuffer(MLIRContext &ctx, StringRef bytes, bool isText,
                                       StringRef displayName, StringRef baseDir,
                                       const ImportOptions &opts) {
  registerImportDialects(ctx);
  onnx::ModelProto model;
  Location fileLoc = FileLineColLoc::get(&ctx, displayName, 0, 0);
  if (isText) {
    google::protobuf::TextFormat::Parser parser;
    TextErrors errors;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(std::string(bytes), &model))
      return emitError(fileLoc) << "not a valid ONNX model in protobuf text format: "
                                << errors.first, nullptr;
  } else {
    google::protobuf::io::ArrayInputStream raw(bytes.data(), (int)bytes.size());
    google::protobuf::io::CodedInputStream in(&raw);
    // Deeply nested messages (subgraphs in attributes) cannot exhaust the stack.
    in.SetRecursionLimit(64);
    if (bytes.size() > (size_t)INT_MAX || !model.ParseFromCodedStream(&in) ||
        !in.ConsumedEntireMessage())
      return emitError(fileLoc) << "not a valid ONNX model: the protobuf is truncated or "
                                   "corrupt", nullptr;
  }
  GraphImporter importer(&ctx, model, displayName, baseDir, opts);
  return importer.run();
}

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &ctx, StringRef path,
                                     const ImportOptions &opts) {
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buf)
    return emitError(FileLineColLoc::get(&ctx, path, 0, 0))
               << "cannot read model: " << buf.getError().message(), nullptr;
  StringRef ext = llvm::sys::path::extension(path);
  bool isText = ext == ".onnxtxt" || ext == ".pbtxt" || ext == ".textproto" || ext == ".txt";
  StringRef dir = llvm::sys::path::parent_path(path);
  return importOnnxBuffer(ctx, (*buf)->getBuffer(), isText, path, dir.empty() ? "." : dir, opts);
}

} // namespace edgec
