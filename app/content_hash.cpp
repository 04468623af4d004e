#include "wakesim/app/content_hash.h"

#include <cstdint>

#include <fmt/format.h>

namespace wakesim {

std::string content_hash(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace wakesim
