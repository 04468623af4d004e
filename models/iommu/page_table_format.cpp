#include "wakesim/iommu/page_table_format.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "wakesim/iommu/arm_lpae_format.h"
#include "wakesim/iommu/exynos_sysmmu_format.h"
#include "wakesim/iommu/rockchip_iommu_format.h"

namespace wakesim {
namespace {

bool is_power_of_two(std::uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

[[noreturn]] void fail(const std::string& format, const std::string& what) {
  throw std::invalid_argument(format + ": " + what);
}

}  // namespace

PageTableFormat::PageTableFormat(std::string name, unsigned entry_bytes, unsigned input_bits, unsigned output_bits,
                                 std::vector<PageTableLevel> levels)
    : name_(std::move(name)),
      entry_bytes_(entry_bytes),
      input_bits_(input_bits),
      output_bits_(output_bits),
      levels_(std::move(levels)) {
  if (entry_bytes_ != 4 && entry_bytes_ != 8) fail(name_, "entries must be 4 or 8 bytes");
  if (levels_.empty() || levels_.size() > kMaxLevels) fail(name_, "1 to 4 levels");
  if (input_bits_ >= 64 || output_bits_ > 64) fail(name_, "address widths beyond 63/64 bits");
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    const PageTableLevel& level = levels_[l];
    const unsigned end = level.index_shift + level.index_bits;
    const unsigned expected_end = l == 0 ? input_bits_ : levels_[l - 1].index_shift;
    if (level.index_bits == 0 || end != expected_end) fail(name_, "levels do not tile the IOVA");
    for (unsigned bit = 0; bit < 64; ++bit) {
      const std::uint64_t size = std::uint64_t{1} << bit;
      if ((level.leaf_sizes & size) == 0) continue;
      if (size < (std::uint64_t{1} << level.index_shift) || size > (std::uint64_t{1} << end) ||
          (page_sizes_ & size) != 0) {
        fail(name_, "a leaf size does not fit its level");
      }
      page_sizes_ |= size;
    }
  }
  const PageTableLevel& last = levels_.back();
  if ((last.leaf_sizes & (std::uint64_t{1} << last.index_shift)) == 0) {
    fail(name_, "the last level must map pages of its entry span");
  }
}

std::uint64_t PageTableFormat::table_bytes(unsigned level) const {
  return std::max<std::uint64_t>(entries_per_table(level) * entry_bytes_, 64);
}

std::optional<unsigned> PageTableFormat::leaf_level(std::uint64_t page_size) const {
  if (!is_power_of_two(page_size)) return std::nullopt;
  for (unsigned l = 0; l < levels(); ++l) {
    if ((levels_[l].leaf_sizes & page_size) != 0) return l;
  }
  return std::nullopt;
}

void PageTableFormat::check_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                                 AccessPermissions perms) const {
  if (level >= levels() || (leaf_sizes(level) & page_size) == 0 || !is_power_of_two(page_size)) {
    fail(name_, "page size " + std::to_string(page_size) + " is not a leaf at level " + std::to_string(level));
  }
  if ((phys & (page_size - 1)) != 0) fail(name_, "physical page not aligned to its size");
  if (!in_output_range(phys)) fail(name_, "physical address beyond the output range");
  if (perms.none()) fail(name_, "a leaf needs read or write permission");
}

void PageTableFormat::check_table(unsigned level, std::uint64_t next_table) const {
  if (level + 1 >= levels()) fail(name_, "no table entries at the last level");
  if ((next_table & (table_bytes(level + 1) - 1)) != 0) {
    fail(name_, "next-level table not aligned to its size");
  }
  if (!in_output_range(next_table)) fail(name_, "table address beyond the output range");
}

std::unique_ptr<PageTableFormat> make_page_table_format(PageTableFormatKind kind) {
  switch (kind) {
    case PageTableFormatKind::arm64_4k: return std::make_unique<ArmLpaeFormat>(ArmGranule::k4KiB);
    case PageTableFormatKind::arm64_64k: return std::make_unique<ArmLpaeFormat>(ArmGranule::k64KiB);
    case PageTableFormatKind::exynos_sysmmu: return std::make_unique<ExynosSysmmuFormat>();
    case PageTableFormatKind::rockchip: return std::make_unique<RockchipIommuFormat>();
  }
  throw std::invalid_argument("make_page_table_format: unknown kind");
}

}  // namespace wakesim
