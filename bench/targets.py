#!/usr/bin/env python3
"""Resource table per (model, target): flash, RAM and executed instructions
per inference of edgec's output on every target of targets/boards/boards.json.

    bench/targets.py --build BUILD [--targets a,b] [--models mnist,ic_resnet8,gesture]
                     [--workdir DIR] [--json FILE]

Each (model, target) is built like the cross-target tests do
(test/targets/fwbuild.py), with one embedded input, in two variants: edgec's
object (obj) and the generated C compiled by the target's GCC (C). Columns:

  code, weights   .text* and .rodata* of the model's object file (llvm-size -A);
                  for C the object GCC made from the generated .c
  data+bss        the model object's writable sections (the contract says 0)
  arena           <NAME>_ARENA_SIZE from the generated header
  stack           deepest stack use of one call, measured in the firmware by
                  painting the free stack before the call (fw_main.c)
  RAM             data+bss + arena + stack: what the model needs besides its
                  input/output buffers
  fw flash/RAM    the whole firmware image (model, fw_main.c driver with printf,
                  C library), from the ELF's sections minus the embedded input
                  and output buffers; RAM excludes the reserved stack region
  insns/inf       executed instructions per inference, exact: the firmware runs
                  under QEMU with the qemu-icount plugin once with one call and
                  once with two (argument bench:1 / bench:2); the difference is
                  one call of <NAME>_run (argument checks included). Linux
                  user-mode runs use `env -i`; x86 targets run under
                  qemu-x86_64 -cpu max (no AVX-512: x86-64-v4 and host are n/a)

The plugin is built into BUILD/icount from ../shared/tools/qemu-icount when
missing. This script reports; it exits non-zero only if nothing was measured.
"""

from __future__ import annotations

import sys

# Keep the source folders free of __pycache__ (not ours to .gitignore).
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import json
import re
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "test" / "targets"))

import boards as bd  # noqa: E402  (needs the path above)
import fwbuild as fw  # noqa: E402  (puts test/e2e on the path)
import harness as h  # noqa: E402
import models as m  # noqa: E402

DEFAULT_MODELS = "mnist,ic_resnet8,gesture"
VARIANTS = ("obj", "c/gcc")


@dataclass
class Measure:
    """One variant (obj or C) of one (model, target)."""

    code: Optional[int] = None
    weights: Optional[int] = None
    data_bss: Optional[int] = None
    stack: Optional[int] = None
    fw_flash: Optional[int] = None
    fw_ram: Optional[int] = None
    insns: Optional[int] = None
    note: str = ""


@dataclass
class Row:
    model: str
    target: str
    where: str = ""
    arena: Optional[int] = None
    macs: Optional[int] = None
    obj: Optional[Measure] = None
    c: Optional[Measure] = None

    @property
    def ram(self) -> Optional[int]:
        mm = self.obj
        if mm is None or None in (mm.data_bss, mm.stack) or self.arena is None:
            return None
        return mm.data_bss + self.arena + mm.stack


# --------------------------------------------------------------------------
# Sizes

_SECTION = re.compile(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)"
                      r"\s+[0-9a-f]+\s+([A-Za-z]*)")


def alloc_sections(readelf: str, exe: Path) -> list:
    """(name, type, size, flags) of the ELF's SHF_ALLOC sections."""
    proc = h.run([readelf, "-S", "-W", exe], 60)
    rows = []
    for line in proc.stdout.splitlines():
        s = _SECTION.match(line)
        if s and "A" in s.group(4):
            rows.append((s.group(1), s.group(2), int(s.group(3), 16), s.group(4)))
    return rows


def image_sizes(tools: fw.Tools, exe: Path, samples_obj: Path) -> tuple:
    """(flash, RAM) of a firmware image without its embedded test data:
    flash = read-only and initialised sections, RAM = writable ones, minus
    the reserved stack region and what fw_samples.o contributes."""
    flash = ram = 0
    for name, kind, size, flags in alloc_sections(tools.readelf, exe):
        if name in (".stack", fw.SAMPLES_SECTION) or name.startswith((".tbss_space", ".preserve")):
            continue
        writable = "W" in flags
        if kind != "NOBITS":
            flash += size  # code, constants, and the initial values of .data
        if writable:
            ram += size
    samples = h.section_sizes(tools.size, samples_obj)
    flash -= h.sum_sections(samples, h.RODATA_PREFIXES) + h.sum_sections(samples, (".data",))
    ram -= h.sum_sections(samples, h.WRITABLE_PREFIXES)
    return flash, ram


