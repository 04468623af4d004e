#include "wakesim/workload/job_addressing.h"

#include <stdexcept>

namespace wakesim {

JobAddressing::JobAddressing(const JobAddressingParams& params, RandomStream rng) : params_(params), rng_(rng) {
  if (params_.pattern == AddressPattern::base) return;
  if (params_.window == 0) throw std::invalid_argument("job addressing: the window must not be empty");
  if (params_.pattern == AddressPattern::strided && params_.stride == 0)
    throw std::invalid_argument("job addressing: the stride must be positive");
  if (params_.pattern == AddressPattern::random && params_.align == 0)
    throw std::invalid_argument("job addressing: the alignment must be positive");
}

std::uint64_t JobAddressing::next(std::uint64_t bytes) {
  const std::uint64_t window = params_.window;
  std::uint64_t offset = 0;
  switch (params_.pattern) {
    case AddressPattern::base: break;
    case AddressPattern::sequential:
      offset = cursor_;
      cursor_ = (cursor_ + bytes % window) % window;
      break;
    case AddressPattern::strided:
      offset = cursor_;
      cursor_ = (cursor_ + params_.stride % window) % window;
      break;
    case AddressPattern::random: offset = random_offset(bytes); break;
  }
  return offset;
}

// (window - bytes) / align + 1 aligned starts keep the job inside the window.
std::uint64_t JobAddressing::random_offset(std::uint64_t bytes) {
  if (bytes > params_.window) return 0;
  const std::uint64_t last_slot = (params_.window - bytes) / params_.align;
  return rng_.uniform_int(0, last_slot) * params_.align;
}

}  // namespace wakesim
