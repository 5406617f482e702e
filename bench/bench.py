#!/usr/bin/env python3
"""Benchmark: edgec-generated code against ONNX Runtime, one core each.

    bench.py --build BUILD_DIR [--models a,b] [--runs K] [--warmup W] [--rounds R] [--core C]

For each model: edgec --emit=obj, bench/bench_main.c linked against the
object and timed (median of K single-inference runs, CLOCK_MONOTONIC), and
ONNX Runtime (CPUExecutionProvider, one intra-op thread) timed on the same
real input with the same K. Both run pinned to one core (--core, default the
last one this process may use), alternating for R rounds; each side's time
is the median of its round medians, so a slow spell of the machine (another
tenant, frequency changes) hits both sides instead of skewing the ratio. Sizes come from the generated header (arena) and the object
file's sections (code: .text*, weights: .rodata*/.lrodata*).

The core's f32 multiply-add peak is measured on the same core by
bench/peak.c (independent vector FMA chains in registers) and each model's
MAC rate is printed against it: where half of ONNX Runtime's time would
need more than the core can do, the goal is a fraction of that peak.

ORT times are session.run calls from Python, so they include a few
microseconds of binding overhead; that dominates only for the tiny gesture
model. This script reports; it never fails on slowness. It exits non-zero
only if nothing could be measured.
"""

from __future__ import annotations

import sys

# Keep the source folders free of __pycache__ (not ours to .gitignore).
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import json
import os
import platform
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "test" / "e2e"))

import harness as h  # noqa: E402  (needs the path above)
import models as m  # noqa: E402


@dataclass
class Row:
    model: str
    edgec_us: Optional[float] = None
    ort_us: Optional[float] = None
    arena_bytes: Optional[int] = None
    arena_bound: Optional[int] = None  # live-bytes lower bound of the schedule
    compile_s: Optional[float] = None
    code_bytes: Optional[int] = None
    weight_bytes: Optional[int] = None
    data_bytes: Optional[int] = None  # .data/.bss: should stay 0
    macs: Optional[float] = None
    error: str = ""

    @property
    def ratio(self) -> Optional[float]:
        if self.edgec_us is None or not self.ort_us:
            return None
        return self.edgec_us / self.ort_us

    @property
    def gmacs(self) -> Optional[float]:
        """MACs per second of edgec's code, in billions."""
        if self.edgec_us is None or not self.macs:
            return None
        return self.macs / self.edgec_us / 1e3


def time_edgec(exe: Path, input_file: Path, runs: int, warmup: int) -> dict:
    proc = h.run([exe, input_file, runs, warmup], timeout=3600)
    if proc.returncode != 0:
        raise h.ToolError(f"bench_main exited {proc.returncode}\n{h.tail(proc.stderr)}")
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", proc.stdout)}


def time_ort(session, dataset: m.Dataset, runs: int, warmup: int) -> float:
    """Median microseconds of session.run on the first sample."""
    feed = {i.name: x[0] for i, x in zip(session.get_inputs(), dataset.inputs)}
    for _ in range(warmup):
        session.run(None, feed)
    times = np.empty(runs)
    for r in range(runs):
        t0 = time.perf_counter_ns()
        session.run(None, feed)
        times[r] = (time.perf_counter_ns() - t0) / 1e3
    return float(np.median(times))


def bench_model(spec: m.ModelSpec, tools: dict, folder: Path, runs: int, warmup: int,
                rounds: int) -> Row:
    row = Row(spec.key)
    exe = input_file = None
    try:
        dataset = spec.load(1)
        input_file = folder / "in.bin"
        folder.mkdir(parents=True, exist_ok=True)
        input_file.write_bytes(h.pack_inputs(dataset.inputs, 0, 1))

        gen = h.run_edgec(tools["edgec"], spec, folder / "gen", "obj")
        bound = gen.summary_number("lower bound")
        row.arena_bound = int(bound) if bound is not None else None
        row.compile_s = gen.summary_number("compile time")
        row.macs = gen.summary_number("MACs")
        exe = h.compile_program(tools["clang"], BENCH_DIR / "bench_main.c", gen,
                                folder / "bench_main")

        sizes = h.section_sizes(tools["size"], gen.source)
        row.code_bytes = h.sum_sections(sizes, h.TEXT_PREFIXES)
        row.weight_bytes = h.sum_sections(sizes, h.RODATA_PREFIXES)
        row.data_bytes = h.sum_sections(sizes, h.WRITABLE_PREFIXES)
    except h.ToolError as err:
        row.error, exe = str(err), None
    except Exception as err:  # report and go on to the next model
        row.error, exe = f"{type(err).__name__}: {err}", None
    # ORT is timed even when edgec failed: its number is still worth having.
    session = None
    try:
        dataset = spec.load(1)
        session = h.ort_session(spec.onnx_path)
    except Exception as err:
        row.error += f"\nONNX Runtime: {type(err).__name__}: {err}"
    ours, theirs = [], []
    for _ in range(rounds):
        if exe is not None:
            try:
                timing = time_edgec(exe, input_file, runs, warmup)
                ours.append(timing["median_us"])
                row.arena_bytes = int(timing["arena_bytes"])
            except h.ToolError as err:
                row.error, exe, ours = str(err), None, []
        if session is not None:
            try:
                theirs.append(time_ort(session, dataset, runs, warmup))
            except Exception as err:
                row.error += f"\nONNX Runtime: {type(err).__name__}: {err}"
                session, theirs = None, []
    row.edgec_us = float(np.median(ours)) if ours else None
    row.ort_us = float(np.median(theirs)) if theirs else None
    return row


