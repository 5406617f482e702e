#!/usr/bin/env python3
"""End-to-end numerical tests: edgec-generated C against ONNX Runtime on
real models and real inputs.

    run_e2e.py --build BUILD_DIR [--models a,b] [--emit c,obj] [--limit N] [--asan]

For every model and emit kind, edgec compiles the model into a temporary
folder; test/e2e/driver.c is built against it with clang-22 (and also gcc for
--emit=c), all inputs run in one driver process, and ONNX Runtime
(CPUExecutionProvider, one intra-op thread) runs the same inputs.

A numerics check PASSES when
  * the header's input/output descriptors match the ONNX model,
  * every output element is within |edgec - ort| <= 1e-4 * S + 1e-3 * |ort|
    where S = max(1, max |ort| over that sample's output tensor). Float sums
    carry rounding error proportional to the magnitude of what is summed, not
    of the result: mnist-8's logits reach ~7000, so a logit near 0 legitimately
    differs by ~1e-3 when the summation order differs from ONNX Runtime's.
    (--tolerance=elementwise uses S = 1.) Integer outputs, e.g. gesture's
    ArgMax class_ids, must be equal,
  * top-1 decisions are identical on >= 99.9% of decisions (per sample for
    classifiers, per anchor for UltraFace),
  * for mnist: the model-zoo reference outputs (output_0.pb) match within
    the same tolerance, and top-1 accuracy on the MNIST test images (all
    10,000 unless --limit) is equal for edgec and ONNX Runtime.
Each (model, emit) also gets:
  * arena-check: `driver --arena-check` (bad arguments give the documented
    status and leave outputs untouched),
  * no-heap: the model object references no malloc/free family symbol.
With --asan, the model's C is built with -fsanitize=address,undefined and a
few samples run with a malloc'd arena of exactly <NAME>_ARENA_SIZE bytes.

A model edgec fails to compile is reported FAILED with edgec's stderr, never
skipped. The last line is `N passed, M failed`; the exit status is non-zero
when anything failed.
"""

from __future__ import annotations

import sys

# Keep the source folders free of __pycache__ (not ours to .gitignore).
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

import harness as h
import models as m

HEAP_SYMBOLS = {"malloc", "calloc", "realloc", "free", "aligned_alloc",
                "posix_memalign", "memalign", "valloc", "pvalloc", "reallocarray"}
SANITIZE_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                  "-fno-omit-frame-pointer", "-g"]


@dataclass
class Result:
    name: str
    ok: bool
    summary: str = ""
    details: str = ""


