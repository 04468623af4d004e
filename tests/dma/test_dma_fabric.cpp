// The DMA controller on the project's Interconnect and Dram: one transfer's time,
// exact bytes, two channels sharing the DRAM port, and the quantum check of
// docs/architecture.md, 'Timing model', on the real fabric. Times in nanoseconds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "dma_fabric_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/core/random_streams.h"

using namespace wakesim;
using wakesim::test::dma_params;
using wakesim::test::fabric_bus;
using wakesim::test::fabric_dram;
using wakesim::test::FabricRig;
using wakesim::test::ns;
using wakesim::test::pattern;
using wakesim::test::run_in_thread;

TEST_CASE("a memcpy through the interconnect to dram takes setup plus bus and dram time per access",
          "[dma][fabric][timing]") {
  // One access arriving at t: bus port t..t+10 (64 B / 16 B x 2.5 ns), hop 5, so
  // DRAM sees it at t + 15, ready 20 later, data bus 10: done at t + 45. A burst
  // is a read and a write: 90; 16 bursts one at a time after 200 of setup: 1640.
  FabricRig rig(dma_params(1, 1, 200), fabric_bus(5), fabric_dram(20, true));
  rig.fill(0x1000, 1024);
  run_in_thread([&] { rig.memcpy(0, 0x8000, 0x1000, 1024); });
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  CHECK(rig.completions[0].finished == ns(1640));
  CHECK(rig.dram.stats().reads == 16);
  CHECK(rig.dram.stats().writes == 16);
  CHECK(rig.dram.stats().bytes_written == 1024);
  CHECK(rig.bus.target_port(0).transactions == 32);
  CHECK(rig.bus.target_port(0).bytes == 2048);
  CHECK(rig.bus.target_port_busy_time(0) == ns(320));
  for (std::uint64_t i = 0; i < 1024; ++i) CHECK(rig.byte(0x8000 + i) == pattern(0x1000 + i));
}

TEST_CASE("a memcpy and a scatter gather copy through the fabric produce the exact bytes", "[dma][fabric][data]") {
  FabricRig rig(dma_params(1, 4, 50), fabric_bus(5), fabric_dram(20, true));
  rig.fill(0x10000, 0x5000);
  const std::vector<DmaSegment> segments = {
      {0x12001, 0x29001, 100}, {0x13010, 0x29107, 65}, {0x14000, 0x29203, 1}, {0x14805, 0x29301, 200}};
  run_in_thread([&] {
    DmaChannel& ch = rig.dmac.channel(0);
    ch.submit(ch.prep_memcpy(0x28005, 0x10003, 1000));
    ch.submit(ch.prep_sg(segments));
    ch.issue_pending();
  });
  REQUIRE(rig.completions.size() == 2);
  CHECK(rig.completions[0].bytes == 1000);
  CHECK(rig.completions[1].bytes == 366);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) wrong += rig.byte(0x28005 + i) != pattern(0x10003 + i);
  for (const DmaSegment& s : segments)
    for (std::uint64_t i = 0; i < s.len; ++i) wrong += rig.byte(s.dst + i) != pattern(s.src + i);
  CHECK(wrong == 0);
  CHECK(rig.byte(0x28004) == 0);
  CHECK(rig.byte(0x28005 + 1000) == 0);
  CHECK(rig.dram.stats().bytes_written == 1366);
}

TEST_CASE("two channels through the interconnect share its dram port access by access", "[dma][fabric][contention]") {
  // No hop latency, no DRAM latency or data-bus time: the bus's DRAM port (10
  // per 64 B access) is the only resource. 16 bursts per channel, one in
  // flight: alone 32 x 10 = 320; together the port is busy without a gap for
  // 64 x 10 = 640, every access but the very first waits 10 for one of the other
  // channel's (total wait 63 x 10 = 630), and the channels end at 630 and 640.
  FabricRig rig(dma_params(2, 1, 0), fabric_bus(0), fabric_dram(0, false));
  run_in_thread([&] {
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    rig.memcpy(1, 0xC000, 0x4000, 1024);
  });
  REQUIRE(rig.completions.size() == 2);
  const sc_core::sc_time first = std::min(rig.completions[0].finished, rig.completions[1].finished);
  const sc_core::sc_time last = std::max(rig.completions[0].finished, rig.completions[1].finished);
  CHECK(first == ns(630));
  CHECK(last == ns(640));
  const Interconnect::PortStats& port = rig.bus.target_port(0);
  CHECK(port.transactions == 64);
  CHECK(port.wait.count() == 64);
  CHECK(port.wait.sum() == static_cast<long double>(ns(630).value()));
  CHECK(rig.bus.target_port_busy_time(0) == ns(640));
}

