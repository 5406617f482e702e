//===- RegisterAccumulators.cpp - Reductions with the sums in registers ---===//
//
// convert-linalg-to-loops loads and stores the output element on every
// iteration of a reduction, and LLVM cannot move that out of the loop
// because every buffer is a view of the same arena. This pass emits the
// loop nest of a reduction itself, with the output elements carried through
// the reduction loops as scf.for iter_args (registers) and stored once.
//
// Two loop shapes are handled:
//  * reductions innermost (scalar targets; integer dot products): one sum
//    per output element;
//  * reductions, then one parallel loop over the output's last dimension
//    innermost (the SIMD loop order of edgec-vectorizable-loop-order): that
//    loop is tiled and unrolled into a row of independent sums, so each
//    reduction step is a row of multiply-adds over contiguous outputs that
//    the SLP vectorizer turns into vector instructions, with the row of
//    sums kept in vector registers across the whole reduction.
// Either way every output's sum is formed in the original order, so float
// results keep their bits (C and object outputs stay identical).
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/FormatVariadic.h"

namespace edgec {
#define GEN_PASS_DEF_REGISTERACCUMULATORS
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// Outputs per register row by default: 16 floats fill an AVX-512
/// register, 4 of them a NEON one; the row is the largest divisor of the
/// column count up to the pass's max-row.

/// The loop structure the pass lowers: `par` leading parallel loops, then
/// `red` reductions, then optionally one parallel loop (the output column)
/// tiled by `row`.
struct Shape {
  unsigned par = 0, red = 0;
  bool column = false;
  int64_t row = 1;
};

/// Whether `op` is a single-output reduction on buffers this pass can
/// lower, and with which shape.
std::optional<Shape> shapeOf(linalg::LinalgOp op, int64_t maxRow) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, [](int64_t s) { return ShapedType::isDynamic(s); }))
    return std::nullopt;
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  Shape s;
  unsigned n = iters.size();
  s.par = op.getNumParallelLoops();
  s.red = op.getNumReductionLoops();
  s.column = iters.back() == utils::IteratorType::parallel && s.red > 0 &&
             iters[n - 2] == utils::IteratorType::reduction;
  if (s.column)
    --s.par;
  // [par parallel][red reductions][column?]
  for (unsigned i = 0; i < n; ++i) {
    bool parallel = iters[i] == utils::IteratorType::parallel;
    bool expected = i < s.par || (s.column && i == n - 1);
    if (parallel != expected)
      return std::nullopt;
  }
  // The output element must not depend on the reduction loops.
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (unsigned i = s.par; i < s.par + s.red; ++i)
    if (out.isFunctionOfDim(i))
      return std::nullopt;
  if (s.column) {
    int64_t cols = ranges.back();
    for (int64_t r = std::min(cols, maxRow); r >= 1; --r)
      if (cols % r == 0) {
        s.row = r;
        break;
      }
  }
  // Deferring the stores is only right if no input reads the output buffer.
  Value outBuf = op.getDpsInitOperand(0)->get();
  bool inputsOk = llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *o) {
    Value v = o->get();
    return (isa<MemRefType>(v.getType()) && v != outBuf) || v.getType().isIntOrIndexOrFloat();
  });
  return inputsOk ? std::optional(s) : std::nullopt;
}

SmallVector<Value> indices(OpBuilder &b, Location loc, AffineMap map, ValueRange ivs) {
  SmallVector<Value> idx;
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    idx.push_back(affine::AffineApplyOp::create(b, loc, map.getSubMap({r}), ivs));
  return idx;
}

/// Zero lower bounds, upper bounds and steps of a loop nest over `dims` of
/// the op's static loop ranges, dim d stepping by step(d).
struct Nest {
  SmallVector<Value> lbs, ubs, steps;
};
Nest loopNest(RewriterBase &rw, Location loc, ArrayRef<int64_t> ranges, ArrayRef<unsigned> dims,
              llvm::function_ref<int64_t(unsigned)> step) {
  Nest n;
  for (unsigned d : dims) {
    n.lbs.push_back(arith::ConstantIndexOp::create(rw, loc, 0));
    n.ubs.push_back(arith::ConstantIndexOp::create(rw, loc, ranges[d]));
    n.steps.push_back(arith::ConstantIndexOp::create(rw, loc, step(d)));
  }
  return n;
}

/// The dims [from, to).
SmallVector<unsigned> dimRange(unsigned from, unsigned to) {
  SmallVector<unsigned> d;
  for (unsigned i = from; i < to; ++i)
    d.push_back(i);
  return d;
}

/// Clones the op's body for one output element: the block arguments as
/// mapped in `map`, linalg.index as the loop indices `ivs`. Returns the
/// element's new value (the yielded one).
Value cloneBody(OpBuilder &b, Block *body, IRMapping &map, ArrayRef<Value> ivs) {
  for (Operation &inner : body->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      map.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    b.clone(inner, map);
  }
  return map.lookupOrDefault(body->getTerminator()->getOperand(0));
}

/// Where a reduction's sums start when its output buffer was filled just
/// before it, by a broadcast of a constant table (a bias) or a linalg.fill:
/// the kernel reads the start from the source and the fill goes, which
/// saves a store and a load of every output (and the fill's loop).
bool isConstantMemory(Value mem);

struct StartSource {
  Operation *fill = nullptr;
  Value src;           ///< the broadcast's table, or null for a fill
  AffineMap map;       ///< output buffer indices -> table indices
  Value scalar;        ///< linalg.fill's value
  bool used = false;
};

/// Whether `op` writes every element of its (static) output buffer.
bool writesWholeOutput(linalg::LinalgOp op) {
  auto outTy = dyn_cast<MemRefType>(op.getDpsInitOperand(0)->get().getType());
  if (!outTy || !outTy.hasStaticShape())
    return false;
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (!outMap.isProjectedPermutation() || outMap.getNumResults() != outTy.getRank())
    return false;
  for (auto [k, e] : llvm::enumerate(outMap.getResults()))
    if (ranges[cast<AffineDimExpr>(e).getPosition()] != outTy.getDimSize(k))
      return false;
  return true;
}

std::optional<StartSource> startSource(linalg::LinalgOp op) {
  Value out = op.getDpsInitOperand(0)->get();
  if (!writesWholeOutput(op))
    return std::nullopt;
  auto outTy = cast<MemRefType>(out.getType());
  Operation *prev = op->getPrevNode();
  while (prev && isMemoryEffectFree(prev))
    prev = prev->getPrevNode();
  auto f = dyn_cast_or_null<linalg::LinalgOp>(prev);
  if (!f || !f.hasPureBufferSemantics() || f.getNumDpsInits() != 1 ||
      f.getDpsInitOperand(0)->get() != out || f.getNumReductionLoops() != 0 ||
      !f.getMatchingIndexingMap(f.getDpsInitOperand(0)).isIdentity())
    return std::nullopt;
  StartSource src;
  src.fill = f;
  if (auto fill = dyn_cast<linalg::FillOp>(f.getOperation())) {
    src.scalar = fill.value();
    return src.scalar.getType() == outTy.getElementType() ? std::optional(src) : std::nullopt;
  }
  auto g = dyn_cast<linalg::GenericOp>(f.getOperation());
  if (!g || g.getNumDpsInputs() != 1)
    return std::nullopt;
  auto yield = cast<linalg::YieldOp>(g.getBlock()->getTerminator());
  Value in = g.getDpsInputOperand(0)->get();
  if (yield.getNumOperands() != 1 || yield.getOperand(0) != g.getBlock()->getArgument(0) ||
      !isa<MemRefType>(in.getType()) || !isConstantMemory(in))
    return std::nullopt;
  src.src = in;
  src.map = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
  return src;
}

/// The start of the sum at output buffer indices `idx`.
Value loadStart(OpBuilder &b, Location l, Value init, ArrayRef<Value> idx, StartSource *start) {
  if (!start)
    return memref::LoadOp::create(b, l, init, idx);
  start->used = true;
  if (start->scalar)
    return start->scalar;
  return memref::LoadOp::create(b, l, start->src, indices(b, l, start->map, idx));
}

bool vectorizableBody(Block *body);

/// The op right after a reduction that updates the reduction's whole output
/// in place, element by element (an activation applied to the sums: a
/// generic with the buffer as its only operand, an identity map and an
/// elementwise body), or null. A vector row applies it to its sums before
/// storing them, which saves a pass over the output.
linalg::GenericOp inPlaceEpilogue(linalg::LinalgOp op) {
  Value out = op.getDpsInitOperand(0)->get();
  if (!writesWholeOutput(op))
    return {};
  Operation *next = op->getNextNode();
  while (next && isMemoryEffectFree(next))
    next = next->getNextNode();
  auto g = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!g || g.getNumDpsInputs() != 0 || g.getNumDpsInits() != 1 ||
      g.getDpsInitOperand(0)->get() != out || g.getNumReductionLoops() != 0 ||
      !g.getMatchingIndexingMap(g.getDpsInitOperand(0)).isIdentity() ||
      !vectorizableBody(g.getBlock()))
    return {};
  // Values from outside the body must exist where the kernel is built,
  // before `op` (a constant between the two would not).
  for (Operation &inner : g.getBlock()->without_terminator())
    for (Value v : inner.getOperands()) {
      Operation *def = v.getDefiningOp();
      if (def && def->getBlock() == op->getBlock() && !def->isBeforeInBlock(op))
        return {};
    }
  return g;
}

/// Helium: a sum that starts from a bias table and whose only reader is the
/// requantization right after it starts from zero, and the requantization
/// adds the bias instead: the dot kernels' first VMLADAV then needs no
/// copy of the start into its accumulator (one instruction per output),
/// and the requantization adds it with one VADD per vector of four. Int32
/// sums wrap the same in any order: the results are unchanged.
void biasIntoRequantization(linalg::LinalgOp op, RewriterBase &rw) {
  std::optional<StartSource> start = startSource(op);
  if (!start || !start->src)
    return;
  Value acc = op.getDpsInitOperand(0)->get();
  Operation *next = op->getNextNode();
  while (next && isMemoryEffectFree(next))
    next = next->getNextNode();
  auto g = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!g || !g->hasAttr("edgec.requantize") || !g.hasPureBufferSemantics() ||
      g.getNumDpsInputs() < 1 || g.getDpsInputOperand(0)->get() != acc ||
      g.getNumReductionLoops() != 0 ||
      !g.getBlock()->getArgument(0).getType().isInteger(32))
    return;
  for (Operation *user : acc.getUsers())
    if (user != start->fill && user != op.getOperation() && user != g.getOperation())
      return;
  // The requantization with the bias table as one more input.
  Location loc = g.getLoc();
  rw.setInsertionPoint(g);
  SmallVector<Value> ins(g.getDpsInputs());
  ins.push_back(start->src);
  SmallVector<AffineMap> maps;
  for (OpOperand *in : g.getDpsInputOperands())
    maps.push_back(g.getMatchingIndexingMap(in));
  maps.push_back(start->map.compose(g.getMatchingIndexingMap(g.getDpsInputOperand(0))));
  maps.push_back(g.getMatchingIndexingMap(g.getDpsInitOperand(0)));
  Block *old = g.getBlock();
  unsigned nIn = g.getNumDpsInputs();
  auto ng = linalg::GenericOp::create(
      rw, loc, TypeRange{}, ins, g.getDpsInits(), maps, g.getIteratorTypesArray(),
      [&](OpBuilder &b, Location l, ValueRange args) {
        IRMapping map;
        for (unsigned k = 0; k < nIn; ++k)
          map.map(old->getArgument(k), args[k]);
        map.map(old->getArgument(nIn), args[nIn + 1]);
        map.map(old->getArgument(0), arith::AddIOp::create(b, l, args[0], args[nIn]));
        for (Operation &inner : old->without_terminator())
          b.clone(inner, map);
        linalg::YieldOp::create(b, l, map.lookup(old->getTerminator()->getOperand(0)));
      });
  ng->setDiscardableAttrs(g->getDiscardableAttrDictionary());
  rw.eraseOp(g);
  // The sum starts from zero.
  rw.setInsertionPoint(start->fill);
  Value zero = arith::ConstantOp::create(rw, start->fill->getLoc(), rw.getI32IntegerAttr(0));
  rw.replaceOpWithNewOp<linalg::FillOp>(start->fill, ValueRange{zero}, ValueRange{acc});
}

/// The scalar elementwise op `inner` on vectors of `shape`: operands
/// through `map`, scalars broadcast; its results are mapped to the new
/// op's.
void vectorizeOp(OpBuilder &b, Location l, Operation &inner, IRMapping &map,
                 ArrayRef<int64_t> shape) {
  SmallVector<Value> operands;
  for (Value o : inner.getOperands()) {
    Value m = map.lookupOrDefault(o);
    if (!isa<VectorType>(m.getType()))
      m = vector::BroadcastOp::create(b, l, VectorType::get(shape, m.getType()), m);
    operands.push_back(m);
  }
  SmallVector<Type> types;
  for (Type t : inner.getResultTypes())
    types.push_back(VectorType::get(shape, t));
  OperationState state(l, inner.getName(), operands, types, inner.getAttrs());
  map.map(inner.getResults(), b.create(state)->getResults());
}

/// `epilogue`'s body (inPlaceEpilogue) applied lane by lane to `v`.
Value applyInPlace(OpBuilder &b, Location l, linalg::GenericOp epilogue, Value v) {
  Block *body = epilogue.getBlock();
  IRMapping map;
  map.map(body->getArgument(0), v);
  for (Operation &inner : body->without_terminator())
    vectorizeOp(b, l, inner, map, cast<VectorType>(v.getType()).getShape());
  return map.lookup(body->getTerminator()->getOperand(0));
}

/// Whether a vector row (along the output's last index) can read its start
/// from `start`: a fill, or a table whose last index is the output's last.
bool vectorStartable(const StartSource &start, unsigned outRank) {
  if (start.scalar)
    return true;
  auto ty = dyn_cast<MemRefType>(start.src.getType());
  if (!ty || start.map.getNumResults() == 0)
    return false;
  auto last = dyn_cast<AffineDimExpr>(start.map.getResults().back());
  return ty.getLayout().isIdentity() && last && last.getPosition() == outRank - 1 &&
         llvm::all_of(start.map.getResults().drop_back(), [&](AffineExpr e) {
           return !e.isFunctionOfDim(outRank - 1);
         });
}

/// The start of a vector row of sums at output buffer indices `idx`: the
/// buffer's own values, or (vectorStartable) its fill's value or table.
Value vectorStart(OpBuilder &b, Location l, VectorType ty, Value init, ArrayRef<Value> idx,
                  StartSource *start) {
  if (!start)
    return vector::LoadOp::create(b, l, ty, init, idx);
  start->used = true;
  if (start->scalar)
    return vector::BroadcastOp::create(b, l, ty, start->scalar);
  return vector::LoadOp::create(b, l, ty, start->src, indices(b, l, start->map, idx));
}

void lower(linalg::LinalgOp op, const Shape &s, RewriterBase &rw,
           StartSource *start = nullptr) {
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  // Outer loops: the parallel ones, then the column tiles.
  SmallVector<unsigned> outerDims = dimRange(0, s.par);
  if (s.column)
    outerDims.push_back(ranges.size() - 1);
  Nest outerNest = loopNest(rw, loc, ranges, outerDims,
                            [&](unsigned d) { return s.column && d == ranges.size() - 1 ? s.row : 1; });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, s.par + s.red), [](unsigned) { return 1; });
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  Block *body = op.getBlock();
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        // All loop indices for element t of the row, reduction indices
        // given (zeros where the output map ignores them).
        auto allIvs = [&](OpBuilder &b, ValueRange redIvs, int64_t t) {
          SmallVector<Value> ivs(outer.take_front(s.par));
          ivs.append(redIvs.begin(), redIvs.end());
          if (s.column) {
            Value c = outer.back();
            if (t)
              c = arith::AddIOp::create(b, l, c, arith::ConstantIndexOp::create(b, l, t));
            ivs.push_back(c);
          }
          return ivs;
        };
        SmallVector<Value> zeros(s.red, zero);
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        for (int64_t t = 0; t < s.row; ++t) {
          outIdx.push_back(indices(b, l, outMap, allIvs(b, zeros, t)));
          starts.push_back(loadStart(b, l, init->get(), outIdx.back(), start));
        }
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              scf::ValueVector next;
              for (int64_t t = 0; t < s.row; ++t) {
                SmallVector<Value> ivs = allIvs(b, redIvs, t);
                IRMapping map;
                for (OpOperand *in : op.getDpsInputOperands()) {
                  Value v = in->get();
                  if (isa<MemRefType>(v.getType()))
                    v = memref::LoadOp::create(b, l, v,
                                               indices(b, l, op.getMatchingIndexingMap(in), ivs));
                  map.map(body->getArgument(in->getOperandNumber()), v);
                }
                map.map(body->getArgument(init->getOperandNumber()), acc[t]);
                next.push_back(cloneBody(b, body, map, ivs));
              }
              return next;
            });
        for (int64_t t = 0; t < s.row; ++t)
          memref::StoreOp::create(b, l, red.results[t], init->get(), outIdx[t]);
      });
  rw.eraseOp(op);
}

