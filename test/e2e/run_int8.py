#!/usr/bin/env python3
"""Int8 end-to-end check: the MLPerf Tiny QDQ int8 models against ONNX Runtime.

For each model the last int8 tensor before the float output (the input of
the final DequantizeLinear) is added as an extra graph output, so edgec and
ONNX Runtime can be compared in quantized units (LSB). Both run the same
modified model; ONNX Runtime with its default optimizations, i.e. its
QLinear* kernels, as a user would run it.

Pass criteria per model, over all inputs:
  * >= 99.9% of the int8 output elements within 1 LSB of ONNX Runtime;
  * C built with clang-22 and gcc, and the object, give bitwise-identical
    outputs (all integer arithmetic; the float tail is the same code);
  * classifiers: top-1 agreement is reported.

Inputs (real data where the repo's shared folder has it):
  * IC:  the 500 ic_calib images, NHWC, raw 0..255 (the model's own input
         quantization has scale 1, zero point -128).
  * VWW: the 100 vww_calib images + person.bmp + no_person.bmp, NCHW, /255.
  * AD:  the DCASE sample's 200 log-mel frames, 5 consecutive frames
         (640 values) per input, 196 inputs.
  * mnist-8 quantized by ONNX Runtime's own quantizer (uint8 activations,
    int8 per-channel weights), QDQ and QOperator formats: 1,000 MNIST test
    images; the float output (a DequantizeLinear) is compared in LSB of its
    scale.
  * Sigmoid, Tanh, LeakyRelu, HardSwish, HardSigmoid, Exp and Mul between
    Q/DQ pairs: a small generated graph (the shared models have none) run
    on 200 MNIST test images mapped to [-4, 4].
  * KWS: the shared folder has no speech; models.load_kws states the
         inputs: MFCC-shaped features of the DCASE audio (152 windows) and
         100 uniform random inputs over the input quantization range.

Targets (--targets cortex-m4,rv32imac): the first --target-samples inputs
of each model run under QEMU through the cross-target harness
(test/targets), as C built with the target GCC and clang-22 and as the
object; every output, int8 and float, must be bitwise identical to the
host's.

Usage: run_int8.py [--models ic,kws,vww,ad] [--work DIR]
                   [--targets cortex-m4,rv32imac] [--target-samples 10]
Prints one line per check and a closing "N passed, M failed".
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
import models as m  # noqa: E402



@dataclass
class Int8Model:
    key: str
    onnx: str
    load: Callable[[], list]
    classifier: bool
    make: Optional[Callable[[Path], Path]] = None  # builds the model instead of reading `onnx`




def expose_int8(src: Path, dst: Path) -> tuple[list[str], dict]:
    """Adds, for each graph output, the int8 tensor its final
    DequantizeLinear reads (through a Softmax) as an extra output. Returns
    the added names and, for outputs a DequantizeLinear produces directly,
    their LSB (its scale). uint8 tensors are not exposed: edgec carries
    them as int8 internally."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    producer = {o: n for n in model.graph.node for o in n.output}
    inits = {i.name: i for i in model.graph.initializer}
    added, lsb = [], {}
    for out in list(model.graph.output):
        node = producer.get(out.name)
        if node is not None and node.op_type == "DequantizeLinear" and node.input[1] in inits:
            lsb[out.name] = float(numpy_helper.to_array(inits[node.input[1]]).ravel()[0])
        if node is not None and node.op_type == "Softmax":
            node = producer.get(node.input[0])
        if node is None or node.op_type != "DequantizeLinear":
            continue
        zp = inits.get(node.input[2]) if len(node.input) > 2 else None
        if zp is None or zp.data_type != onnx.TensorProto.INT8:
            continue
        name = node.input[0]
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.INT8, None))
        added.append(name)
    onnx.save(model, str(dst))
    return added, lsb


