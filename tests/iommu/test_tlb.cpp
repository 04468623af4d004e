// Tlb: hit rates against closed forms (C/N under uniform access, 0 for a cyclic
// sweep, the per-set rule for a strided set-associative case), replacement
// policies, deterministic random replacement, exact invalidation, page sizes,
// power loss, latency and exact lookup energy.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <set>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/iommu/tlb.h"

using wakesim::AccessPermissions;
using wakesim::Energy;
using wakesim::EnergyLedger;
using wakesim::RandomStream;
using wakesim::ReplacementPolicy;
using wakesim::Tlb;
using wakesim::TlbParams;
using wakesim::TlbTranslation;

namespace {

constexpr std::uint64_t kPage = 4096;
constexpr std::uint64_t kPhysBase = 0x4000'0000;

TlbParams params(std::uint32_t entries, std::uint32_t ways, ReplacementPolicy replacement, std::uint64_t seed = 1) {
  TlbParams p;
  p.entries = entries;
  p.ways = ways;
  p.replacement = replacement;
  p.random_seed = seed;
  return p;
}

// The IOMMU's use of the TLB: look up, and on a miss insert what a walk found.
// 4 KiB page n maps to a physical page chosen so a wrong entry would show.
bool access(Tlb& tlb, std::uint64_t page, std::uint32_t stream = 0, std::uint32_t asid = 0) {
  const std::uint64_t iova = page * kPage;
  const auto hit = tlb.lookup(stream, asid, iova);
  const std::uint64_t phys = kPhysBase + (page ^ 0x5a5) * kPage;
  if (hit) {
    REQUIRE(hit->translate(iova + 0x123) == phys + 0x123);
    return true;
  }
  tlb.insert(stream, asid, iova, TlbTranslation{phys, kPage, AccessPermissions::read_write()});
  return false;
}

// Hit rate over `measured` uniform random accesses to `pages` pages, after
// `warmup` accesses that fill the TLB.
double uniform_hit_rate(Tlb& tlb, std::uint64_t pages, std::uint64_t seed) {
  RandomStream random(seed);
  for (int i = 0; i < 20000; ++i) access(tlb, random.uniform_int(0, pages - 1));
  tlb.reset_stats();
  const int measured = 400000;
  for (int i = 0; i < measured; ++i) access(tlb, random.uniform_int(0, pages - 1));
  REQUIRE(tlb.stats().lookups == static_cast<std::uint64_t>(measured));
  REQUIRE(tlb.stats().hits + tlb.stats().misses == tlb.stats().lookups);
  return static_cast<double>(tlb.stats().hits) / measured;
}

}  // namespace

// Uniform independent references to N pages and a TLB that always holds C
// distinct pages: each reference hits with probability C/N whatever is cached.
// 400000 samples give a standard error near 0.001, far inside the 2% band.
TEST_CASE("fully associative LRU hits at C over N under uniform random pages", "[iommu][tlb]") {
  Tlb tlb64(params(64, 0, ReplacementPolicy::lru));
  const double rate256 = uniform_hit_rate(tlb64, 256, 11);
  CHECK(std::fabs(rate256 - 64.0 / 256.0) <= 0.02 * (64.0 / 256.0));

  Tlb tlb64b(params(64, 0, ReplacementPolicy::lru));
  const double rate128 = uniform_hit_rate(tlb64b, 128, 12);
  CHECK(std::fabs(rate128 - 64.0 / 128.0) <= 0.02 * (64.0 / 128.0));
}

TEST_CASE("fifo and random also hit at C over N under uniform random pages", "[iommu][tlb]") {
  for (ReplacementPolicy policy : {ReplacementPolicy::fifo, ReplacementPolicy::random}) {
    Tlb tlb(params(64, 0, policy, 99));
    const double rate = uniform_hit_rate(tlb, 256, 13);
    INFO(wakesim::to_string(policy));
    CHECK(std::fabs(rate - 0.25) <= 0.02 * 0.25);
  }
}

