#pragma once
// How long a data link of `width` bytes per cycle at `clock` is busy with a
// transfer: ceil(bytes / width) periods, the period rounded to whole ps. Shared
// by the Interconnect's ports and the Bridge's link. Traffic repeats one burst
// size, so transfer_time_of() keeps the last length's answer (nothing is
// allocated or formatted on that path).
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <systemc>

#include "wakesim/core/units.h"

namespace wakesim {

class LinkTiming {
 public:
  // Throws std::invalid_argument naming `owner` for a zero width or a clock that
  // is not positive and finite or faster than 1 THz.
  static void validate(const std::string& owner, unsigned width_bytes, Frequency clock) {
    if (width_bytes == 0) throw std::invalid_argument(owner + ": data width must be at least one byte per cycle");
    if (!std::isfinite(clock.hertz) || clock.hertz <= 0.0 || clock.hertz > 1e12)
      throw std::invalid_argument(owner + ": clock must be positive, finite and at most 1 THz");
  }

  // The arguments must have passed validate().
  LinkTiming(unsigned width_bytes, Frequency clock)
      : width_(width_bytes), period_ps_(static_cast<std::uint64_t>(std::llround(1e12 / clock.hertz))) {}

  std::uint64_t period_ps() const { return period_ps_; }

  sc_core::sc_time transfer_time(std::uint64_t bytes) const {
    const std::uint64_t cycles = bytes / width_ + (bytes % width_ != 0 ? 1 : 0);
    return sc_core::sc_time::from_value(cycles * period_ps_);
  }

  // transfer_time() of the last length seen.
  const sc_core::sc_time& transfer_time_of(std::uint64_t bytes) {
    if (bytes != last_bytes_) {
      last_time_ = transfer_time(bytes);
      last_bytes_ = bytes;
    }
    return last_time_;
  }

 private:
  std::uint64_t width_;
  std::uint64_t period_ps_;
  std::uint64_t last_bytes_ = ~std::uint64_t{0};
  sc_core::sc_time last_time_;
};

}  // namespace wakesim