/// How operand `map` reads along the column dimension `col`: not at all
/// (0), contiguously (1), or with a larger stride; -1 when the column
/// appears in more than the last result or not as `stride * col + ...`.
int64_t columnStride(AffineMap map, unsigned col) {
  if (!map.isFunctionOfDim(col))
    return 0;
  for (unsigned r = 0; r + 1 < map.getNumResults(); ++r)
    if (map.getResult(r).isFunctionOfDim(col))
      return -1;
  // The last result as a linear function: its coefficient of `col` is its
  // value at col = 1 minus its value at 0 (all other dims 0).
  AffineExpr last = map.getResult(map.getNumResults() - 1);
  if (!last.isPureAffine())
    return -1;
  AffineMap m = AffineMap::get(map.getNumDims(), 0, last);
  SmallVector<int64_t> at(map.getNumDims(), 0);
  int64_t base = m.compose(at)[0];
  at[col] = 1;
  int64_t stride = m.compose(at)[0] - base;
  return stride > 0 ? stride : -1;
}

/// Whether the body is a chain of elementwise arith/math ops on scalars (no
/// linalg.index), so each op can run on a vector of the row.
bool vectorizableBody(Block *body) {
  for (Operation &op : body->without_terminator()) {
    if (!op.hasTrait<OpTrait::Elementwise>() || op.getNumRegions() != 0 ||
        !isa<arith::ArithDialect, math::MathDialect>(op.getDialect()))
      return false;
    for (Type t : op.getResultTypes())
      if (!t.isIntOrFloat())
        return false;
  }
  return true;
}

/// Independent rows per reduction step: one row's sum is a chain of
/// dependent vector adds (4 cycles each on x86), so several rows in flight
/// hide that latency, and inputs they share are loaded once.
constexpr int64_t kRows = 4;

/// The parallel loop unrolled into independent rows: one the output
/// depends on, preferably one no vector-loaded input depends on (so its
/// rows share those loads), with a trip count divisible by the row count.
std::optional<std::pair<unsigned, int64_t>> rowsDim(linalg::LinalgOp op, const Shape &s) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  std::optional<std::pair<unsigned, int64_t>> best;
  int bestScore = -1;
  for (unsigned d = 0; d < s.par; ++d) {
    if (!out.isFunctionOfDim(d))
      continue;
    int64_t u = ranges[d] % kRows == 0 ? kRows : ranges[d] % 2 == 0 ? 2 : 1;
    if (u == 1)
      continue;
    bool shared = llvm::none_of(op.getDpsInputOperands(), [&](OpOperand *in) {
      return isa<MemRefType>(in->get().getType()) &&
             op.getMatchingIndexingMap(in).isFunctionOfDim(d) &&
             op.getMatchingIndexingMap(in).isFunctionOfDim(s.par + s.red);
    });
    int score = (shared ? 2 : 0) + (u == kRows ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = {d, u};
    }
  }
  return best;
}

/// The constant memref.global `w` reads whole (a memref.get_global of it)
/// and its integer values; nulls otherwise.
std::pair<memref::GlobalOp, DenseIntElementsAttr> constantGlobal(Value w) {
  auto get = w.getDefiningOp<memref::GetGlobalOp>();
  if (!get || !get->getParentOfType<ModuleOp>())
    return {};
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return {};
  auto dense = dyn_cast<DenseIntElementsAttr>(*global.getInitialValue());
  if (!dense)
    return {};
  return {global, dense};
}

/// The x86 pmaddwd intrinsic multiplying `lanes` int16 pairs (lanes/2
/// int32 sums), or empty if the target has none that wide.
StringRef pmaddwd(int64_t lanes, int64_t maxLanes) {
  if (lanes > maxLanes)
    return {};
  return lanes == 32 ? "llvm.x86.avx512.pmaddw.d.512"
         : lanes == 16 ? "llvm.x86.avx2.pmadd.wd"
         : lanes == 8  ? "llvm.x86.sse2.pmadd.wd"
                       : StringRef();
}

/// A new private constant global of i32 `values` with `shape`, named after
/// `global` with `suffix` and placed after it: compile-time tables derived
/// from weights. Returns a memref.get_global of it at the rewriter's
/// insertion point.
/// A memref.get_global (at the rewriter's insertion point) of a private
/// constant global holding `values`, named `name` (made unique) and created
/// after `after` or at the module's start. With `reuse`, a global already
/// named `name` is taken instead (names that encode the contents).
Value constantTable(ModuleOp module, StringRef name, DenseElementsAttr values, int64_t alignment,
                    Operation *after, bool reuse, RewriterBase &rw, Location loc) {
  auto ty = MemRefType::get(values.getType().getShape(), values.getElementType());
  std::string symbol = name.str();
  if (!reuse || !module.lookupSymbol<memref::GlobalOp>(name)) {
    OpBuilder::InsertionGuard guard(rw);
    if (after)
      rw.setInsertionPointAfter(after);
    else
      rw.setInsertionPointToStart(module.getBody());
    auto table = memref::GlobalOp::create(rw, loc, name, rw.getStringAttr("private"), ty, values,
                                          /*constant=*/true, rw.getI64IntegerAttr(alignment));
    symbol = SymbolTable(module).insert(table).getValue().str();
  }
  return memref::GetGlobalOp::create(rw, loc, ty, symbol);
}

Value derivedGlobal(memref::GlobalOp global, StringRef suffix, DenseElementsAttr values,
                    int64_t alignment, RewriterBase &rw, Location loc) {
  return constantTable(global->getParentOfType<ModuleOp>(), (global.getSymName() + suffix).str(),
                       values, alignment, global, /*reuse=*/false, rw, loc);
}

Value derivedGlobal(memref::GlobalOp global, StringRef suffix, ArrayRef<int64_t> shape,
                    ArrayRef<int32_t> values, int64_t alignment, RewriterBase &rw, Location loc) {
  return derivedGlobal(global, suffix,
                       DenseElementsAttr::get(RankedTensorType::get(shape, rw.getI32Type()), values),
                       alignment, rw, loc);
}

/// The weights of a constant global as int32 words holding each value's
/// int16 bits in the low half and zero in the high half: times a
/// sign-extended int32 input, x86's pmaddwd (int16 pairs) then multiplies
/// exactly, the high halves contributing x_hi * 0. Null unless `w` reads a
/// whole constant global of int8 with the identity layout.
Value pmaddwdTable(Value w, RewriterBase &rw, Location loc) {
  auto [global, dense] = constantGlobal(w);
  auto ty = dyn_cast<MemRefType>(w.getType());
  if (!global || !ty.getLayout().isIdentity() || !ty.getElementType().isInteger(8))
    return {};
  SmallVector<int32_t> words;
  for (int8_t v : dense.getValues<int8_t>())
    words.push_back((int32_t)(uint16_t)(int16_t)v);
  return derivedGlobal(global, "_pmadd", ty.getShape(), words, 64, rw, loc);
}

/// The tile of a vector row: `rows` along rowDim (preferably a dim the
/// vector-loaded inputs do not depend on: the rows share those loads) times
/// `cols` vector blocks along the column, or, when the column is a single
/// block, times `rows2` along a second dim the broadcast inputs do not
/// depend on (sharing those). At most maxTile sums in all.
struct VectorTile {
  unsigned rowDim = 0, row2Dim = 0;
  int64_t rows = 1, rows2 = 1, cols = 1;
};

VectorTile vectorTile(linalg::LinalgOp op, const Shape &s, ArrayRef<int64_t> strides,
                      int64_t maxTile, bool wide, bool cheapBroadcasts) {
  VectorTile t;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (std::optional<std::pair<unsigned, int64_t>> rows = rowsDim(op, s)) {
    t.rowDim = rows->first;
    t.rows = rows->second;
    // Wide register files take rows of 8; with broadcasts folded into the
    // multiply-add (x86), any divisor up to 8 (a 14-wide map: 7, not 2).
    if (maxTile >= 16 && (cheapBroadcasts || (t.rows == kRows && ranges[t.rowDim] % 8 == 0)))
      t.rows = 8;
    t.rows = std::min(t.rows, std::max<int64_t>(1, maxTile));
    while (ranges[t.rowDim] % t.rows)
      --t.rows;
  }
  if (!wide)
    return t;
  auto largest = [&](int64_t range) -> int64_t {
    for (int64_t u = 4; u > 1; --u)
      if (range % u == 0 && t.rows * u <= maxTile)
        return u;
    return 1;
  };
  unsigned col = s.par + s.red;
  t.cols = largest(ranges[col] / s.row);
  if (t.cols > 1)
    return t;
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (unsigned d = s.par; d-- > 0;) {
    if (d == t.rowDim || !out.isFunctionOfDim(d))
      continue;
    bool sharesBroadcasts = llvm::none_of(llvm::enumerate(op.getDpsInputOperands()), [&](auto in) {
      return strides[in.index()] == 0 && isa<MemRefType>(in.value()->get().getType()) &&
             op.getMatchingIndexingMap(in.value()).isFunctionOfDim(d);
    });
    int64_t u = largest(ranges[d]);
    if ((sharesBroadcasts || cheapBroadcasts) && u > 1) {
      t.row2Dim = d;
      t.rows2 = u;
      break;
    }
  }
  return t;
}

/// The SIMD form of a row: each row of sums is one vector iter_arg; inputs
/// that move along the row are vector loads (contiguous) or rows of scalar
/// loads (strided), the others scalar loads broadcast; the body runs on
/// vectors, for a tile of independent rows (vectorTile). Elementwise vector
/// arithmetic is the scalar arithmetic lane by lane, so the bits are those
/// of the scalar row (the C output).
bool lowerVectorRow(linalg::LinalgOp op, const Shape &s, int64_t maxTile, int64_t tileRegs,
                    int64_t tileRegBits, bool fma, int64_t pairLanes,
                    SmallVectorImpl<Operation *> &replacedGlobals, RewriterBase &rw,
                    StartSource *start) {
  unsigned col = s.par + s.red;
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  Block *body = op.getBlock();
  if (s.row < 2 || columnStride(outMap, col) != 1 || !vectorizableBody(body))
    return false;
  SmallVector<int64_t> strides;
  for (OpOperand *in : op.getDpsInputOperands()) {
    int64_t st = isa<MemRefType>(in->get().getType())
                     ? columnStride(op.getMatchingIndexingMap(in), col)
                     : 0;
    if (st < 0)
      return false;
    strides.push_back(st);
  }
  // With a register budget, the tile holds as many sums as fit in it: a row
  // of 16 int32 or float lanes takes 4 of 128-bit registers.
  Type accTy = body->getArgument(init->getOperandNumber()).getType();
  bool wide = maxTile > kRows;
  if (tileRegs > 0) {
    int64_t bits = accTy.isIntOrFloat() ? accTy.getIntOrFloatBitWidth() : 64;
    int64_t regs = (s.row * bits + tileRegBits - 1) / tileRegBits;
    maxTile = std::max<int64_t>(1, tileRegs / std::max<int64_t>(1, regs));
    wide = true;
  }
  VectorTile tile = vectorTile(op, s, strides, maxTile, wide, /*cheapBroadcasts=*/pairLanes > 0);
  if (start && !vectorStartable(*start, outMap.getNumResults()))
    start = nullptr;
  linalg::GenericOp epilogue = inPlaceEpilogue(op);
  // The tile's sums, each at (row, second row, column block) offsets.
  struct At {
    int64_t r, r2, c;
  };
  SmallVector<At> tileAt;
  for (int64_t r2 = 0; r2 < tile.rows2; ++r2)
    for (int64_t c = 0; c < tile.cols; ++c)
      for (int64_t r = 0; r < tile.rows; ++r)
        tileAt.push_back({r, r2, c});
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  // An int8 product ext(x) * ext(w) with constant weights w moving along the
  // row, on x86: one pmaddwd of the sign-extended x against a table of w
  // (pmaddwdTable) replaces sign-extending both to int16, a 16-bit multiply
  // and widening the product (three shuffles per row, against one).
  struct PairMul {
    Operation *mul, *wExt;
    unsigned w;
    Value table;
  };
  std::optional<PairMul> pairMul;
  StringRef pairIntrinsic = accTy.isInteger(32) ? pmaddwd(2 * s.row, pairLanes) : StringRef();
  for (Operation &inner : body->without_terminator()) {
    auto mul = dyn_cast<arith::MulIOp>(inner);
    if (pairIntrinsic.empty() || pairMul || !mul || !mul.getType().isInteger(32))
      continue;
    for (unsigned side = 0; side < 2 && !pairMul; ++side) {
      auto wExt = mul->getOperand(side).getDefiningOp<arith::ExtSIOp>();
      auto xExt = mul->getOperand(1 - side).getDefiningOp<arith::ExtSIOp>();
      auto arg = wExt ? dyn_cast<BlockArgument>(wExt.getIn()) : BlockArgument();
      if (!arg || !xExt || !xExt.getIn().getType().isInteger(8) ||
          !arg.getType().isInteger(8) || arg.getOwner() != body ||
          arg.getArgNumber() >= (unsigned)op.getNumDpsInputs() || !arg.hasOneUse() ||
          !wExt->hasOneUse() || strides[arg.getArgNumber()] != 1)
        continue;
      OpOperand *w = op.getDpsInputOperand(arg.getArgNumber());
      if (Value table = pmaddwdTable(w->get(), rw, loc)) {
        pairMul = PairMul{mul, wExt, arg.getArgNumber(), table};
        replacedGlobals.push_back(constantGlobal(w->get()).first);
      }
    }
  }
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  SmallVector<unsigned> outerDims = dimRange(0, s.par);
  outerDims.push_back(col);
  Nest outerNest = loopNest(rw, loc, ranges, outerDims, [&](unsigned d) -> int64_t {
    if (d == col)
      return s.row * tile.cols;
    int64_t step = 1;
    if (d == tile.rowDim)
      step *= tile.rows;
    if (d == tile.row2Dim)
      step *= tile.rows2;
    return step;
  });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, col), [](unsigned) { return 1; });
  auto vec = [&](Type t) { return VectorType::get({s.row}, t); };
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        auto plus = [&](OpBuilder &b, Value v, int64_t k) -> Value {
          return k ? arith::AddIOp::create(b, l, v, arith::ConstantIndexOp::create(b, l, k))
                         .getResult()
                   : v;
        };
        // Loop indices of tile element `at` (the unrolled dims offset).
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, At at) {
          SmallVector<Value> ivs(outer.take_front(s.par));
          if (tile.rows > 1)
            ivs[tile.rowDim] = plus(b, ivs[tile.rowDim], at.r);
          if (tile.rows2 > 1)
            ivs[tile.row2Dim] = plus(b, ivs[tile.row2Dim], at.r2);
          ivs.append(redIvs.begin(), redIvs.end());
          ivs.push_back(plus(b, outer.back(), at.c * s.row));
          return ivs;
        };
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        for (At at : tileAt) {
          outIdx.push_back(indices(b, l, outMap, ivsAt(b, SmallVector<Value>(s.red, zero), at)));
          starts.push_back(vectorStart(b, l, vec(accTy), init->get(), outIdx.back(), start));
        }
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              scf::ValueVector next;
              for (auto [t, at] : llvm::enumerate(tileAt)) {
                SmallVector<Value> ivs = ivsAt(b, redIvs, at);
                IRMapping map;
                for (auto [k, in] : llvm::enumerate(op.getDpsInputOperands())) {
                  Value v = in->get();
                  Type elt = body->getArgument(in->getOperandNumber()).getType();
                  AffineMap m = op.getMatchingIndexingMap(in);
                  if (pairMul && k == pairMul->w)
                    continue; // read from the table at the product
                  if (!isa<MemRefType>(v.getType())) {
                    v = vector::BroadcastOp::create(b, l, vec(elt), v);
                  } else if (strides[k] == 0) {
                    Value x = memref::LoadOp::create(b, l, v, indices(b, l, m, ivs));
                    v = vector::BroadcastOp::create(b, l, vec(elt), x);
                  } else if (strides[k] == 1) {
                    v = vector::LoadOp::create(b, l, vec(elt), v, indices(b, l, m, ivs));
                  } else {
                    // Strided (a strided convolution): one contiguous load
                    // of the span from the row's first to its last element
                    // (never past it), then every stride-th lane.
                    int64_t st = strides[k], span = st * (s.row - 1) + 1;
                    Value wide = vector::LoadOp::create(b, l, VectorType::get({span}, elt), v,
                                                        indices(b, l, m, ivs));
                    SmallVector<int64_t> pick;
                    for (int64_t i = 0; i < s.row; ++i)
                      pick.push_back(i * st);
                    v = vector::ShuffleOp::create(b, l, wide, wide, pick);
                  }
                  map.map(body->getArgument(in->getOperandNumber()), v);
                }
                map.map(body->getArgument(init->getOperandNumber()), acc[t]);
                for (Operation &inner : body->without_terminator()) {
                  if (pairMul && &inner == pairMul->wExt)
                    continue;
                  if (pairMul && &inner == pairMul->mul) {
                    Value x = map.lookupOrDefault(inner.getOperand(
                        inner.getOperand(0).getDefiningOp() == pairMul->wExt ? 1 : 0));
                    OpOperand *w = op.getDpsInputOperand(pairMul->w);
                    Value wv = vector::LoadOp::create(
                        b, l, vec(b.getI32Type()), pairMul->table,
                        indices(b, l, op.getMatchingIndexingMap(w), ivs));
                    auto pairs = VectorType::get({2 * s.row}, b.getI16Type());
                    Value p = LLVM::CallIntrinsicOp::create(
                                  b, l, vec(b.getI32Type()), b.getStringAttr(pairIntrinsic),
                                  ValueRange{vector::BitCastOp::create(b, l, pairs, x),
                                             vector::BitCastOp::create(b, l, pairs, wv)})
                                  .getResult(0);
                    map.map(inner.getResult(0), p);
                    continue;
                  }
                  // acc + a * b as one fused multiply-add (one rounding).
                  if (auto add = dyn_cast<arith::AddFOp>(inner); add && fma) {
                    Value p = add.getRhs(), c = add.getLhs();
                    if (!p.getDefiningOp<arith::MulFOp>())
                      std::swap(p, c);
                    auto mul = p.getDefiningOp<arith::MulFOp>();
                    if (mul && mul->getBlock() == body && mul->hasOneUse()) {
                      auto vecOf = [&](Value v) -> Value {
                        Value m = map.lookupOrDefault(v);
                        return isa<VectorType>(m.getType())
                                   ? m
                                   : vector::BroadcastOp::create(b, l, vec(m.getType()), m)
                                         .getResult();
                      };
                      map.map(add.getResult(),
                              vector::FMAOp::create(b, l, vecOf(mul.getLhs()), vecOf(mul.getRhs()),
                                                    vecOf(c))
                                  .getResult());
                      continue;
                    }
                  }
                  // The product of two sign-extended int8 values fits in
                  // int16 (|p| <= 2^14): multiply in 16 bits (pmullw), not
                  // 32 (pmulld is two uops of ten-cycle latency on x86).
                  auto narrow = [&](Value v) -> Value {
                    auto ext = v.getDefiningOp<arith::ExtSIOp>();
                    if (!ext || ext->getBlock() != body ||
                        ext.getIn().getType().getIntOrFloatBitWidth() > 8)
                      return {};
                    Value in = map.lookupOrDefault(ext.getIn());
                    if (!isa<VectorType>(in.getType()))
                      in = vector::BroadcastOp::create(b, l, vec(in.getType()), in);
                    return arith::ExtSIOp::create(b, l, vec(b.getI16Type()), in);
                  };
                  if (auto mul = dyn_cast<arith::MulIOp>(inner);
                      mul && mul.getType().getIntOrFloatBitWidth() > 16) {
                    Value x = narrow(mul.getLhs()), y = narrow(mul.getRhs());
                    if (x && y) {
                      Value p = arith::MulIOp::create(b, l, x, y);
                      map.map(mul.getResult(),
                              arith::ExtSIOp::create(b, l, vec(mul.getType()), p).getResult());
                      continue;
                    }
                  }
                  vectorizeOp(b, l, inner, map, {s.row});
                }
                next.push_back(map.lookupOrDefault(body->getTerminator()->getOperand(0)));
              }
              return next;
            });
        for (size_t t = 0; t < tileAt.size(); ++t) {
          Value sum = red.results[t];
          if (epilogue)
            sum = applyInPlace(b, l, epilogue, sum);
          vector::StoreOp::create(b, l, sum, init->get(), outIdx[t]);
        }
      });
  if (epilogue)
    rw.eraseOp(epilogue);
  rw.eraseOp(op);
  return true;
}

