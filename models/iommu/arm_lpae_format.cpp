#include "wakesim/iommu/arm_lpae_format.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace wakesim {
namespace {

unsigned shift_of(ArmGranule granule) { return granule == ArmGranule::k4KiB ? 12 : 16; }

std::string name_of(ArmGranule granule, unsigned input_bits) {
  return std::string("arm64_") + (granule == ArmGranule::k4KiB ? "4k" : "64k") +
         (input_bits == 48 ? "" : "_" + std::to_string(input_bits) + "bit");
}

// The architectural levels that hold blocks: L1 and L2 with 4 KiB, L2 with 64 KiB.
bool has_blocks(ArmGranule granule, unsigned architectural_level) {
  if (granule == ArmGranule::k4KiB) return architectural_level == 1 || architectural_level == 2;
  return architectural_level == 2;
}

std::vector<PageTableLevel> geometry(ArmGranule granule, unsigned input_bits) {
  const unsigned g = shift_of(granule);
  const unsigned bits = g - 3;  // a granule holds 2^(g-3) 8-byte descriptors
  if (input_bits > 48 || input_bits <= g + bits) {
    throw std::invalid_argument("ArmLpaeFormat: input_bits " + std::to_string(input_bits) + " out of range (" +
                                std::to_string(g + bits + 1) + " to 48)");
  }
  const unsigned count = (input_bits - g + bits - 1) / bits;
  std::vector<PageTableLevel> levels(count);
  for (unsigned l = 0; l < count; ++l) {
    PageTableLevel& level = levels[l];
    level.index_shift = g + bits * (count - 1 - l);
    level.index_bits = l == 0 ? input_bits - level.index_shift : bits;
    const unsigned architectural = 4 - count + l;
    if (l + 1 == count || has_blocks(granule, architectural)) {
      level.leaf_sizes = std::uint64_t{1} << level.index_shift;
    }
  }
  return levels;
}

}  // namespace

ArmLpaeFormat::ArmLpaeFormat(ArmGranule granule, unsigned input_bits)
    : PageTableFormat(name_of(granule, input_bits), 8, input_bits, kOutputBits, geometry(granule, input_bits)),
      granule_(granule),
      granule_shift_(shift_of(granule)) {}

std::uint64_t ArmLpaeFormat::address_bits(std::uint64_t pte, unsigned low) {
  const std::uint64_t below_48 = (std::uint64_t{1} << kOutputBits) - 1;
  return pte & below_48 & ~((std::uint64_t{1} << low) - 1);
}

DecodedPte ArmLpaeFormat::decode(unsigned level, std::uint64_t pte) const {
  DecodedPte decoded;
  if ((pte & kValid) == 0) return decoded;
  const bool last = level + 1 == levels();
  if (!last && (pte & kTableOrPage) != 0) {
    decoded.kind = PteKind::table;
    decoded.address = address_bits(pte, granule_shift_);
    return decoded;
  }
  // A block where the level has none, or the reserved type at the last level.
  if (last ? (pte & kTableOrPage) == 0 : leaf_sizes(level) == 0) return decoded;
  decoded.kind = PteKind::leaf;
  decoded.page_size = entry_span(level);
  decoded.address = address_bits(pte, index_shift(level));
  decoded.perms = AccessPermissions{true, (pte & kApReadOnly) == 0};
  return decoded;
}

std::uint64_t ArmLpaeFormat::encode_table(unsigned level, std::uint64_t next_table) const {
  check_table(level, next_table);
  return next_table | kTableOrPage | kValid;
}

std::uint64_t ArmLpaeFormat::encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                                         AccessPermissions perms) const {
  check_leaf(level, phys, page_size, perms);
  const bool last = level + 1 == levels();
  std::uint64_t pte = phys | kValid | kApUnprivileged | kShareInner | kAccessFlag | kNotGlobal | kExecuteNever;
  if (last) pte |= kTableOrPage;  // a page descriptor; a block leaves bit 1 clear
  if (!perms.write) pte |= kApReadOnly;
  return pte;
}

AccessPermissions ArmLpaeFormat::representable(AccessPermissions requested) const {
  if (requested.none()) return requested;
  return AccessPermissions{true, requested.write};
}

}  // namespace wakesim
