//===- DspHelpersTest.cpp - runtime.h's SXTB16/SMLAD against references --===//
//
// Generated C for Cortex-M4/M7/M33 calls edgec_sxtb16 and edgec_smlad; on a
// DSP core they are the ACLE instructions, elsewhere portable C. The object
// path's kernels use the instructions themselves, and the cross-target
// suites compare those outputs with the host's bit for bit. This checks the
// portable versions against the instructions' definitions (Arm ARM): every
// byte pair for SXTB16, then the int16 extremes, wrap-around and random
// words for SMLAD.
//
//===----------------------------------------------------------------------===//
#include "edgec/runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace {

// SXTB16: bytes 0 and 2, sign-extended, in the low and high halfwords.
uint32_t refSxtb16(uint32_t x) {
  auto half = [](uint32_t byte) { return static_cast<uint32_t>(static_cast<uint16_t>(static_cast<int16_t>(static_cast<int8_t>(byte)))); };
  return half(x & 0xff) | half((x >> 16) & 0xff) << 16;
}

// SMLAD: acc + lo(a) * lo(b) + hi(a) * hi(b), signed halfwords, modulo 2^32.
uint32_t refSmlad(uint32_t a, uint32_t b, uint32_t acc) {
  int64_t lo = static_cast<int64_t>(static_cast<int16_t>(a & 0xffff)) * static_cast<int16_t>(b & 0xffff);
  int64_t hi = static_cast<int64_t>(static_cast<int16_t>(a >> 16)) * static_cast<int16_t>(b >> 16);
  return static_cast<uint32_t>(static_cast<uint64_t>(acc) + static_cast<uint64_t>(lo) + static_cast<uint64_t>(hi));
}

uint32_t sxtb16(uint32_t x) { return static_cast<uint32_t>(edgec_sxtb16(static_cast<int32_t>(x))); }
uint32_t smlad(uint32_t a, uint32_t b, uint32_t acc) {
  return static_cast<uint32_t>(edgec_smlad(static_cast<int32_t>(a), static_cast<int32_t>(b), static_cast<int32_t>(acc)));
}

TEST(DspHelpers, Sxtb16EveryBytePair) {
  for (uint32_t b0 = 0; b0 < 256; ++b0)
    for (uint32_t b2 = 0; b2 < 256; ++b2)
      for (uint32_t noise : {0u, 0xff00ff00u, 0x5a00a500u}) {
        uint32_t x = b0 | b2 << 16 | noise;
        ASSERT_EQ(sxtb16(x), refSxtb16(x)) << std::hex << x;
      }
}

TEST(DspHelpers, SmladExtremesAndWrap) {
  const uint32_t halves[] = {0x0000, 0x0001, 0x7fff, 0x8000, 0x8001, 0xffff, 0x0080, 0xff80};
  const uint32_t accs[] = {0u, 1u, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x40000000u};
  for (uint32_t al : halves)
    for (uint32_t ah : halves)
      for (uint32_t bl : halves)
        for (uint32_t bh : halves)
          for (uint32_t acc : accs) {
            uint32_t a = al | ah << 16, b = bl | bh << 16;
            ASSERT_EQ(smlad(a, b, acc), refSmlad(a, b, acc)) << std::hex << a << " " << b << " " << acc;
          }
}

TEST(DspHelpers, SmladRandomWordsAndKernelUse) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint32_t a = rng(), b = rng(), acc = rng();
    ASSERT_EQ(smlad(a, b, acc), refSmlad(a, b, acc));
    // As the int8 kernels use them: the split halves of two quads.
    uint32_t x = rng(), w = rng();
    uint32_t rot = x >> 8 | x << 24, wrot = w >> 8 | w << 24;
    uint32_t want = acc; // the four products, modulo 2^32 like the instruction
    for (int k = 0; k < 4; ++k)
      want += static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(x >> (8 * k))) *
                                    static_cast<int8_t>(w >> (8 * k)));
    uint32_t got = smlad(sxtb16(rot), sxtb16(wrot), smlad(sxtb16(x), sxtb16(w), acc));
    ASSERT_EQ(got, want);
  }
}

} // namespace
