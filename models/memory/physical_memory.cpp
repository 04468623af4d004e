#include "wakesim/memory/physical_memory.h"

#include <stdexcept>

namespace wakesim {

void PhysicalMemory::zero(std::uint64_t address, std::uint64_t bytes) {
  if (address % 8 != 0 || bytes % 8 != 0) {
    throw std::invalid_argument("PhysicalMemory::zero: address and length must be multiples of 8");
  }
  for (std::uint64_t offset = 0; offset < bytes; offset += 8) write64(address + offset, 0);
}

std::uint64_t PhysicalMemory::read(std::uint64_t address, unsigned bytes) {
  if (bytes == 4) return read32(address);
  if (bytes == 8) return read64(address);
  throw std::invalid_argument("PhysicalMemory::read: word size must be 4 or 8 bytes");
}

void PhysicalMemory::write(std::uint64_t address, unsigned bytes, std::uint64_t value) {
  if (bytes == 4) {
    write32(address, static_cast<std::uint32_t>(value));
  } else if (bytes == 8) {
    write64(address, value);
  } else {
    throw std::invalid_argument("PhysicalMemory::write: word size must be 4 or 8 bytes");
  }
}

}  // namespace wakesim
