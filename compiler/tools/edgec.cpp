//===- edgec.cpp - The edgec command-line compiler ------------------------===//
//
//   edgec model.onnx -o OUTDIR [--name N] [--emit=c|obj|mlir|llvm]
//         [--target=host] [--input-shape name=1x3x96x96]... [--bind name=tensor.pb]...
//         [--compile-to=PHASE]
//
// Runs the phase pipelines (import, graph, lower, plan, loops, emit), writes
// <N>.h plus <N>.c / <N>.o / <N>.mlir / <N>.ll into OUTDIR and ends with a
// summary of what the model costs.
//
//===----------------------------------------------------------------------===//
#include "llvm/TargetParser/Triple.h"
#include "compiler/Import/OnnxImporter.h"
#include "compiler/Import/OnnxNode.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Quantize/Quantize.h"
#include "compiler/tools/Diagnostics.h"
#include "dialects/qnn/IR/QNNOps.h"
#include "dialects/nn/IR/NNOps.h"
#include "lowering/Emit/Emit.h"
#include "targets/TargetRegistry.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include <chrono>

using namespace llvm;
using namespace mlir;

#ifndef EDGEC_VERSION
#define EDGEC_VERSION "0.1.0"
#endif

static cl::OptionCategory cat("edgec options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"), cl::cat(cat));
static cl::opt<std::string> outDir("o", cl::desc("Output directory"), cl::value_desc("OUTDIR"),
                                   cl::cat(cat));
static cl::opt<std::string> modelName("name", cl::desc("C identifier prefix (default: file stem)"),
                                      cl::cat(cat));
static cl::opt<std::string> emitKind("emit", cl::desc("Output: c, obj, mlir or llvm"), cl::init("c"),
                                     cl::cat(cat));
static cl::opt<std::string> targetName("target", cl::desc("Target name (see --print-targets)"),
                                       cl::init("host"), cl::cat(cat));
static cl::list<std::string> inputShapes("input-shape",
                                         cl::desc("Pin an input shape: name=1x3x96x96"), cl::cat(cat));
static cl::list<std::string> inputValues(
    "bind", cl::desc("Fix an input's value at compile time: name=tensor.pb (an ONNX TensorProto)"),
    cl::cat(cat));
static cl::opt<std::string> compileTo(
    "compile-to", cl::desc("Stop after a phase and print its IR: import, graph, lower, plan, loops"),
    cl::cat(cat));
static cl::opt<bool> printTargets("print-targets", cl::desc("List the targets and exit"), cl::cat(cat));
static cl::opt<bool> listOps("list-ops", cl::desc("List the supported ONNX operators and opsets, and exit"),
                             cl::cat(cat));
static cl::opt<bool> quiet("quiet", cl::desc("Do not print the summary"), cl::cat(cat));
static cl::opt<std::string> ramBudget(
    "ram-budget", cl::desc("Fail if arena + input/output buffers exceed this many bytes (K/M suffix)"),
    cl::cat(cat));
static cl::opt<std::string> flashBudget(
    "flash-budget", cl::desc("Fail if code + weights exceed this many bytes (K/M suffix)"), cl::cat(cat));
static cl::OptionCategory qcat("edgec quantization options (post-training, --quantize=int8)");
static cl::opt<std::string> quantizeMode("quantize", cl::desc("Quantize a float model after calibration: int8"),
                                         cl::cat(qcat));
static cl::opt<std::string> calibration(
    "calibration", cl::desc("Calibration data: FILE.npz, FILE.npy, FILE.bin or a directory of .npy/.bin/.png/.jpg/.bmp"),
    cl::value_desc("PATH"), cl::cat(qcat));
static cl::opt<std::string> calibrationMethod("calibration-method",
                                              cl::desc("Range choice: mse (default), minmax, percentile or entropy"),
                                              cl::init("mse"), cl::cat(qcat));
static cl::opt<double> calibrationPercentile("calibration-percentile",
                                             cl::desc("Percentile kept by --calibration-method=percentile"),
                                             cl::init(99.99), cl::cat(qcat));
static cl::opt<int64_t> calibrationLimit("calibration-limit", cl::desc("Use at most N samples"),
                                         cl::init(0), cl::cat(qcat));
