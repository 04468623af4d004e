#pragma once
// How a DMA client makes its buffers reachable by its device (dma_map_* in the
// kernel): through an IOMMU (IommuBufferMapper), or nothing to do when the
// device's path has no IOMMU (the client then has no mapper). The dmaengine
// client calls it from its own process context, so a call may block (an IOMMU
// resumed around the map, as arm-smmu does).
#include "wakesim/power/rpm_types.h"

namespace wakesim {

class BufferMapper {
 public:
  virtual ~BufferMapper() = default;

  // At the client's probe: attach the device (IOMMU context, stream binding).
  // 0 or a negative errno.
  virtual int probe(CallContext context) = 0;
  // Map / unmap every buffer of the client. 0 or a negative errno; a failed map
  // leaves nothing mapped.
  virtual int map_buffers(CallContext context) = 0;
  virtual int unmap_buffers(CallContext context) = 0;
};

}  // namespace wakesim
