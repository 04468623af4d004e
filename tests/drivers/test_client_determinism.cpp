// The same workload on two identical rigs in one simulation gives identical
// statistics, histograms and energy (docs/architecture.md, 'Timing model': deterministic).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "driver_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::wait;
using wakesim::test::client_params;
using wakesim::test::DriverRig;
using wakesim::test::ms;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

struct Arrival {
  sc_time gap;
  std::uint64_t bytes;
};

// Gaps from 0.1 to 40 ms (some shorter than the 20 ms autosuspend delay, some
// longer), sizes of 1 .. 1536 bursts of 64 B (some beyond the 64 KiB regions,
// which wrap), and a few bursts of back-to-back jobs; from a fixed xorshift.
std::vector<Arrival> workload(int jobs) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<Arrival> arrivals;
  for (int k = 0; k < jobs; ++k) {
    const std::uint64_t gap_us = next() % 8 == 0 ? 0 : 100 + next() % 39900;
    arrivals.push_back({us(static_cast<double>(gap_us)), 64 * (1 + next() % 1536)});
  }
  return arrivals;
}

}  // namespace

TEST_CASE("two identical rigs fed the same jobs give identical histograms and energy", "[drivers][determinism]") {
  constexpr int kJobs = 300;
  const std::vector<Arrival> arrivals = workload(kJobs);
  DmaengineClientParams params = client_params(ResumePolicy::async, 30);
  DriverRig a(params, "a_");
  DriverRig b(params, "b_");
  double energy_a = 0;
  double energy_b = 0;
  run_in_thread([&] {
    wait(ms(1));
    std::uint64_t id = 0;
    for (const Arrival& arrival : arrivals) {
      wait(arrival.gap);
      a.submit(id, arrival.bytes, sc_core::sc_time_stamp() + us(300));
      b.submit(id, arrival.bytes, sc_core::sc_time_stamp() + us(300));
      ++id;
    }
    wait(ms(100));
    energy_a = a.energy();
    energy_b = b.energy();
  });
  const DmaengineClientStats& sa = a.client.stats();
  const DmaengineClientStats& sb = b.client.stats();
  // The workload exercises resumes, queueing, wrapping and deadline misses.
  CHECK(sa.completed == kJobs);
  CHECK(sa.wrapped > 0);
  CHECK(sa.pm_wait.max() >= us(170).value());
  CHECK(sa.queue.max() > 0);
  CHECK(sa.deadline_misses > 0);
  CHECK(a.device.resumes() > 1);
  // Identical.
  CHECK(sa == sb);
  CHECK(sa.latency == sb.latency);
  CHECK(sa.pm_wait == sb.pm_wait);
  CHECK(sa.latency.percentile(0.99) == sb.latency.percentile(0.99));
  CHECK(energy_a == energy_b);
  CHECK(a.device.resumes() == b.device.resumes());
  CHECK(a.pd.power_off_count() == b.pd.power_off_count());
  REQUIRE(a.jobs.size() == b.jobs.size());
  for (std::size_t i = 0; i < a.jobs.size(); ++i) {
    CHECK(a.jobs[i].finished == b.jobs[i].finished);
    CHECK(a.jobs[i].stalled == b.jobs[i].stalled);
  }
}
