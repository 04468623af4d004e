#pragma once
// A DMA controller on one test memory, with its runtime PM device, for the DMA
// tests. Times in nanoseconds unless a name says otherwise.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "dma_test_memory.h"
#include "support/power_params.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim::test {

inline sc_core::sc_time ns(double value) { return sc_core::sc_time(value, sc_core::SC_NS); }

inline DmaControllerParams dma_params(unsigned channels, unsigned max_outstanding, double setup_ns,
                                      std::uint64_t burst = 64) {
  DmaControllerParams params;
  params.channels = channels;
  params.max_outstanding = max_outstanding;
  params.setup_latency = ns(setup_ns);
  params.burst_size = ByteSize{burst};
  return params;
}

inline DmaChannelParams channel_on(std::uint32_t stream_id, unsigned port,
                                   std::optional<sc_core::sc_time> setup = std::nullopt) {
  DmaChannelParams params;
  params.stream_id = stream_id;
  params.port = port;
  params.setup_latency = setup;
  return params;
}

// Fixed latency, no port contention.
inline DmaTestMemoryParams fixed_latency_memory(double latency_ns) {
  DmaTestMemoryParams params;
  params.latency = ns(latency_ns);
  return params;
}

// A port that takes `cycle_ns` per 64 bytes, then `latency_ns`.
inline DmaTestMemoryParams ported_memory(double cycle_ns, double latency_ns) {
  DmaTestMemoryParams params;
  params.latency = ns(latency_ns);
  params.bytes_per_cycle = 64;
  params.cycle = ns(cycle_ns);
  return params;
}

// A byte that differs from its neighbours and from the same offset elsewhere.
inline std::uint8_t pattern(std::uint64_t address) {
  return static_cast<std::uint8_t>(((address ^ (address >> 8)) * 0x9E3779B1u) >> 24);
}

struct DmaRig {
  // pm_wq 20 us; the controller's driver resumes in 30 us and suspends in 5 us.
  PmCore core;
  TimedCallbacks driver{timed(5, 30)};
  RpmDevice device;
  DmaController dmac;
  DmaTestMemory memory;
  std::vector<DmaCompletion> completions;
  std::vector<sc_core::sc_time> interrupt_times;  // SystemC time when each callback ran

  // `powered`: the device starts ACTIVE with runtime PM disabled (set_active);
  // otherwise it stays SUSPENDED until the test enables and resumes it. `prefix`
  // keeps module names unique when a test builds several rigs.
  DmaRig(const DmaControllerParams& params, const DmaTestMemoryParams& memory_params, bool powered = true,
         EnergyLedger* ledger = nullptr, const std::string& prefix = "")
      : core((prefix + "pm").c_str(), wq_latency(20)),
        device((prefix + "dma_dev").c_str(), core, nullptr, &driver),
        dmac((prefix + "dmac").c_str(), params, device, ledger),
        memory((prefix + "mem").c_str(), memory_params) {
    dmac.port[0].bind(memory.socket);  // a test with more ports binds the others
    if (powered) device.set_active();
    for (unsigned i = 0; i < dmac.channel_count(); ++i)
      dmac.channel(i).set_callback([this](const DmaCompletion& c) {
        completions.push_back(c);
        interrupt_times.push_back(sc_core::sc_time_stamp());
      });
  }

  void fill(std::uint64_t address, std::uint64_t len) {
    for (std::uint64_t a = address; a < address + len; ++a) *memory.at(a) = pattern(a);
  }

  // prep_memcpy + submit + issue_pending on channel `ch`; returns the cookie.
  DmaCookie memcpy(unsigned ch, std::uint64_t dst, std::uint64_t src, std::uint64_t len) {
    DmaChannel& channel = dmac.channel(ch);
    const DmaCookie cookie = channel.submit(channel.prep_memcpy(dst, src, len));
    channel.issue_pending();
    return cookie;
  }
};

}  // namespace wakesim::test
