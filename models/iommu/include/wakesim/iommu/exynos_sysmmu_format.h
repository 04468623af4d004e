#pragma once
// The Samsung Exynos SysMMU (v1-v3) two-level short-descriptor table, as
// drivers/iommu/exynos-iommu.c writes it: 32-bit IOVA, 32-bit physical
// addresses, 4-byte entries.
//
//   lv1 (level 0): 4096 entries (16 KiB table), index IOVA[31:20], 1 MiB each
//   lv2 (level 1):  256 entries ( 1 KiB table), index IOVA[19:12], 4 KiB each
//
// lv1 entry, type in [1:0]:
//   0b00, 0b11  fault (invalid)
//   0b01        lv2 table link: [31:10] lv2 table address (1 KiB aligned)
//   0b10        1 MiB section: [31:20] physical address, [15] AP[2], [10] AP[0]
// lv2 entry:
//   [1:0] = 0b00  fault
//   [1]   = 1     4 KiB small page: [31:12] physical address, [9] AP[2], [4] AP[0]
//   [1:0] = 0b01  64 KiB large page: [31:16] physical address, [9] AP[2], [4] AP[0];
//                 written into the 16 consecutive lv2 entries it spans
// Permissions (SYSMMU_LV1_PROT / SYSMMU_LV2_PROT): AP[0] = 0 no access;
// AP[0] = 1 and AP[2] = 1 read-only; AP[0] = 1 and AP[2] = 0 read-write. There is
// no write-only encoding: write-only is mapped read-write, as the driver does.
// 16 MiB supersections are not used (nor by the kernel driver), nor the v5
// 36-bit encoding (addresses shifted right by 4). Mainline masks the lv2 link
// with 0xFFFFFFC0 (for that v5 shift); with 1 KiB-aligned tables that equals
// the [31:10] field used here.
#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

class ExynosSysmmuFormat : public PageTableFormat {
 public:
  static constexpr std::uint32_t kLv1Link = 0x1;
  static constexpr std::uint32_t kLv1Section = 0x2;
  static constexpr std::uint32_t kLv2Large = 0x1;
  static constexpr std::uint32_t kLv2Small = 0x2;
  static constexpr std::uint32_t kLv1ApAccess = 1u << 10;    // AP[0]
  static constexpr std::uint32_t kLv1ApReadOnly = 1u << 15;  // AP[2]
  static constexpr std::uint32_t kLv2ApAccess = 1u << 4;
  static constexpr std::uint32_t kLv2ApReadOnly = 1u << 9;
  static constexpr std::uint64_t kSection = 1u << 20;
  static constexpr std::uint64_t kLargePage = 1u << 16;
  static constexpr std::uint64_t kSmallPage = 1u << 12;

  ExynosSysmmuFormat();

  DecodedPte decode(unsigned level, std::uint64_t pte) const override;
  std::uint64_t encode_table(unsigned level, std::uint64_t next_table) const override;
  std::uint64_t encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                            AccessPermissions perms) const override;
  AccessPermissions representable(AccessPermissions requested) const override;

 private:
  static AccessPermissions decode_ap(std::uint64_t pte, std::uint32_t access, std::uint32_t read_only);
  static std::uint32_t encode_ap(AccessPermissions perms, std::uint32_t access, std::uint32_t read_only);
};

}  // namespace wakesim
