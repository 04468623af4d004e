// LatencyHistogram: exact moments, percentile accuracy measured against the exact
// order statistics of known distributions, bounded memory and exact merging.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "wakesim/core/latency_histogram.h"

using wakesim::Duration;
using wakesim::LatencyHistogram;

namespace {

constexpr std::size_t kSamples = 1000000;

// The generators are written out (not std:: distributions, whose output is not
// portable) so the samples, and so the measured errors, are the same everywhere.
double uniform01(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

std::uint64_t to_ps(double value) { return static_cast<std::uint64_t>(std::llround(value)); }

// Inverse transform of the exponential CDF.
std::vector<std::uint64_t> exponential_samples(double mean_ps, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::uint64_t> samples(kSamples);
  for (auto& s : samples) s = to_ps(-mean_ps * std::log1p(-uniform01(engine)));
  return samples;
}

// exp of a Box-Muller normal.
std::vector<std::uint64_t> lognormal_samples(double median_ps, double sigma, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::uint64_t> samples(kSamples);
  for (auto& s : samples) {
    const double u1 = 1.0 - uniform01(engine);  // (0, 1]
    const double u2 = uniform01(engine);
    const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    s = to_ps(median_ps * std::exp(sigma * normal));
  }
  return samples;
}

// Integers in [lo, hi] (the modulo bias is below 1e-12 for these ranges).
std::vector<std::uint64_t> uniform_samples(std::uint64_t lo, std::uint64_t hi, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::uint64_t> samples(kSamples);
  for (auto& s : samples) s = lo + engine() % (hi - lo + 1);
  return samples;
}

LatencyHistogram histogram_of(const std::vector<std::uint64_t>& samples) {
  LatencyHistogram histogram;
  for (std::uint64_t s : samples) histogram.record(s);
  return histogram;
}

// Nearest rank ceil(q n) for q = permille / 1000, in integers so the reference
// does not share the histogram's floating-point rank computation.
std::uint64_t exact_percentile(const std::vector<std::uint64_t>& sorted, std::uint64_t permille) {
  const std::uint64_t n = sorted.size();
  const std::uint64_t rank = std::max<std::uint64_t>(1, (permille * n + 999) / 1000);
  return sorted[rank - 1];
}

// Checks p10..p99.9 against the sorted samples; returns the largest relative error.
double check_percentiles(std::vector<std::uint64_t> samples) {
  const LatencyHistogram histogram = histogram_of(samples);
  std::sort(samples.begin(), samples.end());
  double worst = 0.0;
  for (std::uint64_t permille : {100u, 250u, 500u, 750u, 900u, 990u, 999u}) {
    const double exact = static_cast<double>(exact_percentile(samples, permille));
    const double estimate = histogram.percentile(static_cast<double>(permille) / 1000.0);
    const double error = std::fabs(estimate - exact) / exact;
    INFO("p" << permille / 10.0 << ": exact " << exact << " ps, estimate " << estimate << " ps, relative error "
             << error);
    CHECK(error < 0.01);
    worst = std::max(worst, error);
  }
  CHECK(histogram.min() == samples.front());
  CHECK(histogram.max() == samples.back());
  return worst;
}

}  // namespace

TEST_CASE("latency histogram count, mean, min and max are exact for 1, 2, 3 and 1000000 ps", "[stats]") {
  LatencyHistogram histogram;
  for (std::uint64_t ps : {1000000u, 2u, 1u, 3u}) histogram.record(ps);
  CHECK(histogram.count() == 4);
  CHECK(histogram.sum() == 1000006.0L);
  CHECK(histogram.mean() == 250001.5);
  CHECK(histogram.min() == 1);
  CHECK(histogram.max() == 1000000);
  // Nearest rank: p25 -> rank 1, p50 -> rank 2, p75 -> rank 3, p90 -> rank 4.
  CHECK(histogram.percentile(0.0) == 1.0);
  CHECK(histogram.percentile(0.25) == 1.0);
  CHECK(histogram.percentile(0.5) == 2.0);
  CHECK(histogram.percentile(0.75) == 3.0);
  CHECK(histogram.percentile(0.9) == 1000000.0);
  CHECK(histogram.percentile(1.0) == 1000000.0);
}

TEST_CASE("latency histogram of a single sample reports it at every percentile", "[stats]") {
  LatencyHistogram histogram;
  histogram.record(Duration{123456789});
  for (double q : {0.0, 0.001, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    INFO("q = " << q);
    CHECK(histogram.percentile(q) == 123456789.0);
  }
  const LatencyHistogram::Summary s = histogram.summary();
  CHECK(s.count == 1);
  CHECK(s.mean == 123456789.0);
  CHECK(s.min == 123456789);
  CHECK(s.p50 == 123456789.0);
  CHECK(s.p999 == 123456789.0);
  CHECK(s.max == 123456789);
}

TEST_CASE("empty latency histogram reports count 0 and zero for every statistic", "[stats]") {
  const LatencyHistogram histogram;
  CHECK(histogram.empty());
  CHECK(histogram.count() == 0);
  CHECK(histogram.mean() == 0.0);
  CHECK(histogram.min() == 0);
  CHECK(histogram.max() == 0);
  CHECK(histogram.percentile(0.5) == 0.0);
  const LatencyHistogram::Summary s = histogram.summary();
  CHECK(s.count == 0);
  CHECK(s.mean == 0.0);
  CHECK(s.min == 0);
  CHECK(s.p50 == 0.0);
  CHECK(s.p99 == 0.0);
  CHECK(s.max == 0);
}

TEST_CASE("a latency percentile outside 0..1 or NaN is rejected", "[stats]") {
  LatencyHistogram histogram;
  histogram.record(10);
  CHECK_THROWS_AS(histogram.percentile(-0.01), std::invalid_argument);
  CHECK_THROWS_AS(histogram.percentile(1.01), std::invalid_argument);
  CHECK_THROWS_AS(histogram.percentile(std::nan("")), std::invalid_argument);
}

TEST_CASE("latency percentiles use the nearest rank and are exact below 256 ps", "[stats]") {
  LatencyHistogram ramp;
  for (std::uint64_t ps = 100; ps >= 1; --ps) ramp.record(ps);  // 1..100, order irrelevant
  CHECK(ramp.percentile(0.01) == 1.0);
  CHECK(ramp.percentile(0.07) == 7.0);  // 0.07 * 100 is 7.000000000000001 in doubles
  CHECK(ramp.percentile(0.5) == 50.0);
  CHECK(ramp.percentile(0.505) == 51.0);
  CHECK(ramp.percentile(0.99) == 99.0);

  std::mt19937_64 engine(7);
  std::vector<std::uint64_t> samples(1000);
  for (auto& s : samples) s = engine() % 256;
  const LatencyHistogram small = histogram_of(samples);
  std::sort(samples.begin(), samples.end());
  for (std::uint64_t permille = 0; permille <= 1000; ++permille) {
    INFO("permille " << permille);
    CHECK(small.percentile(static_cast<double>(permille) / 1000.0) ==
          static_cast<double>(exact_percentile(samples, permille)));
  }
}

TEST_CASE("latency percentile error stays below 1/128 for samples at bucket edges", "[stats][percentile]") {
  // The worst case for interpolation: every sample sits on the lower or upper edge
  // of a wide bucket, a few per bucket, so the estimate may land anywhere in it.
  std::mt19937_64 engine(8);
  std::vector<std::uint64_t> samples;
  for (int b = 0; b < 300; ++b) {
    const std::size_t bucket = 256 + engine() % (LatencyHistogram::bucket_count() - 256);
    for (int k = 0; k < 3; ++k) samples.push_back(LatencyHistogram::bucket_lower(bucket));
    for (int k = 0; k < 2; ++k) samples.push_back(LatencyHistogram::bucket_upper(bucket));
  }
  const LatencyHistogram histogram = histogram_of(samples);
  std::sort(samples.begin(), samples.end());
  double worst = 0.0;
  for (std::uint64_t permille = 0; permille <= 1000; ++permille) {
    const double exact = static_cast<double>(exact_percentile(samples, permille));
    const double estimate = histogram.percentile(static_cast<double>(permille) / 1000.0);
    worst = std::max(worst, std::fabs(estimate - exact) / exact);
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 1.0 / 128);
  CHECK(worst > 0.0);  // the case really exercises interpolation
}

TEST_CASE("percentiles of 1e6 exponential samples are within 1% of the exact order statistics", "[stats][percentile]") {
  const double worst = check_percentiles(exponential_samples(1e6, 1));  // mean 1 us
  INFO("worst relative error " << worst);
  CHECK(worst < 0.01);
}

TEST_CASE("percentiles of 1e6 lognormal samples are within 1% of the exact order statistics", "[stats][percentile]") {
  // Median 50 us, sigma 1.5: p0.1..p99.9 spans 5 decades.
  const double worst = check_percentiles(lognormal_samples(5e7, 1.5, 2));
  INFO("worst relative error " << worst);
  CHECK(worst < 0.01);
}

TEST_CASE("percentiles of 1e6 uniform samples are within 1% of the exact order statistics", "[stats][percentile]") {
  const double worst = check_percentiles(uniform_samples(1000, 10000000, 3));  // 1 ns .. 10 us
  INFO("worst relative error " << worst);
  CHECK(worst < 0.01);
}

TEST_CASE(
    "stats: exponential latency percentiles match the closed form p50 = m ln 2, p90 = m ln 10, "
    "p99 = m ln 100",
    "[stats][percentile]") {
  const double m = 2.5e6;  // 2.5 us
  const LatencyHistogram histogram = histogram_of(exponential_samples(m, 4));
  // Sampling noise at 1e6 samples is ~0.1-0.5% here; the histogram adds < 0.8%.
  CHECK(histogram.mean() == Approx(m).epsilon(0.01));
  CHECK(histogram.percentile(0.5) == Approx(m * std::log(2.0)).epsilon(0.01));
  CHECK(histogram.percentile(0.9) == Approx(m * std::log(10.0)).epsilon(0.01));
  CHECK(histogram.percentile(0.99) == Approx(m * std::log(100.0)).epsilon(0.01));
}

TEST_CASE("latency histogram memory does not grow from 1e3 to 1e6 samples", "[stats]") {
  const std::vector<std::uint64_t> samples = lognormal_samples(1e6, 3.0, 5);
  LatencyHistogram histogram;
  const std::size_t empty_bytes = histogram.memory_bytes();
  for (std::size_t i = 0; i < 1000; ++i) histogram.record(samples[i]);
  const std::size_t bytes_at_1e3 = histogram.memory_bytes();
  for (std::size_t i = 1000; i < samples.size(); ++i) histogram.record(samples[i]);
  CHECK(histogram.count() == 1000000);
  CHECK(histogram.memory_bytes() == bytes_at_1e3);
  CHECK(bytes_at_1e3 == empty_bytes);
  CHECK(LatencyHistogram::bucket_count() == 7424);
  CHECK(empty_bytes < 64 * 1024);
}

TEST_CASE("latency histogram buckets are at most 1/128 wide relative to their lower edge", "[stats]") {
  for (std::size_t i = 0; i < LatencyHistogram::bucket_count(); ++i) {
    const std::uint64_t lo = LatencyHistogram::bucket_lower(i);
    const std::uint64_t hi = LatencyHistogram::bucket_upper(i);
    INFO("bucket " << i << " [" << lo << ", " << hi << "]");
    REQUIRE(lo <= hi);
    if (i + 1 < LatencyHistogram::bucket_count()) {
      REQUIRE(LatencyHistogram::bucket_lower(i + 1) == hi + 1);  // no gap, no overlap
    }
    if (lo < 256) {
      REQUIRE(lo == hi);
    } else {
      REQUIRE((hi - lo + 1) * 128 <= lo);
    }
  }
  CHECK(LatencyHistogram::bucket_lower(0) == 0);
  CHECK(LatencyHistogram::bucket_upper(LatencyHistogram::bucket_count() - 1) ==
        std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("latency histogram sum stays exact past 2^64 and records the largest latency", "[stats]") {
  LatencyHistogram histogram;
  const std::uint64_t big = std::uint64_t{1} << 63;
  for (int i = 0; i < 3; ++i) histogram.record(big);
  CHECK(histogram.sum() == 3.0L * 0x1.0p63L);
  CHECK(histogram.mean() == 0x1.0p63);
  histogram.record(std::numeric_limits<std::uint64_t>::max());
  histogram.record(0);
  CHECK(histogram.count() == 5);
  CHECK(histogram.max() == std::numeric_limits<std::uint64_t>::max());
  CHECK(histogram.bucket_samples(LatencyHistogram::bucket_count() - 1) == 1);
  CHECK(histogram.min() == 0);
  CHECK(histogram.percentile(0.0) == 0.0);
  // Rank 3 is 2^63, interpolated inside a bucket 2^56 wide.
  CHECK(histogram.percentile(0.5) == Approx(0x1.0p63).epsilon(1.0 / 128));
}

TEST_CASE("merging two halves of latency samples equals the histogram of all of them", "[stats]") {
  const std::vector<std::uint64_t> samples = lognormal_samples(2e6, 2.0, 6);
  const LatencyHistogram whole = histogram_of(samples);
  LatencyHistogram first;
  LatencyHistogram second;
  for (std::size_t i = 0; i < samples.size(); ++i) (i % 3 == 0 ? first : second).record(samples[i]);
  REQUIRE(first != whole);

  LatencyHistogram merged = first;
  merged += second;
  LatencyHistogram reversed = second;
  reversed.merge(first);

  CHECK(merged == whole);
  CHECK(reversed == whole);
  CHECK(merged.count() == whole.count());
  CHECK(merged.sum() == whole.sum());
  CHECK(merged.min() == whole.min());
  CHECK(merged.max() == whole.max());
  for (std::size_t i = 0; i < LatencyHistogram::bucket_count(); ++i) {
    if (merged.bucket_samples(i) != whole.bucket_samples(i)) FAIL("bucket " << i << " differs");
  }
  for (int permille = 0; permille <= 1000; ++permille) {
    const double q = permille / 1000.0;
    if (merged.percentile(q) != whole.percentile(q)) FAIL("percentile " << q << " differs");
  }
  CHECK(merged.percentile(0.999) == whole.percentile(0.999));
}

TEST_CASE("merging an empty latency histogram changes nothing, and reset empties one", "[stats]") {
  LatencyHistogram histogram;
  for (std::uint64_t ps : {5u, 500u, 50000u}) histogram.record(ps);
  const LatencyHistogram before = histogram;
  histogram += LatencyHistogram();
  CHECK(histogram == before);

  LatencyHistogram empty;
  empty += before;
  CHECK(empty == before);
  CHECK(empty.min() == 5);

  histogram.reset();
  CHECK(histogram == LatencyHistogram());
  CHECK(histogram.count() == 0);
  histogram.record(7);
  CHECK(histogram.min() == 7);
  CHECK(histogram.max() == 7);
}
