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
//
// Page sizes: each range is mapped with the largest pages that `page_sizes`
// (the domain's pgsize_bitmap; 0: every size of the format) and the alignment
// of the IOVA, the physical address and the remaining length allow, as the
// kernel's iommu_map() does: __iommu_map() splits the range with
// iommu_pgsize() (drivers/iommu/iommu.c), which picks the largest size of
// domain->pgsize_bitmap that fits, and io-pgtable-arm writes that size's
// block or page (arm_lpae_map_pages()). A driver that restricts
// pgsize_bitmap restricts the leaves: intel_iommu=sp_off leaves VT-d
// 4 KiB pages only; arm-smmu's pgsize_bitmap is what the SMMU and the
// granule support (arm_smmu_device_cfg_probe()). So 4 KiB maps every page
// as a TLB entry of its own, a 2 MiB block covers 512 of them.
#include <cstdint>
#include <vector>

#include "wakesim/drivers/buffer_mapper.h"
#include "wakesim/drivers/dmaengine_client_params.h"
#include "wakesim/drivers/iommu_power_manager.h"
#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

struct IommuBufferMapperParams {
  unsigned context = 0;
  std::uint32_t asid = 1;
  PageTableFormatKind format = PageTableFormatKind::arm64_4k;
  unsigned port = 0;
  std::uint32_t stream = 0;
  std::vector<DmaBufferRegion> buffers;
  std::uint64_t page_sizes = 0;  // the leaf sizes maps may use (bitmap); 0: the format's
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
