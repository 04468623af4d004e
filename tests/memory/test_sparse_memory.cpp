// The sparse backing store and the row-buffer model, on their own.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "wakesim/memory/row_buffer.h"
#include "wakesim/memory/sparse_memory.h"

using namespace wakesim;

TEST_CASE("SparseMemory reads zeros where nothing was written without allocating", "[dram][storage]") {
  SparseMemory memory(std::uint64_t{1} << 40);  // 1 TiB, as far as the address space goes
  std::array<std::uint8_t, 8192> data;
  data.fill(0xee);
  memory.read((std::uint64_t{1} << 40) - 8192, data.data(), data.size());
  CHECK(data[0] == 0);
  CHECK(data[8191] == 0);
  CHECK(memory.read_byte(123456789) == 0);
  CHECK(memory.allocated_pages() == 0);
}

TEST_CASE("SparseMemory allocates a page on its first write and keeps the bytes", "[dram][storage]") {
  SparseMemory memory(1 << 20);
  const std::array<std::uint8_t, 4> word{1, 2, 3, 4};
  memory.write(4094, word.data(), word.size());  // straddles pages 0 and 1
  CHECK(memory.allocated_pages() == 2);
  CHECK(memory.allocated_bytes() == 8192);
  std::array<std::uint8_t, 6> back{};
  memory.read(4093, back.data(), back.size());
  CHECK(back == std::array<std::uint8_t, 6>{0, 1, 2, 3, 4, 0});
  memory.write_byte(4095, 9);  // an existing page: no new allocation
  CHECK(memory.read_byte(4095) == 9);
  CHECK(memory.allocated_pages() == 2);
  memory.write_byte(0xfffff, 7);  // the last byte
  CHECK(memory.allocated_pages() == 3);
  CHECK(memory.read_byte(0xfffff) == 7);
}

TEST_CASE("SparseMemory keeps pages apart that share a cache slot, and sees a page written after it was read as zero",
          "[dram][storage]") {
  SparseMemory memory(1 << 24);
  constexpr std::uint64_t kPage = SparseMemory::kPageSize;
  CHECK(memory.read_byte(5 * kPage) == 0);  // remembered as never written
  memory.write_byte(5 * kPage, 0x55);
  CHECK(memory.read_byte(5 * kPage) == 0x55);
  // Pages 0, 16 and 32 map to one slot of the 16-page cache: each access evicts
  // the last one, and every page keeps its own bytes.
  for (std::uint8_t round = 1; round <= 3; ++round)
    for (std::uint64_t page : {0u, 16u, 32u}) {
      memory.write_byte(page * kPage + 7, static_cast<std::uint8_t>(round * 10 + page / 16));
      CHECK(memory.read_byte(48 * kPage) == 0);  // a fourth page, never written
    }
  CHECK(memory.read_byte(0 * kPage + 7) == 30);
  CHECK(memory.read_byte(16 * kPage + 7) == 31);
  CHECK(memory.read_byte(32 * kPage + 7) == 32);
  CHECK(memory.allocated_pages() == 4);
}

TEST_CASE("SparseMemory refuses accesses outside the memory", "[dram][storage]") {
  SparseMemory memory(4096);
  std::array<std::uint8_t, 2> data{};
  CHECK(memory.contains(4094, 2));
  CHECK_FALSE(memory.contains(4095, 2));
  CHECK_FALSE(memory.contains(~std::uint64_t{0}, 2));
  CHECK_THROWS_AS(memory.read(4095, data.data(), 2), std::out_of_range);
  CHECK_THROWS_AS(memory.write_byte(4096, 1), std::out_of_range);
  CHECK_THROWS_AS(SparseMemory(0), std::invalid_argument);
}

TEST_CASE("RowBuffer maps row bank column and counts hits empty banks and conflicts", "[dram][rows]") {
  RowBuffer rows(4, 1024);
  CHECK(rows.bank_of(0) == 0);
  CHECK(rows.bank_of(1024) == 1);
  CHECK(rows.bank_of(4096) == 0);  // row 1 of bank 0
  CHECK(rows.row_of(4096) == 1);
  CHECK(rows.row_of(4095) == 0);

  RowBuffer::Outcome first = rows.access(0, 64);  // bank 0 precharged
  CHECK(first.empty == 1);
  CHECK(first.hits == 0);
  CHECK(rows.access(512, 64).hits == 1);               // same row
  RowBuffer::Outcome conflict = rows.access(4096, 8);  // bank 0, row 1
  CHECK(conflict.conflicts == 1);
  CHECK(conflict.activations() == 1);
  // 3 KiB from 4096 + 512 touches row 1 of bank 0 (open: a hit) and row 1 of
  // banks 1, 2 and 3 (never opened: empty).
  RowBuffer::Outcome span = rows.access(4096 + 512, 3 * 1024);
  CHECK(span.hits == 1);
  CHECK(span.empty == 3);
  CHECK(span.conflicts == 0);
  CHECK(rows.access(0, 0).activations() == 0);  // zero length touches nothing
  rows.close_all();
  CHECK_FALSE(rows.is_open(0));
  CHECK(rows.access(4096, 8).empty == 1);
  CHECK_THROWS_AS(RowBuffer(0, 1024), std::invalid_argument);
}

TEST_CASE("RowBuffer maps any geometry as the closed form, power of two or not", "[dram][rows]") {
  struct Geometry {
    unsigned banks;
    std::uint64_t row_size;
  };
  for (const Geometry g : {Geometry{8, 2048}, Geometry{3, 1000}, Geometry{4, 1536}, Geometry{1, 4096}}) {
    RowBuffer rows(g.banks, g.row_size);
    for (std::uint64_t address : {std::uint64_t{0}, std::uint64_t{999}, std::uint64_t{1000}, std::uint64_t{0x12345},
                                  std::uint64_t{0x80000000}, std::uint64_t{0xfedcba9876}}) {
      CAPTURE(g.banks, g.row_size, address);
      CHECK(rows.bank_of(address) == (address / g.row_size) % g.banks);
      CHECK(rows.row_of(address) == address / (g.row_size * g.banks));
    }
    // An access crossing into the next row opens two rows (two banks when banks > 1).
    const RowBuffer::Outcome across = rows.access(g.row_size - 8, 16);
    CHECK(across.hits + across.empty + across.conflicts == 2);
  }
}
