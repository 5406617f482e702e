#!/usr/bin/env python3
"""The ONNX node-test sample on microcontroller targets, under QEMU.

    run_target_sample.py --build BUILD [--targets cortex-m4,rv32imafc,rv32imac]
                         [--sample test/conformance/target_sample.txt] [--jobs N]

A fixed sample of node tests that pass on the host (target_sample.txt, one
test per line with the inputs the host harness binds, spread over
operators) is compiled for each target as an object file (edgec
--emit=obj --target=T), linked into the firmware harness
(test/targets/fw_main.c) with the test's inputs, run under QEMU, and its
outputs compared with the test's expected outputs with the host harness's
tolerances (rtol 1e-3, atol 1e-7; integers exact). One PASS/FAIL line per
(target, test), then "N passed, M failed".

    run_target_sample.py --write-sample SUMMARY.json --per-op 4

writes target_sample.txt from a host run's summary.json: up to --per-op
passing tests of every operator, round-robin, in name order.
"""
from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import os  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
from collections import defaultdict  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "targets"))
import fwbuild as fw  # noqa: E402  (puts test/e2e on sys.path)
import boards as bd  # noqa: E402
import harness as h  # noqa: E402
import models as m  # noqa: E402
import run_node_tests as nt  # noqa: E402

DEFAULT_TARGETS = "cortex-m4,rv32imafc,rv32imac"
SAMPLE = HERE / "target_sample.txt"


def write_sample(summary: Path, per_op: int, out: Path) -> int:
    by_op = defaultdict(list)
    for o in json.loads(summary.read_text()):
        if o["result"] == "pass":
            by_op[o["ops"][0]].append(o)
    chosen = []
    for op in sorted(by_op, key=str.lower):
        chosen += sorted(by_op[op], key=lambda o: o["test"])[:per_op]
    lines = ["# ONNX node tests run on the microcontroller targets (run_target_sample.py).",
             "# Generated from a host run with --write-sample; one test per line, then the",
             "# inputs the host harness binds with --bind."]
    lines += [" ".join([o["test"], *o.get("bound", [])]) for o in sorted(chosen, key=lambda o: o["test"])]
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(chosen)} tests over {len(by_op)} operators to {out}")
    return 0


def read_sample(path: Path) -> list:
    rows = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            test, *bound = line.split()
            rows.append((test, bound))
    return rows


def run_one(tools: fw.Tools, target: bd.Target, test: str, bound: list, work: Path) -> tuple:
    """(ok, line, details) for one test on one target."""
    name = f"{target.name} {test}"
    test_dir = nt.node_test_root() / test
    model = onnx.load(test_dir / "model.onnx", load_external_data=False)
    inits = {t.name for t in model.graph.initializer}
    names = [i.name for i in model.graph.input if i.name not in inits]
    datasets = nt.load_datasets(test_dir)
    if not datasets:
        return False, f"FAIL  {name}: no tensor data", ""
    ins, outs = datasets[0]
    binds = []
    for b in bound:
        k = names.index(b)
        binds.append(f"--bind={b}={test_dir / 'test_data_set_0' / f'input_{k}.pb'}")
    kept = [x for i, x in enumerate(ins) if names[i] not in bound]
    # int4/int2 cross the API one per byte, extended (see harness.pack_inputs).
    kept = [h.api_layout(x) for x in kept]
    spec = m.ModelSpec(key=test, c_name="m", onnx=str(test_dir / "model.onnx"), load=None,
                       decisions=None, edgec_args=tuple(binds))
    dataset = m.Dataset(inputs=[x[None] for x in kept], names=["s0"])
    folder = work / target.name / test
    shutil.rmtree(folder, ignore_errors=True)
    build = fw.build_model(tools, target, spec, dataset, 1, [y[None] for y in outs], folder,
                           variants=("obj",))
    image = build.images["obj"]
    if image.error:
        return False, f"FAIL  {name}: {image.error}", image.details
    run = fw.run_firmware(tools, target, image.board, image.exe)
    if not run.ok:
        return False, f"FAIL  {name}: {run.reason}", h.tail(run.stdout + "\n" + run.stderr, 20)
    fwout = fw.parse_output(run.stdout)
    bad = {k: s for k, s in fwout.statuses.items() if s != 0}
    if bad:
        return False, f"FAIL  {name}: the run returned {bad}", ""
    try:
        got = fw.output_arrays(fwout, 1)
    except h.ToolError as err:
        return False, f"FAIL  {name}: {err}", h.tail(run.stdout)
    if len(got) != len(outs):
        return False, f"FAIL  {name}: {len(got)} outputs, expected {len(outs)}", ""
    for k, (g, e) in enumerate(zip(got, outs)):
        ok, why = nt.matches(g[0], e)
        if not ok:
            return False, f"FAIL  {name}: output {k}: {why}", ""
    shutil.rmtree(folder, ignore_errors=True)
    return True, f"PASS  {name}: {len(outs)} outputs match ({run.seconds:.1f}s)", ""


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", type=Path)
    p.add_argument("--targets", default=DEFAULT_TARGETS)
    p.add_argument("--sample", type=Path, default=SAMPLE)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--workdir", type=Path, default=None)
    p.add_argument("--write-sample", type=Path, default=None, metavar="SUMMARY_JSON")
    p.add_argument("--per-op", type=int, default=4)
    args = p.parse_args(argv)
    if args.write_sample:
        return write_sample(args.write_sample, args.per_op, args.sample)
    if not args.build:
        p.error("--build is required")
    build = args.build.resolve()
    tools = fw.find_tools(build, run_timeout=120)
    table = bd.load()
    targets = [table.targets[t] for t in args.targets.split(",") if t]
    rows = read_sample(args.sample)
    work = (args.workdir or build / "target-sample").resolve()
    work.mkdir(parents=True, exist_ok=True)
    jobs = [(t, test, bound) for t in targets for test, bound in rows]
    print(f"node-test sample: {len(rows)} tests x {len(targets)} targets "
          f"({', '.join(t.name for t in targets)}), as object files under QEMU", flush=True)
    passed = failed = 0

    def one(job):
        t, test, bound = job
        try:
            return run_one(tools, t, test, bound, work)
        except Exception as err:  # noqa: BLE001 - one test's harness error is its failure
            return False, f"FAIL  {t.name} {test}: harness error: {fw.first_line(err)}", ""

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for ok, line, details in pool.map(one, jobs):
            print(line, flush=True)
            if not ok and details:
                print("      " + details.replace("\n", "\n      "), flush=True)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
