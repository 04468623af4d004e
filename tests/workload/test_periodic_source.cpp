// PeriodicSource: exact release times without jitter, bounded and centred jitter
// with it, deadlines from arrival or release, sizes, and the JobSource limits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "job_recorder.h"
#include "wakesim/workload/periodic_source.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::emitted_in_order_at_arrival;
using wakesim::test::JobRecorder;

namespace {

PeriodicSourceParams every_10us() {
  PeriodicSourceParams params;
  params.period = sc_time(10, SC_US);
  params.bytes = JobSize::fixed(ByteSize{4096});
  return params;
}

struct Moments {
  double mean = 0;
  double stddev = 0;
};

Moments moments(const std::vector<double>& values) {
  double sum = 0, sum_sq = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  for (double v : values) sum_sq += (v - mean) * (v - mean);
  return {mean, std::sqrt(sum_sq / static_cast<double>(values.size() - 1))};
}

// Arrival minus nominal release (phase + k * period), in picoseconds.
std::vector<double> offsets_ps(const JobRecorder& recorder, const PeriodicSourceParams& params) {
  std::vector<double> offsets;
  for (std::size_t k = 0; k < recorder.size(); ++k) {
    const double release =
        static_cast<double>(params.phase.value()) + static_cast<double>(k) * static_cast<double>(params.period.value());
    offsets.push_back(static_cast<double>(recorder[k].arrival.value()) - release);
  }
  return offsets;
}

}  // namespace

TEST_CASE("without jitter a periodic source emits at phase plus k periods with every field set",
          "[workload][periodic]") {
  PeriodicSourceParams params = every_10us();
  params.phase = sc_time(3, SC_US);
  params.relative_deadline = params.period;
  params.direction = JobDirection::read;
  params.client = 2;
  params.limits.max_jobs = 5;
  JobRecorder recorder;
  PeriodicSource source("src", params, recorder.sink());
  sc_core::sc_start();
  REQUIRE(recorder.size() == 5);
  for (std::size_t k = 0; k < 5; ++k) {
    const sc_time arrival = sc_time(3.0 + 10.0 * static_cast<double>(k), SC_US);
    CHECK(recorder[k].arrival == arrival);
    CHECK(recorder[k].deadline == arrival + sc_time(10, SC_US));
    CHECK(recorder[k].bytes == 4096);
    CHECK(recorder[k].client == 2);
    CHECK(recorder[k].direction == JobDirection::read);
  }
  CHECK(emitted_in_order_at_arrival(recorder));
  CHECK(source.stats().jobs == 5);
  CHECK(source.stats().bytes == 5 * 4096);
  CHECK(source.jitter_clamped() == 0);
  CHECK(source.stats().late == 0);
  CHECK(source.finished());
}

