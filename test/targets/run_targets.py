#!/usr/bin/env python3
"""Cross-target tests: edgec output for every target, run under QEMU (or
natively) on real inputs and compared with ONNX Runtime.

    run_targets.py --build BUILD [--targets a,b] [--models mnist,ic_resnet8,gesture]
                   [--samples 20] [--jobs N] [--workdir DIR] [--run-timeout S]

For each target (targets/boards/boards.json) and model: edgec --emit=c and
--emit=obj; the C compiled with the target's GCC and with clang-22 (both
-std=c99 -O2 -Wall -Wextra -Werror); three firmware images (c/gcc,
c/clang-22, obj) with the first N real inputs embedded, each run with a
timeout. Results, one line each:

  * TARGET MODEL [variant]: the image builds and runs, every call returns
    EDGEC_OK, the header's descriptors match the model, and every output
    element satisfies |edgec - ort| <= 1e-4*max(1, max|ort| of the tensor)
    + 1e-3*|ort| (integers exactly); top-1 decisions agree (>= 99.9%); for
    mnist the model-zoo outputs match and accuracy equals ORT's.
  * TARGET MODEL c-vs-obj bitwise: on targets marked "bitwise" in the board
    table (cortex-m4, cortex-m55, rv32imafc, aarch64) the c/gcc and obj
    outputs must be identical bit for bit; elsewhere the comparison is
    printed as INFO and not counted.
  * TARGET MODEL isa: the model's code (edgec's object and both compiled C
    objects) contains none of the instruction classes the target lacks.
  * cortex-m0plus budget: --ram-budget=16K --flash-budget=256K refuses mnist
    and ic_resnet8 with a message naming the budget, and accepts gesture.

A fault or hang is a FAILED result with its reason, never a hang of the run.
The last line is `N passed, M failed`; the exit status is non-zero when
anything failed.
"""

from __future__ import annotations

import sys

# Keep the source folders free of __pycache__ (not ours to .gitignore).
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import fwbuild as fw  # puts test/e2e on sys.path
import boards as bd
import isa
import harness as h
import models as m
import run_e2e as e2e

DEFAULT_MODELS = "mnist,ic_resnet8,gesture"
BUDGET = ("--ram-budget=16K", "--flash-budget=256K")
BUDGET_REFUSED = ("mnist", "ic_resnet8")
BUDGET_ACCEPTED = ("gesture",)


@dataclass
class Context:
    tools: fw.Tools
    table: bd.Table
    samples: int
    workdir: Path
    scaled_atol: bool = True  # read by run_e2e.check_references


# --------------------------------------------------------------------------
# References

def take(dataset: m.Dataset, n: int) -> m.Dataset:
    """The first n samples (mnist's loader puts its zoo references first)."""
    return m.Dataset(inputs=[x[:n] for x in dataset.inputs], names=dataset.names[:n],
                     labels=None if dataset.labels is None else dataset.labels[:n],
                     references=[(k, r) for k, r in dataset.references if k < n])


def prepare_reference(spec: m.ModelSpec, samples: int) -> e2e.Reference:
    dataset = take(spec.load(samples), samples)
    session = h.ort_session(spec.onnx_path)
    outputs = h.ort_outputs(session, dataset)
    return e2e.Reference(spec, dataset, session, outputs,
                         [o.name for o in session.get_outputs()], input_file=None)


# --------------------------------------------------------------------------
# Checks

def evaluate(ctx: Context, ref: e2e.Reference, stdout: str) -> tuple:
    """(ok, summary, details, arrays) for one firmware's output."""
    count = len(ref.dataset)
    out = fw.parse_output(stdout)
    problems = h.check_header(out.info, ref.session, ref.dataset, ref.outputs)
    if problems:
        return False, "header does not match the model", "\n".join(problems), None
    bad = {k: s for k, s in out.statuses.items() if s != 0}
    if bad:
        return False, f"{len(bad)} calls did not return EDGEC_OK (e.g. {bad})", "", None
    try:
        actual = fw.output_arrays(out, count)
    except h.ToolError as err:
        return False, str(err), h.tail(stdout), None
    cmp = h.compare(actual, ref.outputs, ref.output_names, scaled_atol=ctx.scaled_atol)
    mine, theirs = ref.spec.decisions(actual), ref.spec.decisions(ref.outputs)
    top1 = h.agreement(mine, theirs)
    refs_ok, refs_text = e2e.check_references(ctx, ref, actual)
    acc_ok, acc_text = e2e.check_accuracy(ref, mine, theirs)
    ok = cmp.within_tolerance and top1 >= h.MIN_TOP1_AGREEMENT and refs_ok and acc_ok
    summary = "  ".join(t for t in (e2e.format_numbers(cmp, top1), refs_text, acc_text,
                                    f"stack={out.stack_bytes}B") if t)
    details = []
    if not cmp.within_tolerance:
        details.append(f"{cmp.bad_samples} of {cmp.count} samples out of tolerance; "
                       f"worst: {cmp.worst}")
    if top1 < h.MIN_TOP1_AGREEMENT:
        details.append(f"top-1 agreement {100 * top1:.1f}%")
    return ok, summary, "\n".join(details), actual