class Report:
    """Prints each result as it arrives, so a long run shows progress."""

    def __init__(self) -> None:
        self.results: list[Result] = []

    def add(self, result: Result) -> None:
        self.results.append(result)
        print(f"{'PASS' if result.ok else 'FAIL'}  {result.name}  {result.summary}", flush=True)
        if result.details:
            for line in result.details.rstrip().splitlines():
                print(f"      {line}")

    def close(self) -> int:
        failed = [r for r in self.results if not r.ok]
        if failed:
            print("\nFailed:")
            for r in failed:
                print(f"  {r.name}")
        print(f"{len(self.results) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0


@dataclass
class Context:
    edgec: Path
    clang: Optional[str]
    gcc: Optional[str]
    nm: Optional[str]
    size_tool: Optional[str]
    workdir: Path
    emits: list
    limit: Optional[int]
    asan: bool
    asan_samples: int
    timeout: float
    scaled_atol: bool
    report: Report


@dataclass
class Reference:
    """Everything computed once per model and shared by all its checks."""

    spec: m.ModelSpec
    dataset: m.Dataset
    session: object
    outputs: list
    output_names: list
    input_file: Path


# --------------------------------------------------------------------------
# Numerics

def run_driver(driver: Path, input_file: Path, output_file: Path, count: int,
               infos: list, timeout: float, asan: bool = False) -> list:
    cmd = [driver] + (["--asan"] if asan else []) + [input_file, output_file, str(count)]
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    proc = h.run(cmd, timeout, env=env)
    if proc.returncode != 0:
        how = (f"died of {signal_name(-proc.returncode)}" if proc.returncode < 0
               else f"exited {proc.returncode}")
        raise h.ToolError(f"driver {how}\n{h.tail(proc.stderr + proc.stdout, 60)}")
    return h.unpack_outputs(output_file.read_bytes(), infos, count)


def brief(err: Exception) -> str:
    """One line for the result: what failed and the last thing it said."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    if len(lines) < 2:
        return lines[0] if lines else type(err).__name__
    # A compiler's first error says more than its closing "1 error generated".
    errors = [line for line in lines[1:] if "error" in line.lower() and not line.startswith("$")]
    return f"{lines[0]}: {(errors[0] if errors else lines[-1])[:200]}"


def format_numbers(cmp: h.Comparison, top1: float) -> str:
    return (f"n={cmp.count}  max_abs={cmp.max_abs:.3g}  max_rel={cmp.max_rel:.3g}  "
            f"max_scaled={cmp.max_scaled:.3g}  top1_agree={100 * top1:.2f}%")


def check_references(ctx: Context, ref: Reference, actual: list) -> tuple[bool, str]:
    """Model-zoo reference outputs, compared with the same tolerance."""
    pairs = ref.dataset.references
    if not pairs:
        return True, ""
    index = [k for k, _ in pairs]
    mine = [a[index] for a in actual]
    zoo = [np.stack([expected[j] for _, expected in pairs]) for j in range(len(actual))]
    cmp = h.compare(mine, zoo, ref.output_names, ctx.scaled_atol)
    ok_count = cmp.count - cmp.bad_samples
    text = f"zoo_refs={ok_count}/{cmp.count}"
    return cmp.within_tolerance, text + ("" if cmp.within_tolerance else f" ({cmp.worst})")


def check_accuracy(ref: Reference, mine: np.ndarray, theirs: np.ndarray) -> tuple[bool, str]:
    acc_mine = h.accuracy(mine, ref.dataset.labels)
    acc_ort = h.accuracy(theirs, ref.dataset.labels)
    if acc_mine is None:
        return True, ""
    labelled = int((ref.dataset.labels >= 0).sum())
    text = f"acc[{labelled}] edgec={100 * acc_mine:.2f}% ort={100 * acc_ort:.2f}%"
    if ref.spec.require_equal_accuracy and acc_mine != acc_ort:
        return False, text + " (must be equal)"
    return True, text


def numerics_check(ctx: Context, ref: Reference, gen: h.Generated, cc_name: str,
                   cc: Optional[str], folder: Path) -> Result:
    name = f"{ref.spec.key} [{gen.emit}, {cc_name}] numerics"
    if cc is None:
        return Result(name, False, f"{cc_name} not found")
    started = time.monotonic()
    try:
        driver = h.compile_program(cc, h.E2E_DIR / "driver.c", gen, folder / f"driver_{cc_name}",
                                   timeout=ctx.timeout)
        info = h.read_header_info(driver)
        problems = h.check_header(info, ref.session, ref.dataset, ref.outputs)
        if problems:
            return Result(name, False, "header does not match the model", "\n".join(problems))
        actual = run_driver(driver, ref.input_file, folder / f"out_{cc_name}.bin",
                            len(ref.dataset), info.outputs, ctx.timeout)
    except h.ToolError as err:
        return Result(name, False, brief(err), str(err))
    seconds = time.monotonic() - started

    cmp = h.compare(actual, ref.outputs, ref.output_names, ctx.scaled_atol)
    mine, theirs = ref.spec.decisions(actual), ref.spec.decisions(ref.outputs)
    top1 = h.agreement(mine, theirs)
    refs_ok, refs_text = check_references(ctx, ref, actual)
    acc_ok, acc_text = check_accuracy(ref, mine, theirs)
    ok = cmp.within_tolerance and top1 >= h.MIN_TOP1_AGREEMENT and refs_ok and acc_ok
    summary = "  ".join(t for t in (format_numbers(cmp, top1), refs_text, acc_text,
                                    f"arena={info.arena_size}B", f"{seconds:.1f}s") if t)
    details = []
    if not cmp.within_tolerance:
        details.append(f"{cmp.bad_samples} of {cmp.count} samples out of tolerance; "
                       f"worst: {cmp.worst}")
        if not ctx.scaled_atol:
            details.append(f"with --tolerance=tensor-scaled {cmp.bad_samples_scaled} samples "
                           f"would fail (max error / max|ref| = {cmp.max_scaled:.3g})")
    if top1 < h.MIN_TOP1_AGREEMENT:
        details.append(f"top-1 agreement {100 * top1:.3f}% < {100 * h.MIN_TOP1_AGREEMENT:.1f}%")
    return Result(name, ok, summary, "\n".join(details))


# --------------------------------------------------------------------------
# Contract checks beyond numerics

def arena_check(ctx: Context, spec: m.ModelSpec, gen: h.Generated, folder: Path) -> Result:
    name = f"{spec.key} [{gen.emit}] arena-check"
    try:
        driver = folder / "driver_clang-22"
        if not driver.exists():
            driver = h.compile_program(ctx.clang, h.E2E_DIR / "driver.c", gen,
                                       folder / "driver_arena", timeout=ctx.timeout)
        proc = h.run([driver, "--arena-check"], ctx.timeout)
    except h.ToolError as err:
        return Result(name, False, brief(err), str(err))
    lines = proc.stdout.strip().splitlines()
    cases = [line for line in lines if line.startswith("case ")]
    if proc.returncode < 0:
        crashed_in = cases[-1].split(None, 1)[1].strip() if cases else "startup"
        return Result(name, False, f"driver died of {signal_name(-proc.returncode)} "
                      f"in case '{crashed_in}'", h.tail(proc.stdout + proc.stderr))
    if proc.returncode != 0:
        return Result(name, False, lines[-1] if lines else f"exit {proc.returncode}",
                      h.tail(proc.stdout + proc.stderr))
    return Result(name, True, f"{len(cases)} argument cases")


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def object_for(ctx: Context, gen: h.Generated, folder: Path) -> Path:
    """The model as an object file: edgec's .o, or its .c compiled."""
    if gen.emit != "c":
        return gen.source
    obj = folder / f"{gen.name}_check.o"
    # -O0: at -O2 clang deletes a malloc/free pair, hiding it from nm.
    cmd = [ctx.clang] + h.C_FLAGS + ["-O0", "-c", "-I", h.RUNTIME_INCLUDE, "-I", gen.outdir,
                                     gen.source, "-o", obj]
    proc = h.run(cmd, ctx.timeout)
    if proc.returncode != 0:
        raise h.ToolError(f"clang -c failed\n{h.tail(proc.stderr)}")
    return obj


def undefined_symbols(ctx: Context, obj: Path) -> set:
    proc = h.run([ctx.nm, "-u", obj], 120)
    if proc.returncode != 0:
        raise h.ToolError(f"nm failed\n{h.tail(proc.stderr)}")
    # "                 U malloc" or "malloc@GLIBC..."; keep the bare name.
    return {line.split()[-1].split("@")[0] for line in proc.stdout.splitlines() if line.split()}


def no_heap_check(ctx: Context, spec: m.ModelSpec, gen: h.Generated, folder: Path) -> Result:
    """The model must get all scratch memory from the caller's arena."""
    name = f"{spec.key} [{gen.emit}] no-heap"
    if ctx.nm is None:
        return Result(name, False, "llvm-nm-22/nm not found")
    try:
        obj = object_for(ctx, gen, folder)
        used = sorted(undefined_symbols(ctx, obj) & HEAP_SYMBOLS)
        sizes = h.section_sizes(ctx.size_tool, obj) if ctx.size_tool else {}
    except h.ToolError as err:
        return Result(name, False, brief(err), str(err))
    if used:
        return Result(name, False, f"model references {', '.join(used)}")
    writable = h.sum_sections(sizes, h.WRITABLE_PREFIXES)
    # Mutable globals are not forbidden by the contract, but they make the
    # model non-reentrant and hide memory from ARENA_SIZE; worth seeing.
    note = f"  note: {writable} bytes of .data/.bss" if writable else ""
    return Result(name, True, "no malloc/free family symbols" + note)


def asan_check(ctx: Context, ref: Reference, gen_c: h.Generated, folder: Path) -> Result:
    name = f"{ref.spec.key} [c, clang-22 asan+ubsan] exact-arena"
    count = min(ctx.asan_samples, len(ref.dataset))
    try:
        driver = h.compile_program(ctx.clang, h.E2E_DIR / "driver.c", gen_c,
                                   folder / "driver_asan", extra_flags=SANITIZE_FLAGS,
                                   timeout=ctx.timeout)
        info = h.read_header_info(driver)
        small_input = folder / "asan_in.bin"
        small_input.write_bytes(h.pack_inputs(ref.dataset.inputs, 0, count))
        actual = run_driver(driver, small_input, folder / "asan_out.bin", count,
                            info.outputs, ctx.timeout, asan=True)
    except h.ToolError as err:
        return Result(name, False, brief(err), str(err))
    cmp = h.compare(actual, [o[:count] for o in ref.outputs], ref.output_names, ctx.scaled_atol)
    return Result(name, cmp.within_tolerance,
                  f"{count} samples clean, malloc'd arena of {info.arena_size} B; "
                  f"max_abs={cmp.max_abs:.3g}",
                  "" if cmp.within_tolerance else f"out of tolerance: {cmp.worst}")


# --------------------------------------------------------------------------
# Per model

def prepare_reference(ctx: Context, spec: m.ModelSpec, folder: Path) -> Reference:
    started = time.monotonic()
    dataset = spec.load(ctx.limit)
    session = h.ort_session(spec.onnx_path)
    outputs = h.ort_outputs(session, dataset)
    input_file = folder / "in.bin"
    input_file.write_bytes(h.pack_inputs(dataset.inputs))
    print(f"----  {spec.key}: {len(dataset)} samples, ONNX Runtime reference in "
          f"{time.monotonic() - started:.1f}s", flush=True)
    return Reference(spec, dataset, session, outputs,
                     [o.name for o in session.get_outputs()], input_file)


def compile_model(ctx: Context, spec: m.ModelSpec, emit: str, folder: Path) -> Optional[h.Generated]:
    """edgec, with a FAILED result (carrying stderr) when it does not work."""
    try:
        return h.run_edgec(ctx.edgec, spec, folder / "gen", emit, timeout=ctx.timeout)
    except h.ToolError as err:
        ctx.report.add(Result(f"{spec.key} [{emit}] edgec", False,
                              brief(err), str(err)))
        return None


def test_model(ctx: Context, spec: m.ModelSpec) -> None:
    folder = ctx.workdir / spec.key
    folder.mkdir(parents=True, exist_ok=True)
    try:
        ref = prepare_reference(ctx, spec, folder)
    except Exception as err:  # a broken loader must fail the model, not the run
        ctx.report.add(Result(f"{spec.key} reference", False, f"{type(err).__name__}: {err}"))
        return

    generated_c = None
    for emit in ctx.emits:
        emit_folder = folder / emit
        gen = compile_model(ctx, spec, emit, emit_folder)
        if gen is None:
            continue
        generated_c = gen if emit == "c" else generated_c
        compilers = [("clang-22", ctx.clang)] + ([("gcc", ctx.gcc)] if emit == "c" else [])
        for cc_name, cc in compilers:
            ctx.report.add(numerics_check(ctx, ref, gen, cc_name, cc, emit_folder))
        ctx.report.add(arena_check(ctx, spec, gen, emit_folder))
        ctx.report.add(no_heap_check(ctx, spec, gen, emit_folder))

    if ctx.asan:
        asan_folder = folder / "asan"
        if generated_c is None and "c" not in ctx.emits:
            generated_c = compile_model(ctx, spec, "c", asan_folder)
        if generated_c is not None:
            asan_folder.mkdir(parents=True, exist_ok=True)
            ctx.report.add(asan_check(ctx, ref, generated_c, asan_folder))


# --------------------------------------------------------------------------

def parse_args(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", required=True, type=Path, help="build dir holding bin/edgec")
    p.add_argument("--models", default="", help="comma-separated: " +
                   ",".join(s.key for s in m.MODELS) + " (default: all)")
    p.add_argument("--emit", default="c,obj", help="comma-separated emit kinds (default c,obj)")
    p.add_argument("--limit", type=int, default=None,
                   help="at most N samples per model (mnist runs its 3 zoo references besides)")
    p.add_argument("--asan", action="store_true", help="also run ASan+UBSan builds")
    p.add_argument("--asan-samples", type=int, default=3, help="samples under ASan (default 3)")
    p.add_argument("--tolerance", choices=("elementwise", "tensor-scaled"),
                   default="tensor-scaled",
                   help="absolute term: 1e-4*max(1, max|ref|) of each sample's output "
                        "tensor (default), or a plain 1e-4")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per tool invocation")
    p.add_argument("--workdir", type=Path, help="keep generated files here (default: temp dir)")
    p.add_argument("--keep", action="store_true", help="do not delete the temp dir")
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    args.emit = [e.strip() for e in args.emit.split(",") if e.strip()]
    bad = [e for e in args.emit if e not in ("c", "obj")]
    if bad:
        p.error(f"unknown emit kind(s): {', '.join(bad)}")
    return args


def main(argv: list) -> int:
    args = parse_args(argv)
    specs = m.select(args.models)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="edgec-e2e-"))
    workdir.mkdir(parents=True, exist_ok=True)
    ctx = Context(edgec=(args.build / "bin" / "edgec").resolve(),
                  clang=h.find_tool("clang-22"), gcc=h.find_tool("gcc"),
                  nm=h.find_tool("llvm-nm-22", "nm"), size_tool=h.find_tool("llvm-size-22", "size"),
                  workdir=workdir, emits=args.emit, limit=args.limit, asan=args.asan,
                  asan_samples=args.asan_samples, timeout=args.timeout,
                  scaled_atol=args.tolerance == "tensor-scaled", report=Report())
    atol = f"{h.ATOL:g}*max(1,max|ort| of the tensor)" if ctx.scaled_atol else f"{h.ATOL:g}"
    print(f"edgec e2e: {ctx.edgec}\n  tolerance |edgec-ort| <= {atol} + {h.RTOL:g}*|ort| "
          f"elementwise; top-1 agreement >= {100 * h.MIN_TOP1_AGREEMENT:.1f}%\n  work dir {workdir}",
          flush=True)

    if not ctx.edgec.is_file() or ctx.clang is None:
        missing = "edgec at " + str(ctx.edgec) if not ctx.edgec.is_file() else "clang-22"
        for spec in specs:
            ctx.report.add(Result(f"{spec.key} setup", False, f"not found: {missing}"))
    else:
        for spec in specs:
            test_model(ctx, spec)

    status = ctx.report.close()
    if args.workdir is None and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
