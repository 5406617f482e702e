//===- CalibrationData.cpp - Reading calibration samples ------------------===//
#include "compiler/Quantize/CalibrationData.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstdio>
#include <csetjmp>
#include <cstring>
#include <map>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

using namespace llvm;

namespace edgec::quantize {

int64_t InputSpec::elements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace {

/// A decoded numeric array: float values and the shape.
struct Array {
  std::vector<float> values;
  std::vector<int64_t> shape;
};

uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
uint16_t le16(const uint8_t *p) { return p[0] | p[1] << 8; }

template <typename T> void append(std::vector<float> &out, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    out.push_back((float)v);
  }
}

/// Converts `count` raw little-endian elements of NumPy type `descr`.
bool convertRaw(StringRef descr, const uint8_t *p, size_t bytes, std::vector<float> &out,
                std::string &error) {
  static const std::map<std::string, size_t> sizes = {
      {"f4", 4}, {"f8", 8}, {"u1", 1}, {"i1", 1}, {"i2", 2}, {"u2", 2}, {"i4", 4}, {"i8", 8}};
  if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|')) {
    error = ("unsupported array type '" + descr + "' (need little-endian float32/64 or integers)").str();
    return false;
  }
  std::string t = descr.drop_front().str();
  auto it = sizes.find(t);
  if (it == sizes.end()) {
    error = ("unsupported array type '" + descr + "'").str();
    return false;
  }
  size_t n = bytes / it->second;
  if (t == "f4") append<float>(out, p, n);
  else if (t == "f8") append<double>(out, p, n);
  else if (t == "u1") append<uint8_t>(out, p, n);
  else if (t == "i1") append<int8_t>(out, p, n);
  else if (t == "i2") append<int16_t>(out, p, n);
  else if (t == "u2") append<uint16_t>(out, p, n);
  else if (t == "i4") append<int32_t>(out, p, n);
  else append<int64_t>(out, p, n);
  return true;
}

/// Parses a .npy header: element type, shape and where the data starts.
bool parseNpyHeader(StringRef data, std::string &descrOut, std::vector<int64_t> &shapeOut,
                    size_t &bodyStart, std::string &error) {
  auto *p = reinterpret_cast<const uint8_t *>(data.data());
  if (data.size() < 10 || !data.starts_with("\x93NUMPY")) {
    error = "not a NumPy .npy file (bad magic)";
    return false;
  }
  size_t headerLen, start;
  if (p[6] == 1) {
    headerLen = le16(p + 8);
    start = 10;
  } else {
    if (data.size() < 12) {
      error = "truncated .npy header";
      return false;
    }
    headerLen = le32(p + 8);
    start = 12;
  }
  if (start + headerLen > data.size()) {
    error = "truncated .npy header";
    return false;
  }
  StringRef header = data.substr(start, headerLen);
  auto field = [&](StringRef key) -> StringRef {
    size_t k = header.find(("'" + key + "'").str());
    if (k == StringRef::npos)
      return {};
    return header.drop_front(k + key.size() + 2).ltrim(" :");
  };
  StringRef descr = field("descr");
  if (!descr.consume_front("'")) {
    error = "malformed .npy header (descr)";
    return false;
  }
  descrOut = descr.take_until([](char c) { return c == '\''; }).str();
  if (field("fortran_order").starts_with("True")) {
    error = "Fortran-ordered arrays are not supported; save with np.ascontiguousarray";
    return false;
  }
  StringRef shape = field("shape");
  if (!shape.consume_front("(")) {
    error = "malformed .npy header (shape)";
    return false;
  }
  shape = shape.take_until([](char c) { return c == ')'; });
  shapeOut.clear();
  SmallVector<StringRef> dims;
  shape.split(dims, ',', -1, false);
  for (StringRef d : dims) {
    int64_t v;
    if (d.trim().getAsInteger(10, v) || v < 0) {
      error = "malformed .npy shape";
      return false;
    }
    shapeOut.push_back(v);
  }
  bodyStart = start + headerLen;
  return true;
}

