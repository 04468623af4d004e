#pragma once
// One page-table walk as a step-by-step state machine, so that whoever performs
// the reads decides how they happen: the software walk reads PTEs from
// PhysicalMemory, the timed hardware walker reads each through the bus.
//
//   PageTableWalk walk(format, root, iova);
//   while (!walk.done()) walk.advance(read(walk.pte_address(), walk.pte_bytes()));
//   if (walk.translated()) ... walk.output_address(), walk.page_size(), walk.perms()
//
// A walk-cache hit starts lower down with PageTableWalk::from_level(). An IOVA
// beyond the format's input range faults at once, before any read (level 0).
// The walk records every PTE it read (address and value) so the caller can fill
// a walk cache or report a fault. It allocates nothing.
#include <array>
#include <cstdint>

#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

class PageTableWalk {
 public:
  enum class Status { walking, translated, fault };

  struct Step {
    unsigned level = 0;
    std::uint64_t pte_address = 0;
    std::uint64_t pte = 0;
    DecodedPte decoded;
  };

  // A walk from the root table at `root`.
  PageTableWalk(const PageTableFormat& format, std::uint64_t root, std::uint64_t iova)
      : PageTableWalk(format, iova, 0, root) {}
  // A walk that starts at `level` with the table at `table` (a walk-cache hit).
  // Throws std::invalid_argument if level >= format.levels().
  static PageTableWalk from_level(const PageTableFormat& format, std::uint64_t iova, unsigned level,
                                  std::uint64_t table);

  Status status() const { return status_; }
  bool done() const { return status_ != Status::walking; }
  bool translated() const { return status_ == Status::translated; }
  bool faulted() const { return status_ == Status::fault; }

  std::uint64_t iova() const { return iova_; }
  // While walking: the level, table and address of the next PTE to read, and its
  // size. Once done: the level where the walk ended (the leaf's or the fault's).
  unsigned level() const { return level_; }
  std::uint64_t table() const { return table_; }
  std::uint64_t pte_address() const { return format_->pte_address(level_, table_, iova_); }
  unsigned pte_bytes() const { return format_->entry_bytes(); }

  // Decodes `pte`, the value read at pte_address(), and moves on: to the next
  // level (table), to translated (leaf) or to fault (invalid). Throws
  // std::logic_error once done.
  const DecodedPte& advance(std::uint64_t pte);

  // PTE reads so far and what they were.
  unsigned reads() const { return reads_; }
  const Step& step(unsigned i) const { return steps_.at(i); }

  // Translated only.
  std::uint64_t page_base() const { return leaf_.address; }
  std::uint64_t page_size() const { return leaf_.page_size; }
  AccessPermissions perms() const { return leaf_.perms; }
  std::uint64_t output_address() const { return leaf_.address | (iova_ & (leaf_.page_size - 1)); }
  // Fault only: true if the IOVA was beyond the input range (no PTE was read).
  bool out_of_range() const { return out_of_range_; }

 private:
  PageTableWalk(const PageTableFormat& format, std::uint64_t iova, unsigned level, std::uint64_t table);

  const PageTableFormat* format_;
  std::uint64_t iova_;
  unsigned level_;
  std::uint64_t table_;
  Status status_ = Status::walking;
  bool out_of_range_ = false;
  unsigned reads_ = 0;
  DecodedPte leaf_;
  std::array<Step, PageTableFormat::kMaxLevels> steps_{};
};

}  // namespace wakesim
