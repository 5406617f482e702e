//===- CalibrationData.h - Reading calibration samples ----------*- C++ -*-===//
//
// Calibration data for post-training quantization, read into float32
// samples shaped like the model's inputs. Formats (docs/quantization.md):
//
//   FILE.npz   one array per model input, named after the input (or, for a
//              single-input model, the only/first array); the leading
//              dimension counts samples.
//   FILE.npy   a single-input model's samples, [N, ...input shape].
//   FILE.bin   raw little-endian samples back to back, element type
//              --calibration-dtype (float32 default, uint8, int8).
//   DIR        every .npy, .bin, .png, .jpg/.jpeg and .bmp file in it, in
//              name order, one sample each (a .npy may hold several).
//
// Raw and NumPy data are in the model's layout unless --calibration-layout
// says nhwc for a model that takes NCHW (then it is transposed). Images are
// decoded to RGB (or BGR), resized bilinearly to the input's spatial size,
// and normalized per channel as (pixel * scale - mean) / std.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_QUANTIZE_CALIBRATIONDATA_H
#define EDGEC_COMPILER_QUANTIZE_CALIBRATIONDATA_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <string>
#include <vector>

namespace edgec::quantize {

struct InputSpec {
  std::string name;
  std::vector<int64_t> shape; // static
  int64_t elements() const;
};

struct DataOptions {
  std::string path;
  std::string dtype = "float32"; // raw .bin element type
  std::string layout;            // "", "nchw" or "nhwc": layout of the data
  double imageScale = 1.0;
  std::vector<double> imageMean = {0.0};
  std::vector<double> imageStd = {1.0};
  bool imageBGR = false;
  int64_t limit = 0; // 0: all samples
};

/// One calibration sample: one float buffer per model input.
using Sample = std::vector<std::vector<float>>;

/// The arrays of a .npz file as raw little-endian bytes with their shape
/// and NumPy type (for tensors written by a target run).
struct RawArray {
  std::string descr; // e.g. "|i1", "<i2", "<f4"
  std::vector<int64_t> shape;
  std::string bytes;
};
bool readNpzRaw(const std::string &path, std::vector<std::pair<std::string, RawArray>> &arrays,
                std::string &error);

/// One file's samples from memory (extension `ext`: .npz, .npy, .bin, .png,
/// .jpg, .bmp) for a single-input model: the parsers' fuzzing entry point.
bool parseCalibrationBuffer(llvm::StringRef ext, llvm::StringRef bytes, llvm::ArrayRef<InputSpec> inputs,
                            std::vector<std::vector<float>> &samples, std::string &error);

/// Reads every sample; on failure returns false with a message naming the
/// file and what was expected.
bool loadCalibrationData(const DataOptions &opts, llvm::ArrayRef<InputSpec> inputs,
                         std::vector<Sample> &samples, std::string &error);

} // namespace edgec::quantize

#endif