/// The int8 dot-product body `acc + ext(a) * ext(b)` (a, b integers of at
/// most 16 bits, acc i32): its two input block arguments, or failure.
std::optional<std::pair<unsigned, unsigned>> dotBody(Block *body, unsigned accArg) {
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  auto add = yield.getOperand(0).getDefiningOp<arith::AddIOp>();
  if (!add || std::distance(body->without_terminator().begin(),
                            body->without_terminator().end()) != 4)
    return std::nullopt;
  Value acc = add.getLhs(), prod = add.getRhs();
  if (acc != body->getArgument(accArg))
    std::swap(acc, prod);
  auto mul = prod.getDefiningOp<arith::MulIOp>();
  if (acc != body->getArgument(accArg) || !mul || !acc.getType().isInteger(32))
    return std::nullopt;
  auto arg = [&](Value v) -> std::optional<unsigned> {
    auto ext = v.getDefiningOp<arith::ExtSIOp>();
    auto ba = ext ? dyn_cast<BlockArgument>(ext.getIn()) : BlockArgument();
    if (!ba || ba.getOwner() != body || ext.getIn().getType().getIntOrFloatBitWidth() > 16)
      return std::nullopt;
    return ba.getArgNumber();
  };
  auto a = arg(mul.getLhs()), b = arg(mul.getRhs());
  if (!a || !b)
    return std::nullopt;
  return std::pair(*a, *b);
}

/// The SIMD form of an integer dot product (reductions innermost, the last
/// one contiguous in both inputs): each output keeps a vector of partial
/// sums across the whole reduction, fed by products of adjacent pairs
/// (`ext(a[2i]) * ext(b[2i]) + ext(a[2i+1]) * ext(b[2i+1])`: x86's pmaddwd,
/// called as an LLVM intrinsic because LLVM does not form it from generic
/// vector code), and is reduced to one sum at the end. Up to kRows outputs along the last
/// parallel loop run together and share the loads that do not move with
/// it. Integer sums are exact in any order.
bool lowerVectorDot(linalg::LinalgOp op, const Shape &s, int64_t maxDotLanes, RewriterBase &rw) {
  if (s.column || op.getNumDpsInputs() != 2)
    return false;
  OpOperand *init = op.getDpsInitOperand(0);
  Block *body = op.getBlock();
  auto args = dotBody(body, init->getOperandNumber());
  if (!args)
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned last = s.par + s.red - 1;
  int64_t len = ranges[last];
  // x86 multiply-add of int16 pairs (pmaddwd): 32 lanes with AVX-512BW, 16
  // with AVX2, 8 with SSE2; with AVX512-VNNI LLVM folds the accumulation
  // into vpdpwssd.
  int64_t lanes = 0;
  StringRef intrinsic;
  for (int64_t width : {32, 16, 8})
    if (len % width == 0 && !(intrinsic = pmaddwd(width, maxDotLanes)).empty()) {
      lanes = width;
      break;
    }
  if (!lanes)
    return false;
  for (OpOperand *in : op.getDpsInputOperands())
    if (!isa<MemRefType>(in->get().getType()) ||
        columnStride(op.getMatchingIndexingMap(in), last) != 1)
      return false;
  // Outputs along the last parallel loop run together.
  unsigned rowDim = s.par - 1;
  int64_t nRows = s.par == 0 ? 1 : ranges[rowDim] % kRows == 0 ? kRows : ranges[rowDim] % 2 == 0 ? 2 : 1;
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  Nest outerNest = loopNest(rw, loc, ranges, dimRange(0, s.par),
                            [&](unsigned d) { return d == rowDim ? nRows : 1; });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, last + 1),
                          [&](unsigned d) { return d == last ? lanes : 1; });
  AffineMap outMap = op.getMatchingIndexingMap(init);
  Type i32 = rw.getI32Type();
  auto half = VectorType::get({lanes / 2}, i32);
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, int64_t r) {
          SmallVector<Value> ivs(outer);
          if (r)
            ivs[rowDim] = arith::AddIOp::create(b, l, ivs[rowDim],
                                                arith::ConstantIndexOp::create(b, l, r));
          ivs.append(redIvs.begin(), redIvs.end());
          return ivs;
        };
        SmallVector<Value> zeros(s.red, zero);
        Value vzero = arith::ConstantOp::create(b, l, DenseElementsAttr::get(half, b.getI32IntegerAttr(0)));
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps,
            SmallVector<Value>(nRows, vzero),
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              scf::ValueVector next;
              for (int64_t r = 0; r < nRows; ++r) {
                SmallVector<Value> ivs = ivsAt(b, redIvs, r);
                Value in[2];
                for (auto [k, operand] : llvm::enumerate(op.getDpsInputOperands())) {
                  Type elt = body->getArgument(operand->getOperandNumber()).getType();
                  in[k] = vector::LoadOp::create(b, l, VectorType::get({lanes}, elt), operand->get(),
                                                 indices(b, l, op.getMatchingIndexingMap(operand), ivs));
                }
                for (Value &v : in)
                  if (!cast<VectorType>(v.getType()).getElementType().isInteger(16))
                    v = arith::ExtSIOp::create(b, l, VectorType::get({lanes}, b.getI16Type()), v);
                Value pairs = LLVM::CallIntrinsicOp::create(b, l, half, b.getStringAttr(intrinsic),
                                                            ValueRange{in[0], in[1]})
                                  .getResult(0);
                next.push_back(arith::AddIOp::create(b, l, acc[r], pairs));
              }
              return next;
            });
        for (int64_t r = 0; r < nRows; ++r) {
          SmallVector<Value> outIdx = indices(b, l, outMap, ivsAt(b, zeros, r));
          Value start = memref::LoadOp::create(b, l, init->get(), outIdx);
          Value total = vector::ReductionOp::create(b, l, vector::CombiningKind::ADD, red.results[r]);
          memref::StoreOp::create(b, l, arith::AddIOp::create(b, l, start, total), init->get(), outIdx);
        }
      });
  rw.eraseOp(op);
  return true;
}

/// The operands of a grouped int8 row (see lowerGroupRow): x, read at one
/// input group per step (ignoring the column, contiguous along the group),
/// and the weights w, [.., F, g] read at (.., column, group). Null if the
/// op's int8 inputs are not these two.
std::pair<OpOperand *, OpOperand *> groupOperands(linalg::LinalgOp op, unsigned col,
                                                  unsigned gDim, int64_t g) {
  OpOperand *x = nullptr, *w = nullptr;
  for (OpOperand *in : op.getDpsInputOperands()) {
    auto ty = dyn_cast<MemRefType>(in->get().getType());
    if (!ty || !ty.getElementType().isInteger(8))
      return {nullptr, nullptr};
    AffineMap m = op.getMatchingIndexingMap(in);
    unsigned n = m.getNumResults();
    if (columnStride(m, col) == 0 && columnStride(m, gDim) == 1) {
      x = in;
    } else if (n >= 2 && m.getResult(n - 2) == getAffineDimExpr(col, m.getContext()) &&
               m.getResult(n - 1) == getAffineDimExpr(gDim, m.getContext()) &&
               ty.getLayout().isIdentity() && ty.getShape().back() == g &&
               !m.getSubMap(dimRange(0, n - 2)).isFunctionOfDim(col) &&
               !m.getSubMap(dimRange(0, n - 2)).isFunctionOfDim(gDim)) {
      w = in;
    }
  }
  return {x, w};
}

/// The output tile of a grouped int8 row: nRows rows along `rowDim` (a
/// parallel dim the output and x depend on but the weights do not: the rows
/// share each weight load) times nCols column blocks (they share each
/// broadcast input group). Each tile element is an independent accumulator
/// chain, so enough of them hide the multiply-add latency (5 cycles for
/// vpdpbusd against one or two issued per cycle); 20 keeps sums, weights
/// and the broadcast within the 32 vector registers of AVX-512.
struct GroupTile {
  unsigned rowDim = 0;
  int64_t rows = 1, cols = 1;
};

GroupTile groupTile(linalg::LinalgOp op, const Shape &s, OpOperand *x, OpOperand *w) {
  constexpr int64_t kMaxTile = 20;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned col = s.par + s.red;
  GroupTile t;
  int64_t blocks = ranges[col] / s.row;
  t.cols = blocks % 4 == 0 ? 4 : blocks % 2 == 0 ? 2 : 1;
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  AffineMap xMap = op.getMatchingIndexingMap(x), wMap = op.getMatchingIndexingMap(w);
  // The innermost qualifying dim with the most rows (inner rows are
  // adjacent in memory).
  for (unsigned d = 0; d < s.par; ++d) {
    if (!out.isFunctionOfDim(d) || !xMap.isFunctionOfDim(d) || wMap.isFunctionOfDim(d))
      continue;
    for (int64_t u = std::min<int64_t>(6, kMaxTile / t.cols); u > 1; --u)
      if (ranges[d] % u == 0) {
        if (u >= t.rows)
          t = {d, u, t.cols};
        break;
      }
  }
  return t;
}

/// 128 * sum(w) per output channel, the term vpdpbusd adds when x is read
/// as x + 128 (see lowerGroupRow), as a constant global [F] of i32 — null
/// unless `w` is a whole constant global [.., F, 4] every element of which
/// the reduction reads exactly once per output (its leading dims are
/// distinct reduction dims spanning them).
Value vnniCompensation(linalg::LinalgOp op, const Shape &s, OpOperand *w, RewriterBase &rw) {
  auto [global, dense] = constantGlobal(w->get());
  if (!global)
    return {};
  auto ty = cast<MemRefType>(w->get().getType());
  if (!ty.getLayout().isIdentity() || !ty.getElementType().isInteger(8))
    return {};
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap m = op.getMatchingIndexingMap(w);
  unsigned n = m.getNumResults(), gDim = s.par + s.red - 1;
  llvm::SmallBitVector seen(ranges.size());
  for (unsigned r = 0; r + 2 < n; ++r) {
    auto d = dyn_cast<AffineDimExpr>(m.getResult(r));
    if (!d || d.getPosition() < s.par || d.getPosition() >= gDim || seen[d.getPosition()] ||
        ranges[d.getPosition()] != ty.getDimSize(r))
      return {};
    seen.set(d.getPosition());
  }
  if ((unsigned)seen.count() != s.red - 1)
    return {};
  int64_t f = ty.getDimSize(n - 2), g = ty.getDimSize(n - 1);
  SmallVector<int32_t> comp(f, 0);
  int64_t i = 0;
  for (int8_t v : dense.getValues<int8_t>())
    comp[(i++ / g) % f] += 128 * v;
  OpBuilder::InsertionGuard guard(rw);
  rw.setInsertionPoint(op);
  return derivedGlobal(global, "_vnni_bias", {f}, comp, 64, rw, op.getLoc());
}

