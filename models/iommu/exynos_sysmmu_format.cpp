#include "wakesim/iommu/exynos_sysmmu_format.h"

namespace wakesim {

ExynosSysmmuFormat::ExynosSysmmuFormat()
    : PageTableFormat("exynos_sysmmu", 4, 32, 32,
                      {PageTableLevel{20, 12, kSection}, PageTableLevel{12, 8, kLargePage | kSmallPage}}) {}

AccessPermissions ExynosSysmmuFormat::decode_ap(std::uint64_t pte, std::uint32_t access, std::uint32_t read_only) {
  if ((pte & access) == 0) return AccessPermissions{};
  return AccessPermissions{true, (pte & read_only) == 0};
}

std::uint32_t ExynosSysmmuFormat::encode_ap(AccessPermissions perms, std::uint32_t access, std::uint32_t read_only) {
  return access | (perms.write ? 0 : read_only);
}

DecodedPte ExynosSysmmuFormat::decode(unsigned level, std::uint64_t pte) const {
  DecodedPte decoded;
  if (level == 0) {
    const std::uint64_t type = pte & 0x3;
    if (type == kLv1Link) {
      decoded.kind = PteKind::table;
      decoded.address = pte & 0xFFFFFC00u;
    } else if (type == kLv1Section) {
      decoded.kind = PteKind::leaf;
      decoded.address = pte & 0xFFF00000u;
      decoded.page_size = kSection;
      decoded.perms = decode_ap(pte, kLv1ApAccess, kLv1ApReadOnly);
    }
    return decoded;  // 0b00 and 0b11 are faults
  }
  if ((pte & kLv2Small) != 0) {
    decoded.kind = PteKind::leaf;
    decoded.address = pte & 0xFFFFF000u;
    decoded.page_size = kSmallPage;
  } else if ((pte & 0x3) == kLv2Large) {
    decoded.kind = PteKind::leaf;
    decoded.address = pte & 0xFFFF0000u;
    decoded.page_size = kLargePage;
  } else {
    return decoded;
  }
  decoded.perms = decode_ap(pte, kLv2ApAccess, kLv2ApReadOnly);
  return decoded;
}

std::uint64_t ExynosSysmmuFormat::encode_table(unsigned level, std::uint64_t next_table) const {
  check_table(level, next_table);
  return next_table | kLv1Link;
}

std::uint64_t ExynosSysmmuFormat::encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                                              AccessPermissions perms) const {
  check_leaf(level, phys, page_size, perms);
  if (level == 0) return phys | encode_ap(perms, kLv1ApAccess, kLv1ApReadOnly) | kLv1Section;
  const std::uint32_t type = page_size == kLargePage ? kLv2Large : kLv2Small;
  return phys | encode_ap(perms, kLv2ApAccess, kLv2ApReadOnly) | type;
}

AccessPermissions ExynosSysmmuFormat::representable(AccessPermissions requested) const {
  if (requested.none()) return requested;
  return AccessPermissions{true, requested.write};
}

}  // namespace wakesim
