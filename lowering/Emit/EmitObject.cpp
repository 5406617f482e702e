//===- EmitObject.cpp - LLVM dialect to an object file --------------------===//
#include "lowering/Emit/Emit.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/IntrinsicsARM.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Metadata.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/AggressiveInstCombine/AggressiveInstCombine.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace edgec {

namespace {

bool callsSmlad(const llvm::Module &m) {
  for (const llvm::Function &f : m)
    if (f.getIntrinsicID() == llvm::Intrinsic::arm_smlad ||
        f.getIntrinsicID() == llvm::Intrinsic::arm_smladx)
      if (!f.use_empty())
        return true;
  return false;
}

/// Sets an LLVM command-line option for the lifetime of this object unless
/// the user gave it, then resets it: LLVM's options are process-wide, and the
/// choice belongs to one module.
class ScopedDefaultOption {
public:
  ScopedDefaultOption(llvm::StringRef name, llvm::StringRef value) {
    auto &options = llvm::cl::getRegisteredOptions();
    auto it = options.find(name);
    if (it != options.end() && it->second->getNumOccurrences() == 0 &&
        !it->second->addOccurrence(0, name, value))
      option = it->second;
  }
  ~ScopedDefaultOption() {
    if (option)
      option->reset();
  }
  ScopedDefaultOption(const ScopedDefaultOption &) = delete;
  ScopedDefaultOption &operator=(const ScopedDefaultOption &) = delete;

private:
  llvm::cl::Option *option = nullptr;
};

} // namespace

LogicalResult writeObject(ModuleOp module, const ObjectTarget &target, bool emitLLVM,
                          llvm::raw_pwrite_stream &os) {
  static bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);

  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, llvmCtx, "edgec");
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed"), failure();

  std::string tripleStr = target.triple.empty() ? llvm::sys::getDefaultTargetTriple() : target.triple;
  // Normalized, so that "thumbv6m-none-eabi" reads eabi as the environment
  // (AEABI helper names such as __aeabi_fadd), not as the OS.
  llvm::Triple triple(llvm::Triple::normalize(tripleStr));
  std::string cpu = target.cpu.empty() && target.triple.empty() ? llvm::sys::getHostCPUName().str()
                                                                : target.cpu;
  std::string error;
  const llvm::Target *t = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!t)
    return module.emitError("unknown target '") << tripleStr << "': " << error, failure();
  llvm::TargetOptions options;
  if (target.hardFloatABI)
    options.FloatABIType = llvm::FloatABI::Hard;
  else if (target.softFloatABI)
    options.FloatABIType = llvm::FloatABI::Soft;
  options.MCOptions.ABIName = target.abiName;
  std::unique_ptr<llvm::TargetMachine> tm(t->createTargetMachine(
      triple, cpu, target.features, options,
      target.pic ? llvm::Reloc::PIC_ : llvm::Reloc::Static, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return module.emitError("cannot create a target machine for ") << tripleStr, failure();
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(tm->createDataLayout());
  // No exceptions cross generated code; without nounwind Arm objects
  // reference the unwinder personality routine.
  // LLVM tunes AVX-512 cores to prefer 256-bit vectors (clock throttling on
  // early parts); these kernels are short bursts of integer and FMA work
  // that run best on whole 512-bit registers, as ONNX Runtime's do.
  bool wide512 = triple.isX86() && tm->getMCSubtargetInfo()->checkFeatures("+avx512bw");
  for (llvm::Function &f : *llvmModule) {
    f.addFnAttr(llvm::Attribute::NoUnwind);
    if (wide512 && !f.isDeclaration())
      f.addFnAttr("prefer-vector-width", "512");
    // Bare-metal C libraries copy byte by byte (picolibc's memcpy costs
    // about 4 instructions a byte on Cortex-M): copy and fill loops, which
    // are short rows of known size and alignment, stay loops.
    if (target.inlineCopies && !f.isDeclaration())
      f.addFnAttr("no-builtins");
  }
  // The RISC-V backend checks the module's ABI against the target machine's.
  if (!target.abiName.empty())
    llvmModule->addModuleFlag(llvm::Module::Error, "target-abi",
                              llvm::MDString::get(llvmCtx, target.abiName));
  // Weights (constant globals) go where the user's linker script wants them.
  if (!target.weightsSection.empty())
    for (llvm::GlobalVariable &g : llvmModule->globals())
      if (g.isConstant() && g.hasInitializer())
        g.setSection(target.weightsSection);

  // The standard O2 pipeline: vectorization, unrolling, LICM of address math.
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm.get());
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  // Byte loads that make one word (the int8 quads of the DSP kernels)
  // become one load only once unrolling has made their addresses constant
  // offsets of one pointer; the pipeline combines loads before unrolling.
  pb.registerOptimizerLastEPCallback(
      [](llvm::ModulePassManager &m, llvm::OptimizationLevel, llvm::ThinOrFullLTOPhase) {
        llvm::FunctionPassManager f;
        f.addPass(llvm::AggressiveInstCombinePass());
        f.addPass(llvm::InstCombinePass());
        m.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(f)));
      });
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  mpm.run(*llvmModule, mam);

  if (emitLLVM) {
    llvmModule->print(os, nullptr);
    return success();
  }
  // On Cortex-M cores without Helium, ARM asks loop strength reduction to
  // search post-increment addressing. That search pays off in the SMLAD
  // kernels' loops (KWS int8 on Cortex-M4: 1.71 -> 1.67 instructions per
  // MAC) but elsewhere changes instructions by about 1% either way, and it
  // is about 40% of the compile time of a float MobileNet (VWW float on
  // Cortex-M4: 2.2 -> 1.5 s). Helium loops need it (IC float on M55
  // 1.31 -> 1.33 without).
  const llvm::MCSubtargetInfo *sti = tm->getMCSubtargetInfo();
  bool mclass = (triple.isARM() || triple.isThumb()) && sti->checkFeatures("+mclass");
  std::optional<ScopedDefaultOption> noPostIncrementSearch;
  if (mclass && !sti->checkFeatures("+mve") && !callsSmlad(*llvmModule))
    noPostIncrementSearch.emplace("lsr-preferred-addressing-mode", "none");
  // Cortex-M7 runs the machine pipeliner. It builds each loop's dependence
  // graph (alias queries between every pair of memory operations) before it
  // finds that the loop cannot meet its initiation-interval limit
  // (pipeliner-max-mii, 27). Our unrolled kernels with more stores than that
  // limit never do: skipping them is about 0.1 s of a float MobileNet's
  // compile and leaves every object byte-identical.
  std::optional<ScopedDefaultOption> pipelinerStores;
  if (mclass)
    pipelinerStores.emplace("pipeliner-max-num-stores", "27");
  llvm::legacy::PassManager codegen;
  if (tm->addPassesToEmitFile(codegen, os, nullptr, llvm::CodeGenFileType::ObjectFile))
    return module.emitError("the target cannot emit object files"), failure();
  codegen.run(*llvmModule);
  return success();
}

} // namespace edgec
