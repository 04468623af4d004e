#include "wakesim/drivers/iommu_buffer_mapper.h"

#include <algorithm>

namespace wakesim {
namespace {

constexpr std::uint64_t kPage = 4096;

}  // namespace

IommuBufferMapper::IommuBufferMapper(IommuPowerManager& power, const IommuBufferMapperParams& params)
    : power_(power), params_(params) {
  for (const DmaBufferRegion& buffer : params_.buffers)
    ranges_.push_back(
        PageRange{buffer.base & ~(kPage - 1), (buffer.base + buffer.size.bytes + kPage - 1) & ~(kPage - 1)});
  // Buffers sharing a page are mapped once: merge touching or overlapping ranges.
  std::sort(ranges_.begin(), ranges_.end(), [](const PageRange& a, const PageRange& b) { return a.start < b.start; });
  std::vector<PageRange> merged;
  for (const PageRange& range : ranges_) {
    if (!merged.empty() && range.start <= merged.back().end)
      merged.back().end = std::max(merged.back().end, range.end);
    else
      merged.push_back(range);
  }
  ranges_ = std::move(merged);
}

int IommuBufferMapper::probe(CallContext context) {
  if (int error = power_.create_context(params_.context, params_.format, params_.asid, context, params_.page_sizes))
    return error;
  return power_.attach_stream(params_.port, params_.stream, params_.context, context);
}

int IommuBufferMapper::map_buffers(CallContext context) {
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    const PageRange& range = ranges_[i];
    const int error = power_.map(params_.context, range.start, range.start, range.end - range.start,
                                 AccessPermissions::read_write(), context);
    if (error == 0) continue;
    while (i-- > 0) power_.unmap(params_.context, ranges_[i].start, ranges_[i].end - ranges_[i].start, context);
    return error;
  }
  return 0;
}

int IommuBufferMapper::unmap_buffers(CallContext context) {
  int first_error = 0;
  for (const PageRange& range : ranges_) {
    const UnmapResult result = power_.unmap(params_.context, range.start, range.end - range.start, context);
    if (result.error != 0 && first_error == 0) first_error = result.error;
  }
  return first_error;
}

}  // namespace wakesim
