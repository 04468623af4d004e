#pragma once
// The storage shared by the IOMMU's TLB and walk cache and the system cache's
// tags: a set-associative array of `Value`s, each way with a valid bit and a
// stamp, and the replacement that picks a victim in a full set.
//
// Geometry: `entries` = sets x ways, set s holding ways [s * ways, (s + 1) * ways).
// ways == 0 (or ways == entries) is fully associative (one set); entries == 0 is
// an empty store (no sets: the owner must not index it). The owner maps its keys
// to sets and compares tags; the store knows neither.
//
// Stamps come from one counter: touch() (a use) and place() (an insertion) give
// the way the next value. on_hit() touches under lru only, so under fifo a
// stamp stays the insertion's. victim(): an invalid way if the set has one (the
// first), else under random a uniform draw over the ways from a RandomStream
// seeded at construction (one draw per eviction, so a seed replays exactly),
// else the smallest stamp (the first of equals). The stream (2.5 KiB of
// generator state) exists only under random, so that a store stays small next
// to the hot data of its owner.
//
// Hot path: nothing here allocates or formats after construction.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "wakesim/core/random_streams.h"
#include "wakesim/core/replacement_policy.h"

namespace wakesim {

template <class Value>
class SetAssociativeStore {
 public:
  struct Way {
    Value value{};
    std::uint64_t stamp = 0;  // lru: last use; fifo and random: insertion
    bool valid = false;
  };

  // `owner` names the model in the error: std::invalid_argument when ways does
  // not divide entries ("<owner>: ways must divide entries (E entries, W ways)").
  SetAssociativeStore(const std::string& owner, std::uint32_t entries, std::uint32_t ways, ReplacementPolicy policy,
                      std::uint64_t random_seed = 0)
      : ways_(ways_of(owner, entries, ways)),
        sets_(ways_ == 0 ? 0 : entries / ways_),
        policy_(policy),
        ways_storage_(entries),
        random_(policy == ReplacementPolicy::random ? std::make_unique<RandomStream>(random_seed) : nullptr) {}

  std::uint32_t entries() const { return static_cast<std::uint32_t>(ways_storage_.size()); }
  std::uint32_t sets() const { return sets_; }
  std::uint32_t ways() const { return ways_; }
  ReplacementPolicy policy() const { return policy_; }

  // The first way of `set` (its ways are [set_begin, set_begin + ways())).
  Way* set_begin(std::uint32_t set) { return ways_storage_.data() + std::size_t{set} * ways_; }
  const Way* set_begin(std::uint32_t set) const { return ways_storage_.data() + std::size_t{set} * ways_; }
  // Ways by position over the whole store (stable: for hints kept by owners).
  Way& at(std::size_t index) { return ways_storage_[index]; }
  std::size_t index_of(const Way& way) const { return static_cast<std::size_t>(&way - ways_storage_.data()); }

  // The valid way of `set` whose value satisfies `matches`, or nullptr.
  template <class Predicate>
  Way* find_in_set(std::uint32_t set, Predicate matches) {
    Way* way = set_begin(set);
    for (Way* end = way + ways_; way != end; ++way)
      if (way->valid && matches(way->value)) return way;
    return nullptr;
  }
  template <class Predicate>
  const Way* find_in_set(std::uint32_t set, Predicate matches) const {
    const Way* way = set_begin(set);
    for (const Way* end = way + ways_; way != end; ++way)
      if (way->valid && matches(way->value)) return way;
    return nullptr;
  }

  // A use of `way`: it becomes the most recently used.
  void touch(Way& way) { way.stamp = ++clock_; }
  // A lookup hit: a use under lru; fifo and random keep the insertion stamp.
  void on_hit(Way& way) {
    if (policy_ == ReplacementPolicy::lru) touch(way);
  }

  // The way a new entry of `set` goes to (see the header comment). Under random
  // with every way valid, this draws from the store's stream.
  Way& victim(std::uint32_t set) {
    Way* first = set_begin(set);
    for (std::uint32_t w = 0; w < ways_; ++w)
      if (!first[w].valid) return first[w];
    if (policy_ == ReplacementPolicy::random) return first[random_->uniform_int(0, ways_ - 1)];
    Way* oldest = first;
    for (std::uint32_t w = 1; w < ways_; ++w)
      if (first[w].stamp < oldest->stamp) oldest = &first[w];
    return *oldest;
  }

  // Stores `value` in `way` as a new entry (valid, stamped now). Returns whether
  // it displaced a valid entry (an eviction).
  bool place(Way& way, const Value& value) {
    const bool evicted = way.valid;
    way.value = value;
    way.valid = true;
    touch(way);
    return evicted;
  }

  // Invalidates every valid entry whose value satisfies `predicate`; returns how many.
  template <class Predicate>
  std::size_t remove_if(Predicate predicate) {
    std::size_t removed = 0;
    for (Way& way : ways_storage_) {
      if (way.valid && predicate(static_cast<const Value&>(way.value))) {
        way.valid = false;
        ++removed;
      }
    }
    return removed;
  }

  std::size_t valid_entries() const {
    std::size_t count = 0;
    for (const Way& way : ways_storage_) count += way.valid ? 1 : 0;
    return count;
  }

 private:
  static std::uint32_t ways_of(const std::string& owner, std::uint32_t entries, std::uint32_t ways) {
    if (entries == 0) return 0;
    if (ways == 0) return entries;
    if (ways > entries || entries % ways != 0) {
      throw std::invalid_argument(owner + ": ways must divide entries (" + std::to_string(entries) + " entries, " +
                                  std::to_string(ways) + " ways)");
    }
    return ways;
  }

  std::uint32_t ways_;
  std::uint32_t sets_;
  ReplacementPolicy policy_;
  std::vector<Way> ways_storage_;
  std::uint64_t clock_ = 0;
  std::unique_ptr<RandomStream> random_;  // under random only
};

}  // namespace wakesim
