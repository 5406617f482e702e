//===- Pipelines.cpp - edgec's phase pipelines ----------------------------===//
#include "compiler/Pipelines/Pipelines.h"
#include "dialects/nn/Transforms/Passes.h"
#include "dialects/qnn/Transforms/Passes.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace edgec {

std::optional<Phase> parsePhase(StringRef name) {
  return llvm::StringSwitch<std::optional<Phase>>(name)
      .Case("import", Phase::Import)
      .Case("graph", Phase::Graph)
      .Case("lower", Phase::Lower)
      .Case("plan", Phase::Plan)
      .Case("loops", Phase::Loops)
      .Default(std::nullopt);
}

StringRef phaseName(Phase p) {
  switch (p) {
  case Phase::Import: return "import";
  case Phase::Graph: return "graph";
  case Phase::Lower: return "lower";
  case Phase::Plan: return "plan";
  case Phase::Loops: return "loops";
  }
  return "?";
}

/// Adds upstream passes given in textual form (their option structs differ
/// across MLIR releases; the textual names are stable).
static void addText(OpPassManager &pm, StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("edgec: invalid built-in pipeline: " + pipeline);
}

void buildGraphPipeline(OpPassManager &pm) {
  OpPassManager &f = pm.nest<func::FuncOp>();
  // Fold shape subgraphs and refine every type until all shapes are static.
  f.addPass(nn::createInferShapes());
  // Canonicalize (op folders) and drop dead ops.
  f.addPass(createCanonicalizerPass());
  // Fusions: BN into producers first, so the bias it creates can absorb a
  // following Add, then activations; pads last, once producers are final.
  f.addPass(nn::createFoldBatchNorm());
  f.addPass(nn::createFuseBiasActivation());
  f.addPass(nn::createFoldPad());
  f.addPass(nn::createFoldConstants());
  // QDQ models: the float ops between DequantizeLinear and QuantizeLinear
  // become integer qnn ops, once the float fusions above have put fused
  // activations where the requantization clamp can absorb them.
  f.addPass(qnn::createFoldQDQ());
  f.addPass(createCSEPass());
}

void buildLowerPipeline(OpPassManager &pm, llvm::StringRef convLayout, int64_t kGroup,
                        bool floatChannelsLast, bool borderFills) {
  OpPassManager &f = pm.nest<func::FuncOp>();
  // The operator order decides which results are alive together, hence the
  // arena's lower bound.
  f.addPass(createScheduleMemory());
  // arith has signless integers only: unsigned tensors become signless,
  // with the ops whose meaning depends on it marked.
  f.addPass(nn::createSignlessIntegers());
  // float16 crosses the API as its bits; casts convert them.
  f.addPass(nn::createNarrowStorage());
  // qnn ops become integer linalg first; quant types disappear here.
  ConvertQnnToLinalgOptions qnn;
  qnn.convLayout = convLayout.str();
  qnn.kGroup = kGroup;
  f.addPass(createConvertQnnToLinalg(qnn));
  // Before CSE can merge two layers' identical tensor.empty ops: a layer
  // written into the interior of its consumer's padded input writes there.
  addText(f, "eliminate-empty-tensors");
  // Every nn op becomes linalg/tensor/arith; failures name the ONNX node.
  ConvertNNToLinalgOptions nn;
  nn.channelsLast = floatChannelsLast;
  nn.borderFills = borderFills;
  f.addPass(createConvertNNToLinalg(nn));
  f.addPass(createCanonicalizerPass());
  // Channels-last float layers: residual adds and activations between them
  // run NHWC, their transposes cancelled.
  if (floatChannelsLast)
    f.addPass(createPropagateTransposes());
  // int8 convolutions one output channel at a time: no whole-layer int32
  // accumulator in the arena.
  f.addPass(createFuseRequantize());
  addText(f, "eliminate-empty-tensors");
  f.addPass(createCanonicalizerPass());
  f.addPass(createCSEPass());
}

void buildPlanPipeline(OpPassManager &pm, int64_t alignment) {
  // Constants become private memref.globals; tensors become memrefs across
  // the function boundary with identity layouts (bare pointers in C).
  // A tensor.empty that is only inserted into a larger tensor (a layer
  // written into the interior of its consumer's padded input) becomes a
  // slice of that tensor: written in place, no copy.
  pm.addNestedPass<func::FuncOp>(createSplitEmptyTensors());
  addText(pm, "eliminate-empty-tensors");
  addText(pm, "one-shot-bufferize{bufferize-function-boundaries "
              "function-boundary-type-conversion=identity-layout-map}");
  // Bufferization leaves copies between identical subviews (a loop writing
  // its slice in place); CSE makes them self-copies that canonicalize drops.
  addText(pm, "func.func(cse,canonicalize)");
  // Buffers allocated inside loops (a channel's int8 accumulator) are
  // allocated once, before the loop, where the arena planner sees them.
  addText(pm, "func.func(scf-forall-to-for,buffer-loop-hoisting)");
  // Results become caller-provided output buffers, written in place.
  addText(pm, "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}");
  pm.addPass(createCanonicalizerPass());
  // Constants that folding left unused would be unused static arrays in C.
  pm.addPass(createSymbolDCEPass());
  // Copies become loops (no memcpy or runner-library calls).
  pm.addNestedPass<func::FuncOp>(createLowerCopies());
  // Every remaining allocation becomes a view of the caller's arena.
  PlanArenaOptions opts;
  opts.alignment = alignment;
  pm.addPass(createPlanArena(opts));
}

