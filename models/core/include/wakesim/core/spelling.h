#pragma once
// "Did you mean ...?" for near misses in keys and choices.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wakesim {

// Unrestricted Damerau-Levenshtein distance, counted in bytes: insertions,
// deletions, substitutions and transpositions of adjacent characters, each 1.
std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b);

// The candidate that `word` most likely misspells, or nothing when none is close.
// A candidate is close when its distance is at most max(1, L / 3), L being the
// longer of the two lengths: one slip in a short word ("burst"/"brust"), two in
// "autosuspend_delay", never a wholesale change. The smallest distance wins; ties
// go to the earliest candidate.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace wakesim
