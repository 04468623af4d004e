#pragma once
// The contents of a large simulated memory, stored sparsely: 4 KiB pages are
// allocated on their first write, and memory never written reads as zero without
// allocating anything. Once a page exists, reads and writes to it allocate nothing.
// Page addresses stay put (each page is its own heap block) and pages are never
// freed, so a small direct-mapped cache of pages (a DMA copy alternates between
// its source and destination pages) skips the hash lookup; it also remembers
// pages never written (null) until they are.
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace wakesim {

class SparseMemory {
 public:
  static constexpr std::uint64_t kPageSize = 4096;

  // A memory of `size` bytes, all zero. Throws std::invalid_argument for size 0.
  explicit SparseMemory(std::uint64_t size);

  std::uint64_t size() const { return size_; }
  // True when [address, address + length) lies inside the memory.
  bool contains(std::uint64_t address, std::uint64_t length) const {
    return address <= size_ && length <= size_ - address;
  }

  // Throw std::out_of_range unless contains(address, length).
  void read(std::uint64_t address, std::uint8_t* data, std::uint64_t length) const;
  void write(std::uint64_t address, const std::uint8_t* data, std::uint64_t length);
  std::uint8_t read_byte(std::uint64_t address) const;
  void write_byte(std::uint64_t address, std::uint8_t value);

  std::size_t allocated_pages() const { return pages_.size(); }
  std::uint64_t allocated_bytes() const { return pages_.size() * kPageSize; }

 private:
  using Page = std::array<std::uint8_t, kPageSize>;

  void check(std::uint64_t address, std::uint64_t length) const;
  const Page* find(std::uint64_t page_number) const;  // null: never written
  Page& page_for_write(std::uint64_t page_number);

  std::uint64_t size_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Page>> pages_;
  struct CachedPage {
    std::uint64_t number = ~std::uint64_t{0};  // no page has this number
    Page* page = nullptr;
  };
  static constexpr std::size_t kCachedPages = 16;
  CachedPage& cache_slot(std::uint64_t page_number) const { return cache_[page_number % kCachedPages]; }
  mutable std::array<CachedPage, kCachedPages> cache_{};
};

}  // namespace wakesim
