"""The real models the end-to-end tests and the benchmark run, with loaders
for real inputs and each model's own preprocessing.

Data lives outside the repo in ``<repo>/../shared/models`` (override with
the EDGEC_MODELS_DIR environment variable). See MANIFEST.txt there for the
provenance of every file.

Preprocessing choices, and why:

* mnist-8: raw 0..255 pixels, as the model-zoo reference inputs
  (mnist-8_test_data_set_*/input_0.pb) have them.
* IC resnet8: raw 0..255, NCHW. The int8 twin of the reference model
  (pretrainedResnet_quant.tflite) quantizes its input with scale 1.0 and
  zero point -128, i.e. the float model sees 0..255.
* VWW: x/255 in [0, 1], NCHW RGB. The int8 twin (vww_96_int8.tflite) has
  input scale 1/255 and zero point -128, matching the training script's
  rescale=1/255. Two things were checked with ONNX Runtime:
    - The vww_calib JPEGs are stored with red and blue swapped (stop signs
      look blue, food looks blue); the loader swaps them back. After the
      swap the answers look right on inspection (people -> class 1 with
      high confidence, empty rooms / food / signs -> class 0) and mean
      confidence rises from 0.80 to 0.86.
    - The TFLM person.bmp / no_person.bmp are grayscale, made for TFLM's
      grayscale model. Replicated to 3 channels, this colour model ranks
      them correctly (person prob 0.32 vs 0.27) but calls both "no person".
      (x-128)/128 would classify both "correctly", but that is not the
      model's training preprocessing and it lowers confidence on the colour
      images, so it is not used. The two images stay in the set for their
      value as numerical test inputs; classification is compared against
      ONNX Runtime, not against ground truth.
* UltraFace: the VWW images (after the colour fix, i.e. RGB as the UltraFace
  repo's cv2.cvtColor(BGR2RGB) produces) resized to 320x240 with PIL
  bilinear, then (x - 127) / 128 as in the UltraFace repo's run script.
* gesture: the 42 normalised keypoint coordinates of keypoint.csv as is.
"""

from __future__ import annotations

import csv
import functools
import glob
import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]


def models_root() -> Path:
    """The shared data folder; sits beside the repo, never at a fixed path."""
    override = os.environ.get("EDGEC_MODELS_DIR")
    return Path(override) if override else (REPO_ROOT / ".." / "shared" / "models").resolve()


