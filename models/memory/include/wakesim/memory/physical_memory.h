#pragma once
// Physical memory as page-table code sees it: 4- and 8-byte little-endian words
// at physical addresses. The IOMMU driver model writes page tables through it and
// the software walk reads them; the DRAM model implements it through its debug
// backdoor (transport_dbg), so these accesses take no simulated time. The timed
// hardware walker does not use this: it reads each PTE through the bus.
//
// Accesses are naturally aligned (a 4-byte word at a multiple of 4, an 8-byte
// word at a multiple of 8); an implementation may reject anything else, and
// addresses it does not back, by throwing.
#include <cstdint>

namespace wakesim {

class PhysicalMemory {
 public:
  virtual ~PhysicalMemory() = default;

  virtual std::uint32_t read32(std::uint64_t address) = 0;
  virtual std::uint64_t read64(std::uint64_t address) = 0;
  virtual void write32(std::uint64_t address, std::uint32_t value) = 0;
  virtual void write64(std::uint64_t address, std::uint64_t value) = 0;

  // Zeroes [address, address + bytes) (a fresh page-table page). The default
  // writes 8-byte words: address and bytes must be multiples of 8.
  virtual void zero(std::uint64_t address, std::uint64_t bytes);

  // A word of `bytes` (4 or 8) bytes, for code generic over the PTE size. Throws
  // std::invalid_argument for another size.
  std::uint64_t read(std::uint64_t address, unsigned bytes);
  void write(std::uint64_t address, unsigned bytes, std::uint64_t value);
};

}  // namespace wakesim