/// Parses a .npy image in memory into floats.
bool parseNpy(StringRef data, Array &a, std::string &error) {
  std::string descr;
  size_t body;
  if (!parseNpyHeader(data, descr, a.shape, body, error))
    return false;
  size_t count = 1;
  for (int64_t d : a.shape)
    count *= (size_t)d;
  a.values.clear();
  if (!convertRaw(descr, reinterpret_cast<const uint8_t *>(data.data()) + body, data.size() - body,
                  a.values, error))
    return false;
  if (a.values.size() < count) {
    error = "the .npy data is shorter than its shape";
    return false;
  }
  a.values.resize(count);
  return true;
}

/// Reads the members of a .npz (a ZIP of .npy files, stored or deflated)
/// through the central directory.
bool extractNpz(StringRef data, std::vector<std::pair<std::string, std::string>> &members,
                std::string &error) {
  auto *p = reinterpret_cast<const uint8_t *>(data.data());
  size_t n = data.size();
  if (n < 22) {
    error = "not a .npz (ZIP) file";
    return false;
  }
  size_t eocd = StringRef::npos;
  for (size_t i = n - 22 + 1; i-- > 0 && n - i <= 22 + 65535;)
    if (le32(p + i) == 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd == StringRef::npos) {
    error = "not a .npz (ZIP) file: no end of central directory";
    return false;
  }
  uint16_t entries = le16(p + eocd + 10);
  size_t cd = le32(p + eocd + 16);
  for (uint16_t e = 0; e < entries; ++e) {
    if (cd + 46 > n || le32(p + cd) != 0x02014b50) {
      error = "corrupt .npz central directory";
      return false;
    }
    uint16_t method = le16(p + cd + 10);
    uint64_t csize = le32(p + cd + 20), usize = le32(p + cd + 24);
    uint16_t nameLen = le16(p + cd + 28), extraLen = le16(p + cd + 30), commentLen = le16(p + cd + 32);
    uint64_t local = le32(p + cd + 42);
    std::string name(data.substr(cd + 46, nameLen));
    // ZIP64 sizes and offsets (arrays over 4 GB) live in the extra field.
    if (csize == 0xFFFFFFFF || usize == 0xFFFFFFFF || local == 0xFFFFFFFF) {
      error = "ZIP64 .npz members are not supported";
      return false;
    }
    cd += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > n || le32(p + local) != 0x04034b50) {
      error = "corrupt .npz local header for '" + name + "'";
      return false;
    }
    size_t dataStart = local + 30 + le16(p + local + 26) + le16(p + local + 28);
    if (dataStart + csize > n) {
      error = "truncated .npz member '" + name + "'";
      return false;
    }
    std::string member;
    // Deflate expands at most about 1032:1; a larger claim is a hostile
    // header, refused before allocating.
    if (usize > ((uint64_t)1 << 30) || usize > csize * 1100 + 1024) {
      error = "implausible size for .npz member '" + name + "'";
      return false;
    }
    if (method == 0) {
      member.assign(data.data() + dataStart, csize);
    } else if (method == 8) {
      member.resize(usize);
      z_stream zs{};
      if (inflateInit2(&zs, -15) != Z_OK) {
        error = "zlib initialization failed";
        return false;
      }
      zs.next_in = const_cast<Bytef *>(p + dataStart);
      zs.avail_in = (uInt)csize;
      zs.next_out = reinterpret_cast<Bytef *>(member.data());
      zs.avail_out = (uInt)usize;
      int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) {
        error = "cannot inflate .npz member '" + name + "'";
        return false;
      }
    } else {
      error = "unsupported compression method " + std::to_string(method) + " in .npz";
      return false;
    }
    StringRef key(name);
    key.consume_back(".npy");
    members.emplace_back(key.str(), std::move(member));
  }
  return true;
}

