#pragma once
// A Boost.Histogram axis over the whole uint64 range with logarithmic buckets,
// computed in integer arithmetic.
//
// Values below 256 get one bucket each (exact). Above, each octave [2^e, 2^(e+1))
// is split into 128 equal buckets, so a bucket [lo, lo + width) has
// width / lo <= 1/128: any value estimated inside the right bucket is within
// 0.79% of the truth. 7424 buckets cover 0 .. 2^64-1, so there is no under- or
// overflow, and bucket edges are exact integers (no libm, no rounding at edges,
// identical on every platform).
//
// index(v) = s * 128 + (v >> s), where s = max(0, bit_width(v) - 8).
#include <cstdint>

#include <boost/histogram/fwd.hpp>

namespace wakesim {

class LogBucketAxis {
 public:
  using value_type = std::uint64_t;
  using index_type = boost::histogram::axis::index_type;

  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;  // 128
  static constexpr std::uint64_t kExactLimit = 2 * kSubBuckets;                     // 256
  // The largest index is that of 2^64-1: s = 56, v >> s = 255.
  static constexpr index_type kSize = static_cast<index_type>((64 - kSubBucketBits - 1) * kSubBuckets + kExactLimit);

  static index_type bucket(std::uint64_t v) {
    if (v < kExactLimit) return static_cast<index_type>(v);
    const int bit_width = 64 - __builtin_clzll(v);
    const int shift = bit_width - (kSubBucketBits + 1);
    return static_cast<index_type>((static_cast<std::uint64_t>(shift) << kSubBucketBits) + (v >> shift));
  }
  // Smallest value in bucket i.
  static std::uint64_t lower(index_type i) {
    const auto u = static_cast<std::uint64_t>(i);
    if (u < kExactLimit) return u;
    const std::uint64_t shift = (u >> kSubBucketBits) - 1;
    return (u - (shift << kSubBucketBits)) << shift;
  }
  // Largest value in bucket i (inclusive, so the last bucket needs no 2^64).
  static std::uint64_t upper(index_type i) {
    const auto u = static_cast<std::uint64_t>(i);
    if (u < kExactLimit) return u;
    const std::uint64_t shift = (u >> kSubBucketBits) - 1;
    return lower(i) + ((std::uint64_t{1} << shift) - 1);
  }

  // Boost.Histogram axis interface.
  index_type index(std::uint64_t v) const { return bucket(v); }
  index_type size() const { return kSize; }
  // Lower edge of bucket i; i == size() is the upper edge of the last bucket, 2^64.
  double value(double i) const {
    const auto b = static_cast<index_type>(i);
    return b >= kSize ? 0x1.0p64 : static_cast<double>(lower(b));
  }
  bool operator==(const LogBucketAxis&) const { return true; }
  bool operator!=(const LogBucketAxis&) const { return false; }
};

}  // namespace wakesim
