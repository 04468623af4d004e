#include "wakesim/memory/dram_physical_memory.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "wakesim/memory/channel_interleaver.h"
#include "wakesim/memory/dram.h"

namespace wakesim {

std::uint64_t DramPhysicalMemory::offset(std::uint64_t address, unsigned bytes) const {
  if (address % bytes != 0) {
    throw std::invalid_argument("DramPhysicalMemory: misaligned " + std::to_string(bytes) + "-byte word at " +
                                std::to_string(address));
  }
  if (address < base_) {
    throw std::out_of_range("DramPhysicalMemory: address " + std::to_string(address) + " below the DRAM base");
  }
  return address - base_;
}

Dram& DramPhysicalMemory::channel_of(std::uint64_t offset, std::uint64_t& local) const {
  if (interleaver_ == nullptr) {
    local = offset;
    return *channels_.front();
  }
  const ChannelInterleaver::Location at = interleaver_->locate(offset);
  local = at.offset;
  return *channels_.at(at.channel);
}

// Byte by byte, so the result does not depend on the host's byte order.
std::uint64_t DramPhysicalMemory::load(std::uint64_t address, unsigned bytes) {
  std::array<std::uint8_t, 8> buffer{};
  std::uint64_t local = 0;
  channel_of(offset(address, bytes), local).backdoor_read(local, buffer.data(), bytes);
  std::uint64_t value = 0;
  for (unsigned i = 0; i < bytes; ++i) value |= std::uint64_t{buffer[i]} << (8 * i);
  return value;
}

void DramPhysicalMemory::store(std::uint64_t address, unsigned bytes, std::uint64_t value) {
  std::array<std::uint8_t, 8> buffer{};
  for (unsigned i = 0; i < bytes; ++i) buffer[i] = static_cast<std::uint8_t>(value >> (8 * i));
  std::uint64_t local = 0;
  channel_of(offset(address, bytes), local).backdoor_write(local, buffer.data(), bytes);
}

void DramPhysicalMemory::zero(std::uint64_t address, std::uint64_t bytes) {
  if (address % 8 != 0 || bytes % 8 != 0) {
    throw std::invalid_argument("DramPhysicalMemory::zero: address and length must be multiples of 8");
  }
  static const std::array<std::uint8_t, 4096> zeros{};
  std::uint64_t at = offset(address, 8);
  while (bytes > 0) {
    std::uint64_t chunk = std::min<std::uint64_t>(bytes, zeros.size());
    if (interleaver_ != nullptr) {  // up to the granule's end
      const std::uint64_t granule = interleaver_->params().granule;
      chunk = std::min(chunk, granule - at % granule);
    }
    std::uint64_t local = 0;
    channel_of(at, local).backdoor_write(local, zeros.data(), chunk);
    at += chunk;
    bytes -= chunk;
  }
}

}  // namespace wakesim