void buildLoopsPipeline(OpPassManager &pm, bool vectorTarget, bool vectorRows, int64_t dotLanes,
                        int64_t vnniLanes, bool smlad, bool directWords, bool splitWeights,
                        bool mve, int64_t tileRegs) {
  // exp from IEEE operations only: the same bits on every target and in
  // both outputs, where libm's expf differs between C libraries.
  pm.addNestedPass<func::FuncOp>(createExpandExp());
  // On SIMD targets, innermost loops over independent outputs, so LLVM can
  // vectorize them without changing any sum's order (C and object stay
  // bitwise equal). Scalar cores keep the accumulator in a register instead.
  if (vectorTarget)
    pm.addNestedPass<func::FuncOp>(createVectorizableLoopOrder());
  // Reductions that are (still) innermost keep their sum in a register.
  RegisterAccumulatorsOptions acc;
  acc.vectorRows = vectorTarget && vectorRows;
  acc.dotLanes = acc.vectorRows ? dotLanes : 0;
  acc.vnniLanes = acc.vectorRows ? vnniLanes : 0;
  // AVX-512 (32 vector registers; dotLanes 32 is AVX-512BW): tiles of up to
  // 16 sums, which also hide the 4-cycle FMA latency two ports deep.
  acc.vectorTile = dotLanes >= 32 ? 16 : 4;
  // A register budget (AArch64: 16 of its 32 NEON registers): as many sums
  // as fit, 4 for rows of 16 int32 or float lanes, with column blocks where
  // the rows cannot be unrolled (KWS's odd 25x5 maps).
  acc.vectorTileRegs = vectorRows ? tileRegs : 0;
  // x86 with AVX2 or AVX-512 (x86-64-v3 and up, which have FMA3): float
  // convolution and matrix sums as fused multiply-adds, as ONNX Runtime's
  // kernels compute them. Only these sums: elementwise math (exp, softmax)
  // keeps the bits of the C output.
  acc.fma = dotLanes >= 16;
  acc.smlad = smlad;
  acc.directWords = smlad && directWords;
  acc.splitWeights = smlad && splitWeights;
  acc.mve = mve;
  // A scalar core holds a row of sums in its general registers (13 usable
  // on Cortex-M), shared with pointers, the input value and the weight:
  // rows of 4 executed the fewest instructions on cortex-m4 (2 to 16 tried).
  // The C path of a DSP core runs rows of 8 output channels, which share
  // each activation quad's split: GCC keeps 8 sums in registers where
  // LLVM's object code spills them (KWS int8 on cortex-m4: C 2.76 -> 2.61
  // instructions per MAC with 8, object 1.67 -> 1.85).
  if (!vectorTarget)
    acc.maxRow = smlad && !directWords ? 8 : 4;
  // Reductions innermost on a scalar core: blocks of outputs share loads
  // (4 x 4 float sums take 16 of Cortex-M4's 32 single registers).
  if (!vectorTarget)
    acc.block = 4;
  pm.addPass(createRegisterAccumulators(acc));
  addText(pm, "func.func(convert-linalg-to-loops,lower-affine,canonicalize,cse)");
}

void buildLLVMPipeline(OpPassManager &pm, unsigned indexBits) {
  // max/min become compare+select, as on the C path: no libm fmaximumf call
  // on soft-float targets, and identical NaN handling in both outputs.
  addText(pm, "func.func(arith-expand)");
  // Indices as wide as a pointer: 64-bit loop counters and address
  // arithmetic on a 32-bit core cost a carry instruction for every add.
  std::string ib = "index-bitwidth=" + std::to_string(indexBits);
  // edgec's vector-to-LLVM: upstream's patterns with the same index width.
  VectorToLLVMOptions vec;
  vec.indexBitwidth = indexBits;
  pm.addPass(createVectorToLLVM(vec));
  addText(pm, "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
              "finalize-memref-to-llvm{" + ib + "},convert-math-to-llvm,convert-math-to-libm,"
              "convert-arith-to-llvm{" + ib + "},convert-cf-to-llvm{" + ib + "},"
              "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1 " + ib + "},"
              "reconcile-unrealized-casts");
}

void buildEmitCPipeline(OpPassManager &pm) {
  // arith.maximumf and friends have no EmitC pattern until expanded.
  addText(pm, "func.func(arith-expand,canonicalize)");
  pm.addPass(createConvertMemRefToEmitCPtr());
  pm.addPass(createCanonicalizerPass());
}

void registerEdgecDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<nn::NNDialect, qnn::QNNDialect>();
}

void registerEdgecPasses() {
  registerAllPasses();
  nn::registerNNPasses();
  qnn::registerQNNPasses();
  registerLoweringPasses();
  PassPipelineRegistration<>("edgec-graph", "edgec graph phase (nn -> nn)", buildGraphPipeline);
  PassPipelineRegistration<>("edgec-lower", "edgec lowering phase (nn -> linalg)",
                             [](OpPassManager &pm) { buildLowerPipeline(pm, "channels-last"); });
  PassPipelineRegistration<>("edgec-plan", "edgec planning phase (bufferize + arena)",
                             [](OpPassManager &pm) { buildPlanPipeline(pm, 16); });
  PassPipelineRegistration<>("edgec-loops", "edgec loops phase (linalg -> scf), SIMD loop order",
                             [](OpPassManager &pm) { buildLoopsPipeline(pm, true, false); });
  PassPipelineRegistration<>("edgec-to-llvm", "edgec object path (loops -> LLVM dialect)",
                             [](OpPassManager &pm) { buildLLVMPipeline(pm); });
  PassPipelineRegistration<>("edgec-to-emitc", "edgec C path (loops -> EmitC)", buildEmitCPipeline);
}

} // namespace edgec
