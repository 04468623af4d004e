// PoissonSource: exponential inter-arrival times (mean, median, whole CDF),
// reproducible per seed, drawn from the source's own named stream.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "job_recorder.h"
#include "wakesim/workload/poisson_source.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::emitted_in_order_at_arrival;
using wakesim::test::JobRecorder;

namespace {

PoissonSourceParams poisson(double hertz, std::uint64_t jobs) {
  PoissonSourceParams params;
  params.rate = Frequency{hertz};
  params.bytes = JobSize::fixed(ByteSize{512});
  params.limits.max_jobs = jobs;
  return params;
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// Kolmogorov-Smirnov distance between the sample and the exponential CDF.
double ks_distance(std::vector<double> sample, double mean_value) {
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double distance = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double cdf = 1.0 - std::exp(-sample[i] / mean_value);
    const double below = static_cast<double>(i) / n, above = static_cast<double>(i + 1) / n;
    distance = std::max({distance, std::abs(cdf - below), std::abs(above - cdf)});
  }
  return distance;
}

}  // namespace

TEST_CASE("Poisson inter-arrival times are exponential with mean one over the rate", "[workload][poisson]") {
  PoissonSourceParams params = poisson(10e3, 100001);  // mean 100 us; 1e5 intervals
  params.start = sc_time(7, SC_US);
  params.relative_deadline = sc_time(1, sc_core::SC_MS);
  params.direction = JobDirection::write;
  params.client = 3;
  JobRecorder recorder;
  PoissonSource source("src", params, recorder.sink(), RandomStreams(11).stream("src"));
  sc_core::sc_start();
  REQUIRE(recorder.size() == 100001);
  CHECK(emitted_in_order_at_arrival(recorder));
  CHECK(recorder[0].arrival > params.start);
  CHECK(source.mean_interarrival_ps() == 100e6);
  const std::vector<double> gaps = recorder.interarrivals_ps();
  const double expected = 100e6;  // ps
  // Standard error of the mean: 1/sqrt(1e5) = 0.32%, so 1% is 3.2 of them.
  CHECK(mean(gaps) == Approx(expected).epsilon(0.01));
  // The median of an exponential is mean * ln 2 (standard error of the fraction 0.16%).
  const double below_median = static_cast<double>(
      std::count_if(gaps.begin(), gaps.end(), [&](double g) { return g < expected * std::log(2.0); }));
  CHECK(below_median / static_cast<double>(gaps.size()) == Approx(0.5).margin(0.01));
  // The whole CDF: KS distance below its 0.1% critical value 1.95 / sqrt(n) (a 2%
  // error in the mean alone would give 0.0074).
  CHECK(ks_distance(gaps, expected) < 1.95 / std::sqrt(static_cast<double>(gaps.size())));
  for (const auto& job : recorder.jobs()) {
    REQUIRE(job.request.deadline == job.request.arrival + sc_time(1, sc_core::SC_MS));
    REQUIRE(job.request.client == 3);
    REQUIRE(job.request.direction == JobDirection::write);
  }
  CHECK(source.stats().bytes == 100001ULL * 512);
}

TEST_CASE("the same seed gives the same Poisson arrivals and another seed other ones",
          "[workload][poisson][determinism]") {
  const PoissonSourceParams params = poisson(1e6, 10000);
  JobRecorder first, again, other, by_mean;
  PoissonSource a("a", params, first.sink(), RandomStream(5));
  PoissonSource b("b", params, again.sink(), RandomStream(5));
  PoissonSource c("c", params, other.sink(), RandomStream(6));
  PoissonSourceParams mean_params = params;  // 1 MHz said as a 1 us mean
  mean_params.rate = Frequency{};
  mean_params.mean_interarrival = sc_time(1, SC_US);
  PoissonSource d("d", mean_params, by_mean.sink(), RandomStream(5));
  sc_core::sc_start();
  REQUIRE(first.size() == 10000);
  REQUIRE(other.size() == 10000);
  CHECK(first.arrivals_ps() == again.arrivals_ps());
  CHECK(first.arrivals_ps() == by_mean.arrivals_ps());
  int same = 0;
  for (std::size_t i = 0; i < 10000; ++i) same += first[i].arrival == other[i].arrival;
  CHECK(same < 10);
}

TEST_CASE("a Poisson source draws from the stream named after it whoever else draws",
          "[workload][poisson][determinism]") {
  // Expected: interval then size, per job, from streams.stream("p0") alone,
  // rounded to the picosecond and summed.
  const RandomStreams streams(42);
  PoissonSourceParams params = poisson(2e5, 1000);
  params.bytes = JobSize::uniform(ByteSize{100}, ByteSize{200});
  JobRecorder p0, p1;
  PoissonSource first("p0", params, p0.sink(), streams);
  PoissonSource second("p1", params, p1.sink(), streams);  // a neighbour drawing meanwhile
  sc_core::sc_start();
  REQUIRE(p0.size() == 1000);
  RandomStream replay = streams.stream("p0");
  std::uint64_t at = 0;
  for (std::size_t i = 0; i < p0.size(); ++i) {
    at += static_cast<std::uint64_t>(std::nearbyint(replay.exponential(5e6)));
    const std::uint64_t bytes = replay.uniform_int(100, 200);
    REQUIRE(p0[i].arrival.value() == at);
    REQUIRE(p0[i].bytes == bytes);
  }
  CHECK(p0.arrivals_ps() != p1.arrivals_ps());
}

TEST_CASE("a Poisson source stops before its stop time", "[workload][poisson][limits]") {
  PoissonSourceParams params = poisson(1e6, 0);
  params.limits.max_jobs.reset();
  params.limits.stop_time = sc_time(10, sc_core::SC_MS);  // about 10000 jobs
  JobRecorder recorder;
  PoissonSource source("src", params, recorder.sink(), RandomStream(8));
  sc_core::sc_start();
  CHECK(recorder.size() > 9600);  // Poisson(10000): sd 100
  CHECK(recorder.size() < 10400);
  CHECK(recorder.jobs().back().request.arrival < sc_time(10, sc_core::SC_MS));
  CHECK(source.finished());
}

TEST_CASE("a Poisson source wants exactly one of rate and mean", "[workload][poisson][params]") {
  JobRecorder recorder;
  auto make = [&](const PoissonSourceParams& params) {
    PoissonSource source("p", params, recorder.sink(), RandomStream(1));
  };
  PoissonSourceParams params = poisson(1e3, 1);
  params.mean_interarrival = sc_time(1, SC_US);
  CHECK_THROWS_WITH(make(params), Contains("Poisson source p: give exactly one of rate and mean"));
  params = poisson(0, 1);
  CHECK_THROWS_WITH(make(params), Contains("give exactly one of rate and mean"));
  params = poisson(-5, 1);
  CHECK_THROWS_WITH(make(params), Contains("rate must be positive and finite"));
  params = poisson(1e3, 1);
  params.bytes = JobSize::fixed(ByteSize{0});
  CHECK_THROWS_WITH(make(params), Contains("job size must be at least 1B"));
  params = poisson(1e3, 1);
  params.relative_deadline = sc_core::SC_ZERO_TIME;
  CHECK_THROWS_WITH(make(params), Contains("a relative deadline must be positive"));
}
