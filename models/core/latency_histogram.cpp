#include "wakesim/core/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/histogram/make_histogram.hpp>

namespace wakesim {

LatencyHistogram::LatencyHistogram()
    : histogram_(boost::histogram::make_histogram_with(std::vector<std::uint64_t>(), LogBucketAxis())) {}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  histogram_ += other.histogram_;
  count_ += other.count_;
  add_to_sum(other.sum_low_);
  sum_high_ += other.sum_high_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() {
  histogram_.reset();
  count_ = 0;
  sum_low_ = 0;
  sum_high_ = 0;
  min_ = std::numeric_limits<std::uint64_t>::max();
  max_ = 0;
}

long double LatencyHistogram::sum() const {
  return static_cast<long double>(sum_high_) * 0x1.0p64L + static_cast<long double>(sum_low_);
}

double LatencyHistogram::mean() const {
  if (count_ == 0) return 0.0;
  return static_cast<double>(sum() / static_cast<long double>(count_));
}

double LatencyHistogram::percentile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("LatencyHistogram::percentile: q must be in [0, 1]");
  }
  if (count_ == 0) return 0.0;
  return value_at_rank(rank_for(q));
}

LatencyHistogram::Summary LatencyHistogram::summary() const {
  Summary s;
  s.count = count_;
  s.mean = mean();
  s.min = min();
  s.p50 = percentile(0.5);
  s.p90 = percentile(0.9);
  s.p99 = percentile(0.99);
  s.p999 = percentile(0.999);
  s.max = max();
  return s;
}

std::size_t LatencyHistogram::memory_bytes() const { return sizeof(*this) + histogram_.size() * sizeof(std::uint64_t); }

std::uint64_t LatencyHistogram::bucket_samples(std::size_t i) const {
  return histogram_.at(static_cast<LogBucketAxis::index_type>(i));
}

std::uint64_t LatencyHistogram::bucket_lower(std::size_t i) {
  return LogBucketAxis::lower(static_cast<LogBucketAxis::index_type>(i));
}

std::uint64_t LatencyHistogram::bucket_upper(std::size_t i) {
  return LogBucketAxis::upper(static_cast<LogBucketAxis::index_type>(i));
}

bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) {
  return a.count_ == b.count_ && a.sum_low_ == b.sum_low_ && a.sum_high_ == b.sum_high_ && a.min_ == b.min_ &&
         a.max_ == b.max_ && a.histogram_ == b.histogram_;
}

// Nearest rank, ceil(q * n). The small relative slack keeps a product that
// should be an integer but lands just above it (0.07 * 100 = 7.000000000000001)
// from skipping to the next rank.
std::uint64_t LatencyHistogram::rank_for(double q) const {
  const double exact = q * static_cast<double>(count_);
  const double rank = std::ceil(exact - exact * 1e-12);
  if (rank < 1.0) return 1;
  if (rank >= static_cast<double>(count_)) return count_;
  return static_cast<std::uint64_t>(rank);
}

double LatencyHistogram::value_at_rank(std::uint64_t rank) const {
  if (rank <= 1) return static_cast<double>(min_);
  if (rank >= count_) return static_cast<double>(max_);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < bucket_count(); ++i) {
    const std::uint64_t in_bucket = bucket_samples(i);
    if (below + in_bucket >= rank) return interpolate(i, rank - below);
    below += in_bucket;
  }
  return static_cast<double>(max_);  // unreachable: the buckets hold count_ samples
}

// The rank_in_bucket-th of the bucket's samples, assuming they spread evenly in
// log space over the bucket: sample j of c sits at fraction (j - 0.5) / c.
double LatencyHistogram::interpolate(std::size_t bucket, std::uint64_t rank_in_bucket) const {
  const double lo = static_cast<double>(bucket_lower(bucket));
  const double hi = static_cast<double>(bucket_upper(bucket));
  if (lo == hi) return lo;
  const double fraction = (static_cast<double>(rank_in_bucket) - 0.5) / static_cast<double>(bucket_samples(bucket));
  const double estimate = lo * std::pow((hi + 1.0) / lo, fraction);
  const double clamped = std::clamp(estimate, lo, hi);
  return std::clamp(clamped, static_cast<double>(min_), static_cast<double>(max_));
}

}  // namespace wakesim