bool parseNpz(StringRef data, std::vector<std::pair<std::string, Array>> &arrays,
              std::string &error) {
  std::vector<std::pair<std::string, std::string>> members;
  if (!extractNpz(data, members, error))
    return false;
  for (auto &[name, bytes] : members) {
    Array a;
    std::string why;
    if (!parseNpy(bytes, a, why)) {
      error = "member '" + name + "': " + why;
      return false;
    }
    arrays.emplace_back(name, std::move(a));
  }
  return true;
}

/// An 8-bit RGB image.
struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
};

bool decodePng(const std::string &bytes, Image &img, std::string &error) {
  png_image pi;
  std::memset(&pi, 0, sizeof pi);
  pi.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&pi, bytes.data(), bytes.size())) {
    error = std::string("cannot decode PNG: ") + pi.message;
    return false;
  }
  // Refuse absurd sizes before allocating (a hostile header).
  if ((uint64_t)pi.width * pi.height > (uint64_t)1 << 26) {
    png_image_free(&pi);
    error = "PNG image too large";
    return false;
  }
  pi.format = PNG_FORMAT_RGB;
  img.width = (int)pi.width;
  img.height = (int)pi.height;
  img.rgb.resize(PNG_IMAGE_SIZE(pi));
  if (!png_image_finish_read(&pi, nullptr, img.rgb.data(), 0, nullptr)) {
    error = std::string("cannot decode PNG: ") + pi.message;
    png_image_free(&pi);
    return false;
  }
  return true;
}

struct JpegError {
  jpeg_error_mgr mgr;
  jmp_buf jump;
};

bool decodeJpeg(const std::string &bytes, Image &img, std::string &error) {
  jpeg_decompress_struct cinfo;
  JpegError jerr;
  cinfo.err = jpeg_std_error(&jerr.mgr);
  jerr.mgr.error_exit = [](j_common_ptr c) { longjmp(reinterpret_cast<JpegError *>(c->err)->jump, 1); };
  if (setjmp(jerr.jump)) {
    jpeg_destroy_decompress(&cinfo);
    error = "cannot decode JPEG";
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  if ((uint64_t)cinfo.image_width * cinfo.image_height > (uint64_t)1 << 26) {
    jpeg_destroy_decompress(&cinfo);
    error = "JPEG image too large";
    return false;
  }
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  img.width = (int)cinfo.output_width;
  img.height = (int)cinfo.output_height;
  img.rgb.resize((size_t)img.width * img.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = img.rgb.data() + (size_t)cinfo.output_scanline * img.width * 3;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

/// Uncompressed 8-bit (palette/grayscale) and 24/32-bit BMP.
bool decodeBmp(StringRef data, Image &img, std::string &error) {
  auto *p = reinterpret_cast<const uint8_t *>(data.data());
  if (data.size() < 54 || !data.starts_with("BM")) {
    error = "not a BMP file";
    return false;
  }
  uint32_t offset = le32(p + 10), headerSize = le32(p + 14);
  int32_t w = (int32_t)le32(p + 18), h = (int32_t)le32(p + 22);
  uint16_t bpp = le16(p + 28);
  uint32_t compression = le32(p + 30);
  if (compression != 0 || (bpp != 8 && bpp != 24 && bpp != 32) || w <= 0 || h == 0) {
    error = "only uncompressed 8-, 24- and 32-bit BMP files are supported";
    return false;
  }
  bool bottomUp = h > 0;
  if (h == INT32_MIN || (uint64_t)w * (uint64_t)(bottomUp ? h : -h) > (uint64_t)1 << 26) {
    error = "BMP image too large";
    return false;
  }
  int height = bottomUp ? h : -h;
  size_t stride = ((size_t)w * bpp / 8 + 3) & ~(size_t)3;
  if (offset > data.size() || stride * height > data.size() - offset ||
      (bpp == 8 && (14 + (size_t)headerSize + 1024 > data.size()))) {
    error = "truncated BMP file";
    return false;
  }
  const uint8_t *palette = p + 14 + headerSize;
  img.width = w;
  img.height = height;
  img.rgb.resize((size_t)w * height * 3);
  for (int y = 0; y < height; ++y) {
    const uint8_t *row = p + offset + stride * (bottomUp ? height - 1 - y : y);
    for (int x = 0; x < w; ++x) {
      uint8_t *o = &img.rgb[((size_t)y * w + x) * 3];
      if (bpp == 8) {
        const uint8_t *c = palette + 4 * row[x];
        o[0] = c[2], o[1] = c[1], o[2] = c[0];
      } else {
        const uint8_t *c = row + (size_t)x * (bpp / 8);
        o[0] = c[2], o[1] = c[1], o[2] = c[0];
      }
    }
  }
  return true;
}

/// Bilinear resize with half-pixel centers (PIL/OpenCV convention).
Image resize(const Image &src, int w, int h) {
  if (src.width == w && src.height == h)
    return src;
  Image dst;
  dst.width = w;
  dst.height = h;
  dst.rgb.resize((size_t)w * h * 3);
  double sx = (double)src.width / w, sy = (double)src.height / h;
  for (int y = 0; y < h; ++y) {
    double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, (double)src.height - 1);
    int y0 = (int)fy, y1 = std::min(y0 + 1, src.height - 1);
    double wy = fy - y0;
    for (int x = 0; x < w; ++x) {
      double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, (double)src.width - 1);
      int x0 = (int)fx, x1 = std::min(x0 + 1, src.width - 1);
      double wx = fx - x0;
      for (int c = 0; c < 3; ++c) {
        auto at = [&](int yy, int xx) { return (double)src.rgb[((size_t)yy * src.width + xx) * 3 + c]; };
        double v = (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1)) +
                   wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1));
        dst.rgb[((size_t)y * w + x) * 3 + c] = (uint8_t)std::clamp(std::lround(v), 0L, 255L);
      }
    }
  }
  return dst;
}

