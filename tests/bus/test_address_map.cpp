// The address map: ordered disjoint ranges, checked as they are added, decoded by
// binary search.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "wakesim/bus/address_map.h"

using namespace wakesim;

namespace {

AddressMapping range(std::uint64_t base, std::uint64_t size, std::size_t port) {
  return AddressMapping{base, size, port, nullptr};
}

std::string error_of(AddressMap& map, const AddressMapping& mapping) {
  try {
    map.add(mapping);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("AddressMap rejects an overlapping range and names both ranges", "[bus][address_map]") {
  AddressMap map("noc");
  map.add(range(0x1000, 0x1000, 0));
  const std::string message = error_of(map, range(0x1800, 0x1000, 1));
  CHECK(message == "noc: range [0x1800..0x27ff] -> port 1 overlaps range [0x1000..0x1fff] -> port 0");
  // Overlap from below, containment either way, and the same range again.
  CHECK_THROWS_AS(map.add(range(0x0800, 0x0801, 1)), std::invalid_argument);
  CHECK_THROWS_AS(map.add(range(0x1100, 0x10, 1)), std::invalid_argument);
  CHECK_THROWS_AS(map.add(range(0x0000, 0x10000, 1)), std::invalid_argument);
  CHECK_THROWS_AS(map.add(range(0x1000, 0x1000, 0)), std::invalid_argument);
  CHECK(map.mappings().size() == 1);  // nothing rejected was added
}

TEST_CASE("AddressMap rejects a zero size and a range past the 64-bit space", "[bus][address_map]") {
  AddressMap map("noc");
  CHECK(error_of(map, range(0x4000, 0, 2)) == "noc: range at 0x4000 -> port 2 has size zero");
  CHECK_THROWS_AS(map.add(range(std::numeric_limits<std::uint64_t>::max(), 2, 0)), std::invalid_argument);
  CHECK(map.empty());
  // Up to and including the last address is fine.
  map.add(range(std::numeric_limits<std::uint64_t>::max() - 0xfff, 0x1000, 0));
  CHECK(map.decode(std::numeric_limits<std::uint64_t>::max(), 1) != nullptr);
}

TEST_CASE("AddressMap accepts adjacent ranges in any order and decodes each byte to its range", "[bus][address_map]") {
  AddressMap map("noc");
  map.add(range(0x3000, 0x1000, 2));
  map.add(range(0x1000, 0x1000, 0));
  map.add(range(0x2000, 0x1000, 1));  // touches both neighbours
  map.add(range(0x10000, 0x100, 3));  // after a hole
  REQUIRE(map.mappings().size() == 4);
  CHECK(map.mappings()[0].base == 0x1000);
  CHECK(map.mappings()[3].base == 0x10000);

  CHECK(map.decode(0x0fff, 1) == nullptr);       // below everything
  CHECK(map.decode(0x1000, 1)->port == 0);       // first byte
  CHECK(map.decode(0x1fff, 1)->port == 0);       // last byte
  CHECK(map.decode(0x2000, 0x1000)->port == 1);  // exactly one range
  CHECK(map.decode(0x1ff0, 0x20) == nullptr);    // straddles two ranges
  CHECK(map.decode(0x3fff, 1)->port == 2);
  CHECK(map.decode(0x4000, 1) == nullptr);  // in the hole
  CHECK(map.decode(0x100ff, 1)->port == 3);
  CHECK(map.decode(0x100ff, 2) == nullptr);                                    // runs off the end
  CHECK(map.decode(0x1000, 0)->port == 0);                                     // zero length: one byte
  CHECK(map.decode(std::numeric_limits<std::uint64_t>::max(), 2) == nullptr);  // wraps
}
