//===- fuzz-calibration.cpp - libFuzzer target for calibration data -------===//
//
// Feeds arbitrary bytes to the calibration data readers of --quantize
// (.npz with its ZIP and deflate layers, .npy, raw .bin, PNG, JPEG, BMP).
// The first byte picks the format so one corpus covers all of them. Any
// crash, hang, sanitizer report or unbounded allocation is a bug: bad data
// must only ever produce an error message.
//
//===----------------------------------------------------------------------===//
#include "compiler/Quantize/CalibrationData.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  static const char *const kinds[] = {".npz", ".npy", ".bin", ".png", ".jpg", ".bmp"};
  const char *ext = kinds[data[0] % 6];
  llvm::StringRef bytes(reinterpret_cast<const char *>(data + 1), size - 1);
  edgec::quantize::InputSpec in;
  in.name = "x";
  in.shape = {1, 3, 8, 8};
  std::vector<std::vector<float>> samples;
  std::string error;
  (void)edgec::quantize::parseCalibrationBuffer(ext, bytes, {in}, samples, error);
  return 0;
}