/// NCHW when dimension 1 looks like channels (1 or 3) and the last does not.
bool isNCHW(const InputSpec &in) {
  auto &s = in.shape;
  return s.size() == 4 && (s[1] == 1 || s[1] == 3) && !(s[3] == 1 || s[3] == 3);
}

bool imageSample(const DataOptions &o, const InputSpec &in, Image img, std::vector<float> &out,
                 std::string &error) {
  if (in.shape.size() != 4) {
    error = "images need a 4-D model input, '" + in.name + "' has rank " + std::to_string(in.shape.size());
    return false;
  }
  bool nchw = isNCHW(in);
  int64_t c = nchw ? in.shape[1] : in.shape[3], h = nchw ? in.shape[2] : in.shape[1],
          w = nchw ? in.shape[3] : in.shape[2];
  if (c != 1 && c != 3) {
    error = "images need 1 or 3 channels, input '" + in.name + "' has " + std::to_string(c);
    return false;
  }
  img = resize(img, (int)w, (int)h);
  out.assign((size_t)c * h * w, 0.0f);
  auto pick = [&](const std::vector<double> &v, int64_t k) { return v.size() == 1 ? v[0] : v[k]; };
  if ((o.imageMean.size() != 1 && (int64_t)o.imageMean.size() != c) ||
      (o.imageStd.size() != 1 && (int64_t)o.imageStd.size() != c)) {
    error = "--image-mean/--image-std need 1 or " + std::to_string(c) + " values";
    return false;
  }
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x)
      for (int64_t k = 0; k < c; ++k) {
        const uint8_t *px = &img.rgb[((size_t)y * w + x) * 3];
        double v = c == 1 ? (0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2])
                          : px[o.imageBGR ? 2 - k : k];
        v = (v * o.imageScale - pick(o.imageMean, k)) / pick(o.imageStd, k);
        size_t idx = nchw ? (size_t)(k * h + y) * w + x : (size_t)(y * w + x) * c + k;
        out[idx] = (float)v;
      }
  return true;
}

