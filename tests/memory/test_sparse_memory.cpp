// The sparse backing store and the row-buffer model, on their own.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "memory/row_buffer.h"
#include "memory/sparse_memory.h"

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
  CHECK(rows.access(512, 64).hits == 1);  // same row
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
