#pragma once
// The IOMMU's register block as a cost model (docs/architecture.md, 'Timing model': simulated software
// has costs). The CPU programs the IOMMU with uncached register writes over the
// bus; a TLB invalidation is a few writes followed by a sync that the driver
// polls until the IOMMU reports completion (arm-smmu: TLBIVA... then TLBSYNC and
// a poll of TLBSTATUS; Exynos: MMU_FLUSH_ENTRY per page; Rockchip: ZAP_ONE_LINE).
//
//   writes(n)          = n x write_latency
//   writes_and_sync(n) = (n + sync_writes) x write_latency + sync_latency
//
// Each write is counted and costs write_energy (dynamic account
// "event:register_write" of the IOMMU). Register reads (a context save) are
// charged like writes. The block does not wait: it returns the time, and the
// caller (the driver model, or the IOMMU's own runtime PM callbacks) spends it.
#include <cstdint>
#include <string>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/units.h"

namespace wakesim {

// docs/parameters.md has no public figure for an IOMMU's register access or sync
// time: the defaults are assumptions, to be swept.
struct IommuRegisterParams {
  // [assumption] an uncached device write through an APB bridge, CPU to IOMMU.
  sc_core::sc_time write_latency = sc_core::sc_time(100, sc_core::SC_NS);
  // [assumption] TLB sync: the IOMMU drains its walks, the CPU polls the status.
  sc_core::sc_time sync_latency = sc_core::sc_time(1, sc_core::SC_US);
  // [assumption] ~one 64-bit SRAM/flop access plus the bus beat (docs/parameters.md, 'Energy anchors').
  Energy write_energy{10e-12};
  // Writes that program one context (arm-smmu context bank: TTBR0, TCR, MAIR0,
  // SCTLR; Exynos: PT_BASE, CFG, CTRL and the enable).
  unsigned context_writes = 4;
  // Writes that bind one stream to a context (arm-smmu SMR + S2CR).
  unsigned stream_binding_writes = 2;
  // Per page of a range invalidation (arm-smmu TLBIVA, Exynos FLUSH_ENTRY).
  unsigned writes_per_page_invalidation = 1;
  unsigned asid_invalidation_writes = 1;  // TLBIASID
  unsigned all_invalidation_writes = 1;   // TLBIALL / MMU_FLUSH
  unsigned sync_writes = 1;               // TLBSYNC (the poll is sync_latency)
  // Registers read back per context by a runtime-suspend context save.
  unsigned context_save_reads = 4;
};

struct IommuRegisterCost {
  std::uint64_t writes = 0;
  sc_core::sc_time time = sc_core::SC_ZERO_TIME;

  IommuRegisterCost& operator+=(const IommuRegisterCost& other) {
    writes += other.writes;
    time += other.time;
    return *this;
  }
};

class IommuRegisterBlock {
 public:
  // Registers (component, "event:register_write", write_energy) in `ledger`.
  IommuRegisterBlock(const IommuRegisterParams& params, EnergyLedger& ledger, const std::string& component);

  IommuRegisterCost writes(std::uint64_t count);
  IommuRegisterCost writes_and_sync(std::uint64_t count);

  const IommuRegisterParams& params() const { return params_; }
  std::uint64_t total_writes() const { return total_writes_; }
  sc_core::sc_time total_time() const { return total_time_; }

 private:
  IommuRegisterParams params_;
  EnergyLedger::EventAccount write_account_;
  std::uint64_t total_writes_ = 0;
  sc_core::sc_time total_time_ = sc_core::SC_ZERO_TIME;
};

}  // namespace wakesim