/// NHWC data for an NCHW input: transposes one sample in place.
void nhwcToNchw(const InputSpec &in, std::vector<float> &v) {
  int64_t c = in.shape[1], h = in.shape[2], w = in.shape[3];
  std::vector<float> t(v.size());
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x)
      for (int64_t k = 0; k < c; ++k)
        t[(k * h + y) * w + x] = v[(y * w + x) * c + k];
  v.swap(t);
}

/// Splits an array into samples of `in`'s size.
bool splitSamples(const DataOptions &o, const InputSpec &in, const Array &a,
                  std::vector<std::vector<float>> &out, const std::string &what, std::string &error) {
  int64_t per = in.elements();
  if (per == 0 || a.values.size() % per != 0) {
    error = what + " holds " + std::to_string(a.values.size()) + " values, not a multiple of input '" +
            in.name + "' (" + std::to_string(per) + " values per sample)";
    return false;
  }
  for (size_t s = 0; s < a.values.size() / per; ++s) {
    std::vector<float> v(a.values.begin() + s * per, a.values.begin() + (s + 1) * per);
    if (o.layout == "nhwc" && in.shape.size() == 4)
      nhwcToNchw(in, v);
    out.push_back(std::move(v));
  }
  return true;
}

bool readFile(const std::string &path, std::string &bytes, std::string &error) {
  auto buf = MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buf) {
    error = "cannot read: " + buf.getError().message();
    return false;
  }
  bytes = (*buf)->getBuffer().str();
  return true;
}

bool rawArray(const DataOptions &o, StringRef bytes, Array &a, std::string &error) {
  std::string descr = o.dtype == "float32" ? "<f4" : o.dtype == "uint8" ? "|u1" : o.dtype == "int8" ? "|i1" : "";
  if (descr.empty()) {
    error = "--calibration-dtype must be float32, uint8 or int8";
    return false;
  }
  a.values.clear();
  return convertRaw(descr, reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), a.values, error);
}

} // namespace

bool parseCalibrationBuffer(StringRef ext, StringRef bytes, ArrayRef<InputSpec> inputs,
                            std::vector<std::vector<float>> &samples, std::string &error) {
  DataOptions o;
  if (inputs.size() != 1) {
    error = "one input";
    return false;
  }
  std::string data = bytes.str();
  if (ext == ".npz") {
    std::vector<std::pair<std::string, Array>> arrays;
    if (!parseNpz(data, arrays, error) || arrays.empty())
      return false;
    return splitSamples(o, inputs[0], arrays.front().second, samples, "array", error);
  }
  Array a;
  if (ext == ".npy" || ext == ".bin") {
    if (ext == ".npy" ? !parseNpy(data, a, error) : !rawArray(o, data, a, error))
      return false;
    return splitSamples(o, inputs[0], a, samples, "file", error);
  }
  Image img;
  bool ok = ext == ".png" ? decodePng(data, img, error) : ext == ".bmp" ? decodeBmp(data, img, error)
                                                                        : decodeJpeg(data, img, error);
  std::vector<float> v;
  if (!ok || !imageSample(o, inputs[0], std::move(img), v, error))
    return false;
  samples.push_back(std::move(v));
  return true;
}

bool readNpzRaw(const std::string &path, std::vector<std::pair<std::string, RawArray>> &arrays,
                std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  std::vector<std::pair<std::string, std::string>> members;
  if (!extractNpz(bytes, members, error))
    return false;
  for (auto &[name, member] : members) {
    RawArray a;
    size_t body;
    if (!parseNpyHeader(member, a.descr, a.shape, body, error)) {
      error = "member '" + name + "': " + error;
      return false;
    }
    a.bytes = member.substr(body);
    arrays.emplace_back(name, std::move(a));
  }
  return true;
}

