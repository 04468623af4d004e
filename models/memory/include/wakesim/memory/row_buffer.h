#pragma once
// The row buffers of a DRAM's banks under an open-page policy, simply: each bank
// keeps its last row open. Addresses map row:bank:column, so consecutive rows of
// the address space fall into consecutive banks:
//   bank = (address / row_size) % banks,  row = address / (row_size * banks).
// An access to a bank's open row is a hit; to a bank with no open row an "empty"
// miss (ACT only); to a bank with another row open a conflict (PRE, then ACT).
// Every bank counts its own outcomes (per row an access touches), so a report
// can give each bank's row-hit rate; counting allocates nothing.
#include <cstdint>
#include <vector>

namespace wakesim {

class RowBuffer {
 public:
  // What one access found, counted per row it touched.
  struct Outcome {
    std::uint64_t hits = 0;
    std::uint64_t empty = 0;      // activations into a precharged bank
    std::uint64_t conflicts = 0;  // a precharge, then an activation
    std::uint64_t activations() const { return empty + conflicts; }
    std::uint64_t accesses() const { return hits + empty + conflicts; }
    // hits / accesses(), 0 when nothing was accessed.
    double hit_rate() const {
      return accesses() == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(accesses());
    }
  };

  // Throws std::invalid_argument for zero banks or a zero row size.
  RowBuffer(unsigned banks, std::uint64_t row_size);

  // Opens every row that [address, address + length) touches, in address order.
  // A zero length touches nothing.
  Outcome access(std::uint64_t address, std::uint64_t length);
  // Precharge all (e.g. before power-down or self-refresh).
  void close_all();

  unsigned bank_of(std::uint64_t address) const;
  std::uint64_t row_of(std::uint64_t address) const;
  bool is_open(unsigned bank) const { return open_row_.at(bank) != kClosed; }
  unsigned banks() const { return static_cast<unsigned>(open_row_.size()); }
  std::uint64_t row_size() const { return row_size_; }
  // What the accesses found in `bank` since construction or reset_stats().
  const Outcome& bank_stats(unsigned bank) const { return bank_stats_.at(bank); }
  // Forgets the counts; the open rows stay open.
  void reset_stats();

 private:
  static constexpr std::uint64_t kClosed = ~std::uint64_t{0};

  // log2 of row_size and of banks when both are powers of two (the usual
  // geometry): bank_of() and row_of() then shift and mask instead of dividing.
  bool power_of_two_geometry_ = false;
  unsigned row_shift_ = 0;
  unsigned bank_shift_ = 0;

  std::uint64_t row_size_;
  std::vector<std::uint64_t> open_row_;  // per bank, kClosed when precharged
  std::vector<Outcome> bank_stats_;      // per bank
};

}  // namespace wakesim
