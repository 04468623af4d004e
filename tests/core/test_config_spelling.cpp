// The "did you mean" helper shared by choices and unknown keys.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "wakesim/core/spelling.h"

using wakesim::closest_match;
using wakesim::damerau_levenshtein_distance;

TEST_CASE("edit distance counts insertions, deletions and substitutions", "[config]") {
  CHECK(damerau_levenshtein_distance("", "") == 0);
  CHECK(damerau_levenshtein_distance("", "abc") == 3);
  CHECK(damerau_levenshtein_distance("abc", "") == 3);
  CHECK(damerau_levenshtein_distance("burst", "burst") == 0);
  CHECK(damerau_levenshtein_distance("kitten", "sitting") == 3);
  CHECK(damerau_levenshtein_distance("delay", "dely") == 1);
}

TEST_CASE("edit distance counts an adjacent transposition as one edit", "[config]") {
  CHECK(damerau_levenshtein_distance("burst", "brust") == 1);
  CHECK(damerau_levenshtein_distance("async", "asnyc") == 1);
  // Unrestricted Damerau-Levenshtein: "ca" -> "ac" -> "abc" is 2 (the restricted
  // "optimal string alignment" variant gives 3).
  CHECK(damerau_levenshtein_distance("ca", "abc") == 2);
}

TEST_CASE("closest_match suggests the nearest candidate within the limit", "[config]") {
  const std::vector<std::string> keys = {"autosuspend_delay", "irq_safe", "channels", "burst"};
  CHECK(closest_match("autosuspend_dely", keys) == std::optional<std::string>("autosuspend_delay"));
  CHECK(closest_match("irqsafe", keys) == std::optional<std::string>("irq_safe"));
  CHECK(closest_match("brust", keys) == std::optional<std::string>("burst"));
}

TEST_CASE("closest_match allows max(1, length/3) edits and no more", "[config]") {
  // 5 letters: one edit allowed, so two transpositions are too many.
  CHECK(closest_match("bruts", {"burst"}) == std::nullopt);
  // 6 letters: two edits allowed.
  CHECK(closest_match("lenhgt", {"length"}) == std::optional<std::string>("length"));
  CHECK(closest_match("lxnhgt", {"length"}) == std::nullopt);
  // Short words never get a wholesale change.
  CHECK(closest_match("id", {"xy"}) == std::nullopt);
  CHECK(closest_match("xyz", {"size"}) == std::nullopt);
}

TEST_CASE("closest_match prefers the smaller distance, then the earlier candidate", "[config]") {
  CHECK(closest_match("channel", {"channels_max", "channels"}) == std::optional<std::string>("channels"));
  CHECK(closest_match("sinc", {"sync", "sinh"}) == std::optional<std::string>("sync"));
  CHECK(closest_match("sinc", {"sinh", "sync"}) == std::optional<std::string>("sinh"));
  CHECK(closest_match("anything", {}) == std::nullopt);
}
