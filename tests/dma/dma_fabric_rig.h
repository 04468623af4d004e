#pragma once
// A DMA controller on the project's Interconnect and Dram (models/bus,
// models/memory): the integration rig of the DMA tests. DRAM is mapped at 0.
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>

#include "dma_rig.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/memory/dram.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim::test {

// 16 B per cycle at 400 MHz: 64 B hold a port for 4 x 2.5 = 10 ns.
inline InterconnectParams fabric_bus(double hop_ns) {
  InterconnectParams params;
  params.hop_latency = ns(hop_ns);
  params.data_width_bytes = 16;
  params.clock = Frequency{400e6};
  return params;
}

// No row timing; `latency_ns` per access; 6.4 GB/s = 10 ns per 64 B, or a
// bandwidth so high that an access takes no data-bus time (rounds to 0 ps).
inline DramParams fabric_dram(double latency_ns, bool bandwidth_limited) {
  DramParams params;
  params.size = ByteSize{16u << 20};
  params.access_latency = ns(latency_ns);
  params.t_rcd = sc_core::SC_ZERO_TIME;
  params.t_rp = sc_core::SC_ZERO_TIME;
  params.bandwidth = Bandwidth{bandwidth_limited ? 6.4e9 : 1e15};
  return params;
}

struct FabricRig {
  PmCore core;
  RpmDevice device;
  DmaController dmac;
  Interconnect bus;
  Dram dram;
  std::vector<DmaCompletion> completions;

  FabricRig(const DmaControllerParams& params, const InterconnectParams& bus_params, const DramParams& dram_params,
            const std::string& prefix = "")
      : core((prefix + "pm").c_str()),
        device((prefix + "dma_dev").c_str(), core),
        dmac((prefix + "dmac").c_str(), params, device),
        bus((prefix + "bus").c_str(), bus_params),
        dram((prefix + "dram").c_str(), dram_params) {
    for (unsigned i = 0; i < params.ports; ++i) dmac.port[i].bind(bus.in);
    bus.out.bind(dram.socket);
    bus.map(0, 0, dram_params.size.bytes);
    device.set_active();
    for (unsigned i = 0; i < dmac.channel_count(); ++i)
      dmac.channel(i).set_callback([this](const DmaCompletion& c) { completions.push_back(c); });
  }

  void fill(std::uint64_t address, std::uint64_t len) {
    std::vector<std::uint8_t> bytes(len);
    for (std::uint64_t i = 0; i < len; ++i) bytes[i] = pattern(address + i);
    dram.backdoor_write(address, bytes.data(), len);
  }

  std::uint8_t byte(std::uint64_t address) const {
    std::uint8_t value = 0;
    dram.backdoor_read(address, &value, 1);
    return value;
  }

  DmaCookie memcpy(unsigned ch, std::uint64_t dst, std::uint64_t src, std::uint64_t len) {
    DmaChannel& channel = dmac.channel(ch);
    const DmaCookie cookie = channel.submit(channel.prep_memcpy(dst, src, len));
    channel.issue_pending();
    return cookie;
  }
};

}  // namespace wakesim::test
