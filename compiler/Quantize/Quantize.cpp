//===- Quantize.cpp - Post-training quantization of a float graph ---------===//
#include "compiler/Quantize/Quantize.h"
#include "compiler/Pipelines/Pipelines.h"
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/IR/QNNOps.h"
#include "dialects/qnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <map>
#include <set>

using namespace mlir;

namespace edgec::quantize {
namespace {

constexpr int kBins = 2048;


int64_t byteSize(Type t) {
  auto ty = cast<RankedTensorType>(t);
  return ty.getNumElements() * std::max<int64_t>(1, ty.getElementTypeBitWidth() / 8);
}

/// A module compiled for the host and run in-process. Its function takes the
/// model inputs and returns float or integer tensors, copied out per run.
class HostRunner {
public:
  static std::unique_ptr<HostRunner> build(ModuleOp module, StringRef funcName, std::string &error) {
    auto r = std::unique_ptr<HostRunner>(new HostRunner());
    func::FuncOp f = module.lookupSymbol<func::FuncOp>(funcName);
    for (Type t : f.getResultTypes())
      r->outputs.emplace_back((size_t)byteSize(t));
    MLIRContext *ctx = module.getContext();
    auto runPipeline = [&](llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(ctx);
      build(pm);
      return pm.run(module);
    };
    if (failed(runPipeline([](OpPassManager &pm) { buildLowerPipeline(pm, "channels-last"); })) ||
        failed(runPipeline([](OpPassManager &pm) { buildPlanPipeline(pm, 64); })))
      return error = "lowering the calibration model failed", nullptr;
    f = module.lookupSymbol<func::FuncOp>(funcName);
    r->arena.resize((size_t)f->getAttrOfType<IntegerAttr>("edgec.arena_size").getInt() + 64);
    if (failed(runPipeline([](OpPassManager &pm) { buildLoopsPipeline(pm, true, true); })) ||
        failed(runPipeline([](OpPassManager &pm) { buildLLVMPipeline(pm); })))
      return error = "lowering the calibration model to LLVM failed", nullptr;
    static bool init = [] {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      return true;
    }();
    (void)init;
    DialectRegistry registry;
    registerBuiltinDialectTranslation(registry);
    registerLLVMDialectTranslation(registry);
    ctx->appendDialectRegistry(registry);
    // The transformer must outlive the engine's creation (it is held by
    // reference in the options).
    auto transformer = makeOptimizingTransformer(2, 0, nullptr);
    ExecutionEngineOptions eo;
    eo.transformer = transformer;
    auto engine = ExecutionEngine::create(module, eo);
    if (!engine) {
      error = "JIT compilation failed: " + llvm::toString(engine.takeError());
      return nullptr;
    }
    r->engine = std::move(*engine);
    r->name = funcName.str();
    return r;
  }

  /// Runs one sample; outputs() then holds each result's bytes.
  bool run(const Sample &sample, std::string &error) {
    SmallVector<void *> ptrs;
    for (size_t i = 0; i < sample.size(); ++i)
      ptrs.push_back(const_cast<float *>(sample[i].data()));
    for (auto &o : outputs)
      ptrs.push_back(o.data());
    // 64-byte alignment, as the plan assumed.
    uintptr_t a = reinterpret_cast<uintptr_t>(arena.data());
    ptrs.push_back(reinterpret_cast<void *>((a + 63) & ~uintptr_t(63)));
    SmallVector<void *> args;
    for (void *&p : ptrs)
      args.push_back(&p);
    if (llvm::Error e = engine->invokePacked(name, args)) {
      error = llvm::toString(std::move(e));
      return false;
    }
    return true;
  }

