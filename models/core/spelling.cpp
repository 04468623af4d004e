#include "wakesim/core/spelling.h"

#include <algorithm>
#include <array>

namespace wakesim {

std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b) {
  // Lowrance-Wagner algorithm: the table has an extra border row and column
  // holding an "infinite" distance so that transpositions reaching back past
  // the start are never chosen.
  const std::size_t rows = a.size() + 2;
  const std::size_t columns = b.size() + 2;
  const std::size_t infinity = a.size() + b.size();
  std::vector<std::size_t> table(rows * columns, 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return table[i * columns + j]; };

  at(0, 0) = infinity;
  for (std::size_t i = 0; i <= a.size(); ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = j;
  }

  // last_row_of[c]: the last row (1-based) of `a` holding character c.
  std::array<std::size_t, 256> last_row_of{};
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t last_match_column = 0;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t k = last_row_of[static_cast<unsigned char>(b[j - 1])];
      const std::size_t l = last_match_column;
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      if (cost == 0) last_match_column = j;
      at(i + 1, j + 1) = std::min({at(i, j) + cost,                             // substitute
                                   at(i + 1, j) + 1,                            // insert
                                   at(i, j + 1) + 1,                            // delete
                                   at(k, l) + (i - k - 1) + 1 + (j - l - 1)});  // transpose
    }
    last_row_of[static_cast<unsigned char>(a[i - 1])] = i;
  }
  return at(a.size() + 1, b.size() + 1);
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = damerau_levenshtein_distance(word, candidate);
    const std::size_t allowed = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 3);
    if (distance > allowed) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace wakesim