def object_sizes(size_tool: str, obj: Path) -> tuple:
    sizes = h.section_sizes(size_tool, obj)
    return (h.sum_sections(sizes, h.TEXT_PREFIXES), h.sum_sections(sizes, h.RODATA_PREFIXES),
            h.sum_sections(sizes, h.WRITABLE_PREFIXES))


# --------------------------------------------------------------------------
# Instruction counts

def icount_plugin(build: Path) -> Optional[Path]:
    plugin = build / "icount" / "libicount.so"
    if plugin.exists():
        return plugin
    script = m.models_root().parent / "tools" / "qemu-icount" / "build.sh"
    print(f"building the qemu-icount plugin: {script} {plugin.parent}", flush=True)
    proc = subprocess.run(["sh", str(script), str(plugin.parent)], capture_output=True, text=True)
    if proc.returncode != 0 or not plugin.exists():
        print(f"  failed; no instruction counts\n{h.tail(proc.stderr + proc.stdout, 10)}")
        return None
    return plugin


def count_run(tools: fw.Tools, target: bd.Target, image: fw.Image, plugin: Path,
              runs: int, out: Path) -> tuple:
    """(instructions, firmware output) of one run with bench:runs."""
    out.unlink(missing_ok=True)
    env = {} if target.kind != "semihost" else None  # env -i for user mode
    run = fw.run_firmware(tools, target, image.board, image.exe, (f"bench:{runs}",),
                          plugin=f"{plugin},out={out}", env=env)
    if not run.ok:
        raise h.ToolError(run.reason)
    found = re.search(r"insns_total (\d+)", out.read_text() if out.exists() else "")
    if not found:
        raise h.ToolError("the plugin wrote no count")
    return int(found.group(1)), run.stdout


def measure(tools: fw.Tools, target: bd.Target, build: fw.ModelBuild, variant: str,
            plugin: Optional[Path]) -> Measure:
    mm = Measure()
    image = build.images[variant]
    if image.model_object is not None and image.model_object.exists():
        mm.code, mm.weights, mm.data_bss = object_sizes(tools.size, image.model_object)
    if image.error:
        mm.note = image.error
        return mm
    mm.fw_flash, mm.fw_ram = image_sizes(tools, image.exe, build.folder / "fw_samples.o")
    run = fw.run_firmware(tools, target, image.board, image.exe, ("bench:1",))
    if not run.ok:
        mm.note = run.reason
        return mm
    mm.stack = fw.parse_output(run.stdout).stack_bytes
    if plugin is None:
        mm.note = "no qemu-icount plugin"
    elif target.run_command(image.exe, image.board, (), plugin=str(plugin)) is None:
        mm.note = "not countable (no emulator for this CPU)"
    else:
        try:
            one, _ = count_run(tools, target, image, plugin, 1, build.folder / "icount1.txt")
            two, _ = count_run(tools, target, image, plugin, 2, build.folder / "icount2.txt")
            mm.insns = two - one
        except h.ToolError as err:
            mm.note = f"icount: {err}"
    return mm


_MACS: dict = {}


def macs_of(tools: fw.Tools, spec: m.ModelSpec, workdir: Path) -> Optional[int]:
    """The model's multiply-accumulates, from edgec's summary (target
    independent; one host compile per model)."""
    if spec.key not in _MACS:
        try:
            gen = h.run_edgec(tools.edgec, spec, workdir / "macs" / spec.key, "c")
            macs = gen.summary_number("MACs")
            _MACS[spec.key] = int(macs) if macs else None
        except h.ToolError:
            _MACS[spec.key] = None
    return _MACS[spec.key]


