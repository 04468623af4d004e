#pragma once
// Latency statistics in bounded memory: count, mean, min and max exactly, and
// percentiles within 0.8% relative error, from a fixed set of 7424 logarithmic
// buckets (see LogBucketAxis) that covers every uint64 picosecond value.
//
// record() is on the simulation hot path: it allocates nothing and formats
// nothing; the bucket storage is allocated once, in the constructor. Every
// histogram has the same buckets, so any two merge, and a merge is exactly the
// histogram of the union of the samples.
//
// Percentiles use the nearest-rank definition: percentile(q) estimates the
// k-th smallest sample, k = ceil(q * count) (at least 1). Rank 1 and rank count
// return the exact min and max; other ranks interpolate geometrically inside
// their bucket by rank, clamped to the integers the bucket can hold and to
// [min, max]. Buckets below 256 ps hold one value, so small latencies are exact.
//
// An empty histogram reports count 0 and 0 for mean, min, max and every percentile.
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include <boost/histogram/histogram.hpp>
#include <boost/histogram/storage_adaptor.hpp>

#include "wakesim/core/log_bucket_axis.h"
#include "wakesim/core/units.h"

namespace wakesim {

class LatencyHistogram {
 public:
  // Every value is in picoseconds.
  struct Summary {
    std::uint64_t count = 0;
    double mean = 0.0;
    std::uint64_t min = 0;
    double p50 = 0.0;
    double p90 = 0.0;
    double p99 = 0.0;
    double p999 = 0.0;
    std::uint64_t max = 0;
  };

  LatencyHistogram();

  void record(std::uint64_t picoseconds) {
    // The axis maps every uint64 to a bucket, so the unchecked cell access is
    // the same as filling, without fill()'s range handling.
    ++histogram_[LogBucketAxis::bucket(picoseconds)];
    ++count_;
    add_to_sum(picoseconds);
    if (picoseconds < min_) min_ = picoseconds;
    if (picoseconds > max_) max_ = picoseconds;
  }
  void record(Duration latency) { record(latency.picoseconds); }

  // Adds other's samples to this histogram.
  void merge(const LatencyHistogram& other);
  LatencyHistogram& operator+=(const LatencyHistogram& other) {
    merge(other);
    return *this;
  }
  // Forgets every sample (e.g. at the end of a warm-up); keeps the storage.
  void reset();

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Exact sum of all samples in ps (long double holds every integer below 2^64
  // exactly; beyond that it rounds, but stays within 1e-19 relative).
  long double sum() const;
  double mean() const;
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  // q in [0, 1]; throws std::invalid_argument otherwise (or for NaN).
  double percentile(double q) const;
  Summary summary() const;

  // Memory footprint: fixed at construction, independent of the sample count.
  static std::size_t bucket_count() { return static_cast<std::size_t>(LogBucketAxis::kSize); }
  std::size_t memory_bytes() const;
  // Samples in bucket i (0 <= i < bucket_count()), and the values bucket i holds.
  std::uint64_t bucket_samples(std::size_t i) const;
  static std::uint64_t bucket_lower(std::size_t i);
  static std::uint64_t bucket_upper(std::size_t i);

  // Same samples as far as the histogram can tell: count, sum, min, max, buckets.
  friend bool operator==(const LatencyHistogram& a, const LatencyHistogram& b);
  friend bool operator!=(const LatencyHistogram& a, const LatencyHistogram& b) { return !(a == b); }

 private:
  using Storage = boost::histogram::storage_adaptor<std::vector<std::uint64_t>>;
  using Histogram = boost::histogram::histogram<std::tuple<LogBucketAxis>, Storage>;

  // 128-bit sum in two words, so it never overflows or rounds.
  void add_to_sum(std::uint64_t value) {
    sum_low_ += value;
    if (sum_low_ < value) ++sum_high_;
  }
  std::uint64_t rank_for(double q) const;
  double value_at_rank(std::uint64_t rank) const;
  double interpolate(std::size_t bucket, std::uint64_t rank_in_bucket) const;

  Histogram histogram_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_low_ = 0;
  std::uint64_t sum_high_ = 0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
};

}  // namespace wakesim
