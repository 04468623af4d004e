#pragma once
// An Iommu with its runtime PM device, page tables in a Dram (written by the
// IommuDriver through DramPhysicalMemory) and test masters on its ports, in one
// of two set-ups:
// - exact: the walker reads the Dram directly, with a fixed latency (no row
//   timing, no data-bus time), and translated traffic goes to a RecordingTarget
//   with its own fixed latency, so every time is a short sum;
// - fabric: `walker` and `out` are two initiator ports of an Interconnect whose
//   only target is the Dram (mapped at 0), as on a platform.
// Times in nanoseconds unless a name says otherwise.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "dma/dma_fabric_rig.h"
#include "support/recording_target.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/drivers/iommu_driver.h"
#include "wakesim/drivers/page_table_allocator.h"
#include "wakesim/iommu/iommu.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/dram_physical_memory.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim::test {

constexpr std::uint64_t kTableBase = 0x10'0000;  // page tables: [1 MiB, 2 MiB) of the Dram
constexpr std::uint64_t kTableBytes = 0x10'0000;
constexpr std::uint64_t kDramBytes = 16u << 20;

// A master with a stream ID: a TestInitiator whose payload carries a
// StreamIdExtension (stream, channel 0).
struct StreamMaster {
  TestInitiator initiator;
  tlm::tlm_generic_payload payload;
  std::vector<unsigned char> buffer = std::vector<unsigned char>(4096, 0);

  StreamMaster(const std::string& name, std::uint32_t stream) : initiator(name.c_str()) {
    payload.set_extension(new StreamIdExtension(stream, 0));  // owned by the payload
  }

  tlm::tlm_response_status access(tlm::tlm_command command, std::uint64_t address, unsigned length) {
    payload.set_command(command);
    payload.set_address(address);
    payload.set_data_ptr(buffer.data());
    payload.set_data_length(length);
    payload.set_streaming_width(length);
    payload.set_byte_enable_ptr(nullptr);
    payload.set_byte_enable_length(0);
    payload.set_dmi_allowed(false);
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return initiator.transport(payload);
  }
  tlm::tlm_response_status read(std::uint64_t address, unsigned length = 4) {
    return access(tlm::TLM_READ_COMMAND, address, length);
  }
  tlm::tlm_response_status write(std::uint64_t address, unsigned length = 4) {
    return access(tlm::TLM_WRITE_COMMAND, address, length);
  }
  // The initiator's local time: right after a transaction, when it completed.
  sc_core::sc_time done() const { return initiator.now(); }
};

// TLB 2 cycles of 1 ns; walk cache 1 cycle (or none); register writes 50 ns,
// sync 400 ns; `slots` concurrent walks.
inline IommuParams iommu_params(unsigned ports = 1, bool walk_cache = true, unsigned slots = 8) {
  IommuParams params;
  params.ports = ports;
  params.contexts = 4;
  params.tlb.entries = 64;
  params.tlb.hit_latency_cycles = 2;
  params.tlb.clock_period = ns(1);
  params.walker.slots = slots;
  params.walker.walk_cache.entries = walk_cache ? 16 : 0;
  params.walker.walk_cache.ways = 4;
  params.walker.walk_cache.lookup_latency_cycles = 1;
  params.registers.write_latency = ns(50);
  params.registers.sync_latency = ns(400);
  return params;
}

// A Dram that answers every access `latency_ns` later: no row timing, and a
// bandwidth so high that no access takes data-bus time.
inline DramParams flat_dram(double latency_ns) {
  DramParams params;
  params.size = ByteSize{kDramBytes};
  params.access_latency = ns(latency_ns);
  params.t_rcd = sc_core::SC_ZERO_TIME;
  params.t_rp = sc_core::SC_ZERO_TIME;
  params.bandwidth = Bandwidth{1e15};
  return params;
}

