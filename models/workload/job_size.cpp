#include "wakesim/workload/job_size.h"

#include <stdexcept>

namespace wakesim {

double JobSize::mean_bytes() const { return (static_cast<double>(min.bytes) + static_cast<double>(max.bytes)) / 2.0; }

std::uint64_t JobSize::draw(RandomStream& rng) const {
  return is_fixed() ? min.bytes : rng.uniform_int(min.bytes, max.bytes);
}

void JobSize::check(const std::string& owner) const {
  if (min.bytes == 0) throw std::invalid_argument(owner + ": job size must be at least 1B");
  if (min.bytes > max.bytes)
    throw std::invalid_argument(owner + ": job size range " + format(min) + " .. " + format(max) +
                                " has min above max");
}

}  // namespace wakesim
