// docs/architecture.md, 'Timing model': the quantum must not change the answer. The same multi-master
// run (three channels with Poisson-like memcpy streams) at quantum 0, 100 ns and
// 1 us, in three independent systems side by side in one simulation (each
// controller has its own quantum).
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "dma_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/core/random_streams.h"

using namespace wakesim;
using wakesim::test::dma_params;
using wakesim::test::DmaRig;
using wakesim::test::DmaTestMemory;
using wakesim::test::ns;
using wakesim::test::ported_memory;
using wakesim::test::run_in_thread;

namespace {

constexpr unsigned kChannels = 3;
constexpr unsigned kJobs = 500;

struct Job {
  sc_core::sc_time at;
  std::uint64_t bytes;
};

// Per channel: exponential gaps with a 3 us mean, 1..64 bursts of 64 B. A port
// takes 10 ns per access, so a job needs 2 x 32.5 x 10 = 650 ns of port time on
// average and three channels on one port load it to about 65%.
std::vector<std::vector<Job>> schedule() {
  const RandomStreams streams(2024);
  std::vector<std::vector<Job>> jobs(kChannels);
  for (unsigned ch = 0; ch < kChannels; ++ch) {
    RandomStream random = streams.stream("ch" + std::to_string(ch));
    double t_ns = 0;
    for (unsigned j = 0; j < kJobs; ++j) {
      t_ns += std::floor(random.exponential(3000.0));
      jobs[ch].push_back(Job{ns(t_ns), 64 * random.uniform_int(1, 64)});
    }
  }
  return jobs;
}

test::DmaTestMemoryParams memory_params(bool sync_on_arrival) {
  test::DmaTestMemoryParams memory = ported_memory(10, 40);
  memory.size = 0x100000;
  memory.sync_on_arrival = sync_on_arrival;
  return memory;
}

// One system: a controller with `quantum`. Shared: every channel on port 0 to
// one memory that arbitrates in time order. Private: channel i on port i to a
// memory of its own that books accesses in call order (no sync), so the
// channels run ahead of SystemC time by up to a quantum.
struct System {
  System(const sc_core::sc_time& q, bool shared, const std::string& prefix) : quantum(q) {
    DmaControllerParams params = dma_params(kChannels, 4, 100);
    params.quantum = quantum;
    if (!shared) {
      params.ports = kChannels;
      for (unsigned ch = 0; ch < kChannels; ++ch) params.channel_params.push_back(test::channel_on(ch, ch));
    }
    rig = std::make_unique<DmaRig>(params, memory_params(shared), true, nullptr, prefix);
    rig->memory.keep_log(false);
    for (unsigned port = 1; port < params.ports; ++port) {
      private_memories.push_back(
          std::make_unique<DmaTestMemory>((prefix + "mem" + std::to_string(port)).c_str(), memory_params(false)));
      private_memories.back()->keep_log(false);
      rig->dmac.port[port].bind(private_memories.back()->socket);
    }
  }
  sc_core::sc_time quantum;
  std::unique_ptr<DmaRig> rig;
  std::vector<std::unique_ptr<DmaTestMemory>> private_memories;
};

// One client thread per channel submits its jobs at their times.
void start_clients(DmaRig& rig, const std::vector<std::vector<Job>>& jobs) {
  for (unsigned ch = 0; ch < kChannels; ++ch) {
    sc_core::sc_spawn([&rig, &jobs, ch] {
      const std::uint64_t src = 0x40000ull * ch;
      for (const Job& job : jobs[ch]) {
        sc_core::wait(job.at - sc_core::sc_time_stamp());
        rig.memcpy(ch, src + 0x20000, src, job.bytes);
      }
    });
  }
}

std::uint64_t total_bytes(const std::vector<std::vector<Job>>& jobs) {
  std::uint64_t bytes = 0;
  for (const auto& channel_jobs : jobs)
    for (const Job& job : channel_jobs) bytes += job.bytes;
  return bytes;
}

std::vector<System> run_three_quanta(bool shared, const std::vector<std::vector<Job>>& jobs) {
  std::vector<System> systems;
  systems.emplace_back(sc_core::SC_ZERO_TIME, shared, "q0_");
  systems.emplace_back(ns(100), shared, "q100ns_");
  systems.emplace_back(ns(1000), shared, "q1us_");
  run_in_thread([&] {
    for (System& system : systems) start_clients(*system.rig, jobs);
  });
  return systems;
}

void check_close(double value, double reference, const char* what) {
  INFO(what << ": " << value << " ps vs " << reference << " ps at quantum 0");
  CHECK(value == Approx(reference).epsilon(0.01));
}

}  // namespace

TEST_CASE("the same multi master run on one port at quantum 0 and 100 ns and 1 us agrees within 1 percent",
          "[dma][quantum]") {
  const auto jobs = schedule();
  const std::vector<System> systems = run_three_quanta(true, jobs);
  const DmaRig& reference = *systems[0].rig;
  CHECK(reference.dmac.total_stats().bytes == total_bytes(jobs));
  // The port was busy 2 x (bytes / 64) x 10 ns (every job is whole bursts).
  CHECK(reference.memory.busy_ps() == 2 * (total_bytes(jobs) / 64) * ns(10).value());
  for (const System& system : systems) {
    INFO("quantum " << system.quantum);
    for (unsigned ch = 0; ch < kChannels; ++ch) {
      const DmaChannelStats& s = system.rig->dmac.channel(ch).stats();
      const DmaChannelStats& r = reference.dmac.channel(ch).stats();
      INFO("channel " << ch);
      CHECK(s.jobs == kJobs);
      CHECK(s.bytes == r.bytes);
      CHECK(s.bursts == r.bursts);
      check_close(s.latency.mean(), r.latency.mean(), "mean");
      check_close(s.latency.percentile(0.5), r.latency.percentile(0.5), "p50");
      check_close(s.latency.percentile(0.9), r.latency.percentile(0.9), "p90");
      check_close(s.latency.percentile(0.99), r.latency.percentile(0.99), "p99");
      check_close(static_cast<double>(s.latency.max()), static_cast<double>(r.latency.max()), "max");
    }
  }
}

TEST_CASE("channels running ahead on private ports give identical results at every quantum", "[dma][quantum]") {
  // Nothing is shared, so running ahead cannot reorder anything: every channel's
  // latencies must be exactly those of quantum 0.
  const auto jobs = schedule();
  const std::vector<System> systems = run_three_quanta(false, jobs);
  const DmaRig& reference = *systems[0].rig;
  CHECK(reference.dmac.total_stats().bytes == total_bytes(jobs));
  CHECK(reference.dmac.total_stats().jobs == kChannels * kJobs);
  for (const System& system : systems) {
    INFO("quantum " << system.quantum);
    for (unsigned ch = 0; ch < kChannels; ++ch) {
      INFO("channel " << ch);
      const DmaChannelStats& s = system.rig->dmac.channel(ch).stats();
      CHECK(s.jobs == kJobs);
      CHECK(s.latency == reference.dmac.channel(ch).stats().latency);
    }
  }
}
