#!/usr/bin/env python3
"""ONNX backend node tests through edgec, on the host.

    run_node_tests.py --build BUILD [--jobs 2] [--filter REGEX] [--ops-doc docs/ops.md]
                      [--baseline test/conformance/baseline.txt]

Every node test shipped in the pinned onnx wheel (onnx/backend/test/data/node)
is compiled by edgec as C and as an object, linked with test/e2e/driver.c,
run on each test_data_set_*, and compared with output_*.pb using the ONNX
backend runner's tolerances (rtol 1e-3, atol 1e-7; integers and bools
exactly; NaN matches NaN). Each test gets exactly one result:

    pass     both outputs match on every data set
    refused  edgec stopped with a diagnostic (exit code 1) -- a clear "no"
    wrong    some output differs: a bug, worse than a refusal
    crash    edgec or the generated program died, or the C did not compile
    timeout  a step ran past its time limit

The summary goes to stdout and BUILD/conformance/summary.json, one log per
test to BUILD/conformance/logs/, and docs/ops.md is regenerated from the
results (never edit it by hand). The run fails when any test is wrong or
crashes, or when fewer tests pass than the recorded baseline.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))
import harness as h  # noqa: E402

RTOL, ATOL = 1e-3, 1e-7
EDGEC_TIMEOUT, CC_TIMEOUT, RUN_TIMEOUT = 120, 120, 60
SEVERITY = ["crash", "wrong", "timeout", "refused", "pass"]  # worst first
DRIVER = HERE.parent / "e2e" / "driver.c"
# edgec's remark naming a model input it needs at compile time.
BIND_HINT = re.compile(r"fix it at compile time with --bind (\S+)=<tensor\.pb>")


@dataclass
class Outcome:
    test: str
    ops: list
    result: str
    reason: str = ""
    dtypes: list = field(default_factory=list)
    # Inputs fixed at compile time with --bind, because edgec needs their
    # values (they decide shapes); the test still checks the outputs.
    bound: list = field(default_factory=list)


def node_test_root() -> Path:
    return Path(onnx.__file__).resolve().parent / "backend" / "test" / "data" / "node"


def model_ops(model: onnx.ModelProto) -> list:
    return sorted({(n.domain or "ai.onnx") + ":" + n.op_type for n in model.graph.node})


def base_op(test_dir: Path, model: onnx.ModelProto) -> str:
    """The operator a test is about: its node's op type. The '_expanded'
    variants inline a function body into many nodes; they count under the op
    of their non-expanded sibling."""
    test = test_dir.name
    if "_expanded" in test:
        sibling = test_dir.parent / test.split("_expanded")[0] / "model.onnx"
        if sibling.exists():
            model = onnx.load(sibling, load_external_data=False)
    ops = Counter(n.op_type for n in model.graph.node)
    return ops.most_common(1)[0][0] if ops else "(no node)"


def read_tensor(path: Path):
    t = onnx.TensorProto()
    t.ParseFromString(path.read_bytes())
    return t.name, numpy_helper.to_array(t)


def load_datasets(test_dir: Path):
    """[(inputs, outputs)] with tensors in file order; None if a data set
    holds a sequence/optional/map (not tensors)."""
    sets = []
    for ds in sorted(test_dir.glob("test_data_set_*")):
        ins, outs = [], []
        for kind, dst in (("input", ins), ("output", outs)):
            files = sorted(ds.glob(f"{kind}_*.pb"), key=lambda p: int(p.stem.split("_")[1]))
            for f in files:
                try:
                    dst.append(read_tensor(f)[1])
                except Exception:  # noqa: BLE001 - non-tensor protos
                    return None
        sets.append((ins, outs))
    return sets


def matches(actual: np.ndarray, expected: np.ndarray) -> tuple:
    if actual.shape != expected.shape:
        return False, f"shape {actual.shape} != expected {expected.shape}"
    if expected.dtype.kind in "fc" or expected.dtype.name in h.NARROW_FLOATS:
        a = actual.astype(np.float64)
        e = expected.astype(np.float64)
        both_nan = np.isnan(a) & np.isnan(e)
        bad = ~(np.isclose(a, e, rtol=RTOL, atol=ATOL) | both_nan)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            return False, (f"{int(bad.sum())} of {bad.size} elements differ; first at flat index {i}: "
                           f"got {a.flat[i]!r}, expected {e.flat[i]!r}")
        return True, ""
    if not np.array_equal(actual, expected):
        i = int(np.flatnonzero(actual != expected)[0])
        return False, f"got {actual.flat[i]!r}, expected {expected.flat[i]!r} at flat index {i}"
    return True, ""


def run_one(args) -> Outcome:
    """run_test, with a harness failure reported as this test's crash (it
    must be looked at, and must not stop the other tests)."""
    try:
        return run_test(args)
    except Exception:  # noqa: BLE001
        import traceback
        return Outcome(args[0].name, ["?"], "crash", "harness error: " + traceback.format_exc()[-400:])


def run_test(args) -> Outcome:
    test_dir, build, work = args
    test = test_dir.name
    log = []
    model = onnx.load(test_dir / "model.onnx", load_external_data=False)
    op = base_op(test_dir, model)
    out = Outcome(test, model_ops(model), "pass")
    datasets = load_datasets(test_dir)
    tdir = work / test
    shutil.rmtree(tdir, ignore_errors=True)
    tdir.mkdir(parents=True)
    edgec = build / "bin" / "edgec"
    worst = "pass"

    def settle(result: str, reason: str):
        nonlocal worst
        log.append(f"{result}: {reason}")
        if SEVERITY.index(result) < SEVERITY.index(worst):
            worst, out.reason = result, reason

    # The data sets' inputs, by model input name (initializers excluded).
    inits = {t.name for t in model.graph.initializer}
    input_names = [i.name for i in model.graph.input if i.name not in inits]
    bound: list = []  # indices into input_names

    def bindable(name: str):
        """The index of model input `name` if every data set gives it the
        same value (one compiled model must serve them all), else None."""
        if name not in input_names or datasets is None:
            return None
        k = input_names.index(name)
        if k in bound or any(len(ins) <= k for ins, _ in datasets):
            return None
        first = datasets[0][0][k]
        if all(ins[k].shape == first.shape and np.array_equal(ins[k], first, equal_nan=True)
               for ins, _ in datasets):
            return k
        return None

    for emit in ("c", "obj"):
        gdir = tdir / emit
        while True:
            cmd = [str(edgec), str(test_dir / "model.onnx"), "-o", str(gdir), "--name", "m",
                   f"--emit={emit}", "--quiet"]
            cmd += [f"--bind={input_names[k]}={test_dir / 'test_data_set_0' / f'input_{k}.pb'}"
                    for k in bound]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=EDGEC_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc = None
                break
            log.append("$ " + " ".join(cmd) + "\n" + proc.stdout + proc.stderr)
            # edgec names the model inputs whose values it needs at compile time.
            wanted = [bindable(n) for n in BIND_HINT.findall(proc.stderr)] if proc.returncode == 1 else []
            wanted = [k for k in wanted if k is not None]
            if not wanted:
                break
            bound.extend(sorted(set(wanted)))
        if proc is None:
            settle("timeout", f"edgec --emit={emit} ran past {EDGEC_TIMEOUT}s")
            break
        if proc.returncode == 1:
            first = next((l for l in proc.stderr.splitlines() if "error" in l), proc.stderr.strip())
            settle("refused", first[:300])
            break
        if proc.returncode != 0:
            settle("crash", f"edgec --emit={emit} exited {proc.returncode}: {h.tail(proc.stderr, 3)}")
            break
        if datasets is None:
            settle("crash", "edgec accepted a test whose data is not plain tensors")
            break
        gen = h.Generated("m", gdir, emit)
        exe = tdir / f"run_{emit}"
        try:
            h.compile_program(h.find_tool("clang-22"), DRIVER, gen, exe, ["-O1"], timeout=CC_TIMEOUT)
            info = h.read_header_info(exe)
        except subprocess.TimeoutExpired:
            settle("timeout", "C compiler ran past its limit")
            break
        except h.ToolError as e:
            settle("crash", f"generated code does not build: {h.tail(str(e), 4)}")
            break
        for k, (ins, outs) in enumerate(datasets):
            ins = [x for i, x in enumerate(ins) if i not in bound]
            if len(ins) != len(info.inputs) or len(outs) != len(info.outputs):
                settle("wrong", f"data set {k}: model takes {len(info.inputs)} inputs/"
                                f"{len(info.outputs)} outputs, data has {len(ins)}/{len(outs)}")
                continue
            packed = []
            for x, ti in zip(ins, info.inputs):
                want = h.DTYPES.get(ti.dtype)
                if want is None or x.dtype != want or tuple(x.shape) != tuple(ti.shape):
                    settle("wrong", f"input {ti.name}: header says {ti.dtype}{list(ti.shape)}, "
                                    f"data is {x.dtype}{list(x.shape)}")
                    break
                packed.append(x[None])
            else:
                fin, fout = tdir / f"in{k}.bin", tdir / f"out{k}_{emit}.bin"
                fin.write_bytes(h.pack_inputs(packed) if packed else b"")
                try:
                    r = subprocess.run([str(exe), str(fin), str(fout), "1"], capture_output=True,
                                       text=True, timeout=RUN_TIMEOUT)
                except subprocess.TimeoutExpired:
                    settle("timeout", f"generated code ran past {RUN_TIMEOUT}s")
                    continue
                if r.returncode != 0:
                    settle("crash", f"generated program exited {r.returncode}: {h.tail(r.stderr, 3)}")
                    continue
                got = h.unpack_outputs(fout.read_bytes(), info.outputs, 1)
                for g, e, ti in zip(got, outs, info.outputs):
                    ok, why = matches(g[0], e)
                    if not ok:
                        settle("wrong", f"--emit={emit} data set {k} output {ti.name}: {why}")
    out.result = worst
    out.bound = [input_names[k] for k in bound]
    if worst == "pass":
        out.dtypes = sorted({str(x.dtype) for ins, _ in (datasets or []) for x in ins})
    out.ops = [op]
    (work.parent / "logs").mkdir(exist_ok=True)
    (work.parent / "logs" / f"{test}.log").write_text("\n".join(log) + f"\nRESULT {worst}: {out.reason}\n")
    if worst == "pass":
        shutil.rmtree(tdir, ignore_errors=True)
    return out


def progress(done: int, total: int, counts: Counter, tty: bool):
    line = (f"[{done}/{total}] " + " ".join(f"{k}={counts[k]}" for k in reversed(SEVERITY)))
    if tty:
        bar = "#" * int(30 * done / max(total, 1))
        sys.stdout.write(f"\r{bar:<30} {line}")
        sys.stdout.flush()
    elif done % 100 == 0 or done == total:
        print(line, flush=True)


# Operators refused by design, with the reason (they still count against
# the pass rate). Everything else not passing is work still to do.
NOT_FOR_EDGE = [
    ("Strings", "StringConcat, StringNormalizer, StringSplit, RegexFullMatch, TfIdfVectorizer, "
     "LabelEncoder (ai.onnx.ml), string Equal",
     "edge firmware has no string tensors; tokenization belongs before the model"),
    ("Sequences and optionals", "SequenceAt, SequenceConstruct, SequenceEmpty, SequenceErase, "
     "SequenceInsert, SequenceLength, SequenceMap, SplitToSequence, ConcatFromSequence, Optional, "
     "OptionalGetElement, OptionalHasElement",
     "their sizes change at run time; edgec plans every buffer at compile time"),
    ("Random numbers", "Bernoulli, RandomNormal, RandomNormalLike, RandomUniform, "
     "RandomUniformLike, Multinomial, Dropout in training mode",
     "outputs cannot be compared with a reference, and inference does not sample"),
    ("Training", "Adagrad, Adam, Momentum, Gradient (ai.onnx.preview.training), "
     "BatchNormalization in training mode",
     "edgec compiles inference"),
    ("Data-dependent output sizes", "NonZero, Unique, Compress, NonMaxSuppression, "
     "zero-size outputs",
     "the output size depends on the values; a static plan cannot hold it"),
    ("Media decoding", "ImageDecoder",
     "decoding belongs to the application, which already holds the pixels"),
]


def write_ops_doc(path: Path, outcomes: list, onnx_version: str, build: Path):
    by_op = defaultdict(list)
    for o in outcomes:
        by_op[o.ops[0]].append(o)
    proc = subprocess.run([str(build / "bin" / "edgec"), "--list-ops"], capture_output=True, text=True)
    coverage = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            coverage[parts[0]] = parts[1]
    total = len(outcomes)
    passed = sum(o.result == "pass" for o in outcomes)
    n_bound = sum(o.result == "pass" and bool(o.bound) for o in outcomes)
    lines = ["# ONNX operator support",
             "",
             f"Generated by `test/conformance/run_node_tests.py` from the ONNX backend node tests of "
             f"onnx {onnx_version}; do not edit by hand.",
             "",
             f"**{passed} of {total} node tests pass ({100.0 * passed / max(total, 1):.1f}%)** through "
             f"both C and object output on the host.",
             "",
             f"{passed - n_bound} of them compile as they are. In the other {n_bound}, a model input "
             f"decides a shape (Reduce axes, Pad pads, a Reshape target, Resize sizes...), which edgec "
             f"needs at compile time: the harness fixes those inputs to the test's values with "
             f"`edgec --bind name=tensor.pb`, as edgec's error suggests, and runs the rest. The "
             f"'bound' column counts them.",
             "",
             "| operator | opsets (edgec) | data types passing | tests passed | bound | status | not passing |",
             "|---|---|---|---|---|---|---|"]
    for op in sorted(by_op, key=str.lower):
        tests = by_op[op]
        ok = [t for t in tests if t.result == "pass"]
        dt = sorted({d for t in ok for d in t.dtypes})
        status = ("supported" if len(ok) == len(tests) else "partial" if ok else
                  "refused" if all(t.result == "refused" for t in tests) else "failing")
        bad = ", ".join(f"{t.test[5:]} ({t.result})" for t in tests if t.result != "pass")
        nb = sum(bool(t.bound) for t in ok)
        lines.append(f"| {op} | {coverage.get(op, '-')} | {', '.join(dt) or '-'} | "
                     f"{len(ok)}/{len(tests)} | {nb or '-'} | {status} | {bad or '-'} |")
    lines += ["", "## Refused by design", "",
              "These are refused with a message naming the node; their tests count as not passing.",
              "", "| kind | operators | reason |", "|---|---|---|"]
    lines += [f"| {kind} | {ops} | {why} |" for kind, ops, why in NOT_FOR_EDGE]
    path.write_text("\n".join(lines) + "\n")


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--filter", default="", help="regex on test names")
    p.add_argument("--ops-doc", type=Path, default=None, help="write the operator table here")
    p.add_argument("--baseline", type=Path, default=None,
                   help="file holding the minimum pass count (fail below it)")
    args = p.parse_args(argv)
    build = args.build.resolve()
    root = node_test_root()
    tests = sorted(d for d in root.iterdir() if (d / "model.onnx").exists()
                   and re.search(args.filter, d.name))
    out_dir = build / "conformance"
    work = out_dir / "work"
    shutil.rmtree(out_dir, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"edgec conformance: {len(tests)} ONNX {onnx.__version__} node tests from {root}\n"
          f"  tolerance rtol={RTOL} atol={ATOL} (integers exact); logs in {out_dir / 'logs'}",
          flush=True)
    start = time.time()
    counts: Counter = Counter()
    outcomes = []
    tty = sys.stdout.isatty()
    with multiprocessing.Pool(args.jobs) as pool:
        for i, o in enumerate(pool.imap_unordered(run_one, [(t, build, work) for t in tests]), 1):
            outcomes.append(o)
            counts[o.result] += 1
            progress(i, len(tests), counts, tty)
    if tty:
        print()
    outcomes.sort(key=lambda o: o.test)
    (out_dir / "summary.json").write_text(json.dumps(
        [o.__dict__ for o in outcomes], indent=1))
    for kind in ("crash", "wrong", "timeout"):
        for o in outcomes:
            if o.result == kind:
                print(f"{kind.upper():8} {o.test}: {o.reason}")
    refusals = Counter(re.sub(r"'[^']*'", "'…'", o.reason.split("error: ")[-1])[:90]
                       for o in outcomes if o.result == "refused")
    print("\nmost common refusals:")
    for reason, n in refusals.most_common(12):
        print(f"  {n:5}  {reason}")
    total = len(outcomes)
    print(f"\n{'result':8} {'tests':>6}")
    for k in reversed(SEVERITY):
        print(f"{k:8} {counts[k]:6}  {100.0 * counts[k] / max(total, 1):5.1f}%")
    n_bound = sum(o.result == "pass" and bool(o.bound) for o in outcomes)
    print(f"  of the passes, {n_bound} with inputs that decide shapes fixed at compile time (--bind)")
    print(f"time {time.time() - start:.0f}s")
    if args.ops_doc:
        write_ops_doc(args.ops_doc, outcomes, onnx.__version__, build)
    failed = counts["crash"] + counts["wrong"] + counts["timeout"]
    if args.baseline and args.baseline.exists():
        floor = int(args.baseline.read_text().split()[0])
        if counts["pass"] < floor:
            print(f"pass count {counts['pass']} is below the recorded baseline {floor}")
            failed += 1
    # A refusal is neither a pass nor a wrong answer: it is reported on its own
    # line, and counts against the pass rate (the baseline check).
    print(f"{counts['refused']} refused at compile time (unsupported, listed in the logs)")
    print(f"{counts['pass']} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
