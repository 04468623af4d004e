#pragma once
// PhysicalMemory for tests: sparse 4 KiB pages created on first write, reads of
// untouched memory return 0. Little-endian, naturally aligned words only. Counts
// reads and writes and remembers the addresses read, so a test can check which
// PTEs a walk visited.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "wakesim/memory/physical_memory.h"

namespace wakesim::test {

class SparseTestMemory : public PhysicalMemory {
 public:
  std::uint32_t read32(std::uint64_t address) override { return static_cast<std::uint32_t>(load(address, 4)); }
  std::uint64_t read64(std::uint64_t address) override { return load(address, 8); }
  void write32(std::uint64_t address, std::uint32_t value) override { store(address, 4, value); }
  void write64(std::uint64_t address, std::uint64_t value) override { store(address, 8, value); }

  std::uint64_t reads() const { return reads_; }
  std::uint64_t writes() const { return writes_; }
  const std::vector<std::uint64_t>& read_addresses() const { return read_addresses_; }
  void forget_reads() {
    reads_ = 0;
    read_addresses_.clear();
  }
  std::size_t pages_touched() const { return pages_.size(); }

 private:
  using Page = std::array<std::uint8_t, 4096>;

  static void check(std::uint64_t address, unsigned bytes) {
    if (address % bytes != 0) throw std::invalid_argument("SparseTestMemory: misaligned access");
  }
  std::uint64_t load(std::uint64_t address, unsigned bytes) {
    check(address, bytes);
    ++reads_;
    read_addresses_.push_back(address);
    const auto it = pages_.find(address >> 12);
    if (it == pages_.end()) return 0;
    std::uint64_t value = 0;
    for (unsigned i = 0; i < bytes; ++i) {
      value |= std::uint64_t{it->second[(address & 0xfff) + i]} << (8 * i);
    }
    return value;
  }
  void store(std::uint64_t address, unsigned bytes, std::uint64_t value) {
    check(address, bytes);
    ++writes_;
    Page& page = pages_.try_emplace(address >> 12, Page{}).first->second;
    for (unsigned i = 0; i < bytes; ++i) {
      page[(address & 0xfff) + i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
  }

  std::unordered_map<std::uint64_t, Page> pages_;
  std::uint64_t reads_ = 0;
  std::uint64_t writes_ = 0;
  std::vector<std::uint64_t> read_addresses_;
};

}  // namespace wakesim::test
