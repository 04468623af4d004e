#pragma once
// The last address of [start, start + size), saturating at the top of the
// address space (an invalidation "to the end" must not wrap to 0).
#include <cstdint>

namespace wakesim {

inline std::uint64_t inclusive_end(std::uint64_t start, std::uint64_t size) {
  const std::uint64_t span = size == 0 ? 0 : size - 1;
  return span > ~start ? ~std::uint64_t{0} : start + span;
}

}  // namespace wakesim
