#pragma once
// A range of I/O virtual addresses as the IOMMU's TLB invalidation takes it and
// the driver's unmap reports it (iommu_iotlb_gather in the kernel).
#include <cstdint>

namespace wakesim {

// IOVA [iova, iova + size) held in leaves of page_size bytes each.
struct IovaRange {
  std::uint64_t iova = 0;
  std::uint64_t size = 0;
  std::uint64_t page_size = 0;

  friend bool operator==(const IovaRange& a, const IovaRange& b) {
    return a.iova == b.iova && a.size == b.size && a.page_size == b.page_size;
  }
};

}  // namespace wakesim
