#pragma once
// How many bytes each job of a generator moves: a fixed size, or uniform over the
// whole bytes in [min, max] (both ends included).
#include <cstdint>
#include <string>

#include "wakesim/core/random_streams.h"
#include "wakesim/core/units.h"

namespace wakesim {

struct JobSize {
  ByteSize min;
  ByteSize max;

  static JobSize fixed(ByteSize size) { return JobSize{size, size}; }
  static JobSize uniform(ByteSize lo, ByteSize hi) { return JobSize{lo, hi}; }

  bool is_fixed() const { return min == max; }
  // (min + max) / 2: the mean of either shape.
  double mean_bytes() const;
  // The next job's size; a fixed size draws nothing from the stream.
  std::uint64_t draw(RandomStream& rng) const;
  // Throws std::invalid_argument, naming `owner`, for a zero size or min > max:
  // a job of no bytes is no DMA job (dmaengine's prep calls refuse a zero length).
  void check(const std::string& owner) const;
};

}  // namespace wakesim