def ort_quantized_mnist(fmt: str) -> Callable[[Path], Path]:
    """mnist-8 quantized by ONNX Runtime's own quantizer (quantize_static,
    calibrated on MNIST test images 3000-3199, uint8 activations, int8
    per-channel weights: its defaults for CPU), in QDQ or QOperator format
    (QLinearConv, QLinearMatMul, com.microsoft QLinearAdd)."""
    def make(folder: Path) -> Path:
        import logging
        from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                              quantize_static)
        logging.getLogger().setLevel(logging.ERROR)
        x = m.load_mnist(3203).inputs[0][3003:3203]

        class Reader(CalibrationDataReader):
            def __init__(self):
                self.it = iter([{"Input3": s} for s in x])

            def get_next(self):
                return next(self.it, None)

        # Per-channel DequantizeLinear (axis) needs opset 13; the quantizer
        # would otherwise upgrade to 11 only and write an invalid model.
        import onnx
        from onnx import version_converter
        src = folder / "mnist-8_opset13.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(m.MODELS[0].onnx_path)), 13), str(src))
        dst = folder / f"mnist_{fmt}_u8.onnx"
        quantize_static(str(src), str(dst), Reader(),
                        quant_format=QuantFormat.QDQ if fmt == "qdq" else QuantFormat.QOperator,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=True)
        return dst
    return make