static cl::opt<std::string> calibrationDtype("calibration-dtype",
                                             cl::desc("Element type of raw .bin data: float32 (default), uint8, int8"),
                                             cl::init("float32"), cl::cat(qcat));
static cl::opt<std::string> calibrationLayout(
    "calibration-layout", cl::desc("Layout of raw/NumPy data when it differs from the model's: nhwc for an NCHW model"),
    cl::cat(qcat));
static cl::opt<double> imageScale("image-scale", cl::desc("Images: multiply pixels (0..255) by this first"),
                                  cl::init(1.0), cl::cat(qcat));
static cl::list<double> imageMean("image-mean", cl::desc("Images: per-channel mean to subtract (after scaling)"),
                                  cl::CommaSeparated, cl::cat(qcat));
static cl::list<double> imageStd("image-std", cl::desc("Images: per-channel divisor (after the mean)"),
                                 cl::CommaSeparated, cl::cat(qcat));
static cl::opt<bool> imageBGR("image-bgr", cl::desc("Images: feed channels as BGR instead of RGB"), cl::cat(qcat));
static cl::opt<std::string> activationsType(
    "activations", cl::desc("Activation type of --quantize=int8: int8 (default) or int16 (16x8: int16 "
                            "activations, int8 weights)"),
    cl::init("int8"), cl::cat(qcat));
static cl::opt<bool> perChannel("per-channel", cl::desc("Quantize weights per output channel (default: per tensor)"),
                                cl::cat(qcat));
static cl::list<std::string> keepFloat("keep-float", cl::desc("ONNX node names to keep in float"),
                                       cl::CommaSeparated, cl::cat(qcat));
static cl::opt<std::string> quantReport("quant-report",
                                        cl::desc("Write the per-layer error report (.html or .json)"),
                                        cl::value_desc("FILE"), cl::cat(qcat));
static cl::opt<std::string> quantReportTarget(
    "quant-report-target",
    cl::desc("Compare with an on-target run: .npz of the --expose-tensors outputs on the first calibration samples"),
    cl::value_desc("FILE.npz"), cl::cat(qcat));
static cl::opt<bool> exposeTensors(
    "expose-tensors",
    cl::desc("With --quantize: also output every int8 tensor, named by ONNX node (for --quant-report-target)"),
    cl::cat(qcat));
static cl::opt<std::string> int8Weights(
    "int8-weights",
    cl::desc("Cortex-M4/M7/M33 int8 layers: split (weights stored as int16 pairs ready for SMLAD: "
             "fewer instructions, twice their flash; default) or compact (int8, split in the loop)"),
    cl::init("split"), cl::cat(cat));
static cl::opt<std::string> weightsSection(
    "weights-section", cl::desc("Object output: put weights in this section (default .rodata)"),
    cl::cat(cat));