// The LPDDR4 defaults (row hits and misses, 6.4 GB/s) in 16 MiB.
inline DramParams lpddr4_dram() {
  DramParams params;
  params.size = ByteSize{kDramBytes};
  return params;
}

// One idle state "off": power-off 10 us, power-on 20 us.
inline PowerDomainParams iommu_domain(bool always_on = false) {
  PowerDomainParams params;
  PowerDomainIdleState off;
  off.name = "off";
  off.power_off_latency = us(10);
  off.power_on_latency = us(20);
  params.states.push_back(off);
  params.always_on = always_on;
  params.initially_on = always_on;
  return params;
}

struct IommuRigOptions {
  IommuParams iommu = iommu_params();
  DramParams dram = flat_dram(20);
  bool fabric = false;
  InterconnectParams bus;                   // fabric only
  double target_latency_ns = 10;            // exact only: the RecordingTarget behind `out`
  std::optional<PowerDomainParams> domain;  // the IOMMU's power domain, if any
  unsigned masters = 1;                     // StreamMaster i on port i, stream 10 + i
  EnergyLedger* ledger = nullptr;
  std::string prefix;
};

struct IommuRig {
  PmCore core;
  RpmDevice device;
  std::unique_ptr<PowerDomain> domain;
  Dram dram;
  DramPhysicalMemory memory;
  PageTableAllocator tables;
  Iommu iommu;
  IommuDriver driver;
  std::unique_ptr<Interconnect> bus;
  std::unique_ptr<RecordingTarget> target;
  std::vector<std::unique_ptr<StreamMaster>> masters;
  std::vector<IommuFault> interrupts;
  std::vector<sc_core::sc_time> interrupt_times;

  explicit IommuRig(const IommuRigOptions& options)
      : core((options.prefix + "pm").c_str()),
        device((options.prefix + "iommu_dev").c_str(), core),
        dram((options.prefix + "dram").c_str(), options.dram),
        memory(dram),
        tables(kTableBase, kTableBytes),
        iommu((options.prefix + "iommu").c_str(), options.iommu, device, options.ledger),
        driver(iommu, memory, tables) {
    if (options.domain) {
      domain = std::make_unique<PowerDomain>((options.prefix + "pd").c_str(), core, *options.domain);
      domain->attach(device);
    }
    if (options.fabric) {
      bus = std::make_unique<Interconnect>((options.prefix + "bus").c_str(), options.bus);
      iommu.out.bind(bus->in);
      iommu.walker.bind(bus->in);
      bus->out.bind(dram.socket);
      bus->map(0, 0, kDramBytes);
    } else {
      target = std::make_unique<RecordingTarget>((options.prefix + "target").c_str(), ns(options.target_latency_ns));
      iommu.walker.bind(dram.socket);
      iommu.out.bind(target->socket);
    }
    for (unsigned i = 0; i < options.masters; ++i) {
      masters.push_back(std::make_unique<StreamMaster>(options.prefix + "master" + std::to_string(i), 10 + i));
      masters.back()->initiator.socket.bind(iommu.port[i]);
    }
    iommu.set_fault_handler([this](const IommuFault& fault) {
      interrupts.push_back(fault);
      interrupt_times.push_back(sc_core::sc_time_stamp());
    });
  }

  StreamMaster& master(unsigned i = 0) { return *masters.at(i); }

  // Context 0 (ARM 4 KiB by default, ASID 1) bound to every stream of every port.
  void attach_all(PageTableFormatKind kind = PageTableFormatKind::arm64_4k, std::uint32_t asid = 1) {
    REQUIRE(driver.create_context(0, kind, asid) == 0);
    for (unsigned p = 0; p < iommu.params().ports; ++p) {
      REQUIRE(driver.attach_stream(p, Iommu::kAnyStream, 0) == 0);
    }
  }

  std::uint8_t byte(std::uint64_t address) const {
    std::uint8_t value = 0;
    dram.backdoor_read(address, &value, 1);
    return value;
  }
};

}  // namespace wakesim::test
