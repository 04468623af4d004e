// BurstySource: exact times for a deterministic train, and the closed-form mean
// rate K / ((K-1) spacing + gap) for random ones.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "job_recorder.h"
#include "wakesim/workload/bursty_source.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::SC_SEC;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::emitted_in_order_at_arrival;
using wakesim::test::JobRecorder;

namespace {

BurstySourceParams bursts(double k, double spacing_us, double gap_us) {
  BurstySourceParams params;
  params.burst_jobs = k;
  params.spacing = sc_time(spacing_us, SC_US);
  params.gap = sc_time(gap_us, SC_US);
  params.bytes = JobSize::fixed(ByteSize{2048});
  return params;
}

// Counts jobs without keeping them: runs of millions.
struct Counter {
  std::uint64_t jobs = 0;
  JobSink sink() {
    return [this](const JobRequest&) { ++jobs; };
  }
};

}  // namespace

TEST_CASE("fixed bursts with fixed spacing and gap arrive at the hand-computed times", "[workload][bursty]") {
  BurstySourceParams params = bursts(3, 10, 100);
  params.burst_shape = BurstLengthShape::fixed;
  params.spacing_shape = IntervalShape::fixed;
  params.gap_shape = IntervalShape::fixed;
  params.start = sc_time(5, SC_US);
  params.relative_deadline = sc_time(30, SC_US);
  params.client = 1;
  params.limits.max_jobs = 7;
  JobRecorder recorder;
  BurstySource source("src", params, recorder.sink(), RandomStream(1));
  sc_core::sc_start();
  // start 5, gap 100: bursts at 105, 225, 345; jobs 10 us apart inside a burst.
  const std::vector<double> expected_us = {105, 115, 125, 225, 235, 245, 345};
  REQUIRE(recorder.size() == expected_us.size());
  for (std::size_t i = 0; i < expected_us.size(); ++i) {
    CHECK(recorder[i].arrival == sc_time(expected_us[i], SC_US));
    CHECK(recorder[i].deadline == sc_time(expected_us[i] + 30, SC_US));
    CHECK(recorder[i].client == 1);
    CHECK(recorder[i].bytes == 2048);
  }
  CHECK(emitted_in_order_at_arrival(recorder));
  CHECK(source.bursts() == 3);
  CHECK(source.stats().bytes == 7 * 2048);
  // 3 jobs per 20 + 100 us
  CHECK(BurstySource::mean_rate_per_second(params) == Approx(25000.0).epsilon(1e-12));
}

TEST_CASE("geometric bursts with exponential spacing and gap have the closed-form mean rate", "[workload][bursty]") {
  // K = 8, spacing 10 us, gap 1 ms: rate = 8 / (7 * 10 us + 1000 us) = 7476.6 /s.
  // Over 134 s that is 1e6 jobs; the H2 inter-arrival CV is 3.6, so the standard
  // error of the rate is 0.36% and 2% is 5.5 of them.
  BurstySourceParams params = bursts(8, 10, 1000);
  const double stop_s = 133.75;
  params.limits.stop_time = sc_time(stop_s, SC_SEC);
  Counter counter;
  BurstySource source("src", params, counter.sink(), RandomStreams(21).stream("src"));
  sc_core::sc_start();
  const double rate = BurstySource::mean_rate_per_second(params);
  CHECK(rate == Approx(8.0 / 1070e-6).epsilon(1e-12));
  CHECK(static_cast<double>(counter.jobs) / stop_s == Approx(rate).epsilon(0.02));
  // Burst length is geometric with mean K (standard error 0.27% over 125000 bursts).
  CHECK(static_cast<double>(counter.jobs) / static_cast<double>(source.bursts()) == Approx(8.0).epsilon(0.02));
  CHECK(source.stats().jobs == counter.jobs);
}

TEST_CASE("fixed bursts with fixed spacing and exponential gaps have the closed-form mean rate", "[workload][bursty]") {
  // K = 4, spacing 5 us, gap 200 us: rate = 4 / 215 us = 18604.7 /s. The gap alone
  // is random (one per 4 jobs), so 20 s (372000 jobs, 93000 gaps) give a 0.33%
  // standard error.
  BurstySourceParams params = bursts(4, 5, 200);
  params.burst_shape = BurstLengthShape::fixed;
  params.spacing_shape = IntervalShape::fixed;
  params.limits.stop_time = sc_time(20, SC_SEC);
  Counter counter;
  BurstySource source("src", params, counter.sink(), RandomStreams(22).stream("src"));
  sc_core::sc_start();
  const double rate = BurstySource::mean_rate_per_second(params);
  CHECK(rate == Approx(4.0 / 215e-6).epsilon(1e-12));
  CHECK(static_cast<double>(counter.jobs) / 20.0 == Approx(rate).epsilon(0.02));
  CHECK(counter.jobs - 4 * (source.bursts() - 1) <= 4);  // every burst but the last is full
}

TEST_CASE("bursts of one job with exponential gaps are a Poisson process", "[workload][bursty]") {
  BurstySourceParams params = bursts(1, 10, 50);
  params.limits.max_jobs = 100001;
  JobRecorder recorder;
  BurstySource source("src", params, recorder.sink(), RandomStreams(23).stream("src"));
  sc_core::sc_start();
  REQUIRE(recorder.size() == 100001);
  const std::vector<double> gaps = recorder.interarrivals_ps();
  double sum = 0, sum_sq = 0;
  for (double g : gaps) sum += g;
  const double mean = sum / static_cast<double>(gaps.size());
  for (double g : gaps) sum_sq += (g - mean) * (g - mean);
  const double cv = std::sqrt(sum_sq / static_cast<double>(gaps.size())) / mean;
  CHECK(mean == Approx(50e6).epsilon(0.01));  // the spacing never applies
  CHECK(cv == Approx(1.0).epsilon(0.02));     // exponential: CV 1
  CHECK(source.bursts() == 100001);
  CHECK(BurstySource::mean_rate_per_second(params) == Approx(20000.0).epsilon(1e-12));
}

TEST_CASE("a bursty source refuses a burst length below one and a zero gap", "[workload][bursty][params]") {
  JobRecorder recorder;
  auto make = [&](const BurstySourceParams& params) {
    BurstySource source("b", params, recorder.sink(), RandomStream(1));
  };
  CHECK_THROWS_WITH(make(bursts(0.5, 10, 100)), Contains("bursty source b: burst length must be at least 1 job"));
  CHECK_THROWS_WITH(make(bursts(std::nan(""), 10, 100)), Contains("burst length must be at least 1 job"));
  BurstySourceParams params = bursts(2.5, 10, 100);
  params.burst_shape = BurstLengthShape::fixed;
  CHECK_THROWS_WITH(make(params), Contains("a fixed burst length must be a whole number"));
  CHECK_THROWS_WITH(make(bursts(2, 10, 0)), Contains("the gap between bursts must be positive"));
  params = bursts(2, 10, 100);
  params.bytes = JobSize::uniform(ByteSize{9}, ByteSize{8});
  CHECK_THROWS_WITH(make(params), Contains("has min above max"));
}