namespace {

/// Turns a file stem into a C identifier.
std::string defaultName(StringRef path) {
  std::string s;
  for (char c : sys::path::stem(path))
    s += isalnum((unsigned char)c) ? (char)tolower(c) : '_';
  if (s.empty() || isdigit((unsigned char)s[0]))
    s = "m_" + s;
  return s;
}

bool isCIdentifier(StringRef s) {
  if (s.empty() || isdigit((unsigned char)s[0]))
    return false;
  return llvm::all_of(s, [](char c) { return isalnum((unsigned char)c) || c == '_'; });
}

struct GraphStats {
  std::map<std::string, int> ops;
  int64_t params = 0, macs = 0;
};

GraphStats graphStats(ModuleOp m) {
  GraphStats s;
  m.walk([&](Operation *op) {
    if (auto conv = dyn_cast<edgec::qnn::Conv2DOp>(op)) {
      auto w = conv.getWeight().getType();
      s.macs += conv.getOutput().getType().getNumElements() * w.getDimSize(1) * w.getDimSize(2) *
                w.getDimSize(3);
    } else if (auto fc = dyn_cast<edgec::qnn::FullyConnectedOp>(op)) {
      s.macs += fc.getOutput().getType().getNumElements() * fc.getWeight().getType().getDimSize(1);
    }
    if (isa<edgec::qnn::QNNDialect>(op->getDialect())) {
      s.ops[op->getName().getStringRef().str()]++;
      return;
    }
    if (!isa<edgec::nn::NNDialect>(op->getDialect()))
      return;
    if (auto c = dyn_cast<edgec::nn::ConstantOp>(op)) {
      // Weights: float parameters, or int8 weights behind a quant.scast.
      Type e = cast<ShapedType>(c.getType()).getElementType();
      if (e.isF32() || (e.isInteger(8) && llvm::any_of(c->getUsers(), [](Operation *u) {
                          return isa<quant::StorageCastOp>(u);
                        })))
        s.params += cast<ShapedType>(c.getType()).getNumElements();
      return;
    }
    s.ops[op->getName().stripDialect().str()]++;
    if (auto conv = dyn_cast<edgec::nn::ConvOp>(op)) {
      auto w = conv.getWeight().getType();
      s.macs += conv.getType().getNumElements() * w.getDimSize(1) * w.getDimSize(2) * w.getDimSize(3);
    } else if (auto g = dyn_cast<edgec::nn::GemmOp>(op)) {
      auto a = g.getA().getType();
      s.macs += g.getType().getNumElements() * (g.getTransA() ? a.getDimSize(0) : a.getDimSize(1));
    } else if (auto mm = dyn_cast<edgec::nn::MatMulOp>(op)) {
      s.macs += mm.getType().getNumElements() * mm.getA().getType().getDimSize(1);
    }
  });
  return s;
}

int64_t weightBytes(ModuleOp m) {
  int64_t bytes = 0;
  m.walk([&](memref::GlobalOp g) {
    bytes += g.getType().getNumElements() * std::max<int64_t>(1, g.getType().getElementTypeBitWidth() / 8);
  });
  return bytes;
}

/// Names every weight `<name>_weight<N>`: the symbols of two models never
/// clash, and a linker script can place one model's weights by name (with
/// -fdata-sections, each lands in `.rodata.<name>_weight<N>`).
LogicalResult nameWeights(ModuleOp m, StringRef name) {
  SymbolTable table(m);
  SmallVector<memref::GlobalOp> globals(m.getOps<memref::GlobalOp>());
  for (auto [i, g] : llvm::enumerate(globals)) {
    std::string fresh = (name + "_weight" + Twine(i)).str();
    if (failed(SymbolTable::replaceAllSymbolUses(g, StringAttr::get(m.getContext(), fresh), m)))
      return failure();
    table.setSymbolName(g, fresh);
  }
  return success();
}

/// Bytes of executable sections in an object file.
int64_t codeBytes(StringRef objectBytes) {
  auto obj = object::ObjectFile::createObjectFile(MemoryBufferRef(objectBytes, "edgec.o"));
  if (!obj) {
    consumeError(obj.takeError());
    return -1;
  }
  int64_t n = 0;
  for (const object::SectionRef &sec : (*obj)->sections())
    if (sec.isText())
      n += sec.getSize();
  return n;
}

/// Parses "16384", "16K" or "2M"; -1 if absent, -2 if malformed.
int64_t parseBytes(StringRef s) {
  if (s.empty())
    return -1;
  int64_t mult = 1;
  if (s.ends_with_insensitive("k"))
    mult = 1024, s = s.drop_back();
  else if (s.ends_with_insensitive("m"))
    mult = 1024 * 1024, s = s.drop_back();
  int64_t v;
  if (s.getAsInteger(0, v) || v < 0)
    return -2;
  return v * mult;
}

/// Object code for `target`, used to measure code size and to emit objects.
FailureOr<SmallString<0>> buildObject(ModuleOp module, const edgec::ObjectTarget &ot, bool llvmIR,
                                      llvm::function_ref<LogicalResult(ModuleOp)> lowerToLLVM) {
  if (failed(lowerToLLVM(module)))
    return failure();
  SmallString<0> bytes;
  raw_svector_ostream os(bytes);
  if (failed(edgec::writeObject(module, ot, llvmIR, os)))
    return failure();
  return bytes;
}

LogicalResult writeFile(StringRef path, llvm::function_ref<LogicalResult(raw_pwrite_stream &)> fn) {
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_None);
  if (ec) {
    errs() << "error: cannot write '" << path << "': " << ec.message() << "\n";
    return failure();
  }
  if (failed(fn(out.os())))
    return failure();
  out.keep();
  return success();
}