/// The row form of a grouped int8 product, a channels-last convolution
/// whose reduction is split as j = q*g + r with the group r innermost:
///   acc[col] += ext(x[.., q*g + r]) * ext(w[.., q, col, r])
/// x does not move along the row (one input value times a row of output
/// channel weights) and is contiguous along r; the weights hold the g values
/// of each output channel adjacently ([.., F, g]), so one contiguous load
/// is a row of groups. One x86 instruction does a whole group per lane:
///  * g = 2, pmaddwd: the input pair sign-extended to an int16 pair and
///    broadcast to every lane, times the row's weight pairs;
///  * g = 4, VNNI vpdpbusd (unsigned times signed bytes): the input quad
///    with 128 added to each byte (x ^ 0x80, now unsigned) broadcast, times
///    the row's weight quads; the extra 128 * sum(w) is subtracted from the
///    starting sums, from a table computed at compile time for constant
///    weights, else accumulated by the same instruction on a row of 0x80
///    bytes (per column block) and subtracted at the end.
/// A tile of rows x column blocks (groupTile) runs at once; the sums stay in
/// vector registers across the reduction. Integer sums are exact in any order.
bool lowerGroupRow(linalg::LinalgOp op, const Shape &s, int64_t maxDotLanes, int64_t vnniLanes,
                   RewriterBase &rw) {
  unsigned col = s.par + s.red, gDim = col - 1;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t g = ranges[gDim];
  OpOperand *init = op.getDpsInitOperand(0);
  Block *body = op.getBlock();
  auto args = dotBody(body, init->getOperandNumber());
  if (s.red < 2 || (g != 2 && g != 4) || !args || op.getNumDpsInputs() != 2 ||
      columnStride(op.getMatchingIndexingMap(init), col) != 1)
    return false;
  StringRef intrinsic;
  if (g == 2) {
    intrinsic = pmaddwd(2 * s.row, maxDotLanes);
  } else if (s.row <= vnniLanes) {
    intrinsic = s.row == 16  ? "llvm.x86.avx512.vpdpbusd.512"
                : s.row == 8 ? "llvm.x86.avx512.vpdpbusd.256"
                : s.row == 4 ? "llvm.x86.avx512.vpdpbusd.128"
                             : StringRef();
  }
  if (intrinsic.empty())
    return false;
  // x: broadcast along the row, contiguous along the group; w: [.., F, g]
  // read at (.., col, group), contiguous.
  auto [xOp, wOp] = groupOperands(op, col, gDim, g);
  OpOperand *x = xOp, *w = wOp;
  if (!x || !w)
    return false;
  GroupTile tile = groupTile(op, s, x, w);
  int64_t nRows = tile.rows, nCols = tile.cols;
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  bool vnni = g == 4;
  Value comp = vnni ? vnniCompensation(op, s, w, rw) : Value();
  // The weights with their last two dimensions as one: a row of groups is
  // one contiguous vector.
  auto wTy = cast<MemRefType>(w->get().getType());
  SmallVector<ReassociationIndices> reassoc;
  for (int64_t d = 0; d + 2 < wTy.getRank(); ++d)
    reassoc.push_back({d});
  reassoc.push_back({wTy.getRank() - 2, wTy.getRank() - 1});
  Value wFlat = memref::CollapseShapeOp::create(rw, loc, w->get(), reassoc);
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  SmallVector<unsigned> outerDims = dimRange(0, s.par);
  outerDims.push_back(col);
  Nest outerNest = loopNest(rw, loc, ranges, outerDims, [&](unsigned d) -> int64_t {
    return d == col ? s.row * nCols : d == tile.rowDim ? nRows : 1;
  });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, gDim), [](unsigned) { return 1; });
  Type i8 = rw.getI8Type(), i16 = rw.getI16Type(), i32 = rw.getI32Type();
  auto vec = [](int64_t n, Type t) { return VectorType::get({n}, t); };
  AffineMap outMap = op.getMatchingIndexingMap(init);
  AffineMap xMap = op.getMatchingIndexingMap(x), wMap = op.getMatchingIndexingMap(w);
  // Runtime compensation: one extra sum per column block.
  bool runtimeComp = vnni && !comp;
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        auto colAt = [&](OpBuilder &b, int64_t c) -> Value {
          Value v = outer.back();
          return c ? arith::AddIOp::create(b, l, v, arith::ConstantIndexOp::create(b, l, c * s.row))
                         .getResult()
                   : v;
        };
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, int64_t r, Value c) {
          SmallVector<Value> ivs(outer.take_front(s.par));
          if (r)
            ivs[tile.rowDim] = arith::AddIOp::create(b, l, ivs[tile.rowDim],
                                                     arith::ConstantIndexOp::create(b, l, r));
          ivs.append(redIvs.begin(), redIvs.end());
          ivs.push_back(zero); // the group's first element
          ivs.push_back(c);
          return ivs;
        };
        SmallVector<Value> cols;
        for (int64_t c = 0; c < nCols; ++c)
          cols.push_back(colAt(b, c));
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        SmallVector<Value> compRows;
        if (comp)
          for (int64_t c = 0; c < nCols; ++c)
            compRows.push_back(vector::LoadOp::create(b, l, vec(s.row, i32), comp, cols[c]));
        for (int64_t r = 0; r < nRows; ++r)
          for (int64_t c = 0; c < nCols; ++c) {
            outIdx.push_back(
                indices(b, l, outMap, ivsAt(b, SmallVector<Value>(s.red - 1, zero), r, cols[c])));
            Value st = vector::LoadOp::create(b, l, vec(s.row, i32), init->get(), outIdx.back());
            if (comp)
              st = arith::SubIOp::create(b, l, st, compRows[c]);
            starts.push_back(st);
          }
        Value vzero = arith::ConstantOp::create(
            b, l, DenseElementsAttr::get(vec(s.row, i32), b.getI32IntegerAttr(0)));
        if (runtimeComp)
          starts.append(nCols, vzero); // 128 * sum(w), per lane
        Value bias = runtimeComp ? arith::ConstantOp::create(
                                       b, l, DenseElementsAttr::get(vec(4 * s.row, i8),
                                                                    b.getI8IntegerAttr(-128)))
                                 : Value();
        Value flip = vnni ? arith::ConstantOp::create(b, l, b.getI32IntegerAttr(
                                                                (int32_t)0x80808080u))
                          : Value();
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              SmallVector<Value> wv;
              for (int64_t c = 0; c < nCols; ++c) {
                SmallVector<Value> wIdx =
                    indices(b, l, wMap.getSubMap(dimRange(0, wMap.getNumResults() - 2)),
                            ivsAt(b, redIvs, 0, cols[c]));
                wIdx.push_back(
                    arith::MulIOp::create(b, l, cols[c], arith::ConstantIndexOp::create(b, l, g)));
                Value v = vector::LoadOp::create(b, l, vec(g * s.row, i8), wFlat, wIdx);
                if (!vnni)
                  v = arith::ExtSIOp::create(b, l, vec(g * s.row, i16), v);
                wv.push_back(v);
              }
              scf::ValueVector next;
              for (int64_t r = 0; r < nRows; ++r) {
                SmallVector<Value> xIdx = indices(b, l, xMap, ivsAt(b, redIvs, r, cols[0]));
                Value xg = vector::LoadOp::create(b, l, vec(g, i8), x->get(), xIdx);
                if (!vnni)
                  xg = arith::ExtSIOp::create(b, l, vec(g, i16), xg);
                Value word = vector::ExtractOp::create(
                    b, l, vector::BitCastOp::create(b, l, vec(1, i32), xg), ArrayRef<int64_t>{0});
                if (vnni)
                  word = arith::XOrIOp::create(b, l, word, flip);
                Value xs = vector::BitCastOp::create(
                    b, l, vec(g * s.row, vnni ? i8 : i16),
                    vector::BroadcastOp::create(b, l, vec(s.row, i32), word));
                for (int64_t c = 0; c < nCols; ++c) {
                  Value a = acc[r * nCols + c];
                  if (vnni) {
                    next.push_back(LLVM::CallIntrinsicOp::create(b, l, vec(s.row, i32),
                                                                 b.getStringAttr(intrinsic),
                                                                 ValueRange{a, xs, wv[c]})
                                       .getResult(0));
                  } else {
                    Value prod = LLVM::CallIntrinsicOp::create(b, l, vec(s.row, i32),
                                                               b.getStringAttr(intrinsic),
                                                               ValueRange{xs, wv[c]})
                                     .getResult(0);
                    next.push_back(arith::AddIOp::create(b, l, a, prod));
                  }
                }
              }
              if (runtimeComp)
                for (int64_t c = 0; c < nCols; ++c)
                  next.push_back(LLVM::CallIntrinsicOp::create(
                                     b, l, vec(s.row, i32), b.getStringAttr(intrinsic),
                                     ValueRange{acc[nRows * nCols + c], bias, wv[c]})
                                     .getResult(0));
              return next;
            });
        for (int64_t r = 0; r < nRows; ++r)
          for (int64_t c = 0; c < nCols; ++c) {
            Value sum = red.results[r * nCols + c];
            if (runtimeComp)
              sum = arith::SubIOp::create(b, l, sum, red.results[nRows * nCols + c]);
            vector::StoreOp::create(b, l, sum, init->get(), outIdx[r * nCols + c]);
          }
      });
  rw.eraseOp(op);
  return true;
}

Value c32(OpBuilder &b, Location l, int64_t v) {
  return arith::ConstantOp::create(b, l, b.getI32IntegerAttr((int32_t)v));
}

/// Four adjacent bytes of `mem` from `idx` (last index) as one 32-bit
/// word, little-endian: four byte loads that LLVM combines into one
/// (unaligned) LDR. No vector ops: their LLVM lowering assumes 64-bit
/// indices, and these cores are 32-bit.
/// Whether `mem` is (a view of) a constant global: its loads are
/// loop-invariant where their address is, so LLVM can hoist them.
bool isConstantMemory(Value mem) {
  while (Operation *def = mem.getDefiningOp()) {
    if (auto get = dyn_cast<memref::GetGlobalOp>(def)) {
      auto g = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
      return g && g.getConstant();
    }
    if (!isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp>(def))
      return false;
    mem = def->getOperand(0);
  }
  return false;
}

/// The address of element `index` (of type `elt`) of `mem`'s aligned
/// pointer, for the object path's direct LLVM loads (32-bit Arm): the
/// buffer's pointer (loop-invariant) plus an inbounds GEP.
Value elementPointer(OpBuilder &b, Location l, Value mem, Type elt, Value index) {
  Type i32 = b.getI32Type();
  auto ptrTy = LLVM::LLVMPointerType::get(b.getContext());
  Value raw = arith::IndexCastOp::create(b, l, i32,
                                         memref::ExtractAlignedPointerAsIndexOp::create(b, l, mem));
  Value base = LLVM::IntToPtrOp::create(b, l, ptrTy, raw);
  return LLVM::GEPOp::create(b, l, ptrTy, elt, base,
                             ValueRange{arith::IndexCastOp::create(b, l, i32, index)},
                             LLVM::GEPNoWrapFlags::inbounds);
}

/// Four adjacent bytes of `mem` from `idx` as one unaligned 32-bit LLVM
/// load from the element's address (object path on 32-bit Arm). Byte
/// loads do not always combine: where two quads overlap (a depthwise
/// window sliding by one), LLVM shares their bytes and keeps them apart.
Value directWord(OpBuilder &b, Location l, Value mem, ArrayRef<Value> idx) {
  auto ty = cast<MemRefType>(mem.getType());
  auto meta = memref::ExtractStridedMetadataOp::create(b, l, mem);
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(ty.getStridesAndOffset(strides, offset)))
    return {};
  // The buffer's pointer (loop-invariant) plus a byte offset as an
  // inbounds GEP: LLVM's loop passes then see the address as a pointer
  // recurrence and fold it into post-incremented or immediate-offset loads;
  // an address computed as an integer gets a register (and an induction
  // variable) of its own per load.
  Value off = meta.getOffset();
  for (auto [k, i] : llvm::enumerate(idx)) {
    Value stride = ShapedType::isDynamic(strides[k])
                       ? meta.getStrides()[k]
                       : arith::ConstantIndexOp::create(b, l, strides[k]).getResult();
    off = arith::AddIOp::create(b, l, off, arith::MulIOp::create(b, l, i, stride));
  }
  return LLVM::LoadOp::create(b, l, b.getI32Type(), elementPointer(b, l, mem, b.getI8Type(), off),
                              /*alignment=*/1);
}

/// Words `at` and `at + 1` of a split-weights table (8-byte aligned, pairs
/// at even indices) as one 64-bit LLVM load, halves split by shift and
/// truncation (object path). Two 32-bit loads of adjacent words pair into
/// one LDRD only when the scheduler keeps them together, and in the
/// unrolled row kernel it mostly did not (32 LDRs where 16 LDRDs do).
std::pair<Value, Value> wordPair(OpBuilder &b, Location l, Value mem, ArrayRef<Value> idx) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  // The tables are whole globals: row-major, offset 0.
  SmallVector<int64_t> strides = cast<MemRefType>(mem.getType()).getStridesAndOffset().first;
  Value at = arith::ConstantIndexOp::create(b, l, 0);
  for (auto [k, i] : llvm::enumerate(idx))
    at = arith::AddIOp::create(
        b, l, at, arith::MulIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, strides[k])));
  Value v = LLVM::LoadOp::create(b, l, i64, elementPointer(b, l, mem, i32, at), /*alignment=*/8);
  Value lo = arith::TruncIOp::create(b, l, i32, v);
  Value hi = arith::TruncIOp::create(
      b, l, i32,
      arith::ShRUIOp::create(b, l, v, arith::ConstantOp::create(b, l, b.getI64IntegerAttr(32))));
  return {lo, hi};
}

/// How the DSP kernels read quads and where split weights go.
struct SmladContext {
  StartSource *start = nullptr;      ///< where the current op's sums start
  bool directWords = false;          ///< activation quads as one LLVM load
  bool splitWeights = true;          ///< constant weights as int16 pairs
  SmallVector<Operation *> split;    ///< globals replaced by split copies
};

Value quadWord(OpBuilder &b, Location l, Value mem, ArrayRef<Value> idx, bool direct) {
  Type i32 = b.getI32Type();
  if (direct && !isConstantMemory(mem) &&
      cast<MemRefType>(mem.getType()).getElementType().isInteger(8))
    if (Value v = directWord(b, l, mem, idx))
      return v;
  // The C path reads the quad through a 4-byte view: C indexes it from one
  // pointer with constants 0..3, which GCC can prove adjacent and combine
  // into one load (it cannot for size_t indices i, i + 1, ..., which may
  // wrap).
  auto memTy = cast<MemRefType>(mem.getType());
  if (!direct && memTy.getRank() > 0) {
    int64_t rank = memTy.getRank();
    SmallVector<OpFoldResult> offsets(idx.begin(), idx.end()), sizes(rank, b.getIndexAttr(1)),
        strides(rank, b.getIndexAttr(1));
    sizes.back() = b.getIndexAttr(4);
    mem = memref::SubViewOp::create(b, l, mem, offsets, sizes, strides);
    Value zero = arith::ConstantIndexOp::create(b, l, 0);
    idx = {};
    SmallVector<Value> zeros(rank, zero);
    Value v;
    for (int64_t k = 0; k < 4; ++k) {
      zeros.back() = arith::ConstantIndexOp::create(b, l, k);
      Value byte = arith::ExtUIOp::create(b, l, i32, memref::LoadOp::create(b, l, mem, zeros));
      if (k)
        byte = arith::ShLIOp::create(b, l, byte, c32(b, l, 8 * k));
      v = k ? arith::OrIOp::create(b, l, v, byte).getResult() : byte;
    }
    return v;
  }
  Value v;
  for (int64_t k = 0; k < 4; ++k) {
    SmallVector<Value> at(idx);
    // nsw/nuw: the address of byte k is then visibly the quad's plus k,
    // which LLVM needs to combine the four loads.
    if (k)
      at.back() = arith::AddIOp::create(b, l, at.back(), arith::ConstantIndexOp::create(b, l, k),
                                        arith::IntegerOverflowFlags::nsw |
                                            arith::IntegerOverflowFlags::nuw);
    Value byte = arith::ExtUIOp::create(b, l, i32, memref::LoadOp::create(b, l, mem, at));
    if (k)
      byte = arith::ShLIOp::create(b, l, byte, c32(b, l, 8 * k));
    v = k ? arith::OrIOp::create(b, l, v, byte).getResult() : byte;
  }
  return v;
}

