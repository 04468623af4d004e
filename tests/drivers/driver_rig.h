#pragma once
// A dmaengine client on a DMA controller in its own power domain, behind an
// interconnect device (its runtime-PM parent), moving data through an
// Interconnect into a Dram: the integration rig of the driver tests. Every time
// below is a parameter the tests' hand calculations use.
//
// Runtime PM (times in us):
//   pm_wq dispatch                              W    = 20
//   parent "noc" (interconnect device): resume  Pr   = 10,  suspend Ps = 5
//   controller's domain "pd": power on          Lon  = 100, power off Loff = 50
//   controller's driver callbacks: resume       Rr   = 40,  suspend Rs = 10
//   so the resume chain of a suspended controller C = Pr + Lon + Rr = 150,
//   and through pm_wq (async) W + C = 170.
// Energy (ledger components "pd", "dma_dev", "dmac"):
//   domain leakage ON P_on = 2 mW, OFF P_off = 50 uW; power on E_pon = 1.5 uJ,
//   power off E_poff = 0.5 uJ; controller clocks P_act = 1 mW while not
//   suspended, 0 while suspended; resume callback E_r = 2 uJ, suspend E_s = 1 uJ;
//   DMA 10 pJ per byte, 5 nJ per descriptor.
// Transfer: one channel burst of 64 B at a time (max_outstanding 1), setup
//   200 ns; each access = bus port 64 B / 16 B per 2.5 ns cycle = 10 ns + hop
//   5 ns + DRAM 40 ns (no row timing, unlimited bandwidth) = 55 ns; a burst is a
//   read then a write: 110 ns. So a job of B bytes (a multiple of 64) takes
//   X(B) = 200 + 110 B / 64 ns; X(1 KiB) = 1960 ns.
// Start-up: the domain is ON at attach (genpd's DT attach path powers it on) and
//   the late-init power-off (genpd_power_off_unused) is queued at 0: with the
//   controller suspended the domain is OFF from W + Loff = 70 us. Tests start
//   their jobs at t0 = 1 ms.
// Memory: DRAM at 0 (16 MiB); the client's source region is 64 KiB at 0x10000,
//   its destination 64 KiB at 0x100000 unless a test changes them.
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <systemc>

#include "support/power_params.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/drivers/dmaengine_client.h"
#include "wakesim/memory/dram.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim::test {

inline sc_core::sc_time ns(double value) { return sc_core::sc_time(value, sc_core::SC_NS); }
inline sc_core::sc_time ms(double value) { return sc_core::sc_time(value, sc_core::SC_MS); }

// The rig's constants, for the hand calculations.
struct RigTimes {
  static constexpr double W = 20, Pr = 10, Ps = 5, Lon = 100, Loff = 50, Rr = 40, Rs = 10;
  static constexpr double C = Pr + Lon + Rr;  // 150 us
  static constexpr double P_on = 2e-3, P_off = 50e-6, E_pon = 1.5e-6, E_poff = 0.5e-6;
  static constexpr double P_act = 1e-3, E_r = 2e-6, E_s = 1e-6;
  static constexpr double e_byte = 10e-12, e_desc = 5e-9;
  // The transfer of `bytes` (a multiple of 64) in us.
  static constexpr double X(double bytes) { return (200 + 110 * bytes / 64) / 1000; }
};

constexpr std::uint64_t kSourceBase = 0x10000;
constexpr std::uint64_t kDestinationBase = 0x100000;
constexpr std::uint64_t kRegionSize = 64 * 1024;

inline DmaengineClientParams client_params(ResumePolicy policy, double prepare_us, double autosuspend_ms = 20) {
  DmaengineClientParams params;
  params.policy = policy;
  params.data_prepare_time = us(prepare_us);
  params.autosuspend_delay = ms(autosuspend_ms);
  params.source = DmaBufferRegion{kSourceBase, ByteSize{kRegionSize}};
  params.destination = DmaBufferRegion{kDestinationBase, ByteSize{kRegionSize}};
  return params;
}

inline PowerDomainParams rig_domain() {
  PowerDomainIdleState off;
  off.name = "off";
  off.power_off_latency = us(RigTimes::Loff);
  off.power_on_latency = us(RigTimes::Lon);
  off.off_power = Power{RigTimes::P_off};
  off.power_on_energy = Energy{RigTimes::E_pon};
  off.power_off_energy = Energy{RigTimes::E_poff};
  PowerDomainParams params;
  params.states.push_back(off);
  params.on_power = Power{RigTimes::P_on};
  params.initially_on = true;
  return params;
}

inline TimedCallbacksParams rig_driver() {
  TimedCallbacksParams params = timed(RigTimes::Rs, RigTimes::Rr);
  params.suspend_energy_joules = RigTimes::E_s;
  params.resume_energy_joules = RigTimes::E_r;
  return params;
}

