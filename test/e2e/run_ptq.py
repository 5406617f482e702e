#!/usr/bin/env python3
"""Post-training quantization accuracy: edgec --quantize=int8 on float models.

Each model is calibrated on one subset of its real data and evaluated on a
disjoint one; the int8 model's top-1 decisions are compared with the float
model's (both compiled by edgec, C, host) and, where labels exist, with the
labels.

  mnist-8   two folds over the 10,000 MNIST test images: calibrate on the
            first 5,000 and evaluate on the last 5,000, then the other way
            round, so every image is evaluated by a model that never saw it.
            Pass: int8 top-1 accuracy within 0.5 points of float. Also 16x8
            (--activations=int16), first fold only, same bar.
  IC        calibrate on ic_calib images 0-99 (.npz), evaluate on 100-499.
            Pass: top-1 agreement with float >= 98%.
  VWW       calibrate on the first 20 of the 100 vww_calib JPEGs, read by
            edgec itself from a directory (--image-scale=1/255 --image-bgr,
            as test/e2e/models.py prepares them), evaluate on the other 80
            plus person.bmp and no_person.bmp. Pass: agreement >= 97%.

  IC on target: the quantized IC model with --expose-tensors runs its
            first 4 calibration samples on cortex-m4 (QEMU); the report
            (--quant-report-target) must find every int8 tensor identical
            to the host run.

Every model is quantized with --per-channel and the default mse method
(--method changes it); the
report (--quant-report) of each is written to the work folder, and the
JSON one must name every quantized tensor with finite numbers.

Usage: run_ptq.py [--models mnist,ic,vww] [--work DIR] [--edgec PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
import models as m  # noqa: E402

METHOD = "mse"


def compile_and_run(edgec: Path, onnx: Path, name: str, folder: Path, inputs: list,
                    extra: list) -> list:
    """edgec (C, with `extra` flags) + clang driver; returns the outputs for
    `inputs`."""
    spec = m.ModelSpec(key=name, c_name=name, onnx=str(onnx), load=None, decisions=None,
                       edgec_args=tuple(extra))
    gen = h.run_edgec(edgec, spec, folder, "c")
    return h.build_and_run(h.find_tool("clang-22", "clang"), gen, inputs, folder)


def top1(outputs: list) -> np.ndarray:
    o = outputs[0]
    return o.reshape(o.shape[0], -1).argmax(axis=1)


def check_report(checks: h.Checks, label: str, path: Path) -> None:
    try:
        data = json.loads(path.read_text())
        tensors = data["tensors"]
        finite = all(np.isfinite(t["cosine"]) and np.isfinite(t["scale"]) and t["scale"] > 0
                     for t in tensors)
        worst = min((t for t in tensors if t["sqnr_db"] is not None), key=lambda t: t["sqnr_db"])
        ok = len(tensors) > 0 and finite
        checks.report(ok, f"{label} report", f"{len(tensors)} tensors; worst SQNR "
                      f"{worst['sqnr_db']:.1f} dB at node '{worst['node']}' ({worst['op']})")
    except (OSError, KeyError, ValueError) as err:
        checks.report(False, f"{label} report", f"unreadable: {err}")


def run_mnist(edgec: Path, work: Path, checks: h.Checks) -> None:
    ds = m.load_mnist()
    x = ds.inputs[0][3:]  # the three zoo references come first
    y = ds.labels[3:]
    n = len(x)
    halves = [np.arange(0, n // 2), np.arange(n // 2, n)]
    float_out = compile_and_run(edgec, m.MODELS[0].onnx_path, "mnist_f", work / "mnist_f", [x], [])
    float_pred = top1(float_out)
    int8_pred = np.zeros(n, dtype=np.int64)
    for k, (cal, ev) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        calib = work / f"mnist_calib{k}.npz"
        np.savez(calib, Input3=x[cal])
        out = compile_and_run(edgec, m.MODELS[0].onnx_path, f"mnist_q{k}", work / f"mnist_q{k}", [x[ev]],
                              ["--quantize=int8", f"--calibration={calib}", "--per-channel", f"--calibration-method={METHOD}",
                               f"--quant-report={work / f'mnist_report{k}.json'}"])
        int8_pred[ev] = top1(out)
    acc_f = float(np.mean(float_pred == y))
    acc_q = float(np.mean(int8_pred == y))
    checks.report(abs(acc_f - acc_q) <= 0.005, "mnist int8 accuracy (2-fold, 10,000 images)",
                  f"float {acc_f:.2%}, int8 {acc_q:.2%} (difference {100 * (acc_q - acc_f):+.2f} points), "
                  f"top-1 agreement {np.mean(float_pred == int8_pred):.2%}")
    check_report(checks, "mnist", work / "mnist_report0.json")
    # 16x8 (--activations=int16), calibrated on the first half only.
    calib = work / "mnist_calib0.npz"
    ev = halves[1]
    out = compile_and_run(edgec, m.MODELS[0].onnx_path, "mnist_q16", work / "mnist_q16", [x[ev]],
                          ["--quantize=int8", "--activations=int16", f"--calibration={calib}",
                           "--per-channel", f"--calibration-method={METHOD}",
                           f"--quant-report={work / 'mnist_report16.json'}"])
    pred16 = top1(out)
    acc_f2 = float(np.mean(float_pred[ev] == y[ev]))
    acc_16 = float(np.mean(pred16 == y[ev]))
    checks.report(abs(acc_f2 - acc_16) <= 0.005, "mnist 16x8 accuracy (last 5,000 images)",
                  f"float {acc_f2:.2%}, 16x8 {acc_16:.2%}, top-1 agreement "
                  f"{np.mean(float_pred[ev] == pred16):.2%}")
    check_report(checks, "mnist 16x8", work / "mnist_report16.json")


def run_ic(edgec: Path, work: Path, checks: h.Checks) -> None:
    spec = m.select("ic_resnet8")[0]
    x = spec.load().inputs[0]
    cal, ev = x[:100], x[100:]
    calib = work / "ic_calib.npz"
    np.savez(calib, input_1=cal)
    name = spec.onnx_path
    f = top1(compile_and_run(edgec, name, "ic_f", work / "ic_f", [ev], []))
    q = top1(compile_and_run(edgec, name, "ic_q", work / "ic_q", [ev],
                             ["--quantize=int8", f"--calibration={calib}", "--per-channel", f"--calibration-method={METHOD}",
                              f"--quant-report={work / 'ic_report.json'}"]))
    agree = float(np.mean(f == q))
    checks.report(agree >= 0.98, "IC int8 top-1 agreement with float (calibrate 100, evaluate 400)",
                  f"{agree:.2%} of {len(ev)}")
    check_report(checks, "IC", work / "ic_report.json")


def run_ic_target(edgec: Path, work: Path, checks: h.Checks, target_name: str = "cortex-m4",
                  count: int = 4) -> None:
    """The report against an on-target run: the IC model quantized with
    --expose-tensors runs its first calibration samples under QEMU; edgec
    then reads those tensors (--quant-report-target) and the report must
    find every int8 tensor identical to the host's."""
    sys.path.insert(0, str(h.REPO_ROOT / "test" / "targets"))
    import boards as bd
    import fwbuild as fw

    spec = m.select("ic_resnet8")[0]
    calib = work / "ic_calib.npz"
    x = spec.load().inputs[0][:100]
    np.savez(calib, input_1=x)
    qargs = ("--quantize=int8", f"--calibration={calib}", "--per-channel",
             f"--calibration-method={METHOD}")
    exposed = m.ModelSpec(key="ic_exposed", c_name="ic_exposed", onnx=spec.onnx,
                          load=spec.load, decisions=spec.decisions,
                          edgec_args=qargs + ("--expose-tensors",))
    host = compile_and_run(edgec, spec.onnx_path, "ic_exposed", work / "ic_exposed_host", [x[:count]],
                           list(exposed.edgec_args))
    tools = fw.find_tools(edgec.parent.parent)
    tools.edgec = edgec.resolve()
    target = bd.load().targets[target_name]
    dataset = m.Dataset(inputs=[x[:count]], names=[f"ic[{i}]" for i in range(count)])
    build = fw.build_model(tools, target, exposed, dataset, count, host, work / f"ic_{target_name}",
                           variants=("obj",))
    image = build.images["obj"]
    label = f"IC report against {target_name} (obj)"
    if image.error:
        checks.report(False, label, image.error)
        return
    run = fw.run_firmware(tools, target, image.board, image.exe)
    if not run.ok:
        checks.report(False, label, run.reason)
        return
    out = fw.parse_output(run.stdout)
    arrays = fw.output_arrays(out, count)
    tensors = {t.name: a for t, a in zip(out.info.outputs, arrays) if t.dtype in ("int8", "int16")}
    npz = work / f"ic_{target_name}_tensors.npz"
    np.savez(npz, **tensors)
    report = work / "ic_target_report.json"
    proc = h.run([edgec, spec.onnx_path, "-o", work / "ic_report_run", "--quiet", *qargs,
                  f"--quant-report={report}", f"--quant-report-target={npz}"], 900)
    if proc.returncode != 0:
        checks.report(False, label, h.tail(proc.stderr, 10))
        return
    rows = json.loads(report.read_text())["tensors"]
    compared = [r for r in rows if "target_differing" in r]
    differing = [r for r in compared if r["target_differing"]]
    elements = sum(r["target_elements"] for r in compared)
    ok = len(compared) == len(tensors) and len(compared) > 0 and not differing and elements > 0
    checks.report(ok, label, f"{len(compared)} of {len(rows)} report tensors compared over {count} "
                  f"samples, {elements} elements, {len(differing)} tensors differ")