// A cyclic sweep over C+1 pages: the page needed next is always the one LRU (and
// FIFO, which inserts in the same order) has just evicted, so nothing ever hits.
// Over exactly C pages everything hits after the first round.
TEST_CASE("a cyclic sweep over C+1 pages never hits with LRU or FIFO", "[iommu][tlb]") {
  for (ReplacementPolicy policy : {ReplacementPolicy::lru, ReplacementPolicy::fifo}) {
    INFO(wakesim::to_string(policy));
    Tlb tlb(params(64, 0, policy));
    for (int round = 0; round < 100; ++round) {
      for (std::uint64_t page = 0; page < 65; ++page) access(tlb, page);
    }
    CHECK(tlb.stats().lookups == 6500);
    CHECK(tlb.stats().hits == 0);
    CHECK(tlb.stats().evictions == 6500 - 64);

    Tlb fits(params(64, 0, policy));
    for (int round = 0; round < 100; ++round) {
      for (std::uint64_t page = 0; page < 64; ++page) access(fits, page);
    }
    CHECK(fits.stats().hits == 64 * 99);
    CHECK(fits.stats().evictions == 0);
  }
}

// 16 sets x 4 ways, set = 4 KiB page number mod 16. Pages 0, 4, 8, ..., 64 (17
// pages, stride 4) fall in set 4k mod 16, i.e. only sets 0, 4, 8 and 12: set 0
// gets pages 0, 16, 32, 48, 64 (five), sets 4, 8 and 12 get four each. A set
// with four pages in four ways keeps them all: 12 pages always hit. Set 0 sees a
// cyclic sweep over ways+1 pages, which LRU (and FIFO) never hit: 5 pages always
// miss, each evicting another. Steady state: 12/17 hits, 5 evictions per round.
TEST_CASE("16 sets x 4 ways with stride 4 over 17 pages hits exactly 12 of 17", "[iommu][tlb]") {
  for (ReplacementPolicy policy : {ReplacementPolicy::lru, ReplacementPolicy::fifo}) {
    INFO(wakesim::to_string(policy));
    Tlb tlb(params(64, 4, policy));
    REQUIRE(tlb.sets() == 16);
    REQUIRE(tlb.ways() == 4);
    for (int round = 0; round < 10; ++round) {
      for (std::uint64_t k = 0; k < 17; ++k) access(tlb, 4 * k);
    }
    tlb.reset_stats();
    std::vector<int> hits_per_page(17, 0);
    for (int round = 0; round < 100; ++round) {
      for (std::uint64_t k = 0; k < 17; ++k) hits_per_page[k] += access(tlb, 4 * k) ? 1 : 0;
    }
    CHECK(tlb.stats().lookups == 1700);
    CHECK(tlb.stats().hits == 1200);
    CHECK(tlb.stats().evictions == 500);
    CHECK(tlb.valid_entries() == 16);  // four sets, full
    for (std::uint64_t k = 0; k < 17; ++k) {
      INFO("page " << 4 * k);
      CHECK(hits_per_page[k] == (k % 4 == 0 ? 0 : 100));
    }
  }
}

// Two entries, references A B A C A. LRU evicts B for C (A was used last) and
// hits A twice; FIFO evicts A (inserted first) and hits it once.
TEST_CASE("LRU keeps a reused page that FIFO evicts", "[iommu][tlb]") {
  Tlb lru(params(2, 0, ReplacementPolicy::lru));
  Tlb fifo(params(2, 0, ReplacementPolicy::fifo));
  std::vector<bool> lru_hits;
  std::vector<bool> fifo_hits;
  for (std::uint64_t page : {1, 2, 1, 3, 1}) {
    lru_hits.push_back(access(lru, page));
    fifo_hits.push_back(access(fifo, page));
  }
  CHECK(lru_hits == std::vector<bool>{false, false, true, false, true});
  CHECK(fifo_hits == std::vector<bool>{false, false, true, false, false});
}

