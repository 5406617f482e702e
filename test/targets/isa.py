"""Never uses what the target lacks: classifies the instructions of an object
file by disassembling it with llvm-objdump-22.

Each target lists in boards.json ("lacks") the instruction classes that must
not appear in its model code:

    fp           any floating-point instruction (Arm v*, RISC-V f*)
    fp64         double-precision arithmetic or conversion (Arm *.f64, RISC-V *.d, fld/fsd)
    rvv          RISC-V vector instructions (v*)
    avx          VEX/EVEX instructions or ymm/zmm registers (x86 baseline and v2)
    avx512       zmm, mask or xmm16-31 registers (x86-64-v3)
    unsupported  Arm: anything llvm-objdump cannot decode for the target's own
                 --mcpu (e.g. ARMv7-M code in a Cortex-M0+ object)

Classes are recognised with a superset decoder (every extension on), so a
forbidden instruction shows by name. llvm-objdump also enables whatever an
object's build attributes declare (RISC-V's ISA string, Arm's MVE_arch), so
the declared ISA is checked too: an Arm object must name the target's
architecture (and no FP architecture when the target has no FPU), a RISC-V
object's ISA string no extension of a class the target lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

import boards as bd
import harness as h

DESCRIPTIONS = {
    "fp": "floating-point instructions",
    "fp64": "double-precision floating-point instructions",
    "rvv": "RISC-V vector instructions",
    "avx": "AVX (VEX/EVEX) instructions",
    "avx512": "AVX-512 instructions",
    "unsupported": "instructions the CPU cannot decode",
}

_LINE = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
_FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")


def arch_of(target: bd.Target) -> str:
    gcc = target.gcc
    if gcc.startswith("arm-"):
        return "arm"
    if gcc.startswith("riscv"):
        return "riscv"
    if gcc.startswith("aarch64"):
        return "aarch64"
    return "x86"


SUPERSET = {"arm": ["--mcpu=cortex-m55"], "riscv": ["--mattr=+m,+a,+f,+d,+c,+v"],
            "aarch64": [], "x86": []}


def disassemble(objdump: str, obj: Path, options: list) -> list:
    """(function, address, mnemonic, operands) for every instruction in obj."""
    proc = h.run([objdump, "-d", "--no-show-raw-insn"] + options + [obj], 300)
    if proc.returncode != 0:
        raise h.ToolError(f"llvm-objdump failed on {obj.name}\n{h.tail(proc.stderr)}")
    insns, func = [], "?"
    for line in proc.stdout.splitlines():
        f = _FUNC.match(line.strip())
        if f:
            func = f.group(1)
            continue
        i = _LINE.match(line)
        if i:
            insns.append((func, i.group(1), i.group(2).lower(), i.group(3).split("//")[0].strip()))
    return insns


def _riscv_fp(mn: str) -> bool:
    mn = mn[2:] if mn.startswith("c.") else mn
    return mn.startswith("f") and not mn.startswith("fence")


def _riscv_fp64(mn: str) -> bool:
    mn = mn[2:] if mn.startswith("c.") else mn
    return _riscv_fp(mn) and (mn in ("fld", "fsd", "fldsp", "fsdsp") or "d" in mn.split(".")[1:])


def classify(arch: str, cls: str, mnemonic: str, operands: str) -> bool:
    """Whether one instruction belongs to the class."""
    if arch == "arm":
        if cls == "fp":
            return mnemonic.startswith("v")
        if cls == "fp64":
            return ".f64" in mnemonic
        return False
    if arch == "riscv":
        if cls == "fp":
            return _riscv_fp(mnemonic)
        if cls == "fp64":
            return _riscv_fp64(mnemonic)
        if cls == "rvv":
            return mnemonic.startswith("v")
        return False
    if arch == "x86":
        wide = re.search(r"zmm|%k[0-7]\b|mm(1[6-9]|2\d|3[01])\b", operands)
        if cls == "avx512":
            return bool(wide)
        if cls == "avx":
            return mnemonic.startswith("v") or "ymm" in operands or bool(wide)
    return False


# Tag_CPU_arch that llvm-readelf prints for each Arm triple of the board table.
ARM_ARCH = {"thumbv6m": "ARM v6S-M", "thumbv7em": "ARM v7E-M",
            "thumbv8m.main": "ARM v8-M Mainline", "thumbv8.1m.main": "ARM v8.1-M Mainline"}
# RISC-V extensions (in the ELF arch string) that belong to each class.
RISCV_EXTENSIONS = {"fp": ("f", "d", "zcf", "zcd"), "fp64": ("d", "zcd"), "rvv": ("v", "zve")}


def attributes(readelf: str, obj: Path) -> dict:
    """Build attributes as TagName -> Description/Value (llvm-readelf -A)."""
    proc = h.run([readelf, "-A", obj], 60)
    found, tag = {}, None
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("TagName: "):
            tag = line.split(": ", 1)[1]
        elif tag and line.startswith(("Description: ", "Value: ")):
            found[tag] = line.split(": ", 1)[1]
            tag = None
    return found


def declared(readelf: str, target: bd.Target, obj: Path) -> list:
    """Mismatches between the object's declared ISA and the target."""
    arch, attrs, problems = arch_of(target), attributes(readelf, obj), []
    if arch == "arm":
        triple = next((f.split("=", 1)[1] for f in target.clang_flags
                       if f.startswith("--target=")), "")
        want = ARM_ARCH.get(triple.split("-")[0])
        if want and attrs.get("CPU_arch") != want:
            problems.append(f"declares CPU_arch {attrs.get('CPU_arch')}, {target.name} is {want}")
        if "fp" in target.lacks and "FP_arch" in attrs:
            problems.append(f"declares FP_arch {attrs['FP_arch']} for a core without FPU")
    elif arch == "riscv" and "arch" in attrs:
        parts = attrs["arch"].split("_")
        names = {parts[0][4]} | {p.rstrip("0123456789p") for p in parts[1:]}
        for cls in target.lacks:
            bad = sorted(n for n in names for ext in RISCV_EXTENSIONS.get(cls, ())
                         if n == ext or (len(ext) > 1 and n.startswith(ext)))
            if bad:
                problems.append(f"ISA string {attrs['arch']} has {', '.join(bad)} ({cls})")
    return problems


def violations(objdump: str, readelf: str, target: bd.Target, obj: Path) -> list:
    """One line per problem found: declared ISA mismatches, then per forbidden
    class how many instructions and the first few."""
    arch = arch_of(target)
    found = declared(readelf, target, obj) if target.lacks else []
    superset = None
    for cls in target.lacks:
        if cls == "unsupported":
            insns = disassemble(objdump, obj, list(target.objdump))
            hits = [i for i in insns if i[2] == "<unknown>"]
        else:
            if superset is None:
                superset = disassemble(objdump, obj, SUPERSET[arch])
            hits = [i for i in superset if classify(arch, cls, i[2], i[3])]
        if hits:
            sample = "; ".join(f"{f}+0x{a}: {mn} {ops}".strip() for f, a, mn, ops in hits[:3])
            found.append(f"{len(hits)} {DESCRIPTIONS[cls]} ({sample})")
    return found