TEST_CASE("a stop time excludes the arrival at it and a job limit caps the count", "[workload][periodic][limits]") {
  JobRecorder at_50, after_50, capped, none;
  PeriodicSourceParams params = every_10us();
  params.limits.stop_time = sc_time(50, SC_US);  // 0 10 20 30 40: 50 is excluded
  PeriodicSource a("a", params, at_50.sink());
  params.limits.stop_time = sc_time(50001, sc_core::SC_NS);  // 50 now included
  PeriodicSource b("b", params, after_50.sink());
  params.limits.stop_time = sc_time(1, SC_MS);
  params.limits.max_jobs = 3;  // the job limit comes first
  PeriodicSource c("c", params, capped.sink());
  params.limits.max_jobs = 0;
  PeriodicSource d("d", params, none.sink());
  sc_time c_finished_at = sc_time(1, sc_core::SC_SEC);
  sc_core::sc_spawn([&] {
    sc_core::wait(c.finished_event());
    c_finished_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  CHECK(at_50.size() == 5);
  CHECK(at_50.jobs().back().request.arrival == sc_time(40, SC_US));
  CHECK(after_50.size() == 6);
  CHECK(capped.size() == 3);
  CHECK(c.stats().jobs == 3);
  CHECK(c_finished_at == sc_time(20, SC_US));  // at its last job, not at the stop time
  CHECK(none.size() == 0);
  CHECK(d.finished());
  CHECK(a.finished());
}

TEST_CASE("a sink that blocks holds the source and the jobs it delays are counted late",
          "[workload][periodic][limits]") {
  // Period 10 us, the sink blocks 25 us per job: called at 0, 25, 50, 75 us for
  // arrivals 0, 10, 20, 30 us; all but the first late.
  PeriodicSourceParams params = every_10us();
  params.limits.max_jobs = 4;
  std::vector<sc_time> called_at;
  std::vector<sc_time> arrivals;
  PeriodicSource source("src", params, [&](const JobRequest& job) {
    called_at.push_back(sc_core::sc_time_stamp());
    arrivals.push_back(job.arrival);
    sc_core::wait(sc_time(25, SC_US));
  });
  sc_core::sc_start();
  CHECK(called_at ==
        std::vector<sc_time>{sc_time(0, SC_US), sc_time(25, SC_US), sc_time(50, SC_US), sc_time(75, SC_US)});
  CHECK(arrivals ==
        std::vector<sc_time>{sc_time(0, SC_US), sc_time(10, SC_US), sc_time(20, SC_US), sc_time(30, SC_US)});
  CHECK(source.stats().late == 3);
  CHECK(source.stats().jobs == 4);
}

TEST_CASE("uniform jitter stays within plus or minus j with mean zero and variance j squared over 3",
          "[workload][periodic][jitter]") {
  PeriodicSourceParams params;
  params.period = sc_time(100, SC_US);
  params.phase = sc_time(50, SC_US);
  params.bytes = JobSize::fixed(ByteSize{64});
  params.jitter = sc_time(20, SC_US);
  params.limits.max_jobs = 100000;
  JobRecorder recorder;
  PeriodicSource source("src", params, recorder.sink(), RandomStreams(1).stream("src"));
  sc_core::sc_start();
  REQUIRE(recorder.size() == 100000);
  CHECK(emitted_in_order_at_arrival(recorder));
  const std::vector<double> offsets = offsets_ps(recorder, params);
  const double j = 20e6;  // ps
  const auto [lowest, highest] = std::minmax_element(offsets.begin(), offsets.end());
  CHECK(*lowest >= -j);
  CHECK(*highest <= j);
  CHECK(*lowest < -0.999 * j);  // the whole range is used
  CHECK(*highest > 0.999 * j);
  const Moments m = moments(offsets);
  // Standard error of the mean: j / sqrt(3 n) = 36.5 ns; 200 ns is 5.5 of them.
  CHECK(std::abs(m.mean) < 200e3);
  CHECK(m.stddev == Approx(j / std::sqrt(3.0)).epsilon(0.01));
  CHECK(source.jitter_clamped() == 0);  // j <= period/2: never clamped
}

TEST_CASE("normal jitter is clamped to half a period with the clamped normal spread", "[workload][periodic][jitter]") {
  PeriodicSourceParams params;
  params.period = sc_time(100, SC_US);
  params.phase = sc_time(1, SC_MS);
  params.bytes = JobSize::fixed(ByteSize{64});
  params.jitter = sc_time(25, SC_US);  // sigma; the clamp at 50 us is 2 sigma
  params.jitter_shape = JitterShape::normal;
  params.limits.max_jobs = 100000;
  JobRecorder recorder;
  PeriodicSource source("src", params, recorder.sink(), RandomStreams(2).stream("src"));
  sc_core::sc_start();
  REQUIRE(recorder.size() == 100000);
  CHECK(emitted_in_order_at_arrival(recorder));
  const std::vector<double> offsets = offsets_ps(recorder, params);
  const double sigma = 25e6, half = 50e6;  // ps
  const auto [lowest, highest] = std::minmax_element(offsets.begin(), offsets.end());
  CHECK(*lowest >= -half);
  CHECK(*highest <= half);
  // P(|X| > 2 sigma) = erfc(2 / sqrt 2) = 4.55%; its standard error over 1e5 is 0.066%.
  const double tail = std::erfc(2.0 / std::sqrt(2.0));
  const double clamped = static_cast<double>(source.jitter_clamped()) / 1e5;
  CHECK(clamped == Approx(tail).margin(0.003));
  // Variance of N(0, s) clamped at c = 2s: s^2 (1 - tail - 2 c/s phi(c/s)) + c^2 tail.
  const double phi2 = std::exp(-2.0) / std::sqrt(2.0 * std::acos(-1.0));  // phi(2)
  const double variance = sigma * sigma * (1.0 - tail - 4.0 * phi2) + half * half * tail;
  const Moments m = moments(offsets);
  CHECK(std::abs(m.mean) < 300e3);  // standard error 76 ns
  CHECK(m.stddev == Approx(std::sqrt(variance)).epsilon(0.01));
}

TEST_CASE("deadlines count from the arrival or from the nominal release", "[workload][periodic][deadline]") {
  PeriodicSourceParams params = every_10us();
  params.phase = sc_time(10, SC_US);
  params.jitter = sc_time(3, SC_US);
  params.relative_deadline = sc_time(8, SC_US);
  params.limits.max_jobs = 1000;
  JobRecorder from_arrival, from_release;
  PeriodicSource a("a", params, from_arrival.sink(), RandomStreams(3).stream("a"));
  params.deadline_from = DeadlineFrom::release;
  PeriodicSource b("b", params, from_release.sink(), RandomStreams(3).stream("b"));
  sc_core::sc_start();
  REQUIRE(from_arrival.size() == 1000);
  REQUIRE(from_release.size() == 1000);
  int moved = 0;
  for (std::size_t k = 0; k < 1000; ++k) {
    const sc_time release = sc_time(10.0 * static_cast<double>(k + 1), SC_US);
    CHECK(from_arrival[k].deadline == from_arrival[k].arrival + sc_time(8, SC_US));
    CHECK(from_release[k].deadline == release + sc_time(8, SC_US));
    moved += from_release[k].arrival != release;
  }
  CHECK(moved > 990);  // the jitter really moved the arrivals away from the releases
}

TEST_CASE("jitter that would arrive before time zero arrives at zero and is counted", "[workload][periodic][jitter]") {
  // 200 independent sources, one job each at phase 0 with +-5 us of jitter:
  // about half draw a negative offset and must arrive at exactly 0.
  PeriodicSourceParams params;
  params.period = sc_time(100, SC_US);
  params.bytes = JobSize::fixed(ByteSize{64});
  params.jitter = sc_time(5, SC_US);
  params.limits.max_jobs = 1;
  const RandomStreams streams(4);
  std::vector<JobRecorder> recorders(200);
  std::vector<std::unique_ptr<PeriodicSource>> sources;
  for (std::size_t i = 0; i < recorders.size(); ++i)
    sources.push_back(
        std::make_unique<PeriodicSource>(sc_core::sc_gen_unique_name("src"), params, recorders[i].sink(), streams));
  sc_core::sc_start();
  int at_zero = 0;
  std::uint64_t clamped = 0;
  for (std::size_t i = 0; i < recorders.size(); ++i) {
    REQUIRE(recorders[i].size() == 1);
    CHECK(recorders[i][0].arrival <= sc_time(5, SC_US));
    at_zero += recorders[i][0].arrival == sc_core::SC_ZERO_TIME;
    clamped += sources[i]->jitter_clamped();
  }
  CHECK(static_cast<std::uint64_t>(at_zero) == clamped);
  CHECK(at_zero > 70);  // binomial(200, 1/2): mean 100, sd 7
  CHECK(at_zero < 130);
}

TEST_CASE("a size range draws every size in it with the mean of its ends", "[workload][periodic][size]") {
  PeriodicSourceParams params = every_10us();
  params.bytes = JobSize::uniform(ByteSize{1024}, ByteSize{3072});
  params.limits.max_jobs = 100000;
  JobRecorder recorder;
  PeriodicSource source("src", params, recorder.sink(), RandomStreams(5).stream("src"));
  sc_core::sc_start();
  REQUIRE(recorder.size() == 100000);
  std::vector<double> sizes;
  std::uint64_t total = 0;
  for (const auto& job : recorder.jobs()) {
    sizes.push_back(static_cast<double>(job.request.bytes));
    total += job.request.bytes;
  }
  const auto [lowest, highest] = std::minmax_element(sizes.begin(), sizes.end());
  CHECK(*lowest == 1024);
  CHECK(*highest == 3072);
  CHECK(moments(sizes).mean == Approx(2048).epsilon(0.005));  // standard error 0.09%
  CHECK(source.stats().bytes == total);
  // Arrivals are still exact: sizes draw nothing from the timing.
  CHECK(recorder[99999].arrival == sc_time(999990, SC_US));
}

TEST_CASE("a periodic source refuses parameters it cannot honour", "[workload][periodic][params]") {
  JobRecorder recorder;
  const RandomStream rng = RandomStreams(6).stream("x");
  auto make = [&](const PeriodicSourceParams& params, bool with_rng) {
    if (with_rng)
      PeriodicSource source("p", params, recorder.sink(), rng);
    else
      PeriodicSource source("p", params, recorder.sink());
  };
  PeriodicSourceParams params = every_10us();
  params.period = sc_core::SC_ZERO_TIME;
  CHECK_THROWS_WITH(make(params, true), Contains("periodic source p: period must be positive"));
  params = every_10us();
  params.bytes = JobSize::fixed(ByteSize{0});
  CHECK_THROWS_WITH(make(params, true), Contains("job size must be at least 1B"));
  params.bytes = JobSize::uniform(ByteSize{2048}, ByteSize{1024});
  CHECK_THROWS_WITH(make(params, true), Contains("has min above max"));
  params = every_10us();
  params.jitter = sc_time(11, SC_US);
  CHECK_THROWS_WITH(make(params, true), Contains("jitter must not exceed the period"));
  params.jitter = sc_time(1, SC_US);
  CHECK_THROWS_WITH(make(params, false), Contains("needs a random stream"));
  params = every_10us();
  params.bytes = JobSize::uniform(ByteSize{1}, ByteSize{2});
  CHECK_THROWS_WITH(make(params, false), Contains("needs a random stream"));
  params = every_10us();
  params.relative_deadline = sc_core::SC_ZERO_TIME;
  CHECK_THROWS_WITH(make(params, true), Contains("a relative deadline must be positive"));
  CHECK_THROWS_WITH(PeriodicSource("p", every_10us(), JobSink{}), Contains("p: no job sink"));
  CHECK_NOTHROW(make(every_10us(), false));  // a deterministic source needs no stream
}
