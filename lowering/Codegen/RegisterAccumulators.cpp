//===- RegisterAccumulators.cpp - Reductions with the sum in a register ---===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace edgec {
#define GEN_PASS_DEF_REGISTERACCUMULATORS
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// Whether `op` is a single-output reduction on buffers with every
/// parallel loop outside every reduction loop.
bool hasInnerReductions(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return false;
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  unsigned par = op.getNumParallelLoops();
  for (unsigned i = 0; i < iters.size(); ++i)
    if ((iters[i] == utils::IteratorType::parallel) != (i < par))
      return false;
  if (!llvm::all_of(op.getStaticLoopRanges(), [](int64_t s) { return !ShapedType::isDynamic(s); }))
    return false;
  // The output element must not depend on the reduction loops.
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (unsigned i = par; i < iters.size(); ++i)
    if (out.isFunctionOfDim(i))
      return false;
  // Deferring the store is only right if no input reads the output buffer.
  Value outBuf = op.getDpsInitOperand(0)->get();
  return llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *o) {
    Value v = o->get();
    return (isa<MemRefType>(v.getType()) && v != outBuf) || v.getType().isIntOrIndexOrFloat();
  });
}

SmallVector<Value> indices(OpBuilder &b, Location loc, AffineMap map, ValueRange ivs) {
  SmallVector<Value> idx;
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    idx.push_back(affine::AffineApplyOp::create(b, loc, map.getSubMap({r}), ivs));
  return idx;
}

void lower(linalg::LinalgOp op, RewriterBase &rw) {
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned par = op.getNumParallelLoops();
  auto idx = [&](int64_t v) { return arith::ConstantIndexOp::create(rw, loc, v).getResult(); };
  Value zero = idx(0), one = idx(1);
  SmallVector<Value> parUb, redUb;
  for (unsigned i = 0; i < ranges.size(); ++i)
    (i < par ? parUb : redUb).push_back(idx(ranges[i]));
  OpOperand *init = op.getDpsInitOperand(0);
  Block *body = op.getBlock();
  scf::buildLoopNest(
      rw, loc, SmallVector<Value>(par, zero), parUb, SmallVector<Value>(par, one),
      [&](OpBuilder &b, Location l, ValueRange parIvs) {
        // The output map reads only the (leading) parallel dims.
        AffineMap outMap = op.getMatchingIndexingMap(init);
        outMap = AffineMap::get(par, outMap.getNumSymbols(), outMap.getResults(), op.getContext());
        SmallVector<Value> outIdx = indices(b, l, outMap, parIvs);
        Value start = memref::LoadOp::create(b, l, init->get(), outIdx);
        scf::LoopNest red = scf::buildLoopNest(
            b, l, SmallVector<Value>(redUb.size(), zero), redUb,
            SmallVector<Value>(redUb.size(), one), ValueRange{start},
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              SmallVector<Value> ivs(parIvs);
              ivs.append(redIvs.begin(), redIvs.end());
              IRMapping map;
              for (OpOperand *in : op.getDpsInputOperands()) {
                Value v = in->get();
                if (isa<MemRefType>(v.getType()))
                  v = memref::LoadOp::create(b, l, v,
                                             indices(b, l, op.getMatchingIndexingMap(in), ivs));
                map.map(body->getArgument(in->getOperandNumber()), v);
              }
              map.map(body->getArgument(init->getOperandNumber()), acc[0]);
              for (Operation &inner : body->without_terminator()) {
                if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
                  map.map(index.getResult(), ivs[index.getDim()]);
                  continue;
                }
                b.clone(inner, map);
              }
              return {map.lookupOrDefault(body->getTerminator()->getOperand(0))};
            });
        memref::StoreOp::create(b, l, red.results[0], init->get(), outIdx);
      });
  rw.eraseOp(op);
}

struct RegisterAccumulatorsPass
    : public edgec::impl::RegisterAccumulatorsBase<RegisterAccumulatorsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (hasInnerReductions(op))
        ops.push_back(op);
    });
    IRRewriter rw(&getContext());
    for (linalg::LinalgOp op : ops)
      lower(op, rw);
  }
};

} // namespace
