#include "wakesim/drivers/iommu_page_table.h"

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace wakesim {
namespace {

bool is_aligned(std::uint64_t value, std::uint64_t alignment) { return (value & (alignment - 1)) == 0; }

// [start, start + size) with size > 0 lies below 2^bits (and does not wrap).
bool fits(std::uint64_t start, std::uint64_t size, unsigned bits) {
  const std::uint64_t last = start + (size - 1);
  if (last < start) return false;
  return bits >= 64 || (last >> bits) == 0;
}

std::uint64_t highest_bit(std::uint64_t value) {
  std::uint64_t bit = std::uint64_t{1} << 63;
  while (bit != 0 && (value & bit) == 0) bit >>= 1;
  return bit;
}

// Appends a leaf range, merging it into the last one when contiguous and of the
// same page size (the kernel's iotlb gather).
void gather(std::vector<IovaRange>& ranges, std::uint64_t iova, std::uint64_t page_size) {
  if (!ranges.empty()) {
    IovaRange& last = ranges.back();
    if (last.page_size == page_size && last.iova + last.size == iova) {
      last.size += page_size;
      return;
    }
  }
  ranges.push_back(IovaRange{iova, page_size, page_size});
}

}  // namespace

IommuPageTable::IommuPageTable(const PageTableFormat& format, PhysicalMemory& memory, PageTableAllocator& allocator,
                               std::uint64_t page_sizes)
    : format_(format),
      memory_(memory),
      allocator_(allocator),
      page_sizes_(page_sizes == 0 ? format.page_sizes() : page_sizes) {
  if ((page_sizes_ & ~format.page_sizes()) != 0 || (page_sizes_ & format.min_page_size()) == 0) {
    throw std::invalid_argument("IommuPageTable: page sizes not a subset of " + format.name() +
                                "'s holding its smallest page");
  }
  if (!fits(allocator.base(), allocator.size(), format.output_bits())) {
    throw std::invalid_argument("IommuPageTable: the table region reaches beyond the " +
                                std::to_string(format.output_bits()) + "-bit addresses of " + format.name());
  }
  const std::uint64_t bytes = format.table_bytes(0);
  const std::optional<std::uint64_t> root = allocator.allocate(bytes);
  if (!root) {
    throw std::runtime_error("IommuPageTable: no room for the " + std::to_string(bytes) + "-byte root table of " +
                             format.name());
  }
  root_ = *root;
  memory_.zero(root_, bytes);
  tables_.emplace(root_, Table{});
  ++stats_.tables_allocated;
}

IommuPageTable::~IommuPageTable() {
  for (const auto& table : tables_) allocator_.free(table.first);
}

std::uint64_t IommuPageTable::read_pte(std::uint64_t address) {
  ++stats_.pte_reads;
  return memory_.read(address, format_.entry_bytes());
}

void IommuPageTable::write_pte(std::uint64_t address, std::uint64_t value) {
  ++stats_.pte_writes;
  memory_.write(address, format_.entry_bytes(), value);
}

int IommuPageTable::map(std::uint64_t iova, std::uint64_t phys, std::uint64_t size, AccessPermissions perms) {
  const std::uint64_t min_page = format_.min_page_size();
  if (size == 0 || perms.none() || !is_aligned(iova | phys | size, min_page)) return -EINVAL;
  if (!fits(iova, size, format_.input_bits()) || !fits(phys, size, format_.output_bits())) {
    return -ERANGE;
  }
  std::uint64_t mapped = 0;
  while (mapped < size) {
    const std::uint64_t page_size = pick_page_size(iova + mapped, phys + mapped, size - mapped);
    const int error = map_one(iova + mapped, phys + mapped, page_size, perms);
    if (error != 0) {
      if (mapped > 0) unmap(iova, mapped);  // undo this call's chunks
      return error;
    }
    mapped += page_size;
    mapped_bytes_ += page_size;
  }
  return 0;
}

std::uint64_t IommuPageTable::pick_page_size(std::uint64_t iova, std::uint64_t phys, std::uint64_t remaining) const {
  // Sizes up to the remaining length and up to the alignment of iova and phys.
  std::uint64_t allowed = highest_bit(remaining);
  const std::uint64_t address_bits = iova | phys;
  if (address_bits != 0) allowed = std::min(allowed, address_bits & (~address_bits + 1));
  const std::uint64_t candidates = page_sizes_ & (allowed | (allowed - 1));
  return highest_bit(candidates);  // never 0: the caller checked min_page alignment
}

int IommuPageTable::map_one(std::uint64_t iova, std::uint64_t phys, std::uint64_t page_size, AccessPermissions perms) {
  const unsigned leaf_level = *format_.leaf_level(page_size);
  std::uint64_t table = root_;
  for (unsigned level = 0; level < leaf_level; ++level) {
    const std::uint64_t entry = format_.pte_address(level, table, iova);
    const DecodedPte decoded = format_.decode(level, read_pte(entry));
    if (decoded.kind == PteKind::leaf) return -EEXIST;  // inside a block or section
    if (decoded.kind == PteKind::table) {
      table = decoded.address;
      continue;
    }
    const std::optional<std::uint64_t> next = add_table(table, level, entry);
    if (!next) {
      release_if_empty(table);  // tables this call added hold nothing yet
      return -ENOMEM;
    }
    table = *next;
  }
  // A leaf larger than the entry span fills several consecutive entries.
  const std::uint64_t count = page_size / format_.entry_span(leaf_level);
  const std::uint64_t first = format_.pte_address(leaf_level, table, iova);
  const unsigned step = format_.entry_bytes();
  for (std::uint64_t i = 0; i < count; ++i) {
    if (format_.decode(leaf_level, read_pte(first + i * step)).kind != PteKind::invalid) {
      return -EEXIST;  // tables are only allocated on a path that cannot collide
    }
  }
  const std::uint64_t value = format_.encode_leaf(leaf_level, phys, page_size, perms);
  for (std::uint64_t i = 0; i < count; ++i) write_pte(first + i * step, value);
  tables_.at(table).used += count;
  return 0;
}

std::optional<std::uint64_t> IommuPageTable::add_table(std::uint64_t table, unsigned level, std::uint64_t entry) {
  const std::uint64_t bytes = format_.table_bytes(level + 1);
  const std::optional<std::uint64_t> next = allocator_.allocate(bytes);
  if (!next) return std::nullopt;
  memory_.zero(*next, bytes);
  write_pte(entry, format_.encode_table(level, *next));
  tables_.at(table).used += 1;
  tables_.emplace(*next, Table{level + 1, table, entry, 0});
  ++stats_.tables_allocated;
  return next;
}

bool IommuPageTable::release_if_empty(std::uint64_t table) {
  bool freed = false;
  while (table != root_) {
    const Table info = tables_.at(table);
    if (info.used != 0) break;
    write_pte(info.parent_pte, PageTableFormat::kInvalidPte);
    tables_.at(info.parent).used -= 1;
    tables_.erase(table);
    allocator_.free(table);
    ++stats_.tables_freed;
    freed = true;
    table = info.parent;
  }
  return freed;
}

UnmapResult IommuPageTable::unmap(std::uint64_t iova, std::uint64_t size) {
  UnmapResult result;
  const std::uint64_t min_page = format_.min_page_size();
  if (size == 0 || !is_aligned(iova | size, min_page) || !fits(iova, size, format_.input_bits())) {
    result.error = -EINVAL;
    return result;
  }
  while (result.unmapped < size) {
    const std::uint64_t at = iova + result.unmapped;
    std::uint64_t table = root_;
    unsigned level = 0;
    DecodedPte decoded = format_.decode(0, read_pte(format_.pte_address(0, table, at)));
    while (decoded.kind == PteKind::table && level + 1 < format_.levels()) {
      table = decoded.address;
      ++level;
      decoded = format_.decode(level, read_pte(format_.pte_address(level, table, at)));
    }
    if (decoded.kind != PteKind::leaf) {
      result.error = -ENOENT;
      break;
    }
    const std::uint64_t page_size = decoded.page_size;
    if (!is_aligned(at, page_size) || page_size > size - result.unmapped) {
      result.error = -EINVAL;  // the leaf reaches outside the range: no block splitting
      break;
    }
    const std::uint64_t count = page_size / format_.entry_span(level);
    const std::uint64_t first = format_.pte_address(level, table, at);
    for (std::uint64_t i = 0; i < count; ++i) {
      write_pte(first + i * format_.entry_bytes(), PageTableFormat::kInvalidPte);
    }
    tables_.at(table).used -= count;
    if (release_if_empty(table)) result.tables_freed = true;
    gather(result.invalidate, at, page_size);
    result.unmapped += page_size;
    mapped_bytes_ -= page_size;
  }
  return result;
}

PageTableWalk IommuPageTable::walk(std::uint64_t iova) const {
  PageTableWalk walk(format_, root_, iova);
  while (!walk.done()) walk.advance(memory_.read(walk.pte_address(), walk.pte_bytes()));
  return walk;
}

std::optional<std::uint64_t> IommuPageTable::iova_to_phys(std::uint64_t iova) const {
  const PageTableWalk result = walk(iova);
  if (!result.translated()) return std::nullopt;
  return result.output_address();
}

}  // namespace wakesim
