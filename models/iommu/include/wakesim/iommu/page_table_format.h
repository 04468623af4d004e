#pragma once
// A page-table format: the geometry of a multi-level table and the bit layout of
// its entries (PTEs). Pure functions, no memory access and no time: the driver's
// map/unmap (IommuPageTable) encodes with it, and walkers (PageTableWalk, used by
// the software walk and by the timed hardware walker) decode with it.
//
// Levels are numbered by walk depth: level 0 is the root table, level levels()-1
// the last. (The architectures name them differently: ARM 4 KiB granule L0..L3,
// ARM 64 KiB granule L1..L3, Exynos lv1/lv2, Rockchip DTE/PTE.) At level l the
// IOVA bits [index_shift(l) + index_bits(l) - 1 : index_shift(l)] index a table
// of 2^index_bits(l) entries of entry_bytes() each; one entry covers
// entry_span(l) = 2^index_shift(l) bytes of IOVA.
//
// An entry decodes to one of
//   invalid        -> a translation fault at this level;
//   table(base)    -> continue at level l+1 with the table at `base`;
//   leaf(page, size, perms) -> the IOVA's page maps to the physical page `page`.
// A leaf larger than its level's entry span (the Exynos 64 KiB large page in a
// 4 KiB-entry lv2 table) is stored in size / entry_span consecutive entries, all
// with the same value, as the hardware requires.
//
// The value 0 is invalid in every format, so a zeroed table maps nothing.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wakesim/core/enum_names.h"
#include "wakesim/iommu/access_permissions.h"

namespace wakesim {

enum class PteKind { invalid, table, leaf };

struct DecodedPte {
  PteKind kind = PteKind::invalid;
  std::uint64_t address = 0;    // table: next-level table base; leaf: physical page base
  std::uint64_t page_size = 0;  // leaf only
  AccessPermissions perms;      // leaf only
};

// One level's geometry.
struct PageTableLevel {
  unsigned index_shift = 0;      // lowest IOVA bit of this level's index
  unsigned index_bits = 0;       // the table has 2^index_bits entries
  std::uint64_t leaf_sizes = 0;  // bitmap of the page sizes that are leaves here (0: tables only)
};

class PageTableFormat {
 public:
  static constexpr unsigned kMaxLevels = 4;
  static constexpr std::uint64_t kInvalidPte = 0;

  virtual ~PageTableFormat() = default;

  const std::string& name() const { return name_; }
  unsigned levels() const { return static_cast<unsigned>(levels_.size()); }
  unsigned entry_bytes() const { return entry_bytes_; }
  unsigned input_bits() const { return input_bits_; }    // IOVA width
  unsigned output_bits() const { return output_bits_; }  // physical address width
  unsigned index_shift(unsigned level) const { return levels_.at(level).index_shift; }
  unsigned index_bits(unsigned level) const { return levels_.at(level).index_bits; }
  std::uint64_t entry_span(unsigned level) const { return std::uint64_t{1} << index_shift(level); }
  std::uint64_t entries_per_table(unsigned level) const { return std::uint64_t{1} << index_bits(level); }
  // Bytes of a table at `level`, which is also its required alignment (at least
  // 64 bytes, the ARM minimum for a small top-level table).
  std::uint64_t table_bytes(unsigned level) const;
  // Page sizes this format maps, as a bitmap (the kernel's pgsize_bitmap).
  std::uint64_t page_sizes() const { return page_sizes_; }
  std::uint64_t min_page_size() const { return page_sizes_ & (~page_sizes_ + 1); }
  std::uint64_t leaf_sizes(unsigned level) const { return levels_.at(level).leaf_sizes; }
  // The level at which a page of this size is a leaf, or nullopt.
  std::optional<unsigned> leaf_level(std::uint64_t page_size) const;

  bool in_input_range(std::uint64_t iova) const { return input_bits_ >= 64 || (iova >> input_bits_) == 0; }
  bool in_output_range(std::uint64_t address) const { return output_bits_ >= 64 || (address >> output_bits_) == 0; }

  std::uint64_t index(unsigned level, std::uint64_t iova) const {
    const PageTableLevel& l = levels_[level];
    return (iova >> l.index_shift) & ((std::uint64_t{1} << l.index_bits) - 1);
  }
  // Where the PTE for `iova` lies in the table at `table_base` of `level`.
  std::uint64_t pte_address(unsigned level, std::uint64_t table_base, std::uint64_t iova) const {
    return table_base + index(level, iova) * entry_bytes_;
  }

  virtual DecodedPte decode(unsigned level, std::uint64_t pte) const = 0;
  // Encoders. Throw std::invalid_argument for an address the format cannot hold
  // (misaligned or beyond output_bits), a size that is not a leaf at `level`,
  // no permissions at all, or a table entry at the last level.
  virtual std::uint64_t encode_table(unsigned level, std::uint64_t next_table) const = 0;
  virtual std::uint64_t encode_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size,
                                    AccessPermissions perms) const = 0;
  // The permissions a leaf encoded with `requested` decodes to (write-only
  // becomes read-write where the format has no write-only encoding).
  virtual AccessPermissions representable(AccessPermissions requested) const = 0;

 protected:
  // Throws std::invalid_argument unless the levels tile the IOVA exactly (the
  // last level starts at the smallest page, each level starts where the next
  // ends, the root ends at input_bits) and every leaf size is a power of two at
  // least its level's entry span, and the last level has leaves.
  PageTableFormat(std::string name, unsigned entry_bytes, unsigned input_bits, unsigned output_bits,
                  std::vector<PageTableLevel> levels);

  // Shared checks for the encoders.
  void check_leaf(unsigned level, std::uint64_t phys, std::uint64_t page_size, AccessPermissions perms) const;
  void check_table(unsigned level, std::uint64_t next_table) const;

 private:
  std::string name_;
  unsigned entry_bytes_;
  unsigned input_bits_;
  unsigned output_bits_;
  std::vector<PageTableLevel> levels_;
  std::uint64_t page_sizes_ = 0;
};

// The formats wakesim ships, for platform descriptions.
enum class PageTableFormatKind {
  arm64_4k,       // ArmLpaeFormat, 4 KiB granule, 48-bit IOVA: 4 levels
  arm64_64k,      // ArmLpaeFormat, 64 KiB granule, 48-bit IOVA: 3 levels
  exynos_sysmmu,  // ExynosSysmmuFormat: 2 levels, 1 MiB / 64 KiB / 4 KiB
  rockchip,       // RockchipIommuFormat: 2 levels, 4 KiB
};

inline constexpr auto kPageTableFormatKindNames =
    make_enum_names<PageTableFormatKind>({{PageTableFormatKind::arm64_4k, "arm64_4k"},
                                          {PageTableFormatKind::arm64_64k, "arm64_64k"},
                                          {PageTableFormatKind::exynos_sysmmu, "exynos_sysmmu"},
                                          {PageTableFormatKind::rockchip, "rockchip"}});

inline const char* to_string(PageTableFormatKind kind) { return kPageTableFormatKindNames.name(kind); }
std::unique_ptr<PageTableFormat> make_page_table_format(PageTableFormatKind kind);

}  // namespace wakesim