Value sxtb16(OpBuilder &b, Location l, Value v) {
  return LLVM::CallIntrinsicOp::create(b, l, b.getI32Type(), b.getStringAttr("llvm.arm.sxtb16"),
                                       ValueRange{v})
      .getResult(0);
}

/// Both halves of a word for SMLAD: bytes (0, 2) and (1, 3) as int16 pairs.
/// The rotation folds into SXTB16's ROR #8 operand.
std::pair<Value, Value> splitQuad(OpBuilder &b, Location l, Value v) {
  Value rot = arith::OrIOp::create(b, l, arith::ShRUIOp::create(b, l, v, c32(b, l, 8)),
                                   arith::ShLIOp::create(b, l, v, c32(b, l, 24)));
  return {sxtb16(b, l, v), sxtb16(b, l, rot)};
}

/// acc + lo(a) * lo(c) + hi(a) * hi(c), int16 halves.
Value smladOp(OpBuilder &b, Location l, Value a, Value c, Value acc) {
  return LLVM::CallIntrinsicOp::create(b, l, b.getI32Type(), b.getStringAttr("llvm.arm.smlad"),
                                       ValueRange{a, c, acc})
      .getResult(0);
}

/// acc + x . w over one quad of each (SXTB16 pairs, two SMLADs).
Value smladQuad(OpBuilder &b, Location l, std::pair<Value, Value> x, std::pair<Value, Value> w,
                Value acc) {
  return smladOp(b, l, x.second, w.second, smladOp(b, l, x.first, w.first, acc));
}

/// The int8 weights [.., 4q] of a constant global, split for SMLAD as a new
/// constant global [.., 2q] of i32: quad j = (w0, w1, w2, w3) becomes
/// element 2j, the int16 pair (w0, w2) (w0 in the low half), and element
/// 2j + 1, (w1, w3), as SXTB16 would split it. The quad at int8 index k
/// is read at k / 2 and k / 2 + 1. Null if `w` is not a whole constant
/// global. The original global is erased once unused.
Value splitWeights(Value w, RewriterBase &rw, SmladContext &ctx, int64_t rowTile = 0) {
  if (!ctx.splitWeights)
    return {};
  auto [global, dense] = constantGlobal(w);
  if (!global)
    return {};
  auto ty = cast<MemRefType>(w.getType());
  if (!ty.getLayout().isIdentity() || ty.getShape().back() % 4 != 0 ||
      !ty.getElementType().isInteger(8))
    return {};
  SmallVector<int64_t> shape(ty.getShape());
  shape.back() /= 2;
  SmallVector<int8_t> v = llvm::to_vector(dense.getValues<int8_t>());
  SmallVector<int32_t> words;
  auto pack = [](int8_t lo, int8_t hi) {
    return (int32_t)((uint32_t)(uint16_t)(int16_t)lo | (uint32_t)(uint16_t)(int16_t)hi << 16);
  };
  auto quad = [&](int64_t at) {
    words.push_back(pack(v[at], v[at + 2]));
    words.push_back(pack(v[at + 1], v[at + 3]));
  };
  if (rowTile > 0) {
    // Row kernels ([lead.., F, 4], a row of R channels per step): tile-major
    // [F/R][lead..][R][2], so one step's 2R words are adjacent and the
    // reduction walks them in order (small offsets: LDRD/LDM reach them).
    if (ty.getRank() < 2 || ty.getShape().back() != 4 || ty.getShape()[ty.getRank() - 2] % rowTile)
      return {};
    int64_t f = ty.getShape()[ty.getRank() - 2];
    int64_t lead = ty.getNumElements() / (4 * f);
    for (int64_t t = 0; t < f / rowTile; ++t)
      for (int64_t l = 0; l < lead; ++l)
        for (int64_t r = 0; r < rowTile; ++r)
          quad((l * f + t * rowTile + r) * 4);
    shape = {(int64_t)words.size()};
  } else {
    for (size_t i = 0; i + 3 < v.size(); i += 4)
      quad(i);
  }
  OpBuilder::InsertionGuard guard(rw);
  rw.setInsertionPoint(w.getDefiningOp());
  Value pairs = derivedGlobal(global, "_pairs", shape, words, 8, rw, w.getLoc());
  ctx.split.push_back(global);
  return pairs;
}

/// The Arm DSP form of a grouped int8 product with groups of g = 4 (the
/// layout lowerGroupRow takes): a scalar row of sums over output channels.
/// Per quad, the input word x = (x0, x1, x2, x3) is split by SXTB16 into
/// the int16 pairs (x0, x2) and, rotated by 8, (x1, x3); each output
/// channel's weight word splits the same way, and two SMLADs add
/// x0*w0 + x2*w2 and x1*w1 + x3*w3 to its sum. Pairing lanes (0, 2) and
/// (1, 3) instead of adjacent ones changes the order of an integer sum
/// only, which is exact. The input's split is shared by the whole row.
bool lowerSmladRow(linalg::LinalgOp op, const Shape &s, RewriterBase &rw, SmladContext &ctx) {
  unsigned col = s.par + s.red, gDim = col - 1;
  if (!s.column || s.red < 2)
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  OpOperand *init = op.getDpsInitOperand(0);
  Block *body = op.getBlock();
  auto args = dotBody(body, init->getOperandNumber());
  if (ranges[gDim] != 4 || !args || args->first == args->second || op.getNumDpsInputs() != 2)
    return false;
  auto [xOp, wOp] = groupOperands(op, col, gDim, 4);
  OpOperand *x = xOp, *w = wOp;
  if (!x || !w)
    return false;
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  // Constant weights are split at compile time: word 0 of a quad is the
  // int16 pair (w0, w2), word 1 (w1, w3), as SXTB16 would give them; the
  // loop then loads the two words (one LDRD) instead of splitting the quad
  // for every output pixel. Twice the weights' flash, half the loop's work.
  Value pairs = splitWeights(w->get(), rw, ctx, s.row);
  auto wTy = cast<MemRefType>(w->get().getType());
  ArrayRef<int64_t> wShape = wTy.getShape();
  int64_t lead = wTy.getNumElements() / (4 * wShape[wShape.size() - 2]);
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  SmallVector<unsigned> outerDims = dimRange(0, s.par);
  outerDims.push_back(col);
  Nest outerNest = loopNest(rw, loc, ranges, outerDims,
                            [&](unsigned d) { return d == col ? s.row : 1; });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, gDim), [](unsigned) { return 1; });
  AffineMap outMap = op.getMatchingIndexingMap(init);
  AffineMap xMap = op.getMatchingIndexingMap(x), wMap = op.getMatchingIndexingMap(w);
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        // All loop indices for element t of the row, the group at 0.
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, int64_t t) {
          SmallVector<Value> ivs(outer.take_front(s.par));
          ivs.append(redIvs.begin(), redIvs.end());
          ivs.push_back(zero);
          Value c = outer.back();
          if (t)
            c = arith::AddIOp::create(b, l, c, arith::ConstantIndexOp::create(b, l, t));
          ivs.push_back(c);
          return ivs;
        };
        SmallVector<Value> zeros(s.red - 1, zero);
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        for (int64_t t = 0; t < s.row; ++t) {
          outIdx.push_back(indices(b, l, outMap, ivsAt(b, zeros, t)));
          starts.push_back(loadStart(b, l, init->get(), outIdx.back(), ctx.start));
        }
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              auto xs = splitQuad(b, l, quadWord(b, l, x->get(), indices(b, l, xMap, ivsAt(b, redIvs, 0)), ctx.directWords));
              scf::ValueVector next;
              for (int64_t t = 0; t < s.row; ++t) {
                SmallVector<Value> wIdx = indices(b, l, wMap, ivsAt(b, redIvs, t));
                std::pair<Value, Value> ws;
                if (pairs) {
                  // [F/R][lead..][R][2] at (f0 / R, lead, t, h): linear in
                  // the row's first channel f0 = tile * R.
                  auto cst = [&](int64_t c) { return arith::ConstantIndexOp::create(b, l, c); };
                  Value lin = zero;
                  for (size_t d = 0; d + 2 < wIdx.size(); ++d)
                    lin = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, lin, cst(wShape[d])),
                                                wIdx[d]);
                  Value at = arith::AddIOp::create(
                      b, l, arith::MulIOp::create(b, l, outer.back(), cst(lead * 2)),
                      arith::MulIOp::create(b, l, lin, cst(s.row * 2)));
                  at = arith::AddIOp::create(b, l, at, cst(t * 2));
                  ws = ctx.directWords ? wordPair(b, l, pairs, ArrayRef<Value>{at})
                                       : std::pair<Value, Value>{
                                             memref::LoadOp::create(b, l, pairs, ValueRange{at}),
                                             memref::LoadOp::create(
                                                 b, l, pairs,
                                                 ValueRange{arith::AddIOp::create(b, l, at, cst(1))
                                                                .getResult()})};
                } else {
                  ws = splitQuad(b, l, quadWord(b, l, w->get(), wIdx, ctx.directWords));
                }
                next.push_back(smladQuad(b, l, xs, ws, acc[t]));
              }
              return next;
            });
        for (int64_t t = 0; t < s.row; ++t)
          memref::StoreOp::create(b, l, red.results[t], init->get(), outIdx[t]);
      });
  rw.eraseOp(op);
  return true;
}

/// The common ground of the int8 dot-product kernels: reductions innermost
/// on two int8 buffers, the last reduction contiguous in both, the body
/// `acc + ext(a) * ext(b)` with two different inputs; and up to 4 outputs
/// along the innermost parallel loop that one input ignores, which then run
/// together and read that input once.
struct DotPlan {
  unsigned last;                 ///< the contiguous reduction loop
  std::optional<unsigned> rowDim; ///< the loop unrolled into rows
  int64_t nRows = 1;
};

std::optional<DotPlan> planInt8Dot(linalg::LinalgOp op, const Shape &s) {
  if (s.column || s.red == 0 || op.getNumDpsInputs() != 2)
    return std::nullopt;
  auto args = dotBody(op.getBlock(), op.getDpsInitOperand(0)->getOperandNumber());
  if (!args || args->first == args->second)
    return std::nullopt;
  DotPlan plan{s.par + s.red - 1, std::nullopt, 1};
  for (OpOperand *in : op.getDpsInputOperands()) {
    auto ty = dyn_cast<MemRefType>(in->get().getType());
    if (!ty || !ty.getElementType().isInteger(8) ||
        columnStride(op.getMatchingIndexingMap(in), plan.last) != 1)
      return std::nullopt;
  }
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (unsigned d = s.par; d-- > 0;) {
    bool shared = llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *in) {
      return !op.getMatchingIndexingMap(in).isFunctionOfDim(d);
    });
    int64_t u = ranges[d] % 4 == 0 ? 4 : ranges[d] % 2 == 0 ? 2 : 1;
    if (shared && u > 1) {
      plan.rowDim = d;
      plan.nRows = u;
      break;
    }
  }
  return plan;
}

/// The loops of an int8 dot kernel planned by planInt8Dot: the parallel
/// loops (the row loop stepping by the row count), the reduction loops with
/// the last one counting groups of `group` elements, each row's sum loaded
/// before them and stored after. Per step, `read(b, l, k, idx, redIvs)`
/// reads input k's group at element indices `idx` (once for the rows when
/// the input ignores the row loop), and `combine(b, l, x, w, acc)` adds the
/// two groups' products to a sum. The op is erased.
template <typename Group>
void buildDotRows(
    linalg::LinalgOp op, const Shape &s, const DotPlan &plan, int64_t group, RewriterBase &rw,
    llvm::function_ref<Group(OpBuilder &, Location, unsigned, ArrayRef<Value>, ValueRange)> read,
    llvm::function_ref<Value(OpBuilder &, Location, const Group &, const Group &, Value)> combine,
    StartSource *start) {
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  std::optional<unsigned> rowDim = plan.rowDim;
  int64_t nRows = plan.nRows;
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  Nest outerNest = loopNest(rw, loc, ranges, dimRange(0, s.par),
                            [&](unsigned d) { return rowDim && d == *rowDim ? nRows : 1; });
  SmallVector<int64_t> groups(ranges);
  groups[plan.last] /= group;
  Nest redNest = loopNest(rw, loc, groups, dimRange(s.par, plan.last + 1), [](unsigned) { return 1; });
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        // The op's loop indices for row r; the last reduction's element
        // index is group * its counter.
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, int64_t r) {
          SmallVector<Value> ivs(outer);
          if (r)
            ivs[*rowDim] = arith::AddIOp::create(b, l, ivs[*rowDim],
                                                 arith::ConstantIndexOp::create(b, l, r));
          ivs.append(redIvs.begin(), redIvs.end());
          ivs.back() =
              arith::MulIOp::create(b, l, ivs.back(), arith::ConstantIndexOp::create(b, l, group));
          return ivs;
        };
        SmallVector<Value> zeros(s.red, zero);
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        for (int64_t r = 0; r < nRows; ++r) {
          outIdx.push_back(indices(b, l, outMap, ivsAt(b, zeros, r)));
          starts.push_back(loadStart(b, l, init->get(), outIdx.back(), start));
        }
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              auto at = [&](unsigned k, int64_t r) {
                OpOperand *in = op.getDpsInputOperand(k);
                return read(b, l, k, indices(b, l, op.getMatchingIndexingMap(in), ivsAt(b, redIvs, r)),
                            redIvs);
              };
              // Inputs that do not move along the rows are read once.
              SmallVector<std::optional<Group>> shared;
              for (auto [k, in] : llvm::enumerate(op.getDpsInputOperands()))
                shared.push_back(rowDim && !op.getMatchingIndexingMap(in).isFunctionOfDim(*rowDim)
                                     ? std::optional<Group>(at(k, 0))
                                     : std::nullopt);
              scf::ValueVector next;
              for (int64_t r = 0; r < nRows; ++r) {
                Group x = shared[0] ? *shared[0] : at(0, r);
                Group w = shared[1] ? *shared[1] : at(1, r);
                next.push_back(combine(b, l, x, w, acc[r]));
              }
              return next;
            });
        for (int64_t r = 0; r < nRows; ++r)
          memref::StoreOp::create(b, l, red.results[r], init->get(), outIdx[r]);
      });
  rw.eraseOp(op);
}

/// The Arm DSP form of an int8 dot product (reductions innermost, the last
/// one contiguous in both inputs and a multiple of 4 long: fully-connected
/// layers, depthwise kernels padded to quads): one quad of each input per
/// step, split by SXTB16, two SMLADs. Up to 4 outputs along a parallel loop
/// that one input does not depend on run together and share that input's
/// split. Integer sums are exact in any order.
bool lowerSmladDot(linalg::LinalgOp op, const Shape &s, RewriterBase &rw, SmladContext &ctx) {
  std::optional<DotPlan> plan = planInt8Dot(op, s);
  if (!plan || op.getStaticLoopRanges()[plan->last] % 4 != 0)
    return false;
  rw.setInsertionPoint(op);
  // Constant weights read along the last reduction are split at compile
  // time (fully-connected layers: every weight is read once per output).
  SmallVector<Value> pairs;
  for (OpOperand *in : op.getDpsInputOperands()) {
    AffineMap m = op.getMatchingIndexingMap(in);
    bool lastIsK = m.getNumResults() > 0 &&
                   m.getResult(m.getNumResults() - 1) == getAffineDimExpr(plan->last, m.getContext());
    pairs.push_back(lastIsK ? splitWeights(in->get(), rw, ctx) : Value());
  }
  using Quad = std::pair<Value, Value>;
  buildDotRows<Quad>(
      op, s, *plan, /*group=*/4, rw,
      [&](OpBuilder &b, Location l, unsigned k, ArrayRef<Value> at, ValueRange redIvs) -> Quad {
        SmallVector<Value> idx(at);
        if (!pairs[k])
          return splitQuad(b, l, quadWord(b, l, op.getDpsInputOperand(k)->get(), idx, ctx.directWords));
        // The last index is the quad's (the map's last result is the
        // reduction dim itself): 2 q in the split copy.
        idx.back() = arith::MulIOp::create(b, l, redIvs.back(), arith::ConstantIndexOp::create(b, l, 2));
        if (ctx.directWords)
          return wordPair(b, l, pairs[k], idx);
        Value even = memref::LoadOp::create(b, l, pairs[k], idx);
        idx.back() = arith::AddIOp::create(b, l, idx.back(), arith::ConstantIndexOp::create(b, l, 1));
        return {even, memref::LoadOp::create(b, l, pairs[k], idx)};
      },
      [](OpBuilder &b, Location l, const Quad &x, const Quad &w, Value acc) {
        return smladQuad(b, l, x, w, acc);
      },
      ctx.start);
  return true;
}