  std::vector<std::vector<uint8_t>> outputs;

private:
  HostRunner() = default;
  std::unique_ptr<ExecutionEngine> engine;
  std::string name;
  std::vector<uint8_t> arena;
};

/// A clone of `module` whose function also returns `extra` (values of the
/// original function, mapped by position), renamed to `name`.
/// `where[i]` receives the result index that holds extra[i]: a value
/// returned already (or twice) is returned once, since bufferization cannot
/// give one buffer two out-params. Function arguments are never returned.
OwningOpRef<ModuleOp> instrumented(ModuleOp module, ArrayRef<Value> extra, StringRef name,
                                   std::vector<unsigned> &where,
                                   llvm::function_ref<Value(OpBuilder &, Value)> convert = nullptr) {
  func::FuncOp f = module.lookupSymbol<func::FuncOp>("main");
  DenseMap<Value, unsigned> index;
  unsigned k = 0;
  f.walk([&](Operation *op) {
    for (Value v : op->getResults())
      index[v] = k++;
  });
  for (BlockArgument a : f.getArguments())
    index[a] = k++;
  OwningOpRef<ModuleOp> clone = module.clone();
  func::FuncOp cf = clone->lookupSymbol<func::FuncOp>("main");
  SmallVector<Value> byIndex(k);
  unsigned j = 0;
  cf.walk([&](Operation *op) {
    for (Value v : op->getResults())
      byIndex[j++] = v;
  });
  for (BlockArgument a : cf.getArguments())
    byIndex[j++] = a;
  auto ret = cast<func::ReturnOp>(cf.getBody().front().getTerminator());
  OpBuilder b(ret);
  SmallVector<Value> results(ret.getOperands());
  DenseMap<Value, unsigned> position;
  for (auto [i, v] : llvm::enumerate(results))
    position.try_emplace(v, (unsigned)i);
  where.clear();
  for (Value v : extra) {
    Value c = byIndex[index.lookup(v)];
    auto it = position.find(c);
    if (it != position.end() && !convert) {
      where.push_back(it->second);
      continue;
    }
    position.try_emplace(c, (unsigned)results.size());
    where.push_back((unsigned)results.size());
    results.push_back(convert ? convert(b, c) : c);
  }
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  cf.setType(FunctionType::get(module.getContext(), cf.getArgumentTypes(), ValueRange(results).getTypes()));
  cf.setSymName(name);
  return clone;
}

struct TensorStats {
  double lo = INFINITY, hi = -INFINITY;
  std::vector<double> hist; // kBins over [lo, hi]
  double count = 0;
};

double quantile(const TensorStats &s, double q) {
  double target = q * s.count, acc = 0, width = (s.hi - s.lo) / kBins;
  for (int i = 0; i < kBins; ++i) {
    acc += s.hist[i];
    if (acc >= target)
      return s.lo + (i + 1) * width;
  }
  return s.hi;
}

/// Expected squared error of quantizing the histogram to [a, b] (rounding
/// error scale^2/12 inside, clipping error outside).
double mseFor(const TensorStats &s, double a, double b, double levels) {
  double scale = (b - a) / levels, width = (s.hi - s.lo) / kBins, err = 0;
  if (scale <= 0)
    return INFINITY;
  for (int i = 0; i < kBins; ++i) {
    if (!s.hist[i])
      continue;
    double c = s.lo + (i + 0.5) * width;
    double e = c < a ? a - c : c > b ? c - b : 0;
    err += s.hist[i] * (e * e + (e == 0 ? scale * scale / 12 : 0));
  }
  return err;
}

/// KL divergence between the histogram clipped to [a, b] and its 256-level
/// quantization (TensorRT's entropy calibration, on the asymmetric range).
double klFor(const TensorStats &s, double a, double b, int maxLevels) {
  double width = (s.hi - s.lo) / kBins;
  int i0 = std::clamp((int)std::floor((a - s.lo) / width), 0, kBins - 1);
  int i1 = std::clamp((int)std::ceil((b - s.lo) / width), i0 + 1, kBins);
  int n = i1 - i0;
  // P: the clipped histogram with the clipped mass folded into its edge
  // bins. Q: the same bins without that mass, merged into 256 levels and
  // spread back over the nonzero bins. As in TensorRT, Q leaves the outliers
  // out, so clipping costs divergence at the edges.
  std::vector<double> sliced(s.hist.begin() + i0, s.hist.begin() + i1);
  std::vector<double> p = sliced;
  for (int i = 0; i < i0; ++i)
    p.front() += s.hist[i];
  for (int i = i1; i < kBins; ++i)
    p.back() += s.hist[i];
  std::vector<double> q(n, 0.0);
  int levels = std::min(maxLevels, n);
  for (int l = 0; l < levels; ++l) {
    int from = l * n / levels, to = (l + 1) * n / levels;
    double sum = 0, nonzero = 0;
    for (int i = from; i < to; ++i)
      sum += sliced[i], nonzero += sliced[i] > 0;
    for (int i = from; i < to; ++i)
      q[i] = sliced[i] > 0 ? sum / nonzero : 0;
  }
  double ps = 0, qs = 0, kl = 0;
  for (int i = 0; i < n; ++i)
    ps += p[i], qs += q[i];
  for (int i = 0; i < n; ++i)
    if (p[i] > 0 && q[i] > 0)
      kl += (p[i] / ps) * std::log((p[i] / ps) / (q[i] / qs));
    else if (p[i] > 0)
      kl += 1e3; // mass the quantized distribution cannot represent
  return kl;
}

std::pair<double, double> chooseRange(const TensorStats &s, const QuantizeOptions &o) {
  if (o.method == "minmax" || !(s.hi > s.lo))
    return {s.lo, s.hi};
  if (o.method == "percentile") {
    double tail = (100.0 - o.percentile) / 100.0;
    double a = s.lo >= 0 ? s.lo : quantile(s, tail), b = quantile(s, 1.0 - tail);
    return {a, b};
  }
  // Shrink the range towards 0 and keep the fraction with the least error.
  double bestErr = INFINITY, bestA = s.lo, bestB = s.hi;
  for (int k = 0; k <= 80; ++k) {
    double f = 1.0 - k * 0.01;
    double a = std::min(s.lo, 0.0) * f, b = std::max(s.hi, 0.0) * f;
    double e = o.method == "mse" ? mseFor(s, a, b, o.activationBits == 16 ? 65535.0 : 255.0)
                                 : klFor(s, a, b, o.activationBits == 16 ? 65536 : 256);
    if (e < bestErr)
      bestErr = e, bestA = a, bestB = b;
  }
  return {bestA, bestB};
}

/// A progress bar on a terminal (redrawn when it advances); elsewhere one
/// line when done, so logs stay readable.
void progress(bool on, StringRef what, size_t done, size_t total) {
  if (!on)
    return;
  int width = 30, filled = total ? (int)(width * done / total) : width;
  bool tty = llvm::errs().is_displayed();
  if (!tty) {
    if (done == total)
      llvm::errs() << what << ": " << total << " samples\n";
    return;
  }
  if (done != total && total && (int)(width * (done - 1) / total) == filled && done != 1)
    return;
  llvm::errs() << "\r" << what << " [" << std::string(filled, '#') << std::string(width - filled, '.')
               << "] " << done << "/" << total;
  if (done == total)
    llvm::errs() << "\n";
}

/// Every quantized activation of `f`, one per ONNX node (the first op
/// named after it), with that name; the quantize of a model input is named
/// after the input. Weights (quant.scast of constants) are not activations.
/// The report and --expose-tensors enumerate tensors with this one
/// function, so a target run's tensors line up with the report's rows.
struct QuantizedTensor {
  std::string node;
  Value value;
  quant::UniformQuantizedType type;
};

std::vector<QuantizedTensor> quantizedTensors(func::FuncOp f) {
  std::vector<QuantizedTensor> out;
  std::set<std::string> seen;
  auto inputNames = f->getAttrOfType<ArrayAttr>("edgec.input_names");
  f.walk([&](Operation *op) {
    if (op->getNumResults() != 1 || isa<quant::StorageCastOp>(op))
      return;
    auto ty = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    auto q = ty ? dyn_cast<quant::UniformQuantizedType>(ty.getElementType()) : nullptr;
    if (!q)
      return;
    std::string n = nn::onnxNodeName(op->getLoc()).str();
    if (isa<qnn::QuantizeOp>(op))
      if (auto a = dyn_cast<BlockArgument>(op->getOperand(0)); a && inputNames)
        n = cast<StringAttr>(inputNames[a.getArgNumber()]).str();
    if (!n.empty() && seen.insert(n).second)
      out.push_back({n, op->getResult(0), q});
  });
  return out;
}

/// A quantized tensor as its storage integers (a function result).
Value toStorage(OpBuilder &b, Value v) {
  auto ty = cast<RankedTensorType>(v.getType());
  auto q = cast<quant::QuantizedType>(ty.getElementType());
  return quant::StorageCastOp::create(b, v.getLoc(), ty.clone(q.getStorageType()), v);
}

struct ReportRow {
  std::string node, op;
  double sqnr = 0, cosine = 0, maxErr = 0, saturation = 0, scale = 0;
  int64_t zeroPoint = 0;
  // Target run vs host run (--quant-report-target): -1 if not compared.
  int64_t targetDiffering = -1, targetElements = 0, targetMaxLsb = 0;
};

std::string jsonEscape(StringRef s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\')
      o += '\\', o += c;
    else if ((unsigned char)c < 0x20)
      o += ' ';
    else
      o += c;
  }
  return o;
}

std::string htmlEscape(StringRef s) {
  std::string o;
  for (char c : s)
    o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

LogicalResult writeReport(const QuantizeOptions &o, std::vector<ReportRow> rows, size_t samples) {
  std::error_code ec;
  llvm::raw_fd_ostream os(o.reportPath, ec);
  if (ec) {
    llvm::errs() << "error: cannot write '" << o.reportPath << "': " << ec.message() << "\n";
    return failure();
  }
  std::vector<ReportRow> byOrder = rows;
  llvm::sort(rows, [](const ReportRow &a, const ReportRow &b) { return a.sqnr < b.sqnr; });
  auto num = [](double v) {
    if (std::isinf(v))
      return std::string(v > 0 ? "1e999" : "-1e999");
    return llvm::formatv("{0}", llvm::format("%.9g", v)).str();
  };
  if (StringRef(o.reportPath).ends_with(".json")) {
    os << "{\n  \"model\": \"" << jsonEscape(o.modelPath) << "\",\n  \"calibration\": \""
       << jsonEscape(o.data.path) << "\",\n  \"method\": \"" << o.method << "\",\n  \"samples\": " << samples
       << ",\n  \"per_channel\": " << (o.perChannel ? "true" : "false") << ",\n  \"tensors\": [\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const ReportRow &r = rows[i];
      os << "    {\"node\": \"" << jsonEscape(r.node) << "\", \"op\": \"" << r.op << "\", \"sqnr_db\": "
         << (std::isinf(r.sqnr) ? std::string("null") : num(r.sqnr)) << ", \"cosine\": " << num(r.cosine)
         << ", \"max_abs_error\": " << num(r.maxErr) << ", \"saturation_rate\": " << num(r.saturation)
         << ", \"scale\": " << num(r.scale) << ", \"zero_point\": " << r.zeroPoint;
      if (r.targetDiffering >= 0)
        os << ", \"target_elements\": " << r.targetElements << ", \"target_differing\": "
           << r.targetDiffering << ", \"target_max_lsb\": " << r.targetMaxLsb;
      os << "}"
         << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    os << "  ]\n}\n";
    return success();
  }
  os << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>edgec int8 report: "
     << htmlEscape(o.modelPath) << "</title>\n<style>body{font-family:sans-serif;margin:2em}"
     << "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
     << "td:first-child,td:nth-child(2){text-align:left}.bad{background:#fdd}</style></head><body>\n";
  os << "<h1>int8 quantization report</h1>\n<p>Model <code>" << htmlEscape(o.modelPath)
     << "</code>, calibrated on <code>" << htmlEscape(o.data.path) << "</code> (" << samples
     << " samples, method " << o.method << ", weights " << (o.perChannel ? "per channel" : "per tensor")
     << "). Each row compares a tensor of the quantized model (dequantized) with the same tensor of "
     << "the float model on the calibration samples; errors accumulate from the input. Worst first.</p>\n";
  // SQNR per layer in graph order, as an inline SVG bar chart.
  double top = 1;
  for (auto &r : byOrder)
    if (std::isfinite(r.sqnr))
      top = std::max(top, r.sqnr);
  int w = 24 * (int)byOrder.size() + 60, h = 240;
  os << "<h2>SQNR per layer (dB, graph order)</h2>\n<svg width=\"" << w << "\" height=\"" << h + 120
     << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
  for (int t = 0; t <= 4; ++t) {
    double v = top * t / 4, y = h - h * t / 4.0 + 10;
    os << "<line x1=\"40\" x2=\"" << w << "\" y1=\"" << y << "\" y2=\"" << y << "\" stroke=\"#eee\"/>"
       << "<text x=\"0\" y=\"" << y + 4 << "\" font-size=\"10\">" << llvm::formatv("{0:f1}", v).str() << "</text>\n";
  }
  for (size_t i = 0; i < byOrder.size(); ++i) {
    double v = std::isfinite(byOrder[i].sqnr) ? std::max(0.0, byOrder[i].sqnr) : top;
    double bh = h * v / top, x = 50 + 24.0 * i;
    os << "<rect x=\"" << x << "\" y=\"" << h + 10 - bh << "\" width=\"18\" height=\"" << bh
       << "\" fill=\"" << (v < 20 ? "#d55" : "#58b") << "\"><title>" << htmlEscape(byOrder[i].node) << ": "
       << llvm::formatv("{0:f2}", byOrder[i].sqnr).str() << " dB</title></rect>"
       << "<text transform=\"translate(" << x + 12 << "," << h + 16 << ") rotate(60)\" font-size=\"9\">"
       << htmlEscape(StringRef(byOrder[i].node).take_back(24)) << "</text>\n";
  }
  os << "</svg>\n<h2>Tensors, worst SQNR first</h2>\n<table><tr><th>ONNX node</th><th>op</th>"
     << "<th>SQNR dB</th><th>cosine</th><th>max |error|</th><th>saturation</th><th>scale</th>"
     << "<th>zero point</th><th>target vs host</th></tr>\n";
  for (const ReportRow &r : rows)
    os << "<tr" << (r.sqnr < 20 ? " class=\"bad\"" : "") << "><td>" << htmlEscape(r.node) << "</td><td>"
       << r.op << "</td><td>" << llvm::formatv("{0:f2}", r.sqnr).str() << "</td><td>"
       << llvm::formatv("{0:f5}", r.cosine).str() << "</td><td>" << num(r.maxErr) << "</td><td>"
       << llvm::formatv("{0:f4}%", 100 * r.saturation).str() << "</td><td>" << num(r.scale)
       << "</td><td>" << r.zeroPoint << "</td><td>"
       << (r.targetDiffering < 0 ? std::string("-")
           : r.targetDiffering == 0
               ? "identical (" + std::to_string(r.targetElements) + ")"
               : std::to_string(r.targetDiffering) + " of " + std::to_string(r.targetElements) +
                     " differ, max " + std::to_string(r.targetMaxLsb) + " LSB")
       << "</td></tr>\n";
  os << "</table>\n</body></html>\n";
  return success();
}

} // namespace

LogicalResult quantizeModule(ModuleOp module, const QuantizeOptions &o) {
  MLIRContext *ctx = module.getContext();
  func::FuncOp f = module.lookupSymbol<func::FuncOp>("main");
  auto fail = [&](const Twine &msg) {
    llvm::errs() << o.modelPath << ": error: " << msg << "\n";
    return failure();
  };
  if (o.method != "minmax" && o.method != "percentile" && o.method != "entropy" && o.method != "mse")
    return fail("--calibration-method must be minmax, percentile, entropy or mse");

  // Inputs, as the data loader needs them.
  std::vector<InputSpec> inputs;
  auto names = f->getAttrOfType<ArrayAttr>("edgec.input_names");
  for (auto [i, t] : llvm::enumerate(f.getArgumentTypes())) {
    auto ty = cast<RankedTensorType>(t);
    if (!ty.getElementType().isF32())
      return fail("--quantize needs float32 model inputs; input " + Twine(i) + " is not");
    InputSpec s;
    s.name = names ? cast<StringAttr>(names[i]).str() : ("input_" + Twine(i)).str();
    s.shape.assign(ty.getShape().begin(), ty.getShape().end());
    inputs.push_back(s);
  }
  std::vector<Sample> samples;
  std::string error;
  if (!loadCalibrationData(o.data, inputs, samples, error))
    return fail("calibration data: " + error);

  // Every float tensor: function arguments and single results of nn ops.
  std::vector<Value> tensors;
  f.walk([&](Operation *op) {
    if (isa<nn::NNDialect>(op->getDialect()) && !isa<nn::ConstantOp>(op) && op->getNumResults() == 1)
      if (auto t = dyn_cast<RankedTensorType>(op->getResult(0).getType()); t && t.getElementType().isF32())
        tensors.push_back(op->getResult(0));
  });
  std::vector<unsigned> where;
  OwningOpRef<ModuleOp> calib = instrumented(module, tensors, "edgec_calibration", where);
  auto runner = HostRunner::build(*calib, "edgec_calibration", error);
  if (!runner)
    return fail(error);
  // The model inputs are tensors too; their values are the samples.
  size_t numComputed = tensors.size();
  for (BlockArgument a : f.getArguments())
    tensors.push_back(a);
  std::vector<TensorStats> stats(tensors.size());
  // The float tensors are kept per sample only for the report.
  bool report = !o.reportPath.empty();
  std::vector<std::vector<std::vector<float>>> floats(report ? samples.size() : 0);
  auto each = [&](StringRef what, llvm::function_ref<void(size_t, size_t, const float *, int64_t)> fn) {
    for (size_t s = 0; s < samples.size(); ++s) {
      if (!runner->run(samples[s], error))
        return false;
      for (size_t t = 0; t < tensors.size(); ++t) {
        if (t >= numComputed) {
          const std::vector<float> &in = samples[s][t - numComputed];
          fn(s, t, in.data(), (int64_t)in.size());
          continue;
        }
        auto &bytes = runner->outputs[where[t]];
        fn(s, t, reinterpret_cast<const float *>(bytes.data()), (int64_t)bytes.size() / 4);
      }
      progress(o.progress, what, s + 1, samples.size());
    }
    return true;
  };
  bool ok = each("calibrating", [&](size_t s, size_t t, const float *v, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      if (std::isfinite(v[i]))
        stats[t].lo = std::min(stats[t].lo, (double)v[i]), stats[t].hi = std::max(stats[t].hi, (double)v[i]);
    if (report)
      floats[s].emplace_back(v, v + n);
  });
  if (ok && o.method != "minmax") {
    for (auto &st : stats)
      st.hist.assign(kBins, 0.0);
    ok = each("histograms ", [&](size_t, size_t t, const float *v, int64_t n) {
      TensorStats &st = stats[t];
      double width = (st.hi - st.lo) / kBins;
      for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(v[i]))
          continue;
        int b = width > 0 ? std::clamp((int)((v[i] - st.lo) / width), 0, kBins - 1) : 0;
        st.hist[b] += 1;
        st.count += 1;
      }
    });
  }
  if (!ok)
    return fail("running the float model for calibration failed: " + error);

  for (size_t t = 0; t < tensors.size(); ++t) {
    if (!std::isfinite(stats[t].lo))
      continue; // never finite: left in float
    auto [lo, hi] = chooseRange(stats[t], o);
    auto attr = DenseF32ArrayAttr::get(ctx, {(float)lo, (float)hi});
    if (auto a = dyn_cast<BlockArgument>(tensors[t]))
      f.setArgAttr(a.getArgNumber(), "edgec.range", attr);
    else
      tensors[t].getDefiningOp()->setAttr("edgec.range", attr);
  }

  // Node names of the float tensors, read before the passes erase the ops.
  std::map<std::string, size_t> floatByNode;
  for (size_t t = 0; t < tensors.size(); ++t) {
    std::string n = isa<BlockArgument>(tensors[t])
                        ? inputs[cast<BlockArgument>(tensors[t]).getArgNumber()].name
                        : nn::onnxNodeName(tensors[t].getLoc()).str();
    if (!n.empty())
      floatByNode[n] = t;
  }
    PassManager pm(ctx);
  qnn::InsertQDQOptions io;
  io.perChannel = o.perChannel;
  io.activationBits = o.activationBits;
  io.keepFloat.assign(o.keepFloat.begin(), o.keepFloat.end());
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(qnn::createInsertQDQ(io));
  qnn::FoldQDQOptions fo;
  fo.report = false; // PTQ leaves float only where there is no integer kernel
  fpm.addPass(qnn::createFoldQDQ(fo));
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(createCSEPass());
  if (failed(pm.run(module)))
    return failure();
  f.walk([](Operation *op) { op->removeAttr("edgec.range"); });
  for (unsigned i = 0; i < f.getNumArguments(); ++i)
    f.removeArgAttr(i, "edgec.range");
  if (!report)
    return success();

  // The report: every int8 tensor of the quantized model against the float
  // tensor of the same ONNX node.
  std::vector<Value> qvals;
  std::vector<ReportRow> rows;
  std::vector<size_t> floatIndex;
  for (const QuantizedTensor &t : quantizedTensors(f)) {
    auto it = floatByNode.find(t.node);
    if (it == floatByNode.end())
      continue;
    ReportRow r;
    r.node = t.node;
    r.op = t.value.getDefiningOp()->getName().getStringRef().str();
    r.scale = t.type.getScale();
    r.zeroPoint = t.type.getZeroPoint();
    rows.push_back(r);
    qvals.push_back(t.value);
    floatIndex.push_back(it->second);
  }
  OwningOpRef<ModuleOp> qmod = instrumented(module, qvals, "edgec_report", where, toStorage);
  auto qrunner = HostRunner::build(*qmod, "edgec_report", error);
  if (!qrunner)
    return fail("report: " + error);
  struct Acc {
    double sig = 0, noise = 0, dot = 0, qq = 0, maxErr = 0, sat = 0, n = 0;
  };
  std::vector<Acc> acc(rows.size());
  // Target tensors, by node name: [N, ...] storage integers per tensor.
  std::map<std::string, RawArray> target;
  if (!o.targetTensorsPath.empty()) {
    std::vector<std::pair<std::string, RawArray>> arrays;
    if (!readNpzRaw(o.targetTensorsPath, arrays, error))
      return fail("--quant-report-target: " + o.targetTensorsPath + ": " + error);
    for (auto &kv : arrays)
      target[kv.first] = std::move(kv.second);
    for (ReportRow &r : rows)
      if (target.count(r.node))
        r.targetDiffering = 0;
  }
  for (size_t s = 0; s < samples.size(); ++s) {
    if (!qrunner->run(samples[s], error))
      return fail("report: running the quantized model failed: " + error);
    for (size_t r = 0; r < rows.size(); ++r) {
      auto &bytes = qrunner->outputs[where[r]];
      const std::vector<float> &fv = floats[s][floatIndex[r]];
      bool wide = bytes.size() == 2 * fv.size(); // int16 (16x8) tensor
      auto qAt = [&](size_t i) -> double {
        if (!wide)
          return (double)reinterpret_cast<const int8_t *>(bytes.data())[i];
        int16_t v;
        std::memcpy(&v, bytes.data() + 2 * i, 2);
        return (double)v;
      };
      double qmin = wide ? -32768 : -128, qmax = wide ? 32767 : 127;
      double sc = rows[r].scale, zp = (double)rows[r].zeroPoint;
      double lo = (qmin - zp) * sc - sc / 2, hi = (qmax - zp) * sc + sc / 2;
      Acc &a = acc[r];
      if (auto it = target.find(rows[r].node); it != target.end()) {
        // The target run covers its first N samples, in the same order.
        const RawArray &t = it->second;
        size_t per = bytes.size();
        if ((s + 1) * per <= t.bytes.size() && t.descr.size() == 3 &&
            (t.descr[2] - '0') == (wide ? 2 : 1)) {
          const char *tb = t.bytes.data() + s * per;
          for (size_t i = 0; i < fv.size(); ++i) {
            double tv;
            if (wide) {
              int16_t v;
              std::memcpy(&v, tb + 2 * i, 2);
              tv = v;
            } else {
              tv = (double)(int8_t)tb[i];
            }
            int64_t d = (int64_t)std::fabs(tv - qAt(i));
            rows[r].targetDiffering += d != 0;
            rows[r].targetMaxLsb = std::max(rows[r].targetMaxLsb, d);
            rows[r].targetElements += 1;
          }
        }
      }
      for (size_t i = 0; i < fv.size(); ++i) {
        double x = fv[i], y = (qAt(i) - zp) * sc;
        a.sig += x * x, a.noise += (x - y) * (x - y), a.dot += x * y, a.qq += y * y;
        a.maxErr = std::max(a.maxErr, std::fabs(x - y));
        a.sat += x < lo || x > hi;
        a.n += 1;
      }
    }
    progress(o.progress, "report     ", s + 1, samples.size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const Acc &a = acc[r];
    rows[r].sqnr = a.noise > 0 ? 10 * std::log10(a.sig / a.noise) : INFINITY;
    rows[r].cosine = a.sig > 0 && a.qq > 0 ? a.dot / std::sqrt(a.sig * a.qq) : 1.0;
    rows[r].maxErr = a.maxErr;
    rows[r].saturation = a.n ? a.sat / a.n : 0;
  }
  return writeReport(o, rows, samples.size());
}

int exposeQuantizedTensors(ModuleOp module) {
  func::FuncOp f = module.lookupSymbol<func::FuncOp>("main");
  auto ret = cast<func::ReturnOp>(f.getBody().front().getTerminator());
  SmallVector<Value> results(ret.getOperands());
  SmallVector<Attribute> names;
  if (auto old = f->getAttrOfType<ArrayAttr>("edgec.output_names"))
    names.assign(old.begin(), old.end());
  OpBuilder b(ret);
  int added = 0;
  for (const QuantizedTensor &t : quantizedTensors(f)) {
    results.push_back(toStorage(b, t.value));
    names.push_back(StringAttr::get(module.getContext(), t.node));
    ++added;
  }
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  f.setType(FunctionType::get(module.getContext(), f.getArgumentTypes(), ValueRange(results).getTypes()));
  f->setAttr("edgec.output_names", ArrayAttr::get(module.getContext(), names));
  return added;
}

} // namespace edgec::quantize
