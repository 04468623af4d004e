#pragma once
// The IOMMU driver model (the software side, models/drivers/): a thin layer over
// the Iommu in the spirit of drivers/iommu/{arm-smmu,exynos-iommu}.c. It owns one
// IommuPageTable per context bank (an iommu_domain), writes PTEs with map/unmap,
// programs the context banks and stream bindings, and issues the TLB
// invalidations that unmap asks for (the gathered ranges, one sync per unmap).
// No power policy: whether the IOMMU is resumed around these calls (arm-smmu),
// or the invalidation skipped while it is off (Exynos), belongs to the power
// bindings built on top (issue 6). The Iommu itself charges no register time
// while it is not ACTIVE.
//
// Costs, spent by the calling SystemC thread (docs/architecture.md, 'Timing model': simulated software
// has costs): the Iommu's register cost of each programming or invalidation
// call, and pte_write_cost per PTE that map/unmap wrote. A call made before the
// simulation runs (platform setup) spends nothing but still counts its cost in
// the statistics; a call from a method process while the simulation runs throws
// std::logic_error (it cannot wait).
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "wakesim/drivers/iommu_page_table.h"
#include "wakesim/drivers/page_table_allocator.h"
#include "wakesim/iommu/iommu.h"
#include "wakesim/iommu/page_table_format.h"
#include "wakesim/memory/physical_memory.h"

namespace wakesim {

struct IommuDriverParams {
  // CPU time per PTE written by map/unmap: the store plus the cache clean that
  // makes it visible to a walker that does not snoop. [assumption] 0 by default.
  sc_core::sc_time pte_write_cost = sc_core::SC_ZERO_TIME;
};

struct IommuDriverStats {
  std::uint64_t maps = 0;
  std::uint64_t map_errors = 0;
  std::uint64_t unmaps = 0;
  std::uint64_t invalidations = 0;    // Iommu invalidation calls issued
  std::uint64_t register_writes = 0;  // by every Iommu call the driver made
  sc_core::sc_time register_time = sc_core::SC_ZERO_TIME;
  sc_core::sc_time pte_write_time = sc_core::SC_ZERO_TIME;
};

class IommuDriver {
 public:
  // `memory` holds the page tables (a DramPhysicalMemory in the simulated DRAM
  // the walker reads), `allocator` their pages. All three must outlive the driver.
  IommuDriver(Iommu& iommu, PhysicalMemory& memory, PageTableAllocator& allocator,
              const IommuDriverParams& params = IommuDriverParams());
  IommuDriver(const IommuDriver&) = delete;
  IommuDriver& operator=(const IommuDriver&) = delete;

  // A new page table of format `kind` for context bank `context`, programmed
  // with its root and `asid`; its maps use the leaf sizes of `page_sizes` (the
  // domain's pgsize_bitmap, IommuPageTable; 0: every size of the format). 0;
  // -EINVAL for a bank the IOMMU does not have or page sizes the format cannot
  // take; -EBUSY if the bank already has a table; -ENOMEM if the allocator has
  // no room for the root.
  int create_context(unsigned context, PageTableFormatKind kind, std::uint32_t asid, std::uint64_t page_sizes = 0);
  // Takes the bank out of use (Iommu::clear_context) and frees its tables. -EINVAL if none.
  int destroy_context(unsigned context);
  // Binds (port, stream) to the bank (Iommu::bind_stream; Iommu::kAnyStream for
  // every stream of the port). -EINVAL for a bad port or a bank without a table.
  int attach_stream(unsigned port, std::uint32_t stream, unsigned context);
  int detach_stream(unsigned port, std::uint32_t stream);

  // iommu_map(): IommuPageTable::map's result (-EINVAL also for a bank without a table).
  int map(unsigned context, std::uint64_t iova, std::uint64_t phys, std::uint64_t size, AccessPermissions perms);
  // iommu_unmap(): IommuPageTable::unmap, then one Iommu::invalidate_ranges for
  // the gathered ranges (none if nothing was unmapped). A bank without a table
  // gives error -EINVAL and unmaps nothing.
  UnmapResult unmap(unsigned context, std::uint64_t iova, std::uint64_t size);
  // Invalidate by the bank's ASID, or everything. -EINVAL for a bank without a table.
  int flush_context(unsigned context);
  void flush_all();

  // The bank's page table, or null.
  IommuPageTable* page_table(unsigned context);
  Iommu& iommu() { return iommu_; }
  const IommuDriverStats& stats() const { return stats_; }

 private:
  struct Domain {
    std::unique_ptr<PageTableFormat> format;
    std::unique_ptr<IommuPageTable> table;
  };

  Domain* domain(unsigned context);
  void spend(const IommuRegisterCost& cost);
  void spend_pte_writes(std::uint64_t writes);
  static void wait_in_thread(const sc_core::sc_time& time);

  Iommu& iommu_;
  PhysicalMemory& memory_;
  PageTableAllocator& allocator_;
  IommuDriverParams params_;
  std::vector<Domain> domains_;  // per context bank
  IommuDriverStats stats_;
};

}  // namespace wakesim
