#pragma once
// An IOMMU under a power binding (IommuPowerManager) with one master: the
// master's RpmDevice drives a DmaController whose only channel (stream 5) goes
// through IOMMU port 0; the IOMMU is the exact IommuRig (walker on a flat Dram,
// translated and bypassed traffic to a RecordingTarget). Every figure the binding
// tests compute by hand (times in us):
//   pm_wq dispatch                              W   = 20 (PmCore's default)
//   IOMMU domain: power on 20, power off 10 (iommu_domain()); registers: write
//     0.05, sync 0.4, so with one context and one stream binding
//     restore (4 + 2 + 1 + 1) x 0.05 + 0.4      = 0.8
//     IOMMU resume chain  Ri = 20 + 0.8         = 20.8
//     IOMMU suspend       Si = domain off       = 10
//     one-page invalidate (1 + 1) x 0.05 + 0.4  = 0.5
//   master: domain on 100 / off 50, driver callbacks resume 40 / suspend 10:
//     master chain Rm = 140, master suspend Sm = 60
//   energy: IOMMU clocks 1 mW while not suspended, 0.1 mW suspended; register
//     writes 10 pJ each (IommuRegisterParams default); the IOMMU's domain has no
//     power figures.
//   DMA: one channel, 64 B bursts, one outstanding, setup 0.1.
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <systemc>

#include "iommu/iommu_rig.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/drivers/iommu_power_manager.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim::test {

struct BindingTimes {
  static constexpr double W = 20, Ri = 20.8, Si = 10, u = 0.5, Rm = 140, Sm = 60;
  static constexpr double Pi = 20;  // the IOMMU domain's power-on (part of Ri)
  static constexpr double P_active = 1e-3, P_suspended = 1e-4, e_write = 10e-12;
  static constexpr double dma_setup = 0.1;
};

constexpr std::uint64_t kBindingPage = 0x1000;
constexpr std::uint64_t kBindingIova = 0x1000'0000;
constexpr std::uint64_t kBindingPhys = 0x40'0000;
constexpr std::uint32_t kBindingStream = 5;

inline IommuRigOptions binding_iommu_options(EnergyLedger& ledger, const std::string& prefix,
                                             IommuWhenSuspended when_suspended) {
  IommuRigOptions options;
  options.iommu.power.when_suspended = when_suspended;
  options.domain = iommu_domain();
  options.masters = 0;
  options.ledger = &ledger;
  options.prefix = prefix;
  return options;
}

inline PowerDomainParams master_domain() {
  PowerDomainIdleState off;
  off.name = "off";
  off.power_off_latency = us(50);
  off.power_on_latency = us(100);
  PowerDomainParams params;
  params.states.push_back(off);
  return params;
}

inline DmaControllerParams binding_dma() {
  DmaControllerParams params;
  params.channels = 1;
  params.channel_params = {channel_on(kBindingStream, 0)};
  params.burst_size = ByteSize{64};
  params.max_outstanding = 1;
  params.setup_latency = us(BindingTimes::dma_setup);
  return params;
}

inline IommuPowerManagerParams binding_params(IommuPowerBinding binding) {
  IommuPowerManagerParams params;
  params.binding = binding;
  return params;
}

struct BindingRig {
  EnergyLedger ledger;
  IommuRig iommu;
  TimedCallbacks master_driver{timed(10, 40)};
  RpmDevice master;
  PowerDomain master_pd;
  DmaController dmac;
  IommuPowerManager power;
  std::vector<DmaCompletion> completions;
  sc_core::sc_event completed;

  explicit BindingRig(const IommuPowerManagerParams& params, const std::string& prefix = "",
                      IommuWhenSuspended when_suspended = IommuWhenSuspended::bypass)
      : iommu(binding_iommu_options(ledger, prefix, when_suspended)),
        master((prefix + "master").c_str(), iommu.core, nullptr, &master_driver),
        master_pd((prefix + "master_pd").c_str(), iommu.core, master_domain()),
        dmac((prefix + "dmac").c_str(), binding_dma(), master),
        power(iommu.driver, params, &ledger) {
    iommu.device.attach_energy(ledger, Power{BindingTimes::P_active}, Power{BindingTimes::P_suspended});
    master_pd.attach(master);
    dmac.port[0].bind(iommu.iommu.port[0]);
    dmac.channel(0).set_callback([this](const DmaCompletion& completion) {
      completions.push_back(completion);
      completed.notify(sc_core::SC_ZERO_TIME);
    });
    REQUIRE(power.add_master(master) == 0);
  }

  RpmDevice& device() { return iommu.device; }

  // At time 0 in a thread: runtime PM of both devices, context 0 (ARM 4 KiB,
  // ASID 1) bound to every stream of port 0, through the binding.
  void probe() {
    REQUIRE(power.setup() == 0);
    master.enable();
    REQUIRE(power.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
    REQUIRE(power.attach_stream(0, Iommu::kAnyStream, 0) == 0);
  }

  static std::uint64_t iova(std::uint64_t page) { return kBindingIova + page * kBindingPage; }
  static std::uint64_t phys(std::uint64_t page) { return kBindingPhys + page * kBindingPage; }
  int map_page(std::uint64_t page, CallContext context = CallContext::process) {
    return power.map(0, iova(page), phys(page), kBindingPage, AccessPermissions::read_write(), context);
  }
  UnmapResult unmap_page(std::uint64_t page, CallContext context = CallContext::process) {
    return power.unmap(0, iova(page), kBindingPage, context);
  }

  // A memcpy of `bytes` from page `src` to page `dst` (IOVAs); waits for its
  // completion interrupt.
  void copy(std::uint64_t dst, std::uint64_t src, std::uint64_t bytes) {
    DmaChannel& channel = dmac.channel(0);
    const std::size_t before = completions.size();
    channel.submit(channel.prep_memcpy(iova(dst), iova(src), bytes));
    channel.issue_pending();
    while (completions.size() == before) sc_core::wait(completed);
  }
};

// When a device's runtime status changed, as seen by a watcher thread.
struct StatusLog {
  std::vector<std::pair<sc_core::sc_time, RpmStatus>> entries;

  // The first time at or after `after` that the status became `status`, or
  // SC_ZERO_TIME if it never did.
  sc_core::sc_time first(RpmStatus status, const sc_core::sc_time& after = sc_core::SC_ZERO_TIME) const {
    for (const auto& entry : entries)
      if (entry.second == status && entry.first >= after) return entry.first;
    return sc_core::SC_ZERO_TIME;
  }
};

inline void watch(const RpmDevice& device, StatusLog& log) {
  sc_core::sc_spawn([&device, &log] {
    for (;;) {
      sc_core::wait(device.status_changed_event());
      log.entries.emplace_back(sc_core::sc_time_stamp(), device.status());
    }
  });
}

// Runs each body in its own SystemC thread until nothing is left to do; the
// first failed assertion (or exception) in any of them is rethrown here.
inline void run_threads(const std::vector<std::function<void()>>& bodies) {
  std::exception_ptr failure;
  for (const auto& body : bodies) {
    sc_core::sc_spawn([&failure, &body] {
      try {
        body();
      } catch (...) {
        if (!failure) failure = std::current_exception();
        sc_core::sc_stop();
      }
    });
  }
  sc_core::sc_start();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace wakesim::test
