#include "wakesim/memory/sparse_memory.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace wakesim {

SparseMemory::SparseMemory(std::uint64_t size) : size_(size) {
  if (size == 0) throw std::invalid_argument("SparseMemory: size must not be zero");
}

void SparseMemory::check(std::uint64_t address, std::uint64_t length) const {
  if (!contains(address, length)) {
    throw std::out_of_range("SparseMemory: access outside the memory");
  }
}

const SparseMemory::Page* SparseMemory::find(std::uint64_t page_number) const {
  CachedPage& cached = cache_slot(page_number);
  if (cached.number == page_number) return cached.page;
  const auto it = pages_.find(page_number);
  // A page never written is cached as null too: page_for_write() replaces the
  // entry when it creates the page.
  cached = CachedPage{page_number, it == pages_.end() ? nullptr : it->second.get()};
  return cached.page;
}

SparseMemory::Page& SparseMemory::page_for_write(std::uint64_t page_number) {
  CachedPage& cached = cache_slot(page_number);
  if (cached.number == page_number && cached.page != nullptr) return *cached.page;
  std::unique_ptr<Page>& slot = pages_[page_number];
  if (!slot) slot = std::make_unique<Page>();  // value-initialised: zeros
  cached = CachedPage{page_number, slot.get()};
  return *slot;
}

void SparseMemory::read(std::uint64_t address, std::uint8_t* data, std::uint64_t length) const {
  check(address, length);
  while (length > 0) {
    const std::uint64_t offset = address % kPageSize;
    const std::uint64_t chunk = std::min(length, kPageSize - offset);
    const Page* page = find(address / kPageSize);
    if (page != nullptr) {
      std::memcpy(data, page->data() + offset, chunk);
    } else {
      std::memset(data, 0, chunk);
    }
    address += chunk;
    data += chunk;
    length -= chunk;
  }
}

void SparseMemory::write(std::uint64_t address, const std::uint8_t* data, std::uint64_t length) {
  check(address, length);
  while (length > 0) {
    const std::uint64_t offset = address % kPageSize;
    const std::uint64_t chunk = std::min(length, kPageSize - offset);
    std::memcpy(page_for_write(address / kPageSize).data() + offset, data, chunk);
    address += chunk;
    data += chunk;
    length -= chunk;
  }
}

std::uint8_t SparseMemory::read_byte(std::uint64_t address) const {
  check(address, 1);
  const Page* page = find(address / kPageSize);
  return page != nullptr ? (*page)[address % kPageSize] : 0;
}

void SparseMemory::write_byte(std::uint64_t address, std::uint8_t value) {
  check(address, 1);
  page_for_write(address / kPageSize)[address % kPageSize] = value;
}

}  // namespace wakesim