inline DmaControllerParams rig_dma(DmaWhenSuspended when_suspended) {
  DmaControllerParams params;
  params.channels = 2;
  params.max_outstanding = 1;
  params.setup_latency = ns(200);
  params.burst_size = ByteSize{64};
  params.when_suspended = when_suspended;
  params.energy_per_byte = Energy{RigTimes::e_byte};
  params.energy_per_descriptor = Energy{RigTimes::e_desc};
  return params;
}

inline InterconnectParams rig_bus() {
  InterconnectParams params;
  params.hop_latency = ns(5);
  params.data_width_bytes = 16;
  params.clock = Frequency{400e6};
  return params;
}

inline DramParams rig_dram() {
  DramParams params;
  params.size = ByteSize{16u << 20};
  params.access_latency = ns(40);
  params.t_rcd = sc_core::SC_ZERO_TIME;
  params.t_rp = sc_core::SC_ZERO_TIME;
  params.bandwidth = Bandwidth{1e15};  // 64 B take 0.064 ps: rounds to 0
  return params;
}

inline PmCoreParams rig_core(AutosuspendTimerSlack slack) {
  PmCoreParams params = wq_latency(RigTimes::W);
  params.autosuspend_timer_slack = slack;
  return params;
}

struct DriverRig {
  EnergyLedger ledger;
  PmCore core;
  TimedCallbacks noc_driver{timed(RigTimes::Ps, RigTimes::Pr)};
  TimedCallbacks dma_driver{rig_driver()};
  RpmDevice noc;
  RpmDevice device;
  PowerDomain pd;
  DmaController dmac;
  Interconnect bus;
  Dram dram;
  DmaengineClient client;
  std::vector<DmaJobRecord> jobs;  // every finished job, in completion order

  // `prefix` keeps module and ledger names unique when a test builds several rigs.
  explicit DriverRig(const DmaengineClientParams& params, const std::string& prefix = "",
                     DmaWhenSuspended when_suspended = DmaWhenSuspended::stall,
                     AutosuspendTimerSlack slack = AutosuspendTimerSlack::expiry)
      : core((prefix + "pm").c_str(), rig_core(slack)),
        noc((prefix + "noc").c_str(), core, nullptr, &noc_driver),
        device((prefix + "dma_dev").c_str(), core, &noc, &dma_driver),
        pd((prefix + "pd").c_str(), core, rig_domain(), &ledger),
        dmac((prefix + "dmac").c_str(), rig_dma(when_suspended), device, &ledger),
        bus((prefix + "bus").c_str(), rig_bus()),
        dram((prefix + "dram").c_str(), rig_dram()),
        client((prefix + "client").c_str(), dmac, 0, params) {
    dmac.port[0].bind(bus.in);
    bus.out.bind(dram.socket);
    bus.map(0, 0, rig_dram().size.bytes);
    dma_driver.attach_energy(ledger, device.name());
    device.attach_energy(ledger, Power{RigTimes::P_act}, Power{0});
    pd.attach(device);
    noc.enable();
    pd.queue_power_off_work();  // genpd_power_off_unused() at late init
    client.set_job_observer([this](const DmaJobRecord& job) { jobs.push_back(job); });
  }

  // A copy job of `bytes` for the client, arriving now.
  JobRequest job(std::uint64_t id, std::uint64_t bytes, sc_core::sc_time deadline = sc_core::SC_ZERO_TIME) const {
    JobRequest request;
    request.id = id;
    request.arrival = sc_core::sc_time_stamp();
    request.bytes = bytes;
    request.deadline = deadline;
    return request;
  }

  void submit(std::uint64_t id, std::uint64_t bytes, sc_core::sc_time deadline = sc_core::SC_ZERO_TIME) {
    client.request(job(id, bytes, deadline));
  }

  // Flushes the static accounts up to now; then the ledger totals are exact.
  void flush_energy() {
    pd.update_accounting();
    device.close_energy();
  }
  double energy() {
    flush_energy();
    return ledger.total().joules;
  }

  void fill_source(std::uint64_t len) {
    std::vector<std::uint8_t> bytes(len);
    for (std::uint64_t i = 0; i < len; ++i) bytes[i] = source_byte(i);
    dram.backdoor_write(client.params().source.base, bytes.data(), len);
  }
  static std::uint8_t source_byte(std::uint64_t offset) {
    return static_cast<std::uint8_t>((offset * 131 + (offset >> 8) * 7 + 1) & 0xff);
  }
  std::uint8_t byte(std::uint64_t address) const {
    std::uint8_t value = 0;
    dram.backdoor_read(address, &value, 1);
    return value;
  }
};

// The parts of every job add up to its latency (DmaJobRecord's breakdown).
inline void check_parts_add_up(const DmaJobRecord& job) {
  CHECK(job.prepare() + job.queue() + job.pm_wait() + job.translation + job.transfer() == job.latency());
}

}  // namespace wakesim::test