@dataclass
class Dataset:
    """Real inputs for one model.

    inputs: one array per model input, in model input order, each shaped
        [N, *static_shape] so that inputs[i][n] is exactly what edgec's
        compiled input i expects.
    labels: ground truth per sample, -1 where unknown (or None).
    references: (sample index, expected outputs) pairs from model-zoo .pb
        files; every expected output is shaped like one sample's output.
    """

    inputs: list[np.ndarray]
    names: list[str]
    labels: Optional[np.ndarray] = None
    references: list[tuple[int, list[np.ndarray]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class ModelSpec:
    """One model under test.

    key: what --models selects.
    c_name: the --name given to edgec (a C identifier).
    onnx: path relative to models_root().
    input_shapes: edgec --input-shape overrides for symbolic dimensions.
    load: loader, called with an optional sample limit.
    decisions: maps a list of output arrays [N, ...] to the "top-1"
        decisions that must agree between edgec and ONNX Runtime; one
        decision per element of the returned array.
    require_equal_accuracy: whether edgec's accuracy against the labels must
        equal ONNX Runtime's (a pass criterion, not just a report).
    """

    key: str
    c_name: str
    onnx: str
    load: Callable[[Optional[int]], Dataset]
    decisions: Callable[[list[np.ndarray]], np.ndarray]
    input_shapes: dict = field(default_factory=dict)
    require_equal_accuracy: bool = False
    edgec_args: tuple = ()  # extra edgec flags (e.g. --quantize=int8 ...)

    @property
    def onnx_path(self) -> Path:
        return models_root() / self.onnx


# --------------------------------------------------------------------------
# Decisions

def argmax_first_output(outputs: list[np.ndarray]) -> np.ndarray:
    """Class per sample for classifiers with a single [1, C] output."""
    out = outputs[0]
    return out.reshape(out.shape[0], -1).argmax(axis=1)


def argmax_per_anchor(outputs: list[np.ndarray]) -> np.ndarray:
    """UltraFace: background/face decision for every anchor of every sample."""
    return outputs[0].argmax(axis=-1)


def class_ids_output(outputs: list[np.ndarray]) -> np.ndarray:
    """gesture: the model ends in ArgMax, so its output is the decision."""
    return outputs[0].reshape(outputs[0].shape[0], -1)


# --------------------------------------------------------------------------
# Raw data readers

def _take(limit: Optional[int], n: int) -> int:
    return n if limit is None else max(0, min(limit, n))


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (MNIST's format): big-endian dims, then uint8 data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">u4", count=ndim, offset=4)
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def read_tensor_pb(path: Path) -> np.ndarray:
    import onnx
    from onnx import numpy_helper

    return numpy_helper.to_array(onnx.load_tensor(str(path)))


@functools.lru_cache(maxsize=1)
def vww_images() -> tuple[tuple[str, np.ndarray], ...]:
    """The 100 first VWW calibration images plus the two TFLM test images,
    as (name, uint8 HxWx3 RGB). Shared by VWW and UltraFace."""
    from PIL import Image

    root = models_root() / "data"
    images = []
    for path in sorted(glob.glob(str(root / "mlperf_tiny" / "vww_calib" / "*.jpg")))[:100]:
        with Image.open(path) as im:
            bgr = np.asarray(im.convert("RGB"))
        # Stored with red and blue swapped; see the module docstring.
        images.append((Path(path).name, np.ascontiguousarray(bgr[:, :, ::-1])))
    for name in ("person.bmp", "no_person.bmp"):
        with Image.open(root / "tflm" / name) as im:
            gray = np.asarray(im.convert("L"))
        images.append((name, np.repeat(gray[:, :, None], 3, axis=2)))
    return tuple(images)


def _hwc_to_nchw(images: list[np.ndarray]) -> np.ndarray:
    """[N, H, W, C] images -> [N, 1, C, H, W] float32 (batch 1 per sample)."""
    stacked = np.stack(images).astype(np.float32)
    return np.ascontiguousarray(stacked.transpose(0, 3, 1, 2)[:, None])


# --------------------------------------------------------------------------
# Loaders

def load_mnist(limit: Optional[int] = None) -> Dataset:
    """The three model-zoo reference inputs, then the MNIST test images.

    limit caps the number of test images; the references are always run.
    """
    root = models_root()
    refs_in, refs_out, names = [], [], []
    for k in range(3):
        folder = root / "onnx" / "mnist" / f"mnist-8_test_data_set_{k}"
        refs_in.append(read_tensor_pb(folder / "input_0.pb").astype(np.float32))
        refs_out.append([read_tensor_pb(folder / "output_0.pb").astype(np.float32)])
        names.append(f"test_data_set_{k}")
    images = read_idx(root / "data" / "mnist" / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(root / "data" / "mnist" / "t10k-labels-idx1-ubyte.gz")
    n = _take(limit, len(images))
    test = images[:n].astype(np.float32).reshape(n, 1, 1, 28, 28)
    names += [f"t10k[{i}]" for i in range(n)]
    x = np.concatenate([np.stack(refs_in).reshape(3, 1, 1, 28, 28), test])
    y = np.concatenate([np.full(3, -1, np.int64), labels[:n].astype(np.int64)])
    return Dataset(inputs=[x], names=names, labels=y,
                   references=[(k, refs_out[k]) for k in range(3)])


def load_ic(limit: Optional[int] = None) -> Dataset:
    """MLPerf Tiny IC calibration images: uint8 HWC 32x32x3 -> NCHW 0..255."""
    folder = models_root() / "data" / "mlperf_tiny" / "ic_calib"
    count = len(glob.glob(str(folder / "image_*.bin")))
    n = _take(limit, count)
    images, names = [], []
    for k in range(n):  # numeric order, which is the calibration list order
        path = folder / f"image_{k}.bin"
        images.append(np.fromfile(path, dtype=np.uint8).reshape(32, 32, 3))
        names.append(path.name)
    return Dataset(inputs=[_hwc_to_nchw(images)], names=names)


def load_vww(limit: Optional[int] = None) -> Dataset:
    """VWW images as NCHW RGB scaled to [0, 1]."""
    chosen = vww_images()[: _take(limit, len(vww_images()))]
    x = _hwc_to_nchw([img for _, img in chosen]) / np.float32(255.0)
    return Dataset(inputs=[x], names=[name for name, _ in chosen])


def load_ultraface(limit: Optional[int] = None) -> Dataset:
    """VWW images resized to 320x240 and normalised as the UltraFace repo."""
    from PIL import Image

    chosen = vww_images()[: _take(limit, len(vww_images()))]
    resized = [np.asarray(Image.fromarray(img).resize((320, 240), Image.BILINEAR))
               for _, img in chosen]
    x = (_hwc_to_nchw(resized) - np.float32(127.0)) / np.float32(128.0)
    return Dataset(inputs=[x], names=[name for name, _ in chosen])


def load_gesture(limit: Optional[int] = None) -> Dataset:
    """keypoint.csv rows: label, then 42 normalised coordinates."""
    path = models_root() / "data" / "gesture" / "keypoint.csv"
    with open(path, newline="") as f:
        rows = [row for row in csv.reader(f) if row]
    rows = rows[: _take(limit, len(rows))]
    labels = np.array([int(r[0]) for r in rows], dtype=np.int64)
    x = np.array([[float(v) for v in r[1:43]] for r in rows], dtype=np.float32)
    return Dataset(inputs=[x.reshape(len(rows), 1, 42)], labels=labels,
                   names=[f"keypoint.csv:{i + 1}" for i in range(len(rows))])


MODELS: list[ModelSpec] = [
    ModelSpec(key="mnist", c_name="mnist", onnx="onnx/mnist/mnist-8.onnx",
              load=load_mnist, decisions=argmax_first_output,
              require_equal_accuracy=True),
    ModelSpec(key="ic_resnet8", c_name="ic_resnet8",
              onnx="onnx/mlperf_tiny/ic_resnet8_float_v1.2_kai_jiang.onnx",
              load=load_ic, decisions=argmax_first_output),
    ModelSpec(key="vww", c_name="vww",
              onnx="onnx/mlperf_tiny/vww_96_float_v1.3_kai_jiang.onnx",
              load=load_vww, decisions=argmax_first_output),
    ModelSpec(key="ultraface", c_name="ultraface",
              onnx="onnx/face/ultraface_version-slim-320.onnx",
              load=load_ultraface, decisions=argmax_per_anchor),
    ModelSpec(key="gesture", c_name="gesture",
              onnx="onnx/gesture/keypoint_classifier.onnx",
              input_shapes={"input": "1x42"},
              load=load_gesture, decisions=class_ids_output),
]


# --------------------------------------------------------------------------
# The MLPerf Tiny QDQ int8 models. They are compared with ONNX Runtime in
# LSB by test/e2e/run_int8.py (not by run_e2e.py's float tolerance), and
# benchmarked against their float twins; select() finds them by name but
# never includes them in the default (float) set.

def _logmel() -> np.ndarray:
    path = models_root() / "data" / "mlperf_tiny" / "ad_dcase_normal_id_01_00000000_hist_librosa.bin"
    return np.fromfile(path, dtype=np.float32).reshape(200, 128)


def load_ic_nhwc(limit: Optional[int] = None) -> Dataset:
    """ic_calib images for the QDQ model, which takes NHWC 0..255."""
    ds = load_ic(limit)
    return Dataset(inputs=[np.ascontiguousarray(ds.inputs[0].transpose(0, 1, 3, 4, 2))],
                   names=ds.names)


def load_ad(limit: Optional[int] = None) -> Dataset:
    """The DCASE sample's log-mel frames, 5 consecutive frames per input."""
    mel = _logmel()
    n = _take(limit, 200 - 4)
    x = np.stack([mel[i:i + 5].reshape(640) for i in range(n)]).astype(np.float32)
    return Dataset(inputs=[x.reshape(n, 1, 640)], names=[f"frames[{i}:{i + 5}]" for i in range(n)])


def load_kws(limit: Optional[int] = None) -> Dataset:
    """MFCC-shaped features of real audio (the shared folder has no
    speech): DCT-II (orthonormal, 10 coefficients) of the DCASE log-mel
    frames, 49-frame windows, scaled by 0.4 so they span the model's input
    quantization range ([-128, 121]); 152 windows. Then 100 uniform random
    inputs over that range (seed 0), covering every input code."""
    mel = _logmel()
    k = np.arange(mel.shape[1])
    dct = np.cos(np.pi / mel.shape[1] * (k[None, :] + 0.5) * np.arange(10)[:, None])
    dct *= np.sqrt(2.0 / mel.shape[1])
    dct[0] /= np.sqrt(2.0)
    mfcc = (mel.astype(np.float64) @ dct.T) * 0.4
    windows = np.stack([mfcc[i:i + 49].reshape(490) for i in range(200 - 48)])
    noise = np.random.default_rng(0).uniform(-128 * 0.9765625, 124 * 0.9765625, size=(100, 490))
    x = np.concatenate([windows, noise]).astype(np.float32)
    n = _take(limit, len(x))
    names = [f"mfcc[{i}]" for i in range(len(windows))] + [f"uniform[{i}]" for i in range(100)]
    return Dataset(inputs=[x[:n].reshape(n, 1, 490)], names=names[:n])


INT8_MODELS: list[ModelSpec] = [
    ModelSpec(key="ic_int8", c_name="ic_int8",
              onnx="onnx/mlperf_tiny/ic_resnet8_qdq_int8_v1.3_kai_jiang.onnx",
              load=load_ic_nhwc, decisions=argmax_first_output),
    ModelSpec(key="kws_int8", c_name="kws_int8",
              onnx="onnx/mlperf_tiny/kws_dscnn_qdq_int8_v1.3_kai_jiang.onnx",
              load=load_kws, decisions=argmax_first_output),
    ModelSpec(key="vww_int8", c_name="vww_int8",
              onnx="onnx/mlperf_tiny/vww_mobilenetv1_qdq_int8_v1.3_kai_jiang.onnx",
              load=load_vww, decisions=argmax_first_output),
    ModelSpec(key="ad_int8", c_name="ad_int8",
              onnx="onnx/mlperf_tiny/ad_autoencoder_qdq_int8_v1.3_kai_jiang.onnx",
              load=load_ad, decisions=argmax_first_output),
]

# Names people are likely to type, mapped to keys.
ALIASES = {"mnist-8": "mnist", "mnist8": "mnist", "ic": "ic_resnet8",
           "resnet8": "ic_resnet8", "vww96": "vww", "face": "ultraface",
           "keypoint": "gesture"}


def select(names: Optional[str]) -> list[ModelSpec]:
    """Models named in a comma-separated list (all float models when names
    is empty; the int8 ones only by name)."""
    if not names:
        return list(MODELS)
    by_key = {m.key: m for m in MODELS + INT8_MODELS}
    chosen = []
    for raw in names.split(","):
        key = ALIASES.get(raw.strip(), raw.strip())
        if key not in by_key:
            raise SystemExit(f"unknown model '{raw}'; known: {', '.join(by_key)}")
        chosen.append(by_key[key])
    return chosen