def bench_pair(tools: fw.Tools, target: bd.Target, spec: m.ModelSpec, workdir: Path,
               plugin: Optional[Path]) -> Row:
    row = Row(spec.key, target.name)
    dataset = spec.load(1)
    dataset = m.Dataset(inputs=[x[:1] for x in dataset.inputs], names=dataset.names[:1])
    outputs = h.ort_outputs(h.ort_session(spec.onnx_path), dataset)
    build = fw.build_model(tools, target, spec, dataset, 1, outputs,
                           workdir / target.name / spec.key, variants=VARIANTS)
    gen = build.gen.get("obj") or build.gen.get("c")
    if gen is not None:
        found = re.search(r"_ARENA_SIZE (\d+)u", gen.header.read_text())
        row.arena = int(found.group(1)) if found else None
        row.macs = macs_of(tools, spec, workdir)
    boards = {img.board.name + (" (weights in bulk memory)" if img.weights_in_bulk else "")
              for img in build.images.values() if img.board is not None}
    row.where = ", ".join(sorted(boards)) or (target.runner[0] if target.runner else "native")
    row.obj = measure(tools, target, build, "obj", plugin)
    row.c = measure(tools, target, build, "c/gcc", plugin)
    return row


# --------------------------------------------------------------------------
# Output

def num(v: Optional[int]) -> str:
    return "–" if v is None else f"{v:,}"


def per_mac(insns: Optional[int], macs: Optional[int]) -> str:
    return "–" if not insns or not macs else f"{insns / macs:.2f}"


def table(rows: list) -> str:
    head = ("| model | target | runs on | code obj | code C | weights | data+bss | arena "
            "| stack obj | stack C | RAM obj | fw flash | fw RAM | insns/inf obj | insns/inf C "
            "| insns/MAC obj | insns/MAC C |")
    lines = [head, "|" + "---|" * 17]
    notes = []
    for r in rows:
        o, c = r.obj or Measure(), r.c or Measure()
        lines.append(
            f"| {r.model} | {r.target} | {r.where} | {num(o.code)} | {num(c.code)} | "
            f"{num(o.weights if o.weights is not None else c.weights)} | {num(o.data_bss)} | "
            f"{num(r.arena)} | {num(o.stack)} | {num(c.stack)} | {num(r.ram)} | "
            f"{num(o.fw_flash if o.fw_flash is not None else c.fw_flash)} | "
            f"{num(o.fw_ram if o.fw_ram is not None else c.fw_ram)} | {num(o.insns)} | "
            f"{num(c.insns)} | {per_mac(o.insns, r.macs)} | {per_mac(c.insns, r.macs)} |")
        for label, mm in (("obj", o), ("C", c)):
            if mm.note:
                notes.append(f"- {r.model} / {r.target} / {label}: {mm.note}")
    text = "\n".join(lines)
    if notes:
        text += "\n\nNot measured:\n" + "\n".join(notes)
    return text


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", required=True, type=Path, help="build dir holding bin/edgec")
    p.add_argument("--targets", default="", help="comma-separated (default: all)")
    p.add_argument("--models", default=DEFAULT_MODELS, help=f"default {DEFAULT_MODELS}")
    p.add_argument("--workdir", type=Path, help="artifacts (default BUILD/bench-targets)")
    p.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = p.parse_args(argv)
    started = time.monotonic()
    table_ = bd.load()
    names = [t.strip() for t in args.targets.split(",") if t.strip()] or list(table_.targets)
    specs = m.select(args.models)
    workdir = (args.workdir or args.build / "bench-targets").resolve()
    try:
        tools = fw.find_tools(args.build)
        fw.snapshot_edgec(tools, workdir / "bin")
    except h.ToolError as err:
        print(f"bench/targets.py: {err}")
        return 1
    plugin = icount_plugin(args.build.resolve())
    rows = []
    for spec in specs:
        for name in names:
            try:
                row = bench_pair(tools, table_.targets[name], spec, workdir, plugin)
            except (h.ToolError, OSError) as err:
                row = Row(spec.key, name, obj=Measure(note=fw.first_line(err)))
            rows.append(row)
            print(f"  {spec.key} {name}: obj insns {num(row.obj.insns if row.obj else None)}, "
                  f"C insns {num(row.c.insns if row.c else None)}", flush=True)
    print()
    print(table(rows))
    print(f"\n{len(rows)} rows in {time.monotonic() - started:.0f}s")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    measured = [r for r in rows if r.obj and (r.obj.code is not None or r.obj.insns is not None)]
    return 0 if measured else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
