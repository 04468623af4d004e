#pragma once
// The IOMMU driver's page table for one domain: map/unmap like the kernel's
// iommu_map()/iommu_unmap() over io-pgtable, writing real PTEs of a
// PageTableFormat into simulated physical memory, with table pages from a
// PageTableAllocator. Timing-free: the driver model charges the CPU cost of
// these writes and the TLB invalidation that unmap asks for.
//
// map(iova, phys, size, perms):
//   iova, phys and size must be multiples of the format's smallest page, size > 0,
//   and perms not empty (-EINVAL); the ranges must fit the format's input and
//   output address widths (-ERANGE). The range is split like iommu_pgsize():
//   each chunk is the largest page size of the table's page sizes (the
//   domain's pgsize_bitmap: the format's, or the subset the constructor was
//   given) that the alignment of both iova and phys and the remaining size
//   allow, so blocks/sections are used whenever possible. Intermediate tables are allocated and zeroed on demand.
//   A chunk that would overlap an existing mapping fails with -EEXIST; an
//   exhausted allocator with -ENOMEM. On failure the chunks already mapped by
//   this call are unmapped again (as iommu_map() does) and tables it allocated
//   are freed, so a failed map changes nothing.
//   Permissions are stored as the format can (PageTableFormat::representable).
//   Deviation: the kernel silently maps nothing for empty perms; this refuses.
//
// unmap(iova, size):
//   iova and size must be multiples of the smallest page (-EINVAL, nothing done).
//   Leaves are removed in IOVA order, like iommu_unmap(): it stops at the first
//   IOVA that is not mapped (-ENOENT), or at a leaf that reaches outside the
//   range (-EINVAL: a block is not split, as io-pgtable-arm no longer does), and
//   returns how much it unmapped before stopping. A table left with no valid
//   entry is freed and its parent entry cleared (the kernel keeps such tables;
//   freeing them lets the allocator's exhaustion and reuse be tested, and the
//   result says so, because walk caches must then be invalidated too). The
//   result lists the IOVA ranges whose TLB entries must go, gathered like
//   iommu_iotlb_gather: adjacent leaves of the same page size are merged.
//
// walk(iova) reads the tables through PhysicalMemory with PageTableWalk, the
// same step-by-step decoding the hardware walker uses.
//
// The allocator and memory must outlive this object. Destruction returns every
// table to the allocator without touching memory.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "wakesim/drivers/page_table_allocator.h"
#include "wakesim/iommu/access_permissions.h"
#include "wakesim/iommu/iova_range.h"
#include "wakesim/iommu/page_table_format.h"
#include "wakesim/iommu/page_table_walk.h"
#include "wakesim/memory/physical_memory.h"

namespace wakesim {

struct UnmapResult {
  std::uint64_t unmapped = 0;         // bytes unmapped, from iova on
  int error = 0;                      // 0 if all of size was unmapped; else why it stopped
  std::vector<IovaRange> invalidate;  // TLB invalidation needed, in IOVA order
  bool tables_freed = false;          // intermediate tables went: walk caches too
};

struct IommuPageTableStats {
  std::uint64_t pte_reads = 0;  // by map/unmap (not by walk())
  std::uint64_t pte_writes = 0;
  std::uint64_t tables_allocated = 0;  // the root included
  std::uint64_t tables_freed = 0;
};

class IommuPageTable {
 public:
  // Allocates and zeroes the root table. `page_sizes` restricts the leaf sizes
  // map() uses (a bitmap of sizes, as the kernel's pgsize_bitmap): 0 means every
  // size of the format; otherwise it must be a subset of the format's sizes
  // holding its smallest. Throws std::invalid_argument for a bad `page_sizes` or
  // if the allocator's region reaches beyond the format's output addresses, and
  // std::runtime_error if it has no room for the root.
  IommuPageTable(const PageTableFormat& format, PhysicalMemory& memory, PageTableAllocator& allocator,
                 std::uint64_t page_sizes = 0);
  ~IommuPageTable();
  IommuPageTable(const IommuPageTable&) = delete;
  IommuPageTable& operator=(const IommuPageTable&) = delete;

  // 0, -EINVAL, -ERANGE, -EEXIST or -ENOMEM (see above).
  int map(std::uint64_t iova, std::uint64_t phys, std::uint64_t size, AccessPermissions perms);
  UnmapResult unmap(std::uint64_t iova, std::uint64_t size);

  // The software walk: a finished PageTableWalk (translated or fault).
  PageTableWalk walk(std::uint64_t iova) const;
  // iommu_iova_to_phys(): the physical address, or nullopt if unmapped.
  std::optional<std::uint64_t> iova_to_phys(std::uint64_t iova) const;

  const PageTableFormat& format() const { return format_; }
  std::uint64_t page_sizes() const { return page_sizes_; }    // the sizes map() may use
  std::uint64_t root() const { return root_; }                // the page-table base register value
  std::size_t table_count() const { return tables_.size(); }  // the root included
  std::uint64_t mapped_bytes() const { return mapped_bytes_; }
  const IommuPageTableStats& stats() const { return stats_; }

 private:
  struct Table {
    unsigned level = 0;
    std::uint64_t parent = 0;      // table holding the entry that points here (root: 0)
    std::uint64_t parent_pte = 0;  // address of that entry
    std::uint64_t used = 0;        // valid entries
  };

  std::uint64_t pick_page_size(std::uint64_t iova, std::uint64_t phys, std::uint64_t remaining) const;
  int map_one(std::uint64_t iova, std::uint64_t phys, std::uint64_t page_size, AccessPermissions perms);
  // The table at level+1 below `entry` (an invalid entry of `table`), newly
  // allocated and linked, or nullopt when the allocator is exhausted.
  std::optional<std::uint64_t> add_table(std::uint64_t table, unsigned level, std::uint64_t entry);
  // Frees `table` and then its ancestors while they hold no valid entry (never
  // the root). Returns true if any table was freed.
  bool release_if_empty(std::uint64_t table);
  std::uint64_t read_pte(std::uint64_t address);
  void write_pte(std::uint64_t address, std::uint64_t value);

  const PageTableFormat& format_;
  PhysicalMemory& memory_;
  PageTableAllocator& allocator_;
  std::uint64_t page_sizes_ = 0;
  std::uint64_t root_ = 0;
  std::map<std::uint64_t, Table> tables_;  // by base address
  std::uint64_t mapped_bytes_ = 0;
  IommuPageTableStats stats_;
};

}  // namespace wakesim
