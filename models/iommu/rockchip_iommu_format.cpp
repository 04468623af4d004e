#include "wakesim/iommu/rockchip_iommu_format.h"

namespace wakesim {

RockchipIommuFormat::RockchipIommuFormat()
    : PageTableFormat("rockchip", 4, 32, 32, {PageTableLevel{22, 10, 0}, PageTableLevel{12, 10, 1u << 12}}) {}

DecodedPte RockchipIommuFormat::decode(unsigned level, std::uint64_t pte) const {
  DecodedPte decoded;
  if ((pte & kValid) == 0) return decoded;
  decoded.address = pte & kAddressMask;
  if (level == 0) {
    decoded.kind = PteKind::table;
    return decoded;
  }
  decoded.kind = PteKind::leaf;
  decoded.page_size = std::uint64_t{1} << 12;
  decoded.perms = AccessPermissions{(pte & kReadable) != 0, (pte & kWritable) != 0};
  return decoded;
}

std::uint64_t RockchipIommuFormat::encode_table(unsigned level, std::uint64_t next_table) const {
  check_table(level, next_table);
  return next_table | kValid;
}

std::uint64_t RockchipIommuFormat::encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                                               AccessPermissions perms) const {
  check_leaf(level, phys, page_size, perms);
  return phys | (perms.read ? kReadable : 0) | (perms.write ? kWritable : 0) | kValid;
}

}  // namespace wakesim
