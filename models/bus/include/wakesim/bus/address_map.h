#pragma once
// An interconnect's address map: disjoint ranges [base, base + size), each routed
// to a target port, kept sorted by base so decoding is a binary search that
// allocates nothing. Ranges are checked as they are added, at elaboration: a zero
// size, a range past the end of the 64-bit space, or an overlap with a range
// already mapped throws std::invalid_argument naming both ranges.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wakesim {

class PowerDomain;

struct AddressMapping {
  std::uint64_t base = 0;
  std::uint64_t size = 0;
  std::size_t port = 0;                 // target port (binding index of the initiator side)
  const PowerDomain* domain = nullptr;  // the target's power domain; null: always on

  // Inclusive end, so a range reaching 2^64 - 1 needs no 65-bit arithmetic.
  std::uint64_t last() const { return base + (size - 1); }
};

class AddressMap {
 public:
  // `owner` names the map in error messages (the interconnect's name).
  explicit AddressMap(std::string owner = "address map") : owner_(std::move(owner)) {}

  void add(const AddressMapping& mapping);

  // The mapping that holds all of [address, address + length) (a zero length is
  // taken as one byte), or null when no single range does.
  const AddressMapping* decode(std::uint64_t address, std::uint64_t length) const;

  const std::vector<AddressMapping>& mappings() const { return mappings_; }
  bool empty() const { return mappings_.empty(); }

  // "[0x1000..0x1fff] -> port 2": a mapping as error messages show it.
  static std::string describe(const AddressMapping& mapping);

 private:
  std::string owner_;
  std::vector<AddressMapping> mappings_;  // sorted by base, disjoint
  // Index of the mapping the last decode found: traffic mostly goes to one
  // range (DRAM), so it is tried before the search. add() forgets it.
  mutable std::size_t last_hit_ = 0;
};

}  // namespace wakesim