/// The coefficient of loop `dim` in `e`, an affine sum of loop dims times
/// constants and a constant (`numDims` loops).
int64_t dimCoefficient(AffineExpr e, unsigned dim, unsigned numDims) {
  auto at = [&](int64_t v) -> std::optional<int64_t> {
    SmallVector<AffineExpr> dims;
    for (unsigned k = 0; k < numDims; ++k)
      dims.push_back(getAffineConstantExpr(k == dim ? v : 0, e.getContext()));
    if (auto c = dyn_cast<AffineConstantExpr>(e.replaceDims(dims)))
      return c.getValue();
    return std::nullopt;
  };
  std::optional<int64_t> one = at(1), zero = at(0);
  return one && zero ? *one - *zero : 0;
}

/// Helium depthwise convolutions over narrow maps: where one 16-byte window
/// of a padded NCHW plane holds two or more kernel rows (Wp bytes apart),
/// one VMLADAVA.S8 sums all their taps. KWS's 25x5 maps (planes 27 x 8)
/// take a 3x3 kernel in two windows, rows {0, 1} and row 2: two loads and
/// two VMLADAVAs per output instead of three of each over kernel rows
/// padded to 4 taps. `op` is a depthwise kernel of QNN's lowering (marked
/// with its taps per kernel row: loops (n, c, oh, ow, kh, s), input
/// (n, c, oh*sh + kh*dh, ow*sw + s), constant weights [C, KH, KW4]); the
/// result reads the planes flat, loops (n, c, oh, ow, q, t) with window q's
/// lane t, weights packed at compile time to [C, Q, 16] (0 where a lane
/// holds no tap of the window's rows). A window starts at its first tap
/// unless the last outputs' reads would leave the plane, then as late as
/// that allows: reads never leave a channel's plane. The windows' starts
/// must be an affine function of q (always so for one or two). Null if the
/// op is not such a kernel or windows would not hold two rows; `op` is
/// replaced otherwise.
linalg::LinalgOp mveDepthwiseWindows(linalg::LinalgOp op, RewriterBase &rw) {
  constexpr int64_t lanes = 16;
  auto taps = op->getAttrOfType<IntegerAttr>("edgec.depthwise_taps");
  if (!taps || !isa<linalg::GenericOp>(op) || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 6)
    return {};
  Value x = op.getDpsInputOperand(0)->get(), out = op.getDpsInitOperand(0)->get();
  // The weights: the whole constant global, or (after the channel loop's
  // tiling) a slice of it along the channels.
  Value w = op.getDpsInputOperand(1)->get();
  auto slice = w.getDefiningOp<memref::SubViewOp>();
  auto [global, dense] = constantGlobal(slice ? slice.getSource() : w);
  auto xTy = dyn_cast<MemRefType>(x.getType());
  auto outTy = dyn_cast<MemRefType>(out.getType());
  if (!global || !xTy || !outTy || !xTy.hasStaticShape() || !xTy.getElementType().isInteger(8) ||
      !dense.getElementType().isInteger(8) || dense.getType().getRank() != 3 ||
      xTy.getRank() != 4 || !outTy.hasStaticShape() || outTy.getRank() != 4)
    return {};
  // A plane's rows must be contiguous to be read flat.
  auto [xStrides, xOff] = xTy.getStridesAndOffset();
  if (xStrides[3] != 1 || xStrides[2] != xTy.getDimSize(3))
    return {};
  if (slice && (!slice.hasUnitStride() || slice.getStaticSizes()[1] != dense.getType().getDimSize(1) ||
                slice.getStaticSizes()[2] != dense.getType().getDimSize(2)))
    return {};
  AffineMap xMap = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  int64_t sh = dimCoefficient(xMap.getResult(2), 2, 6), dh = dimCoefficient(xMap.getResult(2), 4, 6);
  int64_t sw = dimCoefficient(xMap.getResult(3), 3, 6);
  ArrayRef<int64_t> wShape = dense.getType().getShape();
  int64_t c = wShape[0], kh = wShape[1], kw4 = wShape[2], kwid = taps.getInt();
  int64_t hp = xTy.getDimSize(2), wp = xTy.getDimSize(3);
  int64_t oh = outTy.getDimSize(2), ow = outTy.getDimSize(3);
  int64_t rowStep = dh * wp;
  if (sh <= 0 || dh <= 0 || sw <= 0 || dimCoefficient(xMap.getResult(3), 5, 6) != 1 ||
      kwid > kw4 || kwid > lanes || hp * wp < lanes)
    return {};
  int64_t perWindow = std::min(kh, (lanes - kwid) / rowStep + 1);
  if (perWindow < 2)
    return {};
  int64_t windows = (kh + perWindow - 1) / perWindow;
  // The last output's first tap in its plane, and each window's start
  // relative to an output's first tap.
  int64_t lastBase = (oh - 1) * sh * wp + (ow - 1) * sw;
  SmallVector<int64_t> start;
  for (int64_t q = 0; q < windows; ++q) {
    int64_t first = q * perWindow * rowStep;
    int64_t last = (std::min(kh, (q + 1) * perWindow) - 1) * rowStep + kwid - 1;
    int64_t at = std::min(first, hp * wp - lanes - lastBase);
    if (at < 0 || at + lanes <= last)
      return {};
    start.push_back(at);
  }
  int64_t step = windows > 1 ? start[1] - start[0] : 0;
  for (int64_t q = 0; q < windows; ++q)
    if (start[q] != start[0] + q * step)
      return {};
  SmallVector<int8_t> values(dense.getValues<int8_t>());
  SmallVector<int8_t> packed(c * windows * lanes, 0);
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t r = 0; r < kh; ++r)
      for (int64_t s = 0; s < kwid; ++s) {
        int64_t q = r / perWindow;
        packed[(ch * windows + q) * lanes + r * rowStep + s - start[q]] = values[(ch * kh + r) * kw4 + s];
      }
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  auto packedTy = RankedTensorType::get({c, windows, lanes}, rw.getI8Type());
  Value weights = derivedGlobal(global, "_windows",
                                DenseElementsAttr::get(packedTy, ArrayRef<int8_t>(packed)),
                                lanes, rw, loc);
  if (slice) {
    SmallVector<OpFoldResult> offsets = slice.getMixedOffsets(), sizes = slice.getMixedSizes();
    offsets[1] = offsets[2] = rw.getIndexAttr(0);
    sizes[1] = rw.getIndexAttr(windows);
    sizes[2] = rw.getIndexAttr(lanes);
    SmallVector<OpFoldResult> ones(3, rw.getIndexAttr(1));
    weights = memref::SubViewOp::create(rw, loc, weights, offsets, sizes, ones);
  }
  Value planes = memref::CollapseShapeOp::create(rw, loc, x,
                                                 ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  MLIRContext *ctx = rw.getContext();
  AffineExpr dn, dc, doh, dow, dq, dt;
  bindDims(ctx, dn, dc, doh, dow, dq, dt);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {dn, dc, doh * (sh * wp) + dow * sw + dq * step + dt + start[0]}, ctx),
      AffineMap::get(6, 0, {dc, dq, dt}, ctx), op.getMatchingIndexingMap(op.getDpsInitOperand(0))};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  // The same multiply-accumulate body, over the new operands.
  auto g = linalg::GenericOp::create(rw, loc, TypeRange{}, ValueRange{planes, weights},
                                     ValueRange{out}, maps, iters);
  rw.cloneRegionBefore(op->getRegion(0), g.getRegion(), g.getRegion().end());
  for (NamedAttribute a : op->getDiscardableAttrs())
    if (a.getName() != "edgec.depthwise_taps")
      g->setAttr(a.getName(), a.getValue());
  rw.eraseOp(op);
  return cast<linalg::LinalgOp>(g.getOperation());
}

/// The Helium form of an int8 dot product (reductions innermost, the last
/// one contiguous in both inputs and a multiple of 16 long): 16 products per
/// step added to the scalar sum by one VMLADAVA.S8 (multiply-accumulate
/// across a vector of 16 bytes). Up to 4 outputs along
/// a parallel loop that one input does not depend on run together and load
/// that input once. Integer sums are exact in any order.
bool lowerMveDot(linalg::LinalgOp op, const Shape &s, RewriterBase &rw, StartSource *start) {
  std::optional<DotPlan> plan = planInt8Dot(op, s);
  if (!plan)
    return false;
  int64_t len = op.getStaticLoopRanges()[plan->last];
  // 16 bytes per VMLADAVA.S8; shorter runs (a kernel row of a few taps)
  // load 8 or 4 bytes widened to 16 or 32 bits (VLDRB.S16/.S32).
  int64_t lanes = len % 16 == 0 ? 16 : len % 8 == 0 ? 8 : len % 4 == 0 ? 4 : 0;
  if (!lanes)
    return false;
  rw.setInsertionPoint(op);
  Type i8 = rw.getI8Type(), i32 = rw.getI32Type();
  auto bytes = VectorType::get({lanes}, i8);
  auto wide = VectorType::get({lanes}, lanes == 16 ? i8 : lanes == 8 ? rw.getI16Type() : i32);
  std::string intrinsic = lanes == 16 ? "llvm.arm.mve.vmldava.v16i8"
                          : lanes == 8 ? "llvm.arm.mve.vmldava.v8i16"
                                       : "llvm.arm.mve.vmldava.v4i32";
  buildDotRows<Value>(
      op, s, *plan, lanes, rw,
      [&](OpBuilder &b, Location l, unsigned k, ArrayRef<Value> idx, ValueRange) -> Value {
        Value v = vector::LoadOp::create(b, l, bytes, op.getDpsInputOperand(k)->get(), idx);
        return lanes == 16 ? v : arith::ExtSIOp::create(b, l, wide, v).getResult();
      },
      [&](OpBuilder &b, Location l, const Value &x, const Value &w, Value acc) -> Value {
        // VMLADAVA.S8 itself (signed, no exchange or subtract): the generic
        // reduce(mul(sext, sext)) is only matched while the extensions sit
        // next to it, and LLVM hoists the invariant weights' extension out
        // of the pixel loops.
        Value c0 = arith::ConstantOp::create(b, l, b.getI32IntegerAttr(0));
        return LLVM::CallIntrinsicOp::create(b, l, i32, b.getStringAttr(intrinsic),
                                             ValueRange{c0, c0, c0, acc, x, w})
            .getResult(0);
      },
      start);
  return true;
}

/// `g` with its adjacent loops `first` and `first + 1` as one loop, when
/// every operand reads them as adjacent, collapsible dimensions of its
/// buffer; null otherwise. Discardable attributes carry over.
linalg::GenericOp collapseLoops(linalg::GenericOp g, unsigned first, RewriterBase &rw) {
  unsigned n = g.getNumLoops(), second = first + 1;
  if (second >= n || !g.hasPureBufferSemantics() ||
      !llvm::all_of(g.getIndexingMapsArray(), [](AffineMap m) { return m.isProjectedPermutation(); }))
    return {};
  ReassociationIndices rows = {(int64_t)first, (int64_t)second};
  if (!linalg::areDimSequencesPreserved(g.getIndexingMapsArray(), {rows}))
    return {};
  for (OpOperand &o : g->getOpOperands()) {
    auto ty = dyn_cast<MemRefType>(o.get().getType());
    AffineMap m = g.getMatchingIndexingMap(&o);
    if (!ty)
      return {};
    // The operand's reassociation: the two results the loops map to as one.
    SmallVector<ReassociationIndices> reassoc;
    for (unsigned r = 0; r < m.getNumResults(); ++r) {
      auto d = dyn_cast<AffineDimExpr>(m.getResult(r));
      if (d && d.getPosition() == second && !reassoc.empty())
        reassoc.back().push_back(r);
      else
        reassoc.push_back({(int64_t)r});
    }
    if (!memref::CollapseShapeOp::isGuaranteedCollapsible(ty, reassoc))
      return {};
  }
  SmallVector<ReassociationIndices> folded;
  for (unsigned d = 0; d < n; ++d)
    if (d == first)
      folded.push_back(rows);
    else if (d != second)
      folded.push_back({(int64_t)d});
  rw.setInsertionPoint(g);
  FailureOr<linalg::CollapseResult> r = linalg::collapseOpIterationDims(g, folded, rw);
  if (failed(r))
    return {};
  auto collapsed = cast<linalg::GenericOp>(r->collapsedOp.getOperation());
  collapsed->setDiscardableAttrs(g->getDiscardableAttrDictionary());
  rw.eraseOp(g);
  return collapsed;
}

/// A requantization whose last two loops are adjacent and collapsible in
/// every operand (one channel's 25x5 sums into an output whose rows are
/// evenly spaced) as one loop over both: Helium's 4-lane vectors then leave
/// one scalar remainder per channel instead of one per row. Returns the op
/// to lower (the collapsed one, or `g`).
linalg::GenericOp collapseRequantRows(linalg::GenericOp g, RewriterBase &rw) {
  unsigned n = g.getNumLoops();
  SmallVector<int64_t> ranges = g.getStaticLoopRanges();
  if (n < 2 || !g.hasPureBufferSemantics() || g.getNumDpsInputs() < 1 ||
      llvm::any_of(ranges, [](int64_t r) { return ShapedType::isDynamic(r); }))
    return g;
  // The loops of the accumulator's last two dimensions (the vectors run
  // along its last), adjacent.
  AffineMap accMap = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
  unsigned k = accMap.getNumResults();
  if (k < 2)
    return g;
  auto hi = dyn_cast<AffineDimExpr>(accMap.getResult(k - 2));
  auto lo = dyn_cast<AffineDimExpr>(accMap.getResult(k - 1));
  if (!hi || !lo || lo.getPosition() != hi.getPosition() + 1 || ranges[lo.getPosition()] % 4 == 0)
    return g;
  linalg::GenericOp collapsed = collapseLoops(g, hi.getPosition(), rw);
  return collapsed ? collapsed : g;
}

/// An elementwise generic (parallel loops only) with its trailing loops
/// merged for as long as every operand is contiguous across them: an NHWC
/// activation's (W, C) loops as one loop of W*C. Otherwise LLVM unrolls a
/// short channel loop whole and vectorizes the pixel loop across it, with
/// gathers and scatters.
void collapseElementwise(linalg::GenericOp g, RewriterBase &rw) {
  if (g.getNumReductionLoops() != 0 ||
      llvm::any_of(g.getStaticLoopRanges(), [](int64_t r) { return ShapedType::isDynamic(r); }))
    return;
  while (g.getNumLoops() >= 2)
    if (linalg::GenericOp c = collapseLoops(g, g.getNumLoops() - 2, rw))
      g = c;
    else
      return;
}

