#pragma once
// The Rockchip IOMMU (rk3288 family, v1) two-level table, as
// drivers/iommu/rockchip-iommu.c writes it: 32-bit IOVA split 10/10/12, 32-bit
// physical addresses, 4-byte entries, 4 KiB pages only.
//
//   directory (level 0): 1024 DTEs (4 KiB table), index IOVA[31:22]
//   page table (level 1): 1024 PTEs (4 KiB table), index IOVA[21:12]
//
// DTE: [31:12] page-table address, [0] valid.
// PTE: [31:12] page address, [2] writable, [1] readable, [0] valid (the cache
// attribute bits [8:3] are written as 0: system bus defaults).
// Read and write are independent bits, so every permission is representable.
#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

class RockchipIommuFormat : public PageTableFormat {
 public:
  static constexpr std::uint32_t kValid = 1u << 0;
  static constexpr std::uint32_t kReadable = 1u << 1;
  static constexpr std::uint32_t kWritable = 1u << 2;
  static constexpr std::uint32_t kAddressMask = 0xFFFFF000u;

  RockchipIommuFormat();

  DecodedPte decode(unsigned level, std::uint64_t pte) const override;
  std::uint64_t encode_table(unsigned level, std::uint64_t next_table) const override;
  std::uint64_t encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                            AccessPermissions perms) const override;
  AccessPermissions representable(AccessPermissions requested) const override { return requested; }
};

}  // namespace wakesim
