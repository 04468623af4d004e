// IOTLB hit rates of addressed read streams against the closed forms of LRU
// (tests/data/stream/tlb_{strided,random}.yaml on stream_platform.yaml).
//
// The IOMMU's TLB holds C = 16 entries, fully associative, LRU; the buffers are
// mapped with 4 KiB pages (the 1 MiB source is smaller than a 2 MiB block, the
// only larger page io-pgtable would use), so a page is one entry. Each job is one 64 B read
// burst: one TLB lookup. Statistics start after a 100 us warm-up, by when the
// cold misses of the first pass are over (a pass over at most 32 pages takes a
// few us), so the closed forms below are exact in steady state:
// - strided, stride = 4 KiB over N pages (window N x 4 KiB): the pages are touched
//   cyclically. N > C: LRU always evicts the page needed next (the oldest, touched
//   N > C lookups ago): hit rate 0, exactly. N <= C: every page stays: hit rate 1.
// - strided, stride = 1 KiB over N > C pages: each page is touched 4 times in a row,
//   the first a miss (N > C pages since its last use), the three others hits:
//   hit rate 3/4 exactly (over a whole number of passes; the window's partial pass
//   changes it by at most 1/(jobs)).
// - random, page-aligned, uniform over N >= C pages (independent references): by
//   symmetry every set of C pages is equally likely to be the LRU's content, so a
//   lookup hits with probability C / N. N = 2C: 1/2. With about 25,000 lookups the
//   standard error is 0.3 % of it, well inside the 2 % asked.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/wakesim_process.h"

using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

struct TlbCounts {
  double hits = 0;
  double misses = 0;
  double jobs = 0;
  double rate() const { return hits / (hits + misses); }
};

TlbCounts run_tlb(const std::string& scenario, const std::vector<std::string>& overrides) {
  const auto out = fresh_directory("tlb");
  const auto outcome = run_wakesim(source_path(scenario), out, overrides);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  std::ifstream file(out / "report.json");
  const nlohmann::json report = nlohmann::json::parse(file);
  std::filesystem::remove_all(out);
  const nlohmann::json& smmu = report["metrics"]["iommus"]["smmu"];
  TlbCounts counts;
  counts.hits = smmu["tlb_hits"].get<double>();
  counts.misses = smmu["tlb_misses"].get<double>();
  for (const auto& [name, client] : report["metrics"]["clients"].items())
    counts.jobs += client["completed"].get<double>();
  return counts;
}

const std::string kStrided = "tests/data/stream/tlb_strided.yaml";
const std::string kRandom = "tests/data/stream/tlb_random.yaml";

}  // namespace

TEST_CASE("a page-strided stream over N = 2C pages thrashes the LRU TLB: hit rate 0", "[app][address]") {
  const TlbCounts tlb = run_tlb(kStrided, {});  // stride 4 KiB, window 128 KiB = 32 pages
  INFO("hits " << tlb.hits << " misses " << tlb.misses);
  REQUIRE(tlb.jobs > 10000);
  CHECK(tlb.hits == 0);
  // One lookup per job (a job in flight at the end may have looked up already).
  CHECK(tlb.misses == Approx(tlb.jobs).margin(4));
}

TEST_CASE("a page-strided stream over N = C pages stays in the LRU TLB: hit rate 1", "[app][address]") {
  const TlbCounts tlb = run_tlb(kStrided, {"scenario.clients.0.workload.address.window=64KiB"});
  INFO("hits " << tlb.hits << " misses " << tlb.misses);
  REQUIRE(tlb.jobs > 10000);
  CHECK(tlb.misses == 0);
}

TEST_CASE("a 1 KiB stride over N = 2C pages hits 3 of the 4 touches of each page", "[app][address]") {
  const TlbCounts tlb = run_tlb(kStrided, {"scenario.clients.0.workload.address.stride=1KiB"});
  INFO("hits " << tlb.hits << " misses " << tlb.misses);
  REQUIRE(tlb.jobs > 10000);
  CHECK(tlb.rate() == Approx(0.75).epsilon(0.02));
  CHECK(tlb.rate() == Approx(0.75).margin(2.0 / (tlb.hits + tlb.misses)));  // exact but for the edges
}

TEST_CASE("uniform random pages over N = 2C hit the LRU TLB with probability C over N", "[app][address]") {
  const TlbCounts tlb = run_tlb(kRandom, {});  // window 128 KiB = 32 pages, align 4 KiB
  INFO("hits " << tlb.hits << " misses " << tlb.misses);
  REQUIRE(tlb.hits + tlb.misses > 20000);
  CHECK(tlb.rate() == Approx(16.0 / 32.0).epsilon(0.02));
}

TEST_CASE("uniform random pages over N = 4C hit with probability C over N", "[app][address]") {
  const TlbCounts tlb = run_tlb(kRandom, {"scenario.clients.0.workload.address.window=256KiB"});
  INFO("hits " << tlb.hits << " misses " << tlb.misses);
  REQUIRE(tlb.hits + tlb.misses > 20000);
  CHECK(tlb.rate() == Approx(16.0 / 64.0).epsilon(0.02));
}

TEST_CASE("the same seed draws the same random addresses and another seed others", "[app][address]") {
  const TlbCounts first = run_tlb(kRandom, {});
  const TlbCounts again = run_tlb(kRandom, {});
  const TlbCounts other = run_tlb(kRandom, {"scenario.seed=2"});
  CHECK(first.hits == again.hits);
  CHECK(first.misses == again.misses);
  CHECK(other.hits != first.hits);
}