// After an invalidation the freed way is refilled before anything is evicted,
// whatever its old age.
TEST_CASE("an insert fills an invalidated way before evicting", "[iommu][tlb]") {
  for (ReplacementPolicy policy : {ReplacementPolicy::lru, ReplacementPolicy::fifo, ReplacementPolicy::random}) {
    INFO(wakesim::to_string(policy));
    Tlb tlb(params(4, 0, policy));
    for (std::uint64_t page = 0; page < 4; ++page) access(tlb, page);
    access(tlb, 0);  // page 0 is now the most recently used
    CHECK(tlb.invalidate_range(0, 0, 3 * kPage, kPage) == 1);
    CHECK_FALSE(access(tlb, 9));
    CHECK(tlb.stats().evictions == 0);
    for (std::uint64_t page : {0, 1, 2, 9}) CHECK(tlb.probe(0, 0, page * kPage).has_value());
  }
}

TEST_CASE("random replacement with a fixed seed replays exactly", "[iommu][tlb]") {
  auto run = [](std::uint64_t seed) {
    Tlb tlb(params(16, 4, ReplacementPolicy::random, seed));
    RandomStream pages(7);
    std::vector<bool> hits;
    for (int i = 0; i < 5000; ++i) hits.push_back(access(tlb, pages.uniform_int(0, 39)));
    return std::make_tuple(hits, tlb.stats().hits, tlb.stats().evictions);
  };
  const auto first = run(42);
  const auto again = run(42);
  const auto other = run(43);
  CHECK(first == again);
  CHECK(std::get<0>(first) != std::get<0>(other));
  CHECK(std::get<2>(first) > 0);
}

namespace {

using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint64_t>;  // stream asid iova

constexpr std::uint64_t kSmallBase = 0x10'0000;
constexpr std::uint64_t k64K = 0x40'0000;
constexpr std::uint64_t k2M = 0x80'0000;

// Streams 1 and 2 x ASIDs 10 and 20, each with eight 4 KiB pages, one 64 KiB
// and one 2 MiB page: 40 entries in a 64-entry fully associative TLB.
std::set<Key> populate(Tlb& tlb) {
  std::set<Key> present;
  for (std::uint32_t stream : {1u, 2u}) {
    for (std::uint32_t asid : {10u, 20u}) {
      const auto rw = AccessPermissions::read_write();
      for (std::uint64_t i = 0; i < 8; ++i) {
        tlb.insert(stream, asid, kSmallBase + i * kPage, TlbTranslation{kPhysBase + i * kPage, kPage, rw});
        present.emplace(stream, asid, kSmallBase + i * kPage);
      }
      tlb.insert(stream, asid, k64K, TlbTranslation{0x5000'0000, 0x1'0000, rw});
      present.emplace(stream, asid, k64K);
      tlb.insert(stream, asid, k2M, TlbTranslation{0x6000'0000, 0x20'0000, rw});
      present.emplace(stream, asid, k2M);
    }
  }
  return present;
}

// Every populated key is present exactly when `expected` holds it.
void check_contents(const Tlb& tlb, const std::set<Key>& expected) {
  CHECK(tlb.valid_entries() == expected.size());
  for (std::uint32_t stream : {1u, 2u}) {
    for (std::uint32_t asid : {10u, 20u}) {
      std::vector<std::uint64_t> iovas{k64K, k2M};
      for (std::uint64_t i = 0; i < 8; ++i) iovas.push_back(kSmallBase + i * kPage);
      for (std::uint64_t iova : iovas) {
        INFO("stream " << stream << " asid " << asid << " iova " << iova);
        CHECK(tlb.probe(stream, asid, iova).has_value() == (expected.count({stream, asid, iova}) == 1));
      }
    }
  }
}

template <class Predicate>
std::set<Key> without(std::set<Key> keys, Predicate predicate) {
  for (auto it = keys.begin(); it != keys.end();) it = predicate(*it) ? keys.erase(it) : std::next(it);
  return keys;
}

}  // namespace