def bitwise_text(a: list, b: list) -> tuple:
    """(identical, description) for two runs' outputs."""
    differing = total = 0
    worst_ulp = 0
    for x, y in zip(a, b):
        xb = x.view(np.dtype(f"u{x.dtype.itemsize}")).astype(np.int64)
        yb = y.view(np.dtype(f"u{y.dtype.itemsize}")).astype(np.int64)
        diff = xb != yb
        differing += int(diff.sum())
        total += diff.size
        if diff.any() and x.dtype == np.float32:
            worst_ulp = max(worst_ulp, int(np.abs(xb - yb)[diff].max()))
    if differing == 0:
        return True, f"identical ({total} elements)"
    return False, f"{differing} of {total} elements differ (max {worst_ulp} ulp)"


def bitwise_result(target: bd.Target, spec: m.ModelSpec, arrays: dict) -> e2e.Result:
    name = f"{target.name} {spec.key} c-vs-obj bitwise"
    parts, ok = [], True
    for c_variant in ("c/gcc", "c/clang-22"):
        if arrays.get(c_variant) is None or arrays.get("obj") is None:
            parts.append(f"{c_variant} vs obj: not compared (a run failed)")
            ok = ok and c_variant != "c/gcc"
            continue
        same, text = bitwise_text(arrays[c_variant], arrays["obj"])
        parts.append(f"{c_variant} vs obj: {text}")
        if c_variant == "c/gcc":
            ok = ok and same
    return e2e.Result(name, ok, "  ".join(parts))


def isa_result(ctx: Context, target: bd.Target, spec: m.ModelSpec,
               build: fw.ModelBuild) -> e2e.Result:
    name = f"{target.name} {spec.key} isa (lacks {', '.join(target.lacks)})"
    objects = {v: img.model_object for v, img in build.images.items()
               if img.model_object is not None and img.model_object.exists()}
    if not objects:
        return e2e.Result(name, False, "no model object to disassemble (see the build errors)")
    found = []
    try:
        for variant, obj in objects.items():
            found += [f"{variant}: {v}"
                      for v in isa.violations(ctx.tools.objdump, ctx.tools.readelf, target, obj)]
    except h.ToolError as err:
        return e2e.Result(name, False, fw.first_line(err), str(err))
    if found:
        return e2e.Result(name, False, f"{len(found)} problem(s); first: {found[0][:200]}",
                          "\n".join(found))
    return e2e.Result(name, True, f"none in {', '.join(objects)}")


def test_pair(ctx: Context, target: bd.Target, ref: e2e.Reference) -> tuple:
    """All results for one (target, model), and INFO lines."""
    spec = ref.spec
    folder = ctx.workdir / target.name / spec.key
    count = len(ref.dataset)
    build = fw.build_model(ctx.tools, target, spec, ref.dataset, count, ref.outputs, folder)
    results, info, arrays = [], [], {}
    for variant in fw.VARIANTS:
        image = build.images[variant]
        name = f"{target.name} {spec.key} [{variant}]"
        if image.error:
            results.append(e2e.Result(name, False, image.error, image.details))
            continue
        run = fw.run_firmware(ctx.tools, target, image.board, image.exe)
        where = f"on {image.board.name}" if image.board else (
            "native" if target.kind == "native" else target.runner[0])
        if not run.ok:
            results.append(e2e.Result(name, False, f"{run.reason} ({where})",
                                      h.tail(run.stdout + "\n" + run.stderr, 25)))
            continue
        ok, summary, details, actual = evaluate(ctx, ref, run.stdout)
        arrays[variant] = actual
        results.append(e2e.Result(name, ok, f"{summary}  {where} {run.seconds:.1f}s", details))
    bit = bitwise_result(target, spec, arrays)
    if target.bitwise:
        results.append(bit)
    else:
        info.append(f"{bit.name}: {bit.summary} (not required)")
    if target.lacks:
        results.append(isa_result(ctx, target, spec, build))
    return results, info