int run() {
  auto start = std::chrono::steady_clock::now();
  if (printTargets) {
    for (const edgec::TargetDesc &t : edgec::getTargets())
      outs() << left_justify(t.name, 14) << " " << left_justify(t.triple.empty() ? "(native)" : t.triple, 28)
             << " " << t.description << "\n";
    return 0;
  }
  if (listOps) {
    for (const auto &h : edgec::onnx_import::getDefaultDomainHandlers())
      outs() << h.opType << " " << h.sinceVersion << "-" << h.untilVersion << "\n";
    for (const auto &h : edgec::onnx_import::getMicrosoftDomainHandlers())
      outs() << "com.microsoft." << h.opType << " " << h.sinceVersion << "\n";
    return 0;
  }
  if (inputFile.empty()) {
    errs() << "error: no model given; usage: edgec model.onnx -o OUTDIR [options] (see --help)\n";
    return 1;
  }
  std::optional<edgec::Phase> stopAfter;
  if (!compileTo.empty() && !(stopAfter = edgec::parsePhase(compileTo))) {
    errs() << "error: unknown phase '" << compileTo << "'; phases: import, graph, lower, plan, loops\n";
    return 1;
  }
  if (emitKind != "c" && emitKind != "obj" && emitKind != "mlir" && emitKind != "llvm") {
    errs() << "error: --emit=" << emitKind << " is not one of c, obj, mlir, llvm\n";
    return 1;
  }
  const edgec::TargetDesc *target = edgec::lookupTarget(targetName);
  if (!target) {
    errs() << "error: unknown target '" << targetName << "'; valid targets:";
    for (const auto &t : edgec::getTargets())
      errs() << " " << t.name;
    errs() << "\n";
    return 1;
  }
  if (!stopAfter && outDir.empty()) {
    errs() << "error: -o OUTDIR is required\n";
    return 1;
  }
  int64_t ramLimit = parseBytes(ramBudget), flashLimit = parseBytes(flashBudget);
  if (ramLimit == -2 || flashLimit == -2) {
    errs() << "error: --ram-budget/--flash-budget take a byte count such as 16384, 16K or 2M\n";
    return 1;
  }
  std::string name = modelName.empty() ? defaultName(inputFile) : modelName.getValue();
  if (!isCIdentifier(name)) {
    errs() << "error: --name '" << name << "' is not a C identifier\n";
    return 1;
  }

  DialectRegistry registry;
  edgec::registerEdgecDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  edgec::NodeDiagnosticHandler diags(ctx);
  edgec::ImportOptions opts;
  for (const auto &s : inputShapes)
    if (std::string err = edgec::parseInputShape(s, opts); !err.empty()) {
      errs() << "error: " << err << "\n";
      return 1;
    }
  for (const auto &s : inputValues)
    if (std::string err = edgec::parseInputValue(s, opts); !err.empty()) {
      errs() << "error: " << err << "\n";
      return 1;
    }

  OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(16);
  auto stopHere = [&](edgec::Phase p, ModuleOp m) {
    if (stopAfter != p)
      return false;
    m->print(outs(), flags);
    outs() << "\n";
    return true;
  };
  auto runPhase = [&](ModuleOp m, llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(&ctx);
    if (failed(applyPassManagerCLOptions(pm)))
      return failure();
    build(pm);
    return pm.run(m);
  };

  OwningOpRef<ModuleOp> module = edgec::importOnnxFile(ctx, inputFile, opts);
  if (!module)
    return 1;
  GraphStats imported = graphStats(*module);
  if (stopHere(edgec::Phase::Import, *module))
    return 0;
  if (failed(runPhase(*module, edgec::buildGraphPipeline)))
    return 1;
  if (!quantizeMode.empty()) {
    if (quantizeMode != "int8") {
      errs() << "error: --quantize=" << quantizeMode << " is not supported; use --quantize=int8\n";
      return 1;
    }
    if (calibration.empty()) {
      errs() << "error: --quantize=int8 needs --calibration=DIR|FILE.npz|FILE.npy|FILE.bin\n";
      return 1;
    }
    edgec::quantize::QuantizeOptions qo;
    qo.data.path = calibration;
    qo.data.dtype = calibrationDtype;
    qo.data.layout = calibrationLayout;
    qo.data.imageScale = imageScale;
    if (!imageMean.empty())
      qo.data.imageMean.assign(imageMean.begin(), imageMean.end());
    if (!imageStd.empty())
      qo.data.imageStd.assign(imageStd.begin(), imageStd.end());
    qo.data.imageBGR = imageBGR;
    qo.data.limit = calibrationLimit;
    qo.method = calibrationMethod;
    qo.percentile = calibrationPercentile;
    qo.perChannel = perChannel;
    if (activationsType != "int8" && activationsType != "int16") {
      errs() << "error: --activations=" << activationsType << " is not int8 or int16\n";
      return 1;
    }
    qo.activationBits = activationsType == "int16" ? 16 : 8;
    qo.keepFloat.assign(keepFloat.begin(), keepFloat.end());
    qo.reportPath = quantReport;
    qo.targetTensorsPath = quantReportTarget;
    if (!quantReportTarget.empty() && quantReport.empty()) {
      errs() << "error: --quant-report-target needs --quant-report\n";
      return 1;
    }
    qo.modelPath = inputFile;
    qo.progress = !quiet;
    if (failed(edgec::quantize::quantizeModule(*module, qo)))
      return 1;
    if (exposeTensors)
      edgec::quantize::exposeQuantizedTensors(*module);
  } else if (!calibration.empty() || !quantReport.empty() || exposeTensors) {
    errs() << "error: --calibration, --quant-report and --expose-tensors need --quantize=int8\n";
    return 1;
  }
  GraphStats stats = graphStats(*module);
  if (stopHere(edgec::Phase::Graph, *module))
    return 0;
  auto iface = edgec::describeInterface(*module, name);
  if (failed(iface))
    return 1;
  iface->arenaAlignment = target->arenaAlignment;
  iface->weightsSection = weightsSection;
  iface->emitKind = emitKind == "obj" ? "obj" : "c";
  module->lookupSymbol<func::FuncOp>("main").setSymName(iface->kernelSymbol());
  unsigned indexBits =
      target->triple.empty() || !llvm::Triple(target->triple).isArch32Bit() ? 64 : 32;
  // int8 convolution layouts: channels-last where SIMD runs across
  // channels, dot products where Helium reduces a vector (32-bit SIMD),
  // channels-last plain and NCHW depthwise on scalar cores.
  llvm::StringRef convLayout =
      !target->simd ? "mixed" : indexBits == 64 ? "channels-last" : "dot";
  // x86 multiplies adjacent int8 products in groups: quads with VNNI,
  // pairs with AVX-512BW's 32-lane pmaddwd (a row of 16 sums).
  int64_t pairLanes = edgec::x86PairLanes(*target), vnniLanes = edgec::x86VnniLanes(*target);
  // Arm DSP cores split int8 quads into int16 pairs for SMLAD.
  bool smlad = edgec::armSmlad(*target);
  if (int8Weights != "split" && int8Weights != "compact") {
    errs() << "error: --int8-weights=" << int8Weights << " is not split or compact\n";
    return 1;
  }
  bool splitWeights = int8Weights == "split";
  int64_t kGroup = vnniLanes >= 16 || smlad ? 4 : pairLanes >= 32 ? 2 : 1;
  // Float convolutions channels-last on SIMD targets (vector rows across
  // output channels); scalar cores keep NCHW, whose register blocks take
  // fewer instructions there (Cortex-M4 IC float: 2.71 against 4.44 per MAC).
  bool floatChannelsLast = target->simd;
  if (failed(runPhase(*module,
                      [&](OpPassManager &pm) {
                        // x86 fills only the padding's border (its memset was
                        // 7% of VWW float); elsewhere LLVM unrolls those
                        // small strided fills into much larger code.
                        edgec::buildLowerPipeline(pm, convLayout, kGroup, floatChannelsLast,
                                                  /*borderFills=*/pairLanes > 0);
                      })) ||
      stopHere(edgec::Phase::Lower, *module))
    return diags.errorCount() ? 1 : 0;
  if (failed(runPhase(*module, [&](OpPassManager &pm) {
        edgec::buildPlanPipeline(pm, target->arenaAlignment);
      })))
    return 1;
  auto kernel = module->lookupSymbol<func::FuncOp>(iface->kernelSymbol());
  iface->arenaSize = kernel->getAttrOfType<IntegerAttr>("edgec.arena_size").getInt();
  iface->arenaLowerBound = kernel->getAttrOfType<IntegerAttr>("edgec.arena_lower_bound").getInt();
  int64_t weights = weightBytes(*module);
  if (failed(nameWeights(*module, name)))
    return 1;
  if (stopHere(edgec::Phase::Plan, *module))
    return 0;
  // The object path gets vector rows on 64-bit SIMD targets and on Helium
  // (whose 32-bit index vector loads edgec-vector-to-llvm lowers); the C
  // path the same loops with scalar rows (the same sums in the same order).
  // The loops phase runs on a copy for the object.
  bool vectorRows = target->simd && (indexBits == 64 || edgec::armMve(*target));
  OwningOpRef<ModuleOp> objModule;
  if (emitKind == "obj" || emitKind == "llvm" || flashLimit >= 0) {
    objModule = module->clone();
    if (failed(runPhase(*objModule, [&](OpPassManager &pm) {
          // Helium's kernels take precedence over SMLAD's in the object.
          bool mve = edgec::armMve(*target);
          // AArch64's 32 NEON registers take tiles of sums budgeted in
          // registers. (rv64gcv would gain as much, but QEMU 7.2's RISC-V
          // translator asserts on the resulting KWS code.)
          int64_t tileRegs =
              llvm::Triple(target->triple).getArch() == llvm::Triple::aarch64 ? 16 : 0;
          edgec::buildLoopsPipeline(pm, target->simd, vectorRows, pairLanes, vnniLanes,
                                    smlad && !mve, /*directWords=*/true, splitWeights, mve,
                                    tileRegs);
        })))
      return 1;
  }
  // The C path gets the DSP kernels (on Cortex-M55 too, whose C has no
  // Helium kernels), through the runtime's edgec_sxtb16/edgec_smlad. On
  // Cortex-M55 it keeps int8 weights, as the Helium object does: split
  // pairs would double the flash of C output only (AD int8 would no
  // longer fit the MPS3 board).
  bool cSplit = splitWeights && !edgec::armMve(*target);
  // An object build does not need the C path's loops (compile time).
  bool cLoops = !objModule || emitKind == "c" || emitKind == "mlir" ||
                stopAfter == edgec::Phase::Loops;
  if (cLoops && failed(runPhase(*module, [&](OpPassManager &pm) {
        edgec::buildLoopsPipeline(pm, target->simd, false, 0, 0, smlad, false, cSplit);
      })))
    return 1;
  if (stopHere(edgec::Phase::Loops, *module))
    return diags.errorCount() ? 1 : 0;
  // The loops phase may lay weights out for the kernels (SMLAD's int16
  // pairs): count what is emitted.
  weights = weightBytes(emitKind == "obj" || emitKind == "llvm" ? *objModule : *module);

  edgec::ObjectTarget ot;
  ot.triple = target->triple.str();
  ot.cpu = target->cpu.str();
  ot.features = target->features.str();
  ot.pic = target->pic;
  ot.hardFloatABI = target->floatABI == edgec::FloatABI::Hard;
  ot.softFloatABI = target->floatABI == edgec::FloatABI::Soft;
  ot.abiName = target->abiName.str();
  ot.weightsSection = weightsSection;
  ot.inlineCopies = target->bareMetal;
  auto lowerToLLVM = [&](ModuleOp m) {
    return runPhase(m, [&](OpPassManager &pm) { edgec::buildLLVMPipeline(pm, indexBits); });
  };

  // Objects are built before anything is written, so that a budget check
  // can refuse the model without leaving partial output behind.
  int64_t code = -1;
  SmallString<0> objBytes;
  if (emitKind == "obj" || emitKind == "llvm" || flashLimit >= 0) {
    bool wantIR = emitKind == "llvm";
    // --emit=llvm with a flash budget also builds the object below.
    OwningOpRef<ModuleOp> again = wantIR && flashLimit >= 0 ? objModule->clone() : nullptr;
    auto bytes = buildObject(*objModule, ot, wantIR, lowerToLLVM);
    if (failed(bytes))
      return 1;
    if (!wantIR) {
      code = codeBytes(*bytes);
    } else if (flashLimit >= 0) {
      // --emit=llvm: measure code with a separate object build.
      auto obj = buildObject(*again, ot, false, lowerToLLVM);
      if (failed(obj))
        return 1;
      code = codeBytes(*obj);
    }
    objBytes = std::move(*bytes);
  }
  int64_t ioBytes = 0;
  for (const auto *list : {&iface->inputs, &iface->outputs})
    for (const edgec::TensorDesc &d : *list)
      ioBytes += d.bytes();
  bool overBudget = false;
  if (ramLimit >= 0 && iface->arenaSize + ioBytes > ramLimit) {
    errs() << inputFile << ": error: the model needs " << iface->arenaSize + ioBytes
           << " bytes of RAM (arena " << iface->arenaSize << " + input/output buffers " << ioBytes
           << ") but --ram-budget is " << ramLimit << " bytes\n";
    overBudget = true;
  }
  if (flashLimit >= 0 && weights + std::max<int64_t>(code, 0) > flashLimit) {
    errs() << inputFile << ": error: the model needs " << weights + std::max<int64_t>(code, 0)
           << " bytes of flash (weights " << weights << " + code " << code << " for "
           << target->name << ") but --flash-budget is " << flashLimit << " bytes\n";
    overBudget = true;
  }
  if (overBudget)
    return 1;

  if (std::error_code ec = sys::fs::create_directories(outDir)) {
    errs() << "error: cannot create '" << outDir << "': " << ec.message() << "\n";
    return 1;
  }
  SmallString<256> base(outDir);
  sys::path::append(base, name);
  if (failed(writeFile((base + ".h").str(), [&](raw_pwrite_stream &os) {
        edgec::writeHeader(*iface, os);
        return success();
      })))
    return 1;
  if (emitKind == "mlir") {
    if (failed(writeFile((base + ".mlir").str(), [&](raw_pwrite_stream &os) {
          module->print(os, flags);
          return success();
        })))
      return 1;
  } else if (emitKind == "c") {
    if (failed(runPhase(*module, edgec::buildEmitCPipeline)) ||
        failed(writeFile((base + ".c").str(), [&](raw_pwrite_stream &os) {
          return edgec::writeC(*module, *iface, os);
        })))
      return 1;
  } else if (failed(writeFile((base + (emitKind == "obj" ? ".o" : ".ll")).str(),
                              [&](raw_pwrite_stream &o) {
                                o << objBytes;
                                return success();
                              }))) {
    return 1;
  }

  if (!quiet) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int nodes = 0;
    for (auto &kv : imported.ops)
      nodes += kv.second;
    outs() << "edgec: " << inputFile << " -> " << base << ".{h," << (emitKind == "obj" ? std::string("o") : emitKind == "llvm" ? std::string("ll") : emitKind.getValue()) << "}\n";
    outs() << "  operators:    " << nodes << " imported, ";
    int fused = 0;
    for (auto &kv : stats.ops)
      fused += kv.second;
    outs() << fused << " after graph passes (";
    bool first = true;
    for (auto &kv : stats.ops) {
      outs() << (first ? "" : ", ") << kv.first << " " << kv.second;
      first = false;
    }
    outs() << ")\n";
    outs() << "  parameters:   " << stats.params << "\n";
    outs() << "  MACs:         " << stats.macs << "\n";
    outs() << "  arena bytes:  " << iface->arenaSize << " (live-bytes lower bound "
           << iface->arenaLowerBound << ")\n";
    outs() << "  weight bytes: " << weights << "\n";
    outs() << "  code bytes:   " << (code >= 0 ? std::to_string(code) : std::string("n/a (compile the C to measure)")) << "\n";
    outs() << "  compile time: " << format("%.2f", secs) << " s\n";
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "edgec " << EDGEC_VERSION << " (MLIR/LLVM " << LLVM_VERSION_STRING << ")\n";
  });
  // --help lists edgec's own options; LLVM's backend options stay reachable
  // through --help-hidden, and MLIR's debugging flags keep working.
  cl::HideUnrelatedOptions({&cat, &qcat});
  cl::ParseCommandLineOptions(
      argc, argv,
      "edgec: ahead-of-time compiler from ONNX to C99 or object code\n\n"
      "  MLIR debugging flags such as --mlir-print-ir-after-all and\n"
      "  --mlir-elide-elementsattrs-if-larger=N are accepted (see --help-hidden).\n");
  edgec::registerEdgecPasses();
  return run();
}