namespace {

constexpr unsigned kChannels = 3;
constexpr unsigned kJobs = 400;

struct Job {
  sc_core::sc_time at;
  std::uint64_t bytes;
};

// Per channel: exponential gaps with a 4 us mean, 1..64 bursts of 64 B: about
// 2 x 32.5 x 10 = 650 ns of DRAM data-bus time per job, three channels ~50%.
std::vector<std::vector<Job>> schedule() {
  const RandomStreams streams(77);
  std::vector<std::vector<Job>> jobs(kChannels);
  for (unsigned ch = 0; ch < kChannels; ++ch) {
    RandomStream random = streams.stream("fabric" + std::to_string(ch));
    double t_ns = 0;
    for (unsigned j = 0; j < kJobs; ++j) {
      t_ns += std::floor(random.exponential(4000.0));
      jobs[ch].push_back(Job{ns(t_ns), 64 * random.uniform_int(1, 64)});
    }
  }
  return jobs;
}

void start_clients(FabricRig& rig, const std::vector<std::vector<Job>>& jobs) {
  for (unsigned ch = 0; ch < kChannels; ++ch) {
    sc_core::sc_spawn([&rig, &jobs, ch] {
      const std::uint64_t src = 0x100000ull * ch;
      for (const Job& job : jobs[ch]) {
        sc_core::wait(job.at - sc_core::sc_time_stamp());
        rig.memcpy(ch, src + 0x80000, src, job.bytes);
      }
    });
  }
}

std::unique_ptr<FabricRig> fabric_system(const sc_core::sc_time& quantum, const std::string& prefix) {
  DmaControllerParams params = dma_params(kChannels, 4, 100);
  params.quantum = quantum;
  DramParams dram;  // the LPDDR4 defaults: row hits and misses, 6.4 GB/s
  dram.size = ByteSize{16u << 20};
  return std::make_unique<FabricRig>(params, InterconnectParams(), dram, prefix);
}

void check_close(double value, double reference, const char* what) {
  INFO(what << ": " << value << " vs " << reference << " at quantum 0");
  CHECK(value == Approx(reference).epsilon(0.01));
}

}  // namespace

TEST_CASE("the same multi master run through the fabric at quantum 0 and 100 ns and 1 us agrees within 1 percent",
          "[dma][fabric][quantum]") {
  const auto jobs = schedule();
  std::vector<std::unique_ptr<FabricRig>> systems;
  systems.push_back(fabric_system(sc_core::SC_ZERO_TIME, "q0_"));
  systems.push_back(fabric_system(ns(100), "q100ns_"));
  systems.push_back(fabric_system(ns(1000), "q1us_"));
  run_in_thread([&] {
    for (auto& system : systems) start_clients(*system, jobs);
  });
  std::uint64_t expected_bytes = 0;
  for (const auto& channel_jobs : jobs)
    for (const Job& job : channel_jobs) expected_bytes += job.bytes;
  FabricRig& reference = *systems[0];
  for (std::size_t q = 0; q < systems.size(); ++q) {
    FabricRig& system = *systems[q];
    INFO("system " << q << " (0: quantum 0, 1: 100 ns, 2: 1 us)");
    CHECK(system.dmac.total_stats().jobs == kChannels * kJobs);
    CHECK(system.dmac.total_stats().bytes == expected_bytes);
    CHECK(system.dram.stats().bytes_written == expected_bytes);
    // Accesses of different channels that reach the bus at the same picosecond
    // are arbitrated in delta-cycle order, which the quantum changes (who waited
    // where), so DRAM sees some of them in another order and a few row hits turn
    // into misses and back: activations agree within 2%, dynamic energy within 1%.
    CHECK(static_cast<double>(system.dram.stats().activations()) ==
          Approx(static_cast<double>(reference.dram.stats().activations())).epsilon(0.02));
    CHECK(system.dram.stats().reads == reference.dram.stats().reads);
    check_close(system.dram.ledger().total(EnergyCategory::dynamic).joules,
                reference.dram.ledger().total(EnergyCategory::dynamic).joules, "DRAM dynamic energy");
    for (unsigned ch = 0; ch < kChannels; ++ch) {
      INFO("channel " << ch);
      const LatencyHistogram& s = system.dmac.channel(ch).stats().latency;
      const LatencyHistogram& r = reference.dmac.channel(ch).stats().latency;
      CHECK(s.count() == kJobs);
      check_close(s.mean(), r.mean(), "mean");
      check_close(s.percentile(0.5), r.percentile(0.5), "p50");
      check_close(s.percentile(0.9), r.percentile(0.9), "p90");
      check_close(s.percentile(0.99), r.percentile(0.99), "p99");
      check_close(static_cast<double>(s.max()), static_cast<double>(r.max()), "max");
    }
  }
}