bool loadCalibrationData(const DataOptions &o, ArrayRef<InputSpec> inputs, std::vector<Sample> &samples,
                         std::string &error) {
  std::vector<std::vector<std::vector<float>>> perInput(inputs.size());
  auto fail = [&](const std::string &file, const std::string &why) {
    error = file + ": " + why;
    return false;
  };
  std::string ext = sys::path::extension(o.path).lower();
  std::string bytes, why;
  if (o.layout != "" && o.layout != "nchw" && o.layout != "nhwc")
    return fail(o.path, "--calibration-layout must be nchw or nhwc");
  if (sys::fs::is_directory(o.path)) {
    if (inputs.size() != 1)
      return fail(o.path, "a directory of samples needs a single-input model; use a .npz with one "
                          "array per input");
    std::vector<std::string> files;
    std::error_code ec;
    for (sys::fs::directory_iterator it(o.path, ec), end; it != end && !ec; it.increment(ec)) {
      std::string e = sys::path::extension(it->path()).lower();
      if (e == ".npy" || e == ".bin" || e == ".png" || e == ".jpg" || e == ".jpeg" || e == ".bmp")
        files.push_back(it->path());
    }
    llvm::sort(files);
    if (files.empty())
      return fail(o.path, "no .npy, .bin, .png, .jpg or .bmp files in the directory");
    for (const std::string &f : files) {
      if (o.limit > 0 && (int64_t)perInput[0].size() >= o.limit)
        break;
      std::string e = sys::path::extension(f).lower();
      if (!readFile(f, bytes, why))
        return fail(f, why);
      Array a;
      if (e == ".npy" || e == ".bin") {
        if (e == ".npy" ? !parseNpy(bytes, a, why) : !rawArray(o, bytes, a, why))
          return fail(f, why);
        if (!splitSamples(o, inputs[0], a, perInput[0], "the file", why))
          return fail(f, why);
        continue;
      }
      Image img;
      bool ok = e == ".png" ? decodePng(bytes, img, why) : e == ".bmp" ? decodeBmp(bytes, img, why)
                                                                       : decodeJpeg(bytes, img, why);
      std::vector<float> v;
      if (!ok || !imageSample(o, inputs[0], std::move(img), v, why))
        return fail(f, why);
      perInput[0].push_back(std::move(v));
    }
  } else {
    if (!readFile(o.path, bytes, why))
      return fail(o.path, why);
    if (ext == ".npz") {
      std::vector<std::pair<std::string, Array>> arrays;
      if (!parseNpz(bytes, arrays, why))
        return fail(o.path, why);
      for (size_t i = 0; i < inputs.size(); ++i) {
        const Array *a = nullptr;
        for (auto &kv : arrays)
          if (kv.first == inputs[i].name)
            a = &kv.second;
        if (!a && inputs.size() == 1 && !arrays.empty())
          a = &arrays.front().second;
        if (!a)
          return fail(o.path, "no array named '" + inputs[i].name + "' for model input '" + inputs[i].name + "'");
        if (!splitSamples(o, inputs[i], *a, perInput[i], "array '" + inputs[i].name + "'", why))
          return fail(o.path, why);
      }
    } else if (ext == ".npy" || ext == ".bin") {
      if (inputs.size() != 1)
        return fail(o.path, "a single .npy/.bin needs a single-input model; use a .npz");
      Array a;
      if (ext == ".npy" ? !parseNpy(bytes, a, why) : !rawArray(o, bytes, a, why))
        return fail(o.path, why);
      if (!splitSamples(o, inputs[0], a, perInput[0], "the file", why))
        return fail(o.path, why);
    } else {
      return fail(o.path, "unknown calibration format '" + ext + "'; use .npz, .npy, .bin or a directory");
    }
  }
  size_t n = perInput[0].size();
  for (auto &p : perInput)
    if (p.size() != n)
      return fail(o.path, "the inputs have different sample counts");
  if (o.limit > 0)
    n = std::min<size_t>(n, (size_t)o.limit);
  if (n == 0)
    return fail(o.path, "no samples");
  samples.assign(n, Sample(inputs.size()));
  for (size_t s = 0; s < n; ++s)
    for (size_t i = 0; i < inputs.size(); ++i)
      samples[s][i] = std::move(perInput[i][s]);
  return true;
}

} // namespace edgec::quantize