def budget_results(ctx: Context, specs: dict) -> list:
    """cortex-m0plus with 16 KB RAM / 256 KB flash: mnist and ic_resnet8 refused
    with a message naming the budget, gesture accepted."""
    results = []
    for key in BUDGET_REFUSED + BUDGET_ACCEPTED:
        spec = specs[key]
        for emit in ("c", "obj"):
            outdir = ctx.workdir / "budget" / f"{key}_{emit}"
            cmd = fw.edgec_command(ctx.tools, spec, outdir, emit, "cortex-m0plus", BUDGET)
            name = f"cortex-m0plus budget 16K/256K [{emit}] {key} " + (
                "refused" if key in BUDGET_REFUSED else "accepted")
            try:
                outdir.mkdir(parents=True, exist_ok=True)
                proc = h.run(cmd, ctx.tools.timeout)
            except h.ToolError as err:
                results.append(e2e.Result(name, False, fw.first_line(err)))
                continue
            message = " ".join((proc.stderr + proc.stdout).split())
            written = sorted(p.name for p in outdir.iterdir())
            if key in BUDGET_REFUSED:
                clear = "error" in message and ("--ram-budget" in message
                                                or "--flash-budget" in message)
                ok = proc.returncode != 0 and clear and not any(
                    n.endswith((".c", ".o")) for n in written)
                why = "" if ok else (f" (exit {proc.returncode}, wrote {written or 'nothing'})")
                results.append(e2e.Result(name, ok, message[:300] + why))
            else:
                ok = proc.returncode == 0 and f"{spec.c_name}.{'c' if emit == 'c' else 'o'}" in written
                results.append(e2e.Result(name, ok, f"exit {proc.returncode}, wrote {written}"
                                          + ("" if ok else f": {message[:300]}")))
    return results


# --------------------------------------------------------------------------

def cost(target: bd.Target, spec: m.ModelSpec) -> float:
    """Rough emulation cost, to start the slowest pairs first."""
    soft = 20.0 if "fp" in target.lacks else 1.0
    size = {"ic_resnet8": 10.0, "mnist": 1.0}.get(spec.key, 0.1)
    return soft * size


def parse_args(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", required=True, type=Path, help="build dir holding bin/edgec")
    p.add_argument("--targets", default="", help="comma-separated (default: every target "
                   "in targets/boards/boards.json)")
    p.add_argument("--models", default=DEFAULT_MODELS, help=f"comma-separated (default "
                   f"{DEFAULT_MODELS})")
    p.add_argument("--samples", type=int, default=20, help="inputs per model (default 20)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                   help="(target, model) pairs built and run at once (default: CPU count)")
    p.add_argument("--run-timeout", type=float, default=300,
                   help="seconds one firmware may run (default 300)")
    p.add_argument("--workdir", type=Path, help="artifacts (default BUILD/test-targets, "
                   "emptied first)")
    args = p.parse_args(argv)
    if args.samples < 1:
        p.error("--samples must be at least 1")
    return args


def main(argv: list) -> int:
    started = time.monotonic()
    args = parse_args(argv)
    table = bd.load()
    names = [t.strip() for t in args.targets.split(",") if t.strip()] or list(table.targets)
    unknown = [t for t in names if t not in table.targets]
    if unknown:
        raise SystemExit(f"unknown target(s) {', '.join(unknown)}; known: "
                         f"{', '.join(table.targets)}")
    specs = m.select(args.models)
    workdir = (args.workdir or args.build / "test-targets").resolve()
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    report = e2e.Report()
    try:
        tools = fw.find_tools(args.build, args.run_timeout)
    except h.ToolError as err:
        report.add(e2e.Result("setup", False, str(err)))
        return report.close()
    if not tools.edgec.is_file():
        report.add(e2e.Result("setup", False, f"not found: {tools.edgec}"))
        return report.close()
    built = tools.edgec
    try:
        fw.snapshot_edgec(tools, workdir / "bin")
    except h.ToolError as err:
        report.add(e2e.Result("setup", False, str(err)))
        return report.close()
    ctx = Context(tools, table, args.samples, workdir)
    print(f"edgec cross-target tests: {built} (run from a copy)\n  targets {', '.join(names)}\n"
          f"  models {', '.join(s.key for s in specs)}, {args.samples} samples each; "
          f"tolerance |d| <= {h.ATOL:g}*max(1,max|ort|) + {h.RTOL:g}*|ort|\n"
          f"  work dir {workdir}", flush=True)

    if "cortex-m0plus" in names:
        for result in budget_results(ctx, {s.key: s for s in m.MODELS}):
            report.add(result)

    refs = {}
    for spec in specs:
        t0 = time.monotonic()
        try:
            refs[spec.key] = prepare_reference(spec, args.samples)
        except Exception as err:  # a broken loader fails the model, not the run
            report.add(e2e.Result(f"{spec.key} reference", False, f"{type(err).__name__}: {err}"))
            continue
        print(f"----  {spec.key}: {len(refs[spec.key].dataset)} samples, ONNX Runtime "
              f"reference in {time.monotonic() - t0:.1f}s", flush=True)

    pairs = [(table.targets[t], refs[s.key]) for t in names for s in specs if s.key in refs]
    pairs.sort(key=lambda p: -cost(p[0], p[1].spec))
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(test_pair, ctx, target, ref): (target, ref) for target, ref in pairs}
        for future in as_completed(futures):
            target, ref = futures[future]
            try:
                results, info = future.result()
            except Exception as err:  # a harness bug fails the pair, not the run
                results, info = [e2e.Result(f"{target.name} {ref.spec.key}", False,
                                            f"harness error: {type(err).__name__}: {err}")], []
            for result in results:
                report.add(result)
            for line in info:
                print(f"INFO  {line}", flush=True)
    print(f"\nfinished in {time.monotonic() - started:.0f}s")
    return report.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
