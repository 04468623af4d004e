#include "wakesim/bus/address_map.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace wakesim {
namespace {

bool overlap(const AddressMapping& a, const AddressMapping& b) { return a.base <= b.last() && b.base <= a.last(); }

}  // namespace

std::string AddressMap::describe(const AddressMapping& mapping) {
  return fmt::format("[{:#x}..{:#x}] -> port {}", mapping.base, mapping.last(), mapping.port);
}

void AddressMap::add(const AddressMapping& mapping) {
  if (mapping.size == 0) {
    throw std::invalid_argument(
        fmt::format("{}: range at {:#x} -> port {} has size zero", owner_, mapping.base, mapping.port));
  }
  if (mapping.size - 1 > std::numeric_limits<std::uint64_t>::max() - mapping.base) {
    throw std::invalid_argument(
        fmt::format("{}: range at {:#x} of size {:#x} -> port {} ends past "
                    "the 64-bit address space",
                    owner_, mapping.base, mapping.size, mapping.port));
  }
  auto next = std::partition_point(mappings_.begin(), mappings_.end(),
                                   [&](const AddressMapping& m) { return m.base < mapping.base; });
  // Only the neighbours can overlap a new range in a sorted, disjoint map.
  const AddressMapping* clash = nullptr;
  if (next != mappings_.end() && overlap(*next, mapping)) clash = &*next;
  if (next != mappings_.begin() && overlap(*std::prev(next), mapping)) clash = &*std::prev(next);
  if (clash != nullptr) {
    throw std::invalid_argument(
        fmt::format("{}: range {} overlaps range {}", owner_, describe(mapping), describe(*clash)));
  }
  mappings_.insert(next, mapping);
  last_hit_ = 0;
}

const AddressMapping* AddressMap::decode(std::uint64_t address, std::uint64_t length) const {
  const std::uint64_t span = length == 0 ? 0 : length - 1;
  if (span > std::numeric_limits<std::uint64_t>::max() - address) return nullptr;
  const std::uint64_t last = address + span;
  if (last_hit_ < mappings_.size()) {
    const AddressMapping& recent = mappings_[last_hit_];
    if (recent.base <= address && last <= recent.last()) return &recent;
  }
  // The last range whose base is <= address is the only candidate.
  auto after = std::partition_point(mappings_.begin(), mappings_.end(),
                                    [address](const AddressMapping& m) { return m.base <= address; });
  if (after == mappings_.begin()) return nullptr;
  const AddressMapping& candidate = *std::prev(after);
  if (last > candidate.last()) return nullptr;
  last_hit_ = static_cast<std::size_t>(std::prev(after) - mappings_.begin());
  return &candidate;
}

}  // namespace wakesim