def qdq_elementwise(folder: Path) -> Path:
    """A small generated QDQ graph (the shared models have none of these
    ops between Q/DQ pairs) fed with real MNIST images: the image is mapped
    to [-4, 4] in float and quantized, then Sigmoid, Tanh, LeakyRelu,
    HardSwish, HardSigmoid and Exp each sit between a DequantizeLinear and a
    QuantizeLinear (edgec: qnn.table), and a Mul of two of the results
    (qnn.mul). Every output is a DequantizeLinear, compared in LSB."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes, outputs = [], [], []

    def const(name, value, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def qdq(src, name, scale, zp):
        s, z = const(name + "_s", scale), const(name + "_z", zp, np.int8)
        nodes.append(helper.make_node("QuantizeLinear", [src, s, z], [name + "_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [name + "_q", s, z], [name]))
        return name

    nodes.append(helper.make_node("Mul", ["image", const("eight", 8.0)], ["x8"]))
    nodes.append(helper.make_node("Add", ["x8", const("minus4", -4.0)], ["x"]))
    x = qdq("x", "xq", 8.0 / 255, 0)
    fns = [("Sigmoid", {}, 1 / 256, -128), ("Tanh", {}, 1 / 128, 0),
           ("LeakyRelu", {"alpha": 0.1}, 4.4 / 255, -105), ("HardSwish", {}, 4.4 / 255, -98),
           ("HardSigmoid", {"alpha": 0.25, "beta": 0.5}, 1 / 255, -128), ("Exp", {}, 55.0 / 255, -128)]
    results = {}
    for op, attrs, scale, zp in fns:
        nodes.append(helper.make_node(op, [x], [op.lower()], **attrs))
        results[op] = qdq(op.lower(), op.lower() + "_out", scale, zp)
        outputs.append(results[op])
    nodes.append(helper.make_node("Mul", [results["Sigmoid"], results["Tanh"]], ["prod"]))
    outputs.append(qdq("prod", "prod_out", 1 / 128, 0))
    graph = helper.make_graph(
        nodes, "qdq_elementwise",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, [1, 1, 28, 28]) for o in outputs],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    dst = folder / "qdq_elementwise.onnx"
    onnx.save(model, str(dst))
    return dst


MODELS = [
    Int8Model("ic", "onnx/mlperf_tiny/ic_resnet8_qdq_int8_v1.3_kai_jiang.onnx",
              lambda: m.load_ic_nhwc().inputs, True),
    Int8Model("kws", "onnx/mlperf_tiny/kws_dscnn_qdq_int8_v1.3_kai_jiang.onnx",
              lambda: m.load_kws().inputs, True),
    Int8Model("vww", "onnx/mlperf_tiny/vww_mobilenetv1_qdq_int8_v1.3_kai_jiang.onnx",
              lambda: m.load_vww().inputs, True),
    Int8Model("ad", "onnx/mlperf_tiny/ad_autoencoder_qdq_int8_v1.3_kai_jiang.onnx",
              lambda: m.load_ad().inputs, False),
    Int8Model("mnist-ort-qdq", "", lambda: [m.load_mnist(1000).inputs[0][3:]], True,
              ort_quantized_mnist("qdq")),
    Int8Model("mnist-ort-qop", "", lambda: [m.load_mnist(1000).inputs[0][3:]], True,
              ort_quantized_mnist("qop")),
    Int8Model("qdq-elementwise", "", lambda: [m.load_mnist(200).inputs[0][3:]], False,
              qdq_elementwise),
]


def run_targets(spec: Int8Model, spec_obj, inputs: list, host: list, targets: list,
                samples: int, work: Path, edgec: Path, checks: h.Checks) -> None:
    """Firmware images for each target; outputs must equal the host's bits."""
    sys.path.insert(0, str(h.REPO_ROOT / "test" / "targets"))
    import boards as bd
    import fwbuild as fw

    table = bd.load()
    tools = fw.find_tools(edgec.parent.parent)
    tools.edgec = edgec.resolve()
    # At most about 1 MB of embedded inputs: the firmware must fit the
    # smallest board's RAM (VWW's 110 KB inputs allow 9).
    per_sample = sum(x[0].nbytes for x in inputs)
    n = max(1, min(samples, inputs[0].shape[0], 1_000_000 // per_sample))
    dataset = m.Dataset(inputs=[x[:n] for x in inputs], names=[f"{spec.key}[{i}]" for i in range(n)])
    expected = [o[:n] for o in host]
    for name in targets:
        target = table.targets[name]
        build = fw.build_model(tools, target, spec_obj, dataset, n, expected, work / name / spec.key)
        for variant in fw.VARIANTS:
            label = f"{name} {spec.key} [{variant}] bitwise equal to host"
            image = build.images[variant]
            if image.error:
                checks.report(False, label, image.error)
                continue
            run = fw.run_firmware(tools, target, image.board, image.exe)
            if not run.ok:
                checks.report(False, label, run.reason + "\n" + h.tail(run.stdout + run.stderr, 10))
                continue
            out = fw.parse_output(run.stdout)
            bad = {k: v for k, v in out.statuses.items() if v != 0}
            actual = fw.output_arrays(out, n) if not bad else []
            differ = [f"output {j}: {int(np.sum(a.view(np.uint8) != b.view(np.uint8)))} bytes differ, "
                      f"max |diff| {float(np.max(np.abs(a.astype(np.float64) - b))):.3g}"
                      for j, (a, b) in enumerate(zip(actual, expected))
                      if not np.array_equal(a.view(np.uint8), b.view(np.uint8))]
            # Every output, the float tail (Softmax) included, must be the
            # host's bits: integer arithmetic is exact and exp is edgec's own
            # expansion of IEEE operations (edgec-expand-exp), not libm's.
            same = not bad and not differ
            detail = (f"{n} inputs, {sum(a.size for a in expected)} elements identical"
                      if same else f"statuses {bad}" if bad else "; ".join(differ))
            checks.report(same, label, f"{detail} ({run.seconds:.1f}s)")


def run_model(spec: Int8Model, work: Path, edgec: Path, checks: h.Checks,
              targets: list = (), target_samples: int = 10) -> None:
    folder = work / spec.key
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / "model.onnx"
    source = spec.make(folder) if spec.make else m.models_root() / spec.onnx
    exposed, lsb = expose_int8(source, model_path)
    inputs = spec.load()
    count = inputs[0].shape[0]
    session = h.ort_session(model_path)
    names = [i.name for i in session.get_inputs()]
    per_sample = [session.run(None, {n: x[k] for n, x in zip(names, inputs)}) for k in range(count)]
    ort = [np.stack([s[j] for s in per_sample]) for j in range(len(session.get_outputs()))]
    out_names = [o.name for o in session.get_outputs()]

    spec_obj = m.ModelSpec(key=spec.key, c_name=spec.key.replace("-", "_") + "_int8", onnx=str(model_path),
                           load=None, decisions=None)
    results = {}
    for emit, cc in (("c", h.find_tool("clang-22", "clang")), ("c", h.find_tool("gcc")),
                     ("obj", h.find_tool("clang-22", "clang"))):
        label = f"{spec.key} {emit}/{Path(cc).name}"
        try:
            gen = h.run_edgec(edgec, spec_obj, folder / emit, emit)
            results[label] = h.build_and_run(cc, gen, inputs, folder)
        except h.ToolError as err:
            checks.report(False, label, str(err).splitlines()[0] + "\n" + h.tail(str(err), 15))
    if not results:
        return
    first_label, first = next(iter(results.items()))
    if targets:
        run_targets(spec, spec_obj, inputs, first, targets, target_samples, folder / "targets",
                    edgec, checks)
    for label, outs in results.items():
        same = all(np.array_equal(a.view(np.uint8), b.view(np.uint8)) for a, b in zip(outs, first))
        if label != first_label:
            checks.report(same, f"{label} bitwise equal to {first_label}", "identical" if same else "DIFFERENT")
    for j, name in enumerate(out_names):
        mine, theirs = first[j], ort[j]
        if name in exposed:
            diff = np.abs(mine.astype(np.int32) - theirs.astype(np.int32))
            within = float(np.mean(diff <= 1))
            exact = float(np.mean(diff == 0))
            checks.report(within >= 0.999, f"{spec.key} int8 '{name}' vs ORT",
                          f"{count} inputs, {diff.size} elements: {within:.4%} within 1 LSB, "
                          f"{exact:.2%} exact, max {diff.max()} LSB")
        elif name in lsb:
            # A DequantizeLinear output: compare in its LSB (scale).
            diff = np.abs(mine.astype(np.float64) - theirs) / lsb[name]
            within = float(np.mean(diff <= 1 + 1e-4))
            exact = float(np.mean(diff <= 1e-4))
            detail = (f"{count} inputs, {diff.size} elements: {within:.4%} within 1 LSB, "
                      f"{exact:.2%} exact, max {diff.max():.2f} LSB")
            if spec.classifier:
                agree = float(np.mean(mine.reshape(count, -1).argmax(1) == theirs.reshape(count, -1).argmax(1)))
                detail += f", top-1 agreement {agree:.2%}"
            checks.report(within >= 0.999, f"{spec.key} '{name}' vs ORT", detail)
        else:
            err = float(np.max(np.abs(mine.astype(np.float64) - theirs)))
            detail = f"max |edgec - ORT| = {err:.3g}"
            if spec.classifier:
                agree = float(np.mean(mine.reshape(count, -1).argmax(1) == theirs.reshape(count, -1).argmax(1)))
                detail += f", top-1 agreement {agree:.2%}"
            print(f"INFO {spec.key} float '{name}': {detail}", flush=True)


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="ic,kws,vww,ad,mnist-ort-qdq,mnist-ort-qop,qdq-elementwise")
    p.add_argument("--work", type=Path)
    p.add_argument("--edgec", type=Path, default=h.REPO_ROOT / "build" / "bin" / "edgec")
    p.add_argument("--targets", default="", help="comma-separated targets to run under QEMU")
    p.add_argument("--target-samples", type=int, default=10)
    args = p.parse_args(argv)
    keys = args.models.split(",")
    checks = h.Checks()
    work = args.work or Path(tempfile.mkdtemp(prefix="edgec-int8-"))
    for spec in MODELS:
        if spec.key in keys:
            run_model(spec, work, args.edgec, checks,
                      [t for t in args.targets.split(",") if t], args.target_samples)
    return checks.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
