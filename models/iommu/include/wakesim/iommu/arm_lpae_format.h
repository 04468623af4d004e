#pragma once
// ARM VMSAv8-64 stage-1 translation tables (Arm ARM D5 / D8 "VMSAv8-64
// translation table format descriptors"), as the kernel's io-pgtable-arm
// ARM_64_LPAE_S1 writes them for an SMMU context.
//
// Geometry: granule 2^g bytes (g = 12 for 4 KiB, 16 for 64 KiB), 8-byte
// descriptors, b = g - 3 index bits per level, levels = ceil((ias - g) / b), the
// root resolving the remaining top bits. With the default 48-bit IOVA:
//   4 KiB:  L0 [47:39] L1 [38:30] L2 [29:21] L3 [20:12], all tables 4 KiB;
//           leaves: L1 block 1 GiB, L2 block 2 MiB, L3 page 4 KiB.
//   64 KiB: L1 [47:42] (64 entries, 512 B root) L2 [41:29] L3 [28:16] (64 KiB tables);
//           leaves: L2 block 512 MiB, L3 page 64 KiB (no L1 blocks without LPA).
// Walk level l is architectural level 4 - levels() + l. Output addresses are 48 bits.
//
// Descriptor bits (all other bits written as 0):
//   [0]      valid
//   [1]      type: at a non-last level 1 = table, 0 = block;
//            at the last level 1 = page (0 with valid set is reserved -> invalid)
//   table:   [47:g] next-level table address
//   block/page:
//   [47:n]   output address (n = log2 of the block or page size)
//   [4:2]    AttrIndx = 0 (MAIR index 0, as io-pgtable-arm uses for plain memory)
//   [6]      AP[1] = 1 (unprivileged access, set because IOMMU_PRIV is not used)
//   [7]      AP[2]: 1 = read-only, 0 = read-write
//   [9:8]    SH = 0b11 inner shareable
//   [10]     AF = 1 (the access flag; always set, so no access-flag faults)
//   [11]     nG = 1 (non-global: the TLB tags it with the ASID)
//   [54:53]  UXN, PXN = 1 (device accesses do not execute)
// Decoding: a block at a level without blocks is invalid (a translation fault);
// every leaf is readable; writable iff AP[2] = 0. Stage-1 AP cannot say
// write-only or no-access: write-only is mapped read-write, as io-pgtable-arm does.
#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

enum class ArmGranule { k4KiB, k64KiB };

class ArmLpaeFormat : public PageTableFormat {
 public:
  static constexpr std::uint64_t kValid = 1u << 0;
  static constexpr std::uint64_t kTableOrPage = 1u << 1;
  static constexpr std::uint64_t kApUnprivileged = 1u << 6;
  static constexpr std::uint64_t kApReadOnly = 1u << 7;
  static constexpr std::uint64_t kShareInner = 3u << 8;
  static constexpr std::uint64_t kAccessFlag = 1u << 10;
  static constexpr std::uint64_t kNotGlobal = 1u << 11;
  static constexpr std::uint64_t kExecuteNever = std::uint64_t{3} << 53;
  static constexpr unsigned kOutputBits = 48;

  // input_bits: the IOVA width, 48 by default; it must leave at least two levels
  // (more than 21 bits with 4 KiB, more than 29 with 64 KiB) and be at most 48.
  // Throws std::invalid_argument otherwise.
  explicit ArmLpaeFormat(ArmGranule granule, unsigned input_bits = 48);

  ArmGranule granule() const { return granule_; }
  // The Arm ARM's level number (L0..L3) of walk level `level`.
  unsigned architectural_level(unsigned level) const { return 4 - levels() + level; }

  DecodedPte decode(unsigned level, std::uint64_t pte) const override;
  std::uint64_t encode_table(unsigned level, std::uint64_t next_table) const override;
  std::uint64_t encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                            AccessPermissions perms) const override;
  AccessPermissions representable(AccessPermissions requested) const override;

 private:
  // Bits [47:low] of a descriptor.
  static std::uint64_t address_bits(std::uint64_t pte, unsigned low);

  ArmGranule granule_;
  unsigned granule_shift_;
};

}  // namespace wakesim
