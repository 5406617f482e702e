//===- ScheduleMemory.cpp - The edgec-schedule-memory pass -----------------===//
#include "dialects/nn/IR/NNOps.h"
#include "lowering/Passes.h"
#include "lowering/Plan/Scheduler.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace edgec {
#define GEN_PASS_DEF_SCHEDULEMEMORY
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

int64_t bytesOf(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  if (!st || !st.hasStaticShape())
    return 0;
  Type e = st.getElementType();
  int64_t bits = e.isIntOrFloat() ? e.getIntOrFloatBitWidth() : 8;
  if (auto q = dyn_cast<quant::QuantizedType>(e))
    bits = q.getStorageTypeIntegralWidth();
  return st.getNumElements() * std::max<int64_t>(1, (bits + 7) / 8);
}

struct ScheduleMemoryPass : public edgec::impl::ScheduleMemoryBase<ScheduleMemoryPass> {
  using ScheduleMemoryBase::ScheduleMemoryBase;
  void runOnOperation() override {
    func::FuncOp f = getOperation();
    if (f.getBody().empty() || !f.getBody().hasOneBlock())
      return;
    Block &block = f.getBody().front();
    Operation *terminator = block.getTerminator();
    // Constants first: they hold no arena bytes and must dominate readers
    // wherever those move.
    SmallVector<Operation *> nodes;
    for (Operation &op : llvm::make_early_inc_range(block.without_terminator())) {
      if (op.getNumRegions() || !isMemoryEffectFree(&op))
        return; // Only pure, region-free graphs are reordered.
      if (op.hasTrait<OpTrait::ConstantLike>())
        op.moveBefore(&block, block.begin());
      else
        nodes.push_back(&op);
    }
    if (nodes.size() < 2)
      return;
    DenseMap<Operation *, int> index;
    for (auto [i, op] : llvm::enumerate(nodes))
      index[op] = (int)i;
    // A reshape is a view: its readers read what it views.
    auto root = [&](Value v) -> Operation * {
      Operation *def = v.getDefiningOp();
      while (auto r = dyn_cast_or_null<edgec::nn::ReshapeOp>(def))
        def = r.getInput().getDefiningOp();
      return def && index.count(def) ? def : nullptr;
    };
    edgec::ScheduleGraph g;
    g.outBytes.resize(nodes.size());
    g.inputs.resize(nodes.size());
    g.pinned.assign(nodes.size(), false);
    for (auto [i, op] : llvm::enumerate(nodes)) {
      if (!isa<edgec::nn::ReshapeOp>(op))
        for (Type t : op->getResultTypes())
          g.outBytes[i] += bytesOf(t);
      llvm::SmallSetVector<int, 4> ins;
      for (Value v : op->getOperands()) {
        if (Operation *def = v.getDefiningOp(); def && index.count(def))
          ins.insert(index[def]); // ordering
        if (Operation *r = root(v))
          ins.insert(index[r]); // liveness through views
      }
      g.inputs[i].assign(ins.begin(), ins.end());
    }
    for (Value v : terminator->getOperands())
      if (Operation *r = root(v))
        g.pinned[index[r]] = true;
    std::vector<int> initial(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i)
      initial[i] = (int)i;
    std::vector<int> order = edgec::scheduleForMemory(g, initial, exactLimit);
    for (int i : order)
      nodes[i]->moveBefore(terminator);
  }
};

} // namespace