TEST_CASE("invalidation by range removes exactly the overlapping pages of that stream and ASID", "[iommu][tlb]") {
  Tlb tlb(params(64, 0, ReplacementPolicy::lru));
  std::set<Key> expected = populate(tlb);
  check_contents(tlb, expected);

  // Pages 2, 3 and 4 of (1, 10).
  CHECK(tlb.invalidate_range(1, 10, kSmallBase + 2 * kPage, 3 * kPage) == 3);
  expected = without(expected, [](const Key& k) {
    return std::get<0>(k) == 1 && std::get<1>(k) == 10 && std::get<2>(k) >= kSmallBase + 2 * kPage &&
           std::get<2>(k) < kSmallBase + 5 * kPage;
  });
  check_contents(tlb, expected);

  // One 4 KiB page inside the 2 MiB page of (2, 20) removes that large entry.
  CHECK(tlb.invalidate_range(2, 20, k2M + 0x1'3000, kPage) == 1);
  expected.erase({2, 20, k2M});
  check_contents(tlb, expected);

  // A range touching only the last byte of the 64 KiB page of (1, 20).
  CHECK(tlb.invalidate_range(1, 20, k64K + 0xffff, 1) == 1);
  expected.erase({1, 20, k64K});
  check_contents(tlb, expected);

  // A single byte: the first of page 6 of (2, 10), then the last of its page 5.
  CHECK(tlb.invalidate_range(2, 10, kSmallBase + 6 * kPage, 1) == 1);
  expected.erase({2, 10, kSmallBase + 6 * kPage});
  CHECK(tlb.invalidate_range(2, 10, kSmallBase + 6 * kPage - 1, 1) == 1);
  expected.erase({2, 10, kSmallBase + 5 * kPage});
  check_contents(tlb, expected);

  CHECK(tlb.invalidate_range(1, 10, 0x9000'0000, kPage) == 0);  // nothing there
  CHECK(tlb.stats().invalidations == 6);
  CHECK(tlb.stats().invalidated_entries == 7);
}

TEST_CASE("invalidation by ASID then stream then all removes exactly those entries", "[iommu][tlb]") {
  Tlb tlb(params(64, 0, ReplacementPolicy::lru));
  std::set<Key> expected = populate(tlb);

  CHECK(tlb.invalidate_asid(20) == 20);  // both streams
  expected = without(expected, [](const Key& k) { return std::get<1>(k) == 20; });
  check_contents(tlb, expected);

  CHECK(tlb.invalidate_stream(2) == 10);  // its ASID 10 entries remain to go
  expected = without(expected, [](const Key& k) { return std::get<0>(k) == 2; });
  check_contents(tlb, expected);

  CHECK(tlb.invalidate_all() == 10);
  check_contents(tlb, {});
  CHECK(tlb.stats().invalidations == 3);
  CHECK(tlb.stats().invalidated_entries == 40);
  CHECK(tlb.stats().flushes == 0);
}

TEST_CASE("power loss clears every entry and the next lookup misses", "[iommu][tlb]") {
  Tlb tlb(params(64, 0, ReplacementPolicy::lru));
  populate(tlb);
  REQUIRE(tlb.lookup(1, 10, kSmallBase).has_value());
  CHECK(tlb.clear() == 40);
  CHECK(tlb.valid_entries() == 0);
  CHECK_FALSE(tlb.lookup(1, 10, kSmallBase).has_value());
  CHECK(tlb.stats().flushes == 1);
  CHECK(tlb.stats().flushed_entries == 40);
  CHECK(tlb.stats().invalidations == 0);
  CHECK(tlb.stats().hits == 1);
  CHECK(tlb.stats().misses == 1);
}

TEST_CASE("lookups find pages of every size and never outside them", "[iommu][tlb]") {
  Tlb tlb(params(64, 0, ReplacementPolicy::lru));
  const auto ro = AccessPermissions::read_only();
  struct Page {
    std::uint64_t iova;
    std::uint64_t phys;
    std::uint64_t size;
  };
  const std::vector<Page> pages{{0x0000'1000, 0x1'0000'3000, 0x1000},
                                {0x0001'0000, 0x1'0005'0000, 0x1'0000},
                                {0x0010'0000, 0x1'0030'0000, 0x10'0000},
                                {0x0020'0000, 0x1'0060'0000, 0x20'0000},
                                {0x4000'0000, 0x2'0000'0000, 0x4000'0000}};
  for (const Page& p : pages) tlb.insert(3, 0, p.iova, TlbTranslation{p.phys, p.size, ro});
  for (const Page& p : pages) {
    for (std::uint64_t offset : {std::uint64_t{0}, p.size / 2 + 8, p.size - 1}) {
      INFO("page " << p.iova << " offset " << offset);
      const auto hit = tlb.lookup(3, 0, p.iova + offset);
      REQUIRE(hit.has_value());
      CHECK(hit->page_size == p.size);
      CHECK(hit->translate(p.iova + offset) == p.phys + offset);
      CHECK(hit->perms == ro);
    }
  }
  CHECK_FALSE(tlb.lookup(3, 0, 0x0000'2000).has_value());  // just past the 4 KiB page
  CHECK_FALSE(tlb.lookup(3, 0, 0x8000'0000).has_value());  // just past the 1 GiB page
  CHECK_FALSE(tlb.lookup(3, 1, 0x0000'1000).has_value());  // another ASID
  CHECK_FALSE(tlb.lookup(4, 0, 0x0000'1000).has_value());  // another stream
  CHECK_THROWS_AS(tlb.insert(3, 0, 0, TlbTranslation{0x1000, 0x800, ro}), std::invalid_argument);
  CHECK_THROWS_AS(tlb.insert(3, 0, 0, TlbTranslation{0x1000, 0x2000, ro}), std::invalid_argument);
}

// Set-associative: a large page is filed in the set of the 4 KiB page whose miss
// inserted it, so it hits from IOVAs of that set only (Exynos SysMMU behaviour).
TEST_CASE("a large page in a set associative TLB hits only from its own set", "[iommu][tlb]") {
  Tlb tlb(params(64, 4, ReplacementPolicy::lru));  // 16 sets
  const std::uint64_t base = 0x20'0000;
  tlb.insert(0, 0, base + 5 * kPage, TlbTranslation{0x4000'0000, 0x20'0000, AccessPermissions::read_write()});
  CHECK(tlb.lookup(0, 0, base + 5 * kPage).has_value());
  CHECK(tlb.lookup(0, 0, base + 21 * kPage).has_value());  // 21 mod 16 = 5
  CHECK_FALSE(tlb.lookup(0, 0, base + 6 * kPage).has_value());
  CHECK_FALSE(tlb.lookup(0, 0, base).has_value());
  // Re-filled from set 0, the page is cached twice; one range invalidation
  // covering it removes both.
  tlb.insert(0, 0, base, TlbTranslation{0x4000'0000, 0x20'0000, AccessPermissions::read_write()});
  CHECK(tlb.valid_entries() == 2);
  CHECK(tlb.invalidate_range(0, 0, base, 0x20'0000) == 2);
}

TEST_CASE("energy is lookups times the energy per lookup exactly", "[iommu][tlb]") {
  EnergyLedger ledger;
  TlbParams p = params(64, 0, ReplacementPolicy::lru);
  p.lookup_energy = Energy{2.7e-12};
  Tlb tlb(p, &ledger, "iommu0");
  RandomStream random(5);
  for (int i = 0; i < 12345; ++i) access(tlb, random.uniform_int(0, 99));
  REQUIRE(tlb.stats().lookups == 12345);
  REQUIRE(tlb.stats().hits > 0);
  REQUIRE(tlb.stats().misses > 0);
  CHECK(ledger.total("iommu0").joules == 12345.0 * 2.7e-12);
  const auto accounts = ledger.accounts();
  REQUIRE(accounts.size() == 1);
  CHECK(accounts[0].detail == "event:tlb_lookup");
  CHECK(accounts[0].events == 12345);
  CHECK(accounts[0].category == wakesim::EnergyCategory::dynamic);
}

TEST_CASE("hit latency is cycles times the clock period", "[iommu][tlb]") {
  TlbParams p = params(32, 0, ReplacementPolicy::lru);
  p.hit_latency_cycles = 3;
  p.clock_period = sc_core::sc_time(2.5, sc_core::SC_NS);
  CHECK(Tlb(p).hit_latency() == sc_core::sc_time(7.5, sc_core::SC_NS));
  p.hit_latency_cycles = 0;
  CHECK(Tlb(p).hit_latency() == sc_core::SC_ZERO_TIME);
}

TEST_CASE("geometry that does not divide into sets is refused", "[iommu][tlb]") {
  CHECK_THROWS_AS(Tlb(params(0, 0, ReplacementPolicy::lru)), std::invalid_argument);
  CHECK_THROWS_AS(Tlb(params(64, 3, ReplacementPolicy::lru)), std::invalid_argument);
  CHECK_THROWS_AS(Tlb(params(64, 128, ReplacementPolicy::lru)), std::invalid_argument);
  const Tlb direct(params(64, 1, ReplacementPolicy::lru));
  CHECK(direct.sets() == 64);
  const Tlb full(params(64, 64, ReplacementPolicy::lru));
  CHECK(full.sets() == 1);
}

// The lookup hints (the way the last search for a 4 KiB page found) must give
// exactly the search's answer: never a way whose contents changed since.
TEST_CASE("repeated hits follow every change of the contents", "[iommu][tlb]") {
  Tlb tlb(params(64, 0, ReplacementPolicy::lru));
  const AccessPermissions rw = AccessPermissions::read_write();
  tlb.insert(3, 7, 0x10000, TlbTranslation{0x8000'0000, kPage, rw});
  REQUIRE(tlb.lookup(3, 7, 0x10010)->translate(0x10010) == 0x8000'0010);
  REQUIRE(tlb.lookup(3, 7, 0x10ff0)->translate(0x10ff0) == 0x8000'0ff0);  // hinted
  CHECK_FALSE(tlb.lookup(4, 7, 0x10010).has_value());                     // another stream
  CHECK_FALSE(tlb.lookup(3, 8, 0x10010).has_value());                     // another ASID
  // A remap in place changes the answer of the hinted way.
  tlb.insert(3, 7, 0x10000, TlbTranslation{0x9000'0000, kPage, rw});
  CHECK(tlb.lookup(3, 7, 0x10010)->translate(0x10010) == 0x9000'0010);
  // Invalidation, then a new entry for the same page in another way.
  CHECK(tlb.invalidate_range(3, 7, 0x10000, kPage) == 1);
  CHECK_FALSE(tlb.lookup(3, 7, 0x10010).has_value());
  for (std::uint64_t page = 0; page < 8; ++page)
    tlb.insert(3, 7, 0x100000 + page * kPage, TlbTranslation{0xa000'0000 + page * kPage, kPage, rw});
  tlb.insert(3, 7, 0x10000, TlbTranslation{0xb000'0000, kPage, rw});
  CHECK(tlb.lookup(3, 7, 0x10010)->translate(0x10010) == 0xb000'0010);
  CHECK(tlb.lookup(3, 7, 0x10010)->translate(0x10010) == 0xb000'0010);
  // Power loss and eviction leave no stale hint behind.
  tlb.clear();
  CHECK_FALSE(tlb.lookup(3, 7, 0x10010).has_value());
  Tlb small(params(2, 0, ReplacementPolicy::lru));
  small.insert(0, 0, 0x0000, TlbTranslation{0x1000'0000, kPage, rw});
  REQUIRE(small.lookup(0, 0, 0x0000).has_value());
  small.insert(0, 0, 0x1000, TlbTranslation{0x2000'0000, kPage, rw});
  small.insert(0, 0, 0x2000, TlbTranslation{0x3000'0000, kPage, rw});  // evicts 0x0000 (LRU)
  CHECK_FALSE(small.lookup(0, 0, 0x0000).has_value());
  CHECK(small.lookup(0, 0, 0x2000)->translate(0x2000) == 0x3000'0000);
  CHECK(tlb.stats().hits + tlb.stats().misses == tlb.stats().lookups);
}