/// A requantization (`edgec.requantize`, elementwise on buffers) in vectors
/// of `lanes` int32 sums, along a loop that indexes the sums' contiguous
/// last dimension: the body's integer ops on vectors, per-channel tables read
/// as vectors when they follow that loop, the rest of the loop (a 25x5 map's
/// fifth column) scalar. The 32x32->64 multiply's halves become
///  * Helium (4 lanes): VMULH and VMUL; the int8 results stored lane by lane
///    when the output is not contiguous there. The scalar form costs about 11
///    instructions per output.
///  * x86 (8 or 16 lanes, `x86`): two pmuldq, of the even lanes and of the
///    odd ones, whose 64-bit products are split into low and high halves by
///    two two-source shuffles (vpermt2d). LLVM's own vectorization of the
///    scalar form extends the sums to 64 bits and narrows the products back
///    lane by lane, most of it on the one shuffle port.
bool lowerVectorRequant(linalg::GenericOp g, int64_t lanes, bool x86, RewriterBase &rw) {
  if (!g->hasAttr("edgec.requantize") || !g.hasPureBufferSemantics() ||
      g.getNumDpsInits() != 1 || g.getNumReductionLoops() != 0 || g.getNumDpsInputs() < 1)
    return false;
  SmallVector<int64_t> ranges = g.getStaticLoopRanges();
  if (llvm::any_of(ranges, [](int64_t r) { return ShapedType::isDynamic(r); }))
    return false;
  OpOperand *acc = g.getDpsInputOperand(0);
  auto accTy = dyn_cast<MemRefType>(acc->get().getType());
  AffineMap accMap = g.getMatchingIndexingMap(acc);
  if (!accTy || !accTy.getElementType().isInteger(32) || accMap.getNumResults() == 0)
    return false;
  auto lastExpr = dyn_cast<AffineDimExpr>(accMap.getResults().back());
  auto [accStrides, accOff] = accTy.getStridesAndOffset();
  if (!lastExpr || accStrides.back() != 1)
    return false;
  unsigned d = lastExpr.getPosition();
  // Whole vectors along d; the rest scalar.
  int64_t whole = ranges[d] / lanes * lanes;
  if (whole == 0)
    return false;
  // Every operand: a buffer (or scalar) whose map is a projected
  // permutation; one that follows d must have it last with stride 1.
  SmallVector<bool> follows;
  for (OpOperand &o : g->getOpOperands()) {
    AffineMap m = g.getMatchingIndexingMap(&o);
    auto ty = dyn_cast<MemRefType>(o.get().getType());
    if (!ty || !m.isProjectedPermutation())
      return false;
    bool f = m.isFunctionOfDim(d);
    if (f && &o != g.getDpsInitOperand(0)) {
      auto last = dyn_cast<AffineDimExpr>(m.getResults().back());
      if (!last || last.getPosition() != d || ty.getStridesAndOffset().first.back() != 1)
        return false;
    }
    follows.push_back(f);
  }
  // Only integer arithmetic in the body (what the requantizations use), no
  // 64-bit values other than the 32x32->64 product, which is used through
  // its halves only: trunc(p) and trunc(p >> 32).
  Block *body = g.getBlock();
  auto isExt = [](Value v) {
    auto e = v.getDefiningOp<arith::ExtSIOp>();
    return e && e.getIn().getType().isInteger(32);
  };
  auto isProduct = [&](Value v) {
    auto m = v.getDefiningOp<arith::MulIOp>();
    return m && v.getType().isInteger(64) && isExt(m.getLhs()) && isExt(m.getRhs());
  };
  auto isHigh = [&](Value v) {
    auto sh = v.getDefiningOp<arith::ShRUIOp>();
    IntegerAttr c;
    return sh && isProduct(sh.getLhs()) && matchPattern(sh.getRhs(), m_Constant(&c)) &&
           c.getInt() == 32;
  };
  for (Operation &op : body->without_terminator()) {
    if (op.getDialect()->getNamespace() != "arith" || op.getNumResults() != 1 ||
        isa<arith::IndexCastOp>(op))
      return false;
    if (!op.getResult(0).getType().isInteger(64) || isa<arith::ConstantOp>(op))
      continue;
    // The 64-bit values feed only the halves' truncations.
    for (Operation *user : op.getUsers()) {
      bool ok = isa<arith::ExtSIOp>(op) ? isProduct(user->getResult(0))
                : isa<arith::MulIOp>(op) ? (isa<arith::TruncIOp>(user) || isHigh(user->getResult(0)))
                : isa<arith::ShRUIOp>(op) && isHigh(op.getResult(0)) && isa<arith::TruncIOp>(user);
      if (!ok)
        return false;
    }
    if (!isa<arith::ExtSIOp, arith::MulIOp, arith::ShRUIOp>(op))
      return false;
  }
  OpOperand *out = g.getDpsInitOperand(0);
  if (!body->getArgument(out->getOperandNumber()).use_empty())
    return false;
  AffineMap outMap = g.getMatchingIndexingMap(out);
  auto outTy = cast<MemRefType>(out->get().getType());
  bool outContiguous = false;
  if (auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back()))
    outContiguous = last.getPosition() == d && outTy.getStridesAndOffset().first.back() == 1;
  if (x86 && !outContiguous)
    return false;
  // The output's static element stride along a loop that is one of its
  // dims (a scatter's offsets are constants).
  auto [outStrides, outOff] = outTy.getStridesAndOffset();
  auto outStride = [&](unsigned loop) -> std::optional<int64_t> {
    for (auto [r, e] : llvm::enumerate(outMap.getResults()))
      if (auto de = dyn_cast<AffineDimExpr>(e);
          de && de.getPosition() == loop && !ShapedType::isDynamic(outStrides[r]))
        return outStrides[r];
    return std::nullopt;
  };
  std::optional<int64_t> dStride;
  if (!outContiguous)
    if (std::optional<int64_t> st = outStride(d); st && *st * lanes < (int64_t(1) << 31))
      dStride = st;

  // Helium: rows that leave a remainder (KWS's 25x5 maps) into an output
  // whose rows are not one run (a padded plane, which collapseRequantRows
  // cannot merge): the plane as one flat run of
  // vectors, each scattered through a row of a compile-time table of
  // offsets, instead of a scalar remainder after every row. Needs the sums'
  // rows contiguous and the other operands constant over the plane.
  std::optional<unsigned> rowLoop;
  Value flatAcc, offsetTable;
  int64_t planeSize = 0;
  Location loc = g.getLoc();
  rw.setInsertionPoint(g);
  if (!x86 && whole < ranges[d] && accMap.getNumResults() >= 2) {
    unsigned rank = accMap.getNumResults();
    auto rowExpr = dyn_cast<AffineDimExpr>(accMap.getResult(rank - 2));
    std::optional<int64_t> rowStride, colStride;
    if (rowExpr && rowExpr.getPosition() != d) {
      rowStride = outStride(rowExpr.getPosition());
      colStride = outStride(d);
    }
    bool others = rowExpr && llvm::all_of(g->getOpOperands(), [&](OpOperand &o) {
      AffineMap m = g.getMatchingIndexingMap(&o);
      return &o == acc || &o == out ||
             (!m.isFunctionOfDim(d) && !m.isFunctionOfDim(rowExpr.getPosition()));
    });
    SmallVector<ReassociationIndices> reassoc;
    for (unsigned r = 0; r + 2 < rank; ++r)
      reassoc.push_back({(int64_t)r});
    reassoc.push_back({(int64_t)rank - 2, (int64_t)rank - 1});
    if (rowStride && colStride && others && accTy.getDimSize(rank - 1) == ranges[d] &&
        accStrides[rank - 2] == ranges[d] &&
        memref::CollapseShapeOp::isGuaranteedCollapsible(accTy, reassoc)) {
      unsigned rl = rowExpr.getPosition();
      int64_t n = ranges[rl] * ranges[d], vectors = n / lanes;
      int64_t maxOffset = (ranges[rl] - 1) * *rowStride + (ranges[d] - 1) * *colStride;
      if (vectors > 0 && maxOffset < (int64_t(1) << 31)) {
        SmallVector<int32_t> offsets;
        for (int64_t i = 0; i < vectors * lanes; ++i)
          offsets.push_back((int32_t)(i / ranges[d] * *rowStride + i % ranges[d] * *colStride));
        std::string name = llvm::formatv("__edgec_plane_offsets_{0}x{1}_{2}_{3}", ranges[rl],
                                         ranges[d], *rowStride, *colStride);
        offsetTable = constantTable(
            g->getParentOfType<ModuleOp>(), name,
            DenseElementsAttr::get(RankedTensorType::get({vectors, lanes}, rw.getI32Type()),
                                   ArrayRef<int32_t>(offsets)),
            16, /*after=*/nullptr, /*reuse=*/true, rw, loc);
        flatAcc = memref::CollapseShapeOp::create(rw, loc, acc->get(), reassoc);
        rowLoop = rl;
        planeSize = n;
      }
    }
  }
  SmallVector<Value> lbs, ubs, steps;
  for (auto [k, r] : llvm::enumerate(ranges)) {
    if (k == d || (rowLoop && k == *rowLoop))
      continue;
    lbs.push_back(arith::ConstantIndexOp::create(rw, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(rw, loc, r));
    steps.push_back(arith::ConstantIndexOp::create(rw, loc, 1));
  }
  auto withD = [&](ValueRange outer, Value iv) {
    SmallVector<Value> ivs(outer);
    ivs.insert(ivs.begin() + d, iv);
    return ivs;
  };
  // The plane's loop indices of flat element i (row loop and d).
  auto withPlane = [&](OpBuilder &b, Location l, ValueRange outer, Value row, Value col) {
    SmallVector<Value> ivs(outer);
    unsigned first = std::min(d, *rowLoop), second = std::max(d, *rowLoop);
    ivs.insert(ivs.begin() + first, first == d ? col : row);
    ivs.insert(ivs.begin() + second, second == d ? col : row);
    return ivs;
  };
  // The remaining elements along d: the body as it is, one at a time.
  auto scalarTail = [&](OpBuilder &b, Location l, ValueRange ivs) {
    IRMapping map;
    for (auto [k, o] : llvm::enumerate(g->getOpOperands()))
      if (&o != out)
        map.map(body->getArgument(k),
                memref::LoadOp::create(b, l, o.get(), indices(b, l, g.getMatchingIndexingMap(&o), ivs)));
    for (Operation &op : body->without_terminator())
      b.clone(op, map);
    memref::StoreOp::create(b, l, map.lookup(body->getTerminator()->getOperand(0)), out->get(),
                            indices(b, l, outMap, ivs));
  };
  // `flat`: in the plane form, the vector's first flat element (ivs hold 0
  // for the plane's loops) and `row` its row in the offset table.
  auto vectorBody = [&](OpBuilder &b, Location l, ValueRange ivs, Value flat = {},
                        Value row = {}) {
    IRMapping map;
    // The scalars that operands which do not follow d broadcast.
    llvm::DenseMap<Value, Value> scalars;
    auto vec = [&](Type t) { return VectorType::get({lanes}, t); };
    for (auto [k, o] : llvm::enumerate(g->getOpOperands())) {
      if (&o == out)
        continue;
      SmallVector<Value> idx = indices(b, l, g.getMatchingIndexingMap(&o), ivs);
      Type et = cast<MemRefType>(o.get().getType()).getElementType();
      Value v;
      if (follows[k] && flat) {
        idx.pop_back();
        idx.back() = flat;
        v = vector::LoadOp::create(b, l, vec(et), flatAcc, idx);
      } else if (follows[k]) {
        v = vector::LoadOp::create(b, l, vec(et), o.get(), idx);
      } else {
        Value x = memref::LoadOp::create(b, l, o.get(), idx);
        scalars[body->getArgument(k)] = x;
        v = vector::BroadcastOp::create(b, l, vec(et), x);
      }
      map.map(body->getArgument(k), v);
    }
    // x86: each product's (low, high) halves, made once for both truncations.
    llvm::DenseMap<Operation *, std::pair<Value, Value>> halves;
    auto x86Halves = [&](OpBuilder &b, Value a, Value c) -> std::pair<Value, Value> {
      auto wide = VectorType::get({lanes / 2}, b.getI64Type());
      auto c64 = [&](int64_t v) {
        return arith::ConstantOp::create(b, l, wide, SplatElementsAttr::get(wide, b.getI64IntegerAttr(v)))
            .getResult();
      };
      // pmuldq multiplies the sign-extended low halves of 64-bit lanes:
      // LLVM forms it from a product of values with 33 sign bits.
      auto even = [&](Value v) {
        Value w = vector::BitCastOp::create(b, l, wide, v);
        return arith::ShRSIOp::create(b, l, arith::ShLIOp::create(b, l, w, c64(32)), c64(32))
            .getResult();
      };
      auto odd = [&](Value v) {
        return arith::ShRSIOp::create(b, l, vector::BitCastOp::create(b, l, wide, v), c64(32))
            .getResult();
      };
      auto narrow = VectorType::get({lanes}, b.getI32Type());
      Value pe = vector::BitCastOp::create(b, l, narrow, arith::MulIOp::create(b, l, even(a), even(c)));
      Value po = vector::BitCastOp::create(b, l, narrow, arith::MulIOp::create(b, l, odd(a), odd(c)));
      SmallVector<int64_t> lo, hi;
      for (int64_t i = 0; i < lanes; i += 2) {
        lo.append({i, lanes + i});
        hi.append({i + 1, lanes + i + 1});
      }
      return {vector::ShuffleOp::create(b, l, pe, po, lo), vector::ShuffleOp::create(b, l, pe, po, hi)};
    };
    for (Operation &op : body->without_terminator()) {
      // The product's halves: VMUL.I32 and VMULH.S32 of the 32-bit
      // operands (LLVM's own match needs the extensions next to the
      // multiply, and LICM hoists a broadcast multiplier's); on x86, see
      // x86Halves.
      if (op.getResult(0).getType().isInteger(64))
        continue;
      if (auto t = dyn_cast<arith::TruncIOp>(op); t && t.getIn().getType().isInteger(64)) {
        Value in = t.getIn();
        bool high = isHigh(in);
        auto m = (high ? in.getDefiningOp<arith::ShRUIOp>().getLhs() : in).getDefiningOp<arith::MulIOp>();
        auto operand = [&](Value e) {
          Value x = e.getDefiningOp<arith::ExtSIOp>().getIn();
          if (!map.contains(x))
            map.map(x, vector::BroadcastOp::create(b, l, vec(x.getType()), x).getResult());
          return map.lookup(x);
        };
        Value a = operand(m.getLhs()), c = operand(m.getRhs());
        Value r;
        if (x86) {
          auto it = halves.find(m);
          if (it == halves.end())
            it = halves.try_emplace(m, x86Halves(b, a, c)).first;
          r = high ? it->second.second : it->second.first;
        } else if (high) {
          Value sign = arith::ConstantOp::create(b, l, b.getI32IntegerAttr(0));
          r = LLVM::CallIntrinsicOp::create(b, l, vec(b.getI32Type()),
                                            b.getStringAttr("llvm.arm.mve.vmulh.v4i32"),
                                            ValueRange{a, c, sign})
                  .getResult(0);
        } else {
          r = arith::MulIOp::create(b, l, a, c);
        }
        map.map(t.getResult(), r);
        continue;
      }
      if (auto c = dyn_cast<arith::ConstantOp>(op)) {
        auto attr = cast<TypedAttr>(c.getValue());
        auto ty = vec(attr.getType());
        map.map(c.getResult(), arith::ConstantOp::create(b, l, ty, SplatElementsAttr::get(ty, attr))
                                   .getResult());
        continue;
      }
      // The rounding carry (lo != 0) | parity, with parity 0 or 1 (an and
      // with 1), is a select on the compare, parity or 1: no 0/1 vector
      // from the predicate and no or.
      if (auto orOp = dyn_cast<arith::OrIOp>(op)) {
        Value carry;
        for (unsigned side = 0; side < 2 && !carry; ++side) {
          auto ext = orOp->getOperand(side).getDefiningOp<arith::ExtUIOp>();
          auto bit = orOp->getOperand(1 - side).getDefiningOp<arith::AndIOp>();
          IntegerAttr one;
          if (!ext || !bit || !ext.getIn().getType().isInteger(1) || !map.contains(ext.getIn()) ||
              !map.contains(bit.getResult()) ||
              !(matchPattern(bit.getRhs(), m_Constant(&one)) ||
                matchPattern(bit.getLhs(), m_Constant(&one))) ||
              !one.getValue().isOne())
            continue;
          auto ty = vec(orOp.getType());
          Value ones = arith::ConstantOp::create(
              b, l, ty, SplatElementsAttr::get(ty, b.getIntegerAttr(orOp.getType(), 1)));
          carry = arith::SelectOp::create(b, l, map.lookup(ext.getIn()), ones,
                                          map.lookup(bit.getResult()));
        }
        if (carry) {
          map.map(orOp.getResult(), carry);
          continue;
        }
      }
      // Helium: a right shift by a scalar that is not a constant (a
      // per-channel table's) is VSHL by register with the negated count.
      // Left to LLVM, the negation is made in the loop (the splat is sunk
      // next to its use for instruction selection) and stays there.
      if (!x86 && isa<arith::ShRUIOp, arith::ShRSIOp>(op) &&
          op.getResult(0).getType().isInteger(32)) {
        auto it = scalars.find(op.getOperand(1));
        if (it != scalars.end()) {
          Value zero = arith::ConstantOp::create(b, l, b.getI32IntegerAttr(0));
          Value neg = arith::SubIOp::create(b, l, zero, it->second);
          Value isUnsigned =
              arith::ConstantOp::create(b, l, b.getI32IntegerAttr(isa<arith::ShRUIOp>(op) ? 1 : 0));
          // The shifted value may be a scalar from outside the body.
          Value x = map.lookupOrDefault(op.getOperand(0));
          if (!isa<VectorType>(x.getType()))
            x = vector::BroadcastOp::create(b, l, vec(x.getType()), x);
          map.map(op.getResult(0),
                  LLVM::CallIntrinsicOp::create(
                      b, l, vec(b.getI32Type()), b.getStringAttr("llvm.arm.mve.vshl.scalar.v4i32"),
                      ValueRange{x, neg, zero, zero, isUnsigned})
                      .getResult(0));
          continue;
        }
      }
      // The rest lane by lane (scalars from outside the body, constants
      // hoisted by canonicalize, broadcast).
      vectorizeOp(b, l, op, map, {lanes});
    }
    Value result = map.lookup(body->getTerminator()->getOperand(0));
    SmallVector<Value> idx = indices(b, l, outMap, ivs);
    if (outContiguous && !row) {
      vector::StoreOp::create(b, l, result, out->get(), idx);
      return;
    }
    // A transposed output (a convolution's channel-major sums stored
    // channels-last): one scatter of the lanes at d's static stride,
    // Helium's truncating VSTRB.32 with a vector of offsets, instead of
    // moving each lane to a core register and storing it alone.
    if (dStride || row) {
      auto offTy = VectorType::get({lanes}, b.getI32Type());
      Value offs;
      if (row) {
        offs = vector::LoadOp::create(b, l, offTy, offsetTable,
                                      ValueRange{row, arith::ConstantIndexOp::create(b, l, 0)});
      } else {
        SmallVector<int32_t> offsets;
        for (int64_t t = 0; t < lanes; ++t)
          offsets.push_back(static_cast<int32_t>(t * *dStride));
        offs = arith::ConstantOp::create(b, l, offTy, DenseIntElementsAttr::get(offTy, offsets));
      }
      auto maskTy = VectorType::get({lanes}, b.getI1Type());
      Value all = arith::ConstantOp::create(b, l, maskTy, DenseElementsAttr::get(maskTy, true));
      vector::ScatterOp::create(b, l, Type(), out->get(), idx, offs, all, result);
      return;
    }
    // Otherwise lane t goes to the element at d + t, one at a time.
    for (int64_t t = 0; t < lanes; ++t) {
      SmallVector<Value> at(ivs);
      at[d] = arith::AddIOp::create(b, l, ivs[d], arith::ConstantIndexOp::create(b, l, t));
      memref::StoreOp::create(b, l, vector::ExtractOp::create(b, l, result, t),
                              out->get(), indices(b, l, outMap, at));
    }
  };
  scf::buildLoopNest(rw, loc, lbs, ubs, steps, [&](OpBuilder &b, Location l, ValueRange outer) {
    auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
    if (rowLoop) {
      int64_t vectors = planeSize / lanes;
      scf::ForOp::create(b, l, c(0), c(vectors), c(1), ValueRange{},
                         [&](OpBuilder &b, Location l, Value j, ValueRange) {
                           Value flat = arith::MulIOp::create(b, l, j, c(lanes));
                           vectorBody(b, l, withPlane(b, l, outer, c(0), c(0)), flat, j);
                           scf::YieldOp::create(b, l);
                         });
      // The last elements of the plane one at a time.
      for (int64_t i = vectors * lanes; i < planeSize; ++i)
        scalarTail(b, l, withPlane(b, l, outer, c(i / ranges[d]), c(i % ranges[d])));
      return;
    }
    scf::ForOp::create(b, l, c(0), c(whole), c(lanes), ValueRange{},
                       [&](OpBuilder &b, Location l, Value iv, ValueRange) {
                         vectorBody(b, l, withD(outer, iv));
                         scf::YieldOp::create(b, l);
                       });
    if (whole < ranges[d])
      scf::ForOp::create(b, l, c(whole), c(ranges[d]), c(1), ValueRange{},
                         [&](OpBuilder &b, Location l, Value iv, ValueRange) {
                           scalarTail(b, l, withD(outer, iv));
                           scf::YieldOp::create(b, l);
                         });
  });
  rw.eraseOp(g);
  return true;
}

