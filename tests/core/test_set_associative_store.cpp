// SetAssociativeStore, the storage of the TLB, the walk cache and the system
// cache's tags: geometry, victim order under each policy, reproducible random
// victims, and the counting of remove_if.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "wakesim/core/random_streams.h"
#include "wakesim/core/set_associative_store.h"

using wakesim::RandomStream;
using wakesim::ReplacementPolicy;
using Store = wakesim::SetAssociativeStore<int>;

namespace {

// Fills the one set of a fully associative `ways`-way store with 0 .. ways - 1.
void fill_ways(Store& store) {
  for (int value = 0; value < static_cast<int>(store.ways()); ++value) store.place(store.victim(0), value);
}

}  // namespace

TEST_CASE("store geometry: sets are entries over ways, 0 ways is one set", "[store]") {
  const Store set_associative("Cache", 64, 4, ReplacementPolicy::lru);
  CHECK(set_associative.sets() == 16);
  CHECK(set_associative.ways() == 4);
  const Store fully("Cache", 12, 0, ReplacementPolicy::lru);
  CHECK(fully.sets() == 1);
  CHECK(fully.ways() == 12);
  const Store empty("Cache", 0, 4, ReplacementPolicy::lru);
  CHECK(empty.sets() == 0);
  CHECK(empty.valid_entries() == 0);
}

TEST_CASE("store geometry errors name the owner, the entries and the ways", "[store]") {
  CHECK_THROWS_WITH(Store("Cache", 6, 4, ReplacementPolicy::lru),
                    "Cache: ways must divide entries (6 entries, 4 ways)");
  CHECK_THROWS_WITH(Store("Tlb", 4, 8, ReplacementPolicy::fifo), "Tlb: ways must divide entries (4 entries, 8 ways)");
  CHECK_THROWS_AS(Store("Cache", 6, 4, ReplacementPolicy::lru), std::invalid_argument);
}

TEST_CASE("store victims: invalid ways first, in order", "[store]") {
  Store store("Cache", 4, 2, ReplacementPolicy::lru);  // 2 sets of 2 ways
  Store::Way& first = store.victim(1);
  CHECK(store.index_of(first) == 2);  // set 1 is ways 2 and 3
  CHECK_FALSE(store.place(first, 10));
  CHECK(store.index_of(store.victim(1)) == 3);
  CHECK(store.index_of(store.victim(0)) == 0);
}

TEST_CASE("store lru in a 2-way set evicts the least recently used", "[store]") {
  Store store("Cache", 2, 2, ReplacementPolicy::lru);
  fill_ways(store);  // way 0 holds 0, way 1 holds 1; 0 is the older
  CHECK(store.victim(0).value == 0);
  store.on_hit(store.at(0));  // 0 used: now 1 is the least recently used
  Store::Way& victim = store.victim(0);
  CHECK(victim.value == 1);
  CHECK(store.place(victim, 2));      // an eviction
  CHECK(store.victim(0).value == 0);  // 0 older than the new 2
  store.touch(store.at(0));
  CHECK(store.victim(0).value == 2);
}

TEST_CASE("store fifo in a 2-way set evicts the oldest insertion despite hits", "[store]") {
  Store store("Cache", 2, 2, ReplacementPolicy::fifo);
  fill_ways(store);
  store.on_hit(store.at(0));  // hits do not refresh under fifo
  Store::Way& victim = store.victim(0);
  CHECK(victim.value == 0);
  CHECK(store.place(victim, 2));
  CHECK(store.victim(0).value == 1);  // then the next oldest
}

TEST_CASE("store random victims replay the seed's uniform draws", "[store]") {
  constexpr std::uint64_t kSeed = 2024;
  Store store("Cache", 4, 0, ReplacementPolicy::random, kSeed);
  fill_ways(store);
  // No draw while a way is invalid: the expected draws start after filling.
  RandomStream expected(kSeed);
  std::vector<std::size_t> drawn;
  std::vector<int> per_way(4, 0);
  for (int i = 0; i < 400; ++i) {
    Store::Way& victim = store.victim(0);
    drawn.push_back(store.index_of(victim));
    ++per_way[drawn.back()];
    REQUIRE(drawn.back() == expected.uniform_int(0, 3));
    store.place(victim, 100 + i);
  }
  // Uniform over the ways: each expected 100 times, sd ~8.7; 40 is ~7 sd off.
  for (int count : per_way) CHECK(count > 60);
  // Another seed draws another sequence (equal with probability 4^-400).
  Store other("Cache", 4, 0, ReplacementPolicy::random, kSeed + 1);
  fill_ways(other);
  std::vector<std::size_t> other_drawn;
  for (int i = 0; i < 400; ++i) {
    Store::Way& victim = other.victim(0);
    other_drawn.push_back(other.index_of(victim));
    other.place(victim, i);
  }
  CHECK(other_drawn != drawn);
}

TEST_CASE("store remove_if counts only the valid entries it removes", "[store]") {
  Store store("Cache", 8, 2, ReplacementPolicy::lru);  // 4 sets of 2 ways
  for (std::uint32_t set = 0; set < 4; ++set) {
    store.place(store.victim(set), static_cast<int>(2 * set));
    store.place(store.victim(set), static_cast<int>(2 * set + 1));
  }
  CHECK(store.valid_entries() == 8);
  CHECK(store.remove_if([](int value) { return value % 2 == 0; }) == 4);
  CHECK(store.valid_entries() == 4);
  // The removed entries are invalid: not counted again, not found, victims first.
  CHECK(store.remove_if([](int value) { return value % 2 == 0; }) == 0);
  CHECK(store.find_in_set(1, [](int value) { return value == 2; }) == nullptr);
  CHECK(store.find_in_set(1, [](int value) { return value == 3; }) != nullptr);
  CHECK(store.index_of(store.victim(1)) == 2);
  CHECK(store.remove_if([](int) { return true; }) == 4);
  CHECK(store.valid_entries() == 0);
}
