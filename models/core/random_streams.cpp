#include "wakesim/core/random_streams.h"

#include <cmath>
#include <limits>

namespace wakesim {
namespace {

// SplitMix64 finaliser: spreads nearby inputs over the whole 64-bit range.
std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

constexpr double kTwoPi = 6.283185307179586476925286766559;

}  // namespace

std::uint64_t RandomStream::uniform_int(std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t span = hi - lo;
  if (span == std::numeric_limits<std::uint64_t>::max()) return engine_();
  const std::uint64_t range = span + 1;
  // Reject the top partial block so every value is equally likely.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return lo + draw % range;
}

double RandomStream::exponential(double mean) { return -mean * std::log1p(-uniform01()); }

double RandomStream::normal(double mean, double stddev) {
  const double u1 = 1.0 - uniform01();  // (0, 1], keeps log finite
  const double u2 = uniform01();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

std::uint64_t RandomStreams::stream_seed(std::string_view name) const { return mix64(seed_ ^ mix64(fnv1a64(name))); }

RandomStream RandomStreams::stream(std::string_view name) const { return RandomStream(stream_seed(name)); }

}  // namespace wakesim