def run_vww(edgec: Path, work: Path, checks: h.Checks) -> None:
    spec = m.select("vww")[0]
    ds = spec.load()
    names = ds.names
    folder = m.models_root() / "data" / "mlperf_tiny" / "vww_calib"
    calib_dir = work / "vww_calib20"
    calib_dir.mkdir(parents=True, exist_ok=True)
    jpegs = [i for i, n in enumerate(names) if n.lower().endswith(".jpg")]
    cal_idx = jpegs[:20]
    for i in cal_idx:
        link = calib_dir / names[i]
        if not link.exists():
            os.symlink(folder / names[i], link)
    ev_idx = [i for i in range(len(names)) if i not in cal_idx]
    ev = ds.inputs[0][ev_idx]
    f = top1(compile_and_run(edgec, spec.onnx_path, "vww_f", work / "vww_f", [ev], []))
    q = top1(compile_and_run(edgec, spec.onnx_path, "vww_q", work / "vww_q", [ev],
                             ["--quantize=int8", f"--calibration={calib_dir}", "--per-channel", f"--calibration-method={METHOD}",
                              f"--image-scale={1 / 255}", "--image-bgr",
                              f"--quant-report={work / 'vww_report.json'}"]))
    agree = float(np.mean(f == q))
    checks.report(agree >= 0.97, "VWW int8 top-1 agreement with float (calibrate 20 JPEGs, evaluate 82)",
                  f"{agree:.2%} of {len(ev)}")
    check_report(checks, "VWW", work / "vww_report.json")


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="mnist,ic,ic-target,vww")
    p.add_argument("--work", type=Path)
    p.add_argument("--edgec", type=Path, default=h.REPO_ROOT / "build" / "bin" / "edgec")
    p.add_argument("--method", default="mse", help="--calibration-method for every model")
    args = p.parse_args(argv)
    global METHOD
    METHOD = args.method
    work = args.work or Path(tempfile.mkdtemp(prefix="edgec-ptq-"))
    work.mkdir(parents=True, exist_ok=True)
    checks = h.Checks()
    for key, fn in (("mnist", run_mnist), ("ic", run_ic), ("ic-target", run_ic_target), ("vww", run_vww)):
        if key in args.models.split(","):
            try:
                fn(args.edgec, work, checks)
            except h.ToolError as err:
                checks.report(False, key, h.tail(str(err), 20))
    return checks.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