def measure_peak(clang: Path, folder: Path) -> Optional[tuple]:
    """(GMAC/s, ISA) of bench/peak.c on this process's core, or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        exe = folder / "peak"
        h.run([clang, "-O2", "-o", exe, BENCH_DIR / "peak.c"], timeout=120, check=True)
        found = re.search(r"peak_gmacs ([\d.]+) (\w+)", h.run([exe], timeout=120).stdout)
        return (float(found.group(1)), found.group(2)) if found and float(found.group(1)) else None
    except Exception as err:
        print(f"  peak not measured: {err}", flush=True)
        return None


def fmt(value, spec: str = ",") -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row], peak: Optional[float]) -> None:
    header = ("model", "edgec us", "ORT us", "edgec/ORT", "GMAC/s", "% f32 peak", "arena B",
              "lower bound B", "code B", "weights B", "data+bss B", "compile s")
    cells = [header] + [(r.model, fmt(r.edgec_us, ",.1f"), fmt(r.ort_us, ",.1f"),
                         fmt(r.ratio, ".2f"), fmt(r.gmacs, ".1f"),
                         # int8 MACs are not f32 FMA lanes: no fraction of that peak.
                         fmt(100 * r.gmacs / peak if r.gmacs and peak and "int8" not in r.model
                             else None, ".0f"),
                         fmt(r.arena_bytes), fmt(r.arena_bound),
                         fmt(r.code_bytes), fmt(r.weight_bytes), fmt(r.data_bytes),
                         fmt(r.compile_s, ".2f")) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    for k, line in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(line, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    for r in rows:
        if r.error:
            print(f"\n{r.model}: " + r.error.strip().replace("\n", "\n  "))


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import onnxruntime
    return f"{cpu}; onnxruntime {onnxruntime.__version__}; one thread each"


def parse_args(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", required=True, type=Path, help="build dir holding bin/edgec")
    p.add_argument("--models", default="", help="comma-separated: " +
                   ",".join(s.key for s in m.MODELS) + " (default: all)")
    p.add_argument("--runs", type=int, default=101, help="timed runs per side (default 101)")
    p.add_argument("--warmup", type=int, default=10, help="untimed runs first (default 10)")
    p.add_argument("--rounds", type=int, default=3,
                   help="alternating rounds of K runs per side (default 3)")
    p.add_argument("--core", type=int, default=None,
                   help="CPU to pin both sides to (default: the last one allowed)")
    p.add_argument("--json", type=Path, help="also write the rows as JSON here")
    p.add_argument("--workdir", type=Path, help="keep generated files here")
    return p.parse_args(argv)


def main(argv: list) -> int:
    args = parse_args(argv)
    tools = {"edgec": (args.build / "bin" / "edgec").resolve(),
             "clang": h.find_tool("clang-22"), "size": h.find_tool("llvm-size-22", "size")}
    if not tools["edgec"].is_file() or not tools["clang"] or not tools["size"]:
        print(f"bench: need {tools['edgec']}, clang-22 and llvm-size-22/size", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="edgec-bench-"))
    # One core for this process, ONNX Runtime's thread and bench_main (which
    # inherits the affinity).
    allowed = sorted(os.sched_getaffinity(0))
    core = args.core if args.core is not None else allowed[-1]
    os.sched_setaffinity(0, {core})
    print(f"edgec bench: {machine_line()}; pinned to CPU {core}; median of {args.rounds} "
          f"alternating rounds, each the median of {args.runs} runs after {args.warmup} warm-up",
          flush=True)

    peak = measure_peak(tools["clang"], workdir)
    if peak:
        print(f"  f32 multiply-add peak of this core, measured (bench/peak.c): {peak[0]:.1f} "
              f"GMAC/s ({peak[1]})", flush=True)
    rows = []
    for spec in m.select(args.models):
        print(f"  {spec.key} ...", flush=True)
        rows.append(bench_model(spec, tools, workdir / spec.key, args.runs, args.warmup,
                                args.rounds))
    print()
    print_table(rows, peak[0] if peak else None)

    if args.json:
        args.json.write_text(json.dumps([dict(asdict(r), ratio=r.ratio) for r in rows], indent=2))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if any(r.edgec_us is not None or r.ort_us is not None for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
