#include "wakesim/memory/row_buffer.h"

#include <algorithm>
#include <stdexcept>

namespace wakesim {

RowBuffer::RowBuffer(unsigned banks, std::uint64_t row_size) : row_size_(row_size) {
  if (banks == 0) throw std::invalid_argument("RowBuffer: at least one bank is needed");
  if (row_size == 0) throw std::invalid_argument("RowBuffer: row size must not be zero");
  open_row_.assign(banks, kClosed);
  bank_stats_.assign(banks, Outcome{});
  const auto is_power_of_two = [](std::uint64_t v) { return (v & (v - 1)) == 0; };
  if (is_power_of_two(row_size) && is_power_of_two(banks)) {
    power_of_two_geometry_ = true;
    row_shift_ = static_cast<unsigned>(__builtin_ctzll(row_size));
    bank_shift_ = static_cast<unsigned>(__builtin_ctzll(banks));
  }
}

unsigned RowBuffer::bank_of(std::uint64_t address) const {
  if (power_of_two_geometry_) return static_cast<unsigned>((address >> row_shift_) & (open_row_.size() - 1));
  return static_cast<unsigned>((address / row_size_) % open_row_.size());
}

std::uint64_t RowBuffer::row_of(std::uint64_t address) const {
  if (power_of_two_geometry_) return address >> (row_shift_ + bank_shift_);
  return address / row_size_ / open_row_.size();
}

RowBuffer::Outcome RowBuffer::access(std::uint64_t address, std::uint64_t length) {
  Outcome outcome;
  std::uint64_t remaining = length;
  while (remaining > 0) {
    const unsigned bank = bank_of(address);
    std::uint64_t& open = open_row_[bank];
    Outcome& counts = bank_stats_[bank];
    const std::uint64_t row = row_of(address);
    if (open == row) {
      ++outcome.hits;
      ++counts.hits;
    } else if (open == kClosed) {
      ++outcome.empty;
      ++counts.empty;
    } else {
      ++outcome.conflicts;
      ++counts.conflicts;
    }
    open = row;
    const std::uint64_t in_row = power_of_two_geometry_ ? address & (row_size_ - 1) : address % row_size_;
    const std::uint64_t chunk = std::min(remaining, row_size_ - in_row);
    address += chunk;
    remaining -= chunk;
  }
  return outcome;
}

void RowBuffer::reset_stats() { std::fill(bank_stats_.begin(), bank_stats_.end(), Outcome{}); }

void RowBuffer::close_all() { std::fill(open_row_.begin(), open_row_.end(), kClosed); }

}  // namespace wakesim
