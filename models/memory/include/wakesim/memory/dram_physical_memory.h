#pragma once
// PhysicalMemory over a Dram's backdoor: the IOMMU driver model writes its page
// tables into the simulated DRAM (IommuPageTable), where the hardware walker
// reads them through the bus. Backdoor accesses take no simulated time and have
// no row, energy or power-state effect (Dram::backdoor_read/backdoor_write).
//
// `base` is where the DRAM sits in the physical address map (the Interconnect
// range it is mapped at), so the driver uses the physical addresses the walker
// will put on the bus: physical address a is DRAM offset a - base. Words are
// little-endian, naturally aligned; a misaligned word throws
// std::invalid_argument and an address outside the DRAM std::out_of_range.
//
// With several interleaved channels, offset a - base is located on its channel
// by the ChannelInterleaver (a word never straddles a granule of >= 64 B).
#include <cstdint>
#include <utility>
#include <vector>

#include "wakesim/memory/physical_memory.h"

namespace wakesim {

class ChannelInterleaver;
class Dram;

class DramPhysicalMemory : public PhysicalMemory {
 public:
  explicit DramPhysicalMemory(Dram& dram, std::uint64_t base = 0) : channels_{&dram}, base_(base) {}
  // `channels` in channel order, as bound to `interleaver`.
  DramPhysicalMemory(std::vector<Dram*> channels, const ChannelInterleaver& interleaver, std::uint64_t base)
      : channels_(std::move(channels)), interleaver_(&interleaver), base_(base) {}

  std::uint32_t read32(std::uint64_t address) override { return static_cast<std::uint32_t>(load(address, 4)); }
  std::uint64_t read64(std::uint64_t address) override { return load(address, 8); }
  void write32(std::uint64_t address, std::uint32_t value) override { store(address, 4, value); }
  void write64(std::uint64_t address, std::uint64_t value) override { store(address, 8, value); }
  // One backdoor write per 4 KiB (instead of a word at a time).
  void zero(std::uint64_t address, std::uint64_t bytes) override;

  std::uint64_t base() const { return base_; }

 private:
  std::uint64_t offset(std::uint64_t address, unsigned bytes) const;
  std::uint64_t load(std::uint64_t address, unsigned bytes);
  void store(std::uint64_t address, unsigned bytes, std::uint64_t value);

  // The channel holding memory offset `offset`; sets `local` to its offset there.
  Dram& channel_of(std::uint64_t offset, std::uint64_t& local) const;

  std::vector<Dram*> channels_;
  const ChannelInterleaver* interleaver_ = nullptr;
  std::uint64_t base_;
};

}  // namespace wakesim