/// A register block for scalar cores (reductions innermost): RA outputs
/// along a parallel loop that input 0 ignores times RB outputs along one
/// that input 1 ignores (a convolution's output channels and pixels, a
/// matrix product's columns and rows) run together. Each reduction step
/// loads RB values of input 0 and RA of input 1 for RA * RB multiply-adds,
/// instead of two loads per multiply-add. Every output still sums its terms
/// in the original order, so float results keep their bits.
bool lowerBlock(linalg::LinalgOp op, const Shape &s, int64_t maxBlock, RewriterBase &rw,
                StartSource *start = nullptr) {
  if (s.column || s.red == 0 || op.getNumDpsInputs() != 2 || maxBlock < 2)
    return false;
  for (OpOperand *in : op.getDpsInputOperands())
    if (!isa<MemRefType>(in->get().getType()))
      return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap m0 = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap m1 = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  auto unroll = [&](int64_t n) -> int64_t {
    for (int64_t u = maxBlock; u >= 2; u /= 2)
      if (n % u == 0)
        return u;
    return 1;
  };
  // The innermost parallel loops with the wanted independence.
  std::optional<unsigned> dimA, dimB;
  for (unsigned d = s.par; d-- > 0;) {
    if (!out.isFunctionOfDim(d) || unroll(ranges[d]) == 1)
      continue;
    if (!dimA && !m0.isFunctionOfDim(d) && m1.isFunctionOfDim(d))
      dimA = d;
    else if (!dimB && !m1.isFunctionOfDim(d) && m0.isFunctionOfDim(d))
      dimB = d;
  }
  if (!dimA && !dimB)
    return false;
  int64_t ra = dimA ? unroll(ranges[*dimA]) : 1, rb = dimB ? unroll(ranges[*dimB]) : 1;
  Location loc = op.getLoc();
  rw.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rw, loc, 0);
  Nest outerNest = loopNest(rw, loc, ranges, dimRange(0, s.par), [&](unsigned d) -> int64_t {
    return dimA && d == *dimA ? ra : dimB && d == *dimB ? rb : 1;
  });
  Nest redNest = loopNest(rw, loc, ranges, dimRange(s.par, s.par + s.red), [](unsigned) { return 1; });
  OpOperand *init = op.getDpsInitOperand(0);
  Block *body = op.getBlock();
  scf::buildLoopNest(
      rw, loc, outerNest.lbs, outerNest.ubs, outerNest.steps,
      [&](OpBuilder &b, Location l, ValueRange outer) {
        auto ivsAt = [&](OpBuilder &b, ValueRange redIvs, int64_t a, int64_t c) {
          SmallVector<Value> ivs(outer);
          auto bump = [&](std::optional<unsigned> d, int64_t k) {
            if (d && k)
              ivs[*d] = arith::AddIOp::create(b, l, ivs[*d], arith::ConstantIndexOp::create(b, l, k));
          };
          bump(dimA, a);
          bump(dimB, c);
          ivs.append(redIvs.begin(), redIvs.end());
          return ivs;
        };
        SmallVector<Value> zeros(s.red, zero);
        SmallVector<SmallVector<Value>> outIdx;
        SmallVector<Value> starts;
        for (int64_t a = 0; a < ra; ++a)
          for (int64_t c = 0; c < rb; ++c) {
            outIdx.push_back(indices(b, l, out, ivsAt(b, zeros, a, c)));
            starts.push_back(loadStart(b, l, init->get(), outIdx.back(), start));
          }
        scf::LoopNest red = scf::buildLoopNest(
            b, l, redNest.lbs, redNest.ubs, redNest.steps, starts,
            [&](OpBuilder &b, Location l, ValueRange redIvs, ValueRange acc) -> scf::ValueVector {
              // Input 0 varies along dimB only, input 1 along dimA only.
              SmallVector<Value> x, w;
              for (int64_t c = 0; c < rb; ++c)
                x.push_back(memref::LoadOp::create(b, l, op.getDpsInputOperand(0)->get(),
                                                   indices(b, l, m0, ivsAt(b, redIvs, 0, c))));
              for (int64_t a = 0; a < ra; ++a)
                w.push_back(memref::LoadOp::create(b, l, op.getDpsInputOperand(1)->get(),
                                                   indices(b, l, m1, ivsAt(b, redIvs, a, 0))));
              scf::ValueVector next;
              for (int64_t a = 0; a < ra; ++a)
                for (int64_t c = 0; c < rb; ++c) {
                  SmallVector<Value> ivs = ivsAt(b, redIvs, a, c);
                  IRMapping map;
                  map.map(body->getArgument(op.getDpsInputOperand(0)->getOperandNumber()), x[c]);
                  map.map(body->getArgument(op.getDpsInputOperand(1)->getOperandNumber()), w[a]);
                  map.map(body->getArgument(init->getOperandNumber()), acc[a * rb + c]);
                  next.push_back(cloneBody(b, body, map, ivs));
                }
              return next;
            });
        for (size_t k = 0; k < outIdx.size(); ++k)
          memref::StoreOp::create(b, l, red.results[k], init->get(), outIdx[k]);
      });
  rw.eraseOp(op);
  return true;
}

/// A constant fill of a whole int8 or int16 arena buffer (the zero point
/// around a padded input) as 32-bit stores of the replicated value, through
/// an i32 view of the same bytes: a quarter of the stores. Without a
/// memset (bare metal, where the C library's is slow) LLVM unrolled the
/// byte loops into long runs of STRB, which cost flash and compile time.
/// Arena buffers start at multiples of the planned arena alignment, so
/// the words are aligned. A float buffer's padding fill (a linalg.map of a
/// constant) becomes one flat loop of words the same way: as nested loops,
/// LLVM unrolled the rows into hundreds of stores, and loop strength
/// reduction spent most of a float model's compile time on them.
void widenFill(Operation *fill, RewriterBase &rw) {
  auto dps = dyn_cast<linalg::LinalgOp>(fill);
  if (!dps || !dps.hasPureBufferSemantics() || dps.getNumDpsInits() != 1)
    return;
  // The value: linalg.fill's scalar, or a linalg.map with no inputs
  // yielding a constant (how float padding is filled).
  Attribute value;
  if (auto f = dyn_cast<linalg::FillOp>(fill)) {
    if (!matchPattern(f.value(), m_Constant(&value)))
      return;
  } else if (auto map = dyn_cast<linalg::MapOp>(fill)) {
    auto yield = dyn_cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
    if (!map.getInputs().empty() || !yield || yield.getNumOperands() != 1 ||
        !matchPattern(yield.getOperand(0), m_Constant(&value)))
      return;
  } else {
    return;
  }
  Value out = dps.getDpsInitOperand(0)->get();
  auto view = out.getDefiningOp<memref::ViewOp>();
  auto ty = dyn_cast<MemRefType>(out.getType());
  if (!view || !ty || !ty.hasStaticShape() || !ty.getLayout().isIdentity())
    return;
  unsigned width = ty.getElementTypeBitWidth();
  APInt bits;
  if (auto i = dyn_cast<IntegerAttr>(value))
    bits = i.getValue();
  else if (auto f = dyn_cast<FloatAttr>(value))
    bits = f.getValue().bitcastToAPInt();
  else
    return;
  // 32-bit linalg.fill ops stay: they start reductions' sums, which the
  // kernels take over (startSource); float padding is a linalg.map.
  if ((width != 8 && width != 16 && !(width == 32 && isa<linalg::MapOp>(fill))) ||
      bits.getBitWidth() != width)
    return;
  int64_t bytes = ty.getNumElements() * width / 8;
  IntegerAttr shift;
  if (bytes % 4 != 0 || bytes == 0 || !matchPattern(view.getByteShift(), m_Constant(&shift)) ||
      shift.getInt() % 4 != 0)
    return;
  uint32_t unit = (uint32_t)bits.getZExtValue();
  uint32_t word = width == 8 ? unit * 0x01010101u : width == 16 ? unit * 0x00010001u : unit;
  rw.setInsertionPoint(fill);
  Location l = fill->getLoc();
  auto wordsTy = MemRefType::get({bytes / 4}, rw.getI32Type());
  Value words = memref::ViewOp::create(rw, l, wordsTy, view.getSource(), view.getByteShift(),
                                       ValueRange{});
  Value c = arith::ConstantOp::create(rw, l, rw.getI32IntegerAttr((int32_t)word));
  linalg::FillOp::create(rw, l, ValueRange{c}, ValueRange{words});
  rw.eraseOp(fill);
}

struct RegisterAccumulatorsPass
    : public edgec::impl::RegisterAccumulatorsBase<RegisterAccumulatorsPass> {
  using RegisterAccumulatorsBase::RegisterAccumulatorsBase;
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, Shape>> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<Shape> s = shapeOf(op, maxRow))
        ops.push_back({op, *s});
    });
    IRRewriter rw(&getContext());
    SmallVector<Operation *> fills;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::FillOp, linalg::MapOp>(op))
        fills.push_back(op);
    });
    for (Operation *f : fills)
      widenFill(f, rw);
    if (mve)
      for (auto &[op, s] : ops)
        biasIntoRequantization(op, rw);
    // x86 with AVX2 (16 int16 pair lanes: 8 int32) or AVX-512BW (16 int32).
    int64_t x86RequantLanes = vectorRows && dotLanes >= 16 ? dotLanes / 2 : 0;
    if (mve || x86RequantLanes) {
      SmallVector<linalg::GenericOp> requants;
      getOperation().walk([&](linalg::GenericOp g) {
        if (g->hasAttr("edgec.requantize"))
          requants.push_back(g);
      });
      for (linalg::GenericOp g : requants)
        (void)lowerVectorRequant(collapseRequantRows(g, rw), mve ? 4 : x86RequantLanes,
                                 /*x86=*/!mve, rw);
    }
    SmladContext ctx;
    ctx.directWords = directWords;
    ctx.splitWeights = splitWeights;
    for (auto [op, s] : ops) {
      if (mve)
        if (linalg::LinalgOp windows = mveDepthwiseWindows(op, rw)) {
          op = windows;
          std::optional<Shape> ws = shapeOf(op, maxRow);
          if (!ws)
            continue; // left to the generic loop lowering
          s = *ws;
        }
      // The kernels with scalar sums start them from the buffer's fill.
      std::optional<StartSource> start = startSource(op);
      StartSource *st = start ? &*start : nullptr;
      ctx.start = st;
      if (!(smlad && (lowerSmladRow(op, s, rw, ctx) || lowerSmladDot(op, s, rw, ctx))) &&
          !(mve && lowerMveDot(op, s, rw, st)) &&
          !(vectorRows && s.column && dotLanes > 0 &&
            lowerGroupRow(op, s, dotLanes, vnniLanes, rw)) &&
          !(vectorRows && s.column &&
            lowerVectorRow(op, s, vectorTile, vectorTileRegs, vectorRegBits, fma, dotLanes,
                           ctx.split, rw, st)) &&
          !(vectorRows && !s.column && dotLanes > 0 && lowerVectorDot(op, s, dotLanes, rw)) &&
          !(block > 1 && lowerBlock(op, s, block, rw, st)))
        lower(op, s, rw, st);
      if (st && st->used)
        rw.eraseOp(st->fill);
    }
    // x86: elementwise loops long and contiguous for LLVM's vectorizer (after
    // the reductions, which take the activations that follow them).
    if (vectorRows && dotLanes > 0) {
      SmallVector<linalg::GenericOp> elementwise;
      getOperation().walk([&](linalg::GenericOp g) {
        if (g.getNumReductionLoops() == 0 && !g->hasAttr("edgec.requantize"))
          elementwise.push_back(g);
      });
      for (linalg::GenericOp g : elementwise)
        collapseElementwise(g, rw);
    }
    // Weights that were split for SMLAD are read from their split copy only.
    getOperation().walk([&](memref::GetGlobalOp g) {
      if (g->use_empty())
        g->erase();
    });
    llvm::SmallPtrSet<Operation *, 8> erased;
    for (Operation *g : ctx.split)
      if (erased.insert(g).second && SymbolTable::symbolKnownUseEmpty(g, getOperation()))
        g->erase();
  }
};

} // namespace
