//===- PlanArena.cpp - Replace allocations by views of one arena ----------===//
#include "lowering/Passes.h"
#include "lowering/Plan/ArenaPlanner.h"

#include "mlir/IR/PatternMatch.h"
#include <numeric>
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace edgec {
#define GEN_PASS_DEF_PLANARENA
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

int64_t byteSize(MemRefType t) {
  int64_t bits = t.getElementTypeBitWidth();
  return t.getNumElements() * std::max<int64_t>(1, bits / 8);
}

/// Returns the allocation a memref value is a view of, if any.
memref::AllocOp rootAlloc(Value v) {
  while (v) {
    if (auto alloc = v.getDefiningOp<memref::AllocOp>())
      return alloc;
    auto view = v.getDefiningOp<ViewLikeOpInterface>();
    if (!view)
      return {};
    v = view.getViewSource();
  }
  return {};
}

struct PlanArenaPass : public edgec::impl::PlanArenaBase<PlanArenaPass> {
  using PlanArenaBase::PlanArenaBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isDeclaration() && failed(planFunction(func)))
        return signalPassFailure();
  }

  LogicalResult planFunction(func::FuncOp func) {
    Block &body = func.getBody().front();
    if (!func.getBody().hasOneBlock())
      return func.emitError("arena planning expects a single-block function");
    // Schedule position of every top-level op.
    DenseMap<Operation *, int64_t> pos;
    int64_t step = 0;
    for (Operation &op : body)
      pos[&op] = step++;

    SmallVector<memref::AllocOp> allocs;
    DenseMap<Operation *, size_t> index;
    for (Operation &op : body)
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        if (!alloc.getType().hasStaticShape() || !alloc.getType().getLayout().isIdentity())
          return alloc.emitError("only static, identity-layout allocations can be planned");
        index[alloc] = allocs.size();
        allocs.push_back(alloc);
      }
    bool nested = false;
    func.walk([&](memref::AllocOp a) {
      if (!index.count(a)) {
        a.emitError("allocation inside a loop or region cannot be planned");
        nested = true;
      }
    });
    if (nested)
      return failure();

    // Live range of each allocation: from its first to its last use through
    // any view of it.
    std::vector<edgec::BufferRequest> req;
    SmallVector<int64_t> firstUse;
    for (memref::AllocOp a : allocs) {
      int64_t first = pos[a], last = pos[a], use = -1;
      SmallVector<Value> work = {a.getResult()};
      while (!work.empty()) {
        Value v = work.pop_back_val();
        for (OpOperand &u : v.getUses()) {
          Operation *owner = body.findAncestorOpInBlock(*u.getOwner());
          last = std::max(last, pos[owner]);
          use = use < 0 ? pos[owner] : std::min(use, pos[owner]);
          if (auto view = dyn_cast<ViewLikeOpInterface>(u.getOwner()))
            if (view.getViewSource() == v)
              for (Value r : u.getOwner()->getResults())
                work.push_back(r);
        }
      }
      // The buffer's bytes matter only from its first use: bufferization
      // and loop hoisting may place the alloc itself much earlier.
      if (use >= 0)
        first = use;
      req.push_back({byteSize(a.getType()), first, last});
      firstUse.push_back(use);
    }

    // In place: an elementwise generic may write its output over an input
    // buffer of the same size that dies at it, when both are read and
    // written at the same position and the output's old value is unused.
    // Union-find over allocations that share memory.
    SmallVector<size_t> parent(allocs.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](size_t i) {
      while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
      return i;
    };
    auto groupExtent = [&](size_t i, int64_t &last, int64_t &size) {
      last = size = 0;
      for (size_t m = 0; m < allocs.size(); ++m)
        if (find(m) == find(i)) {
          last = std::max(last, req[m].last);
          size = std::max(size, req[m].size);
        }
    };
    if (inPlace) {
      for (Operation &op : body) {
        auto g = dyn_cast<linalg::GenericOp>(op);
        if (!g || g.getNumLoops() != g.getNumParallelLoops() || g.getNumDpsInits() != 1)
          continue;
        OpOperand *out = g.getDpsInitOperand(0);
        memref::AllocOp outAlloc = rootAlloc(out->get());
        if (!outAlloc || g.payloadUsesValueFromOperand(out) ||
            out->get() != outAlloc.getResult())
          continue;
        size_t o = index[outAlloc];
        if (firstUse[o] != pos[&op])
          continue;
        for (OpOperand *in : g.getDpsInputOperands()) {
          memref::AllocOp inAlloc = rootAlloc(in->get());
          auto inTy = dyn_cast<MemRefType>(in->get().getType());
          if (!inAlloc || !inTy || !inTy.getLayout().isIdentity() ||
              g.getMatchingIndexingMap(in) != g.getMatchingIndexingMap(out))
            continue;
          size_t i = index[inAlloc];
          int64_t groupLast, groupSize;
          groupExtent(i, groupLast, groupSize);
          if (groupLast != pos[&op] || groupSize != req[o].size || byteSize(inTy) != req[o].size)
            continue;
          parent[find(o)] = find(i);
          break;
        }
      }
    }

    // One request per group: the union of live ranges, the largest size.
    std::vector<edgec::BufferRequest> merged;
    DenseMap<size_t, size_t> groupOf, rootSlot;
    for (size_t m = 0; m < allocs.size(); ++m) {
      auto [it, fresh] = rootSlot.try_emplace(find(m), merged.size());
      if (fresh)
        merged.push_back({0, INT64_MAX, 0});
      edgec::BufferRequest &r = merged[it->second];
      r.size = std::max(r.size, req[m].size);
      r.first = std::min(r.first, req[m].first);
      r.last = std::max(r.last, req[m].last);
      groupOf[m] = it->second;
    }
    edgec::ArenaPlan plan = edgec::planArena(merged, alignment);
    if (!edgec::isValidPlan(merged, plan))
      return func.emitError("internal error: the arena plan overlaps live buffers");

    // The arena becomes the last argument; allocations become views of it.
    OpBuilder b(func.getContext());
    auto arenaTy = MemRefType::get({plan.size}, b.getI8Type());
    unsigned argIdx = func.getNumArguments();
    if (failed(func.insertArgument(argIdx, arenaTy, b.getDictionaryAttr({}), func.getLoc())))
      return failure();
    Value arena = func.getArgument(argIdx);
    IRRewriter rewriter(func.getContext());
    for (auto [i, a] : llvm::enumerate(allocs)) {
      rewriter.setInsertionPoint(a);
      Value off = arith::ConstantIndexOp::create(rewriter, a.getLoc(), plan.offsets[groupOf[i]]);
      rewriter.replaceOpWithNewOp<memref::ViewOp>(a, a.getType(), arena, off, ValueRange{});
    }
    func.walk([&](memref::DeallocOp d) { rewriter.eraseOp(d); });
    func->setAttr("edgec.arena_size", b.getI64IntegerAttr(plan.size));
    func->setAttr("edgec.arena_buffers", b.getI64IntegerAttr(merged.size()));
    func->setAttr("edgec.arena_lower_bound", b.getI64IntegerAttr(edgec::liveBytesBound(merged)));
    return success();
  }
};
} // namespace
