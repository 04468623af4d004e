#pragma once
// A client's buffers mapped through an IOMMU, IOVA = physical address (the
// identity mapping a driver gets for a buffer it allocated with dma_alloc in a
// 1:1 domain, which keeps the client's addresses the same with and without an
// IOMMU). Every call goes through the IOMMU's power binding
// (IommuPowerManager), so the binding decides whether the IOMMU is resumed for
// it.
//
// probe: context bank `context` with its own page table and `asid`, and the
// client's (port, stream) bound to it. map_buffers: each buffer, widened to whole
// 4 KiB pages (buffers sharing a page mapped once), read-write. unmap_buffers: the same ranges (the driver's unmap
// invalidates the TLB for them).
#include <cstdint>
#include <vector>

#include "drivers/buffer_mapper.h"
#include "drivers/dmaengine_client_params.h"
#include "drivers/iommu_power_manager.h"
#include "iommu/page_table_format.h"

namespace wakesim {

struct IommuBufferMapperParams {
  unsigned context = 0;
  std::uint32_t asid = 1;
  PageTableFormatKind format = PageTableFormatKind::arm64_4k;
  unsigned port = 0;
  std::uint32_t stream = 0;
  std::vector<DmaBufferRegion> buffers;
};

class IommuBufferMapper : public BufferMapper {
 public:
  // The manager must outlive the mapper.
  IommuBufferMapper(IommuPowerManager& power, const IommuBufferMapperParams& params);

  int probe(CallContext context) override;
  int map_buffers(CallContext context) override;
  int unmap_buffers(CallContext context) override;

  // Page-aligned [start, end) of each buffer, as mapped.
  struct PageRange {
    std::uint64_t start;
    std::uint64_t end;
  };
  const std::vector<PageRange>& ranges() const { return ranges_; }

 private:
  IommuPowerManager& power_;
  IommuBufferMapperParams params_;
  std::vector<PageRange> ranges_;
};

}  // namespace wakesim
