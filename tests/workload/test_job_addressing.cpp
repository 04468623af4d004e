// JobAddressing: where generated jobs start in their buffers, by pattern, against
// hand-counted offsets; random starts uniform over the aligned slots that keep
// the job in its window, and the same for the same stream.
#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <vector>

#include "wakesim/core/random_streams.h"
#include "wakesim/workload/job_addressing.h"

using namespace wakesim;

namespace {

JobAddressingParams pattern(AddressPattern kind, std::uint64_t window, std::uint64_t stride = 0,
                            std::uint64_t align = 1) {
  JobAddressingParams params;
  params.pattern = kind;
  params.window = window;
  params.stride = stride;
  params.align = align;
  return params;
}

std::vector<std::uint64_t> offsets(JobAddressing& addressing, std::uint64_t bytes, int jobs) {
  std::vector<std::uint64_t> result;
  for (int i = 0; i < jobs; ++i) result.push_back(addressing.next(bytes));
  return result;
}

}  // namespace

TEST_CASE("base starts every job at offset 0", "[workload][address][addressing]") {
  JobAddressing addressing;
  CHECK_FALSE(addressing.active());
  CHECK(offsets(addressing, 4096, 3) == std::vector<std::uint64_t>{0, 0, 0});
}

TEST_CASE("sequential starts each job where the previous ended, modulo the window", "[workload][address][addressing]") {
  JobAddressing addressing(pattern(AddressPattern::sequential, 1000), RandomStream(1));
  // 300 B jobs in a 1000 B window: 0, 300, 600, 900, then (1200 mod 1000) = 200.
  CHECK(offsets(addressing, 300, 5) == std::vector<std::uint64_t>{0, 300, 600, 900, 200});
}

TEST_CASE("strided starts job k at k x stride modulo the window", "[workload][address][addressing]") {
  JobAddressing addressing(pattern(AddressPattern::strided, 16384, 4096), RandomStream(1));
  CHECK(offsets(addressing, 64, 6) == std::vector<std::uint64_t>{0, 4096, 8192, 12288, 0, 4096});
  JobAddressing wide(pattern(AddressPattern::strided, 10000, 3000), RandomStream(1));
  CHECK(offsets(wide, 64, 5) == std::vector<std::uint64_t>{0, 3000, 6000, 9000, 2000});
}

TEST_CASE("random starts are aligned, keep the job in the window and are uniform", "[workload][address][addressing]") {
  // Window 32 KiB, 4 KiB alignment, 64 B jobs: the slots 0, 4K, .., 28K (8 of them:
  // (32768 - 64) / 4096 + 1). 80,000 draws: each slot's count is binomial with
  // mean 10,000 and sd sqrt(80000 x 1/8 x 7/8) = 94, so 5 % (500) is over 5 sd.
  JobAddressing addressing(pattern(AddressPattern::random, 32768, 0, 4096), RandomStream(7));
  std::map<std::uint64_t, int> counts;
  for (int i = 0; i < 80000; ++i) {
    const std::uint64_t offset = addressing.next(64);
    REQUIRE(offset % 4096 == 0);
    REQUIRE(offset + 64 <= 32768);
    ++counts[offset];
  }
  REQUIRE(counts.size() == 8);
  for (const auto& [offset, count] : counts) CHECK(count == Approx(10000).margin(500));
  // A job of 8 KiB + 1 B fits only from the slots 0 .. 20K: (32768 - 8193) / 4096 + 1 = 6.
  std::map<std::uint64_t, int> large;
  for (int i = 0; i < 6000; ++i) ++large[addressing.next(8193)];
  CHECK(large.size() == 6);
  CHECK(large.rbegin()->first == 20480);
}

TEST_CASE("the same stream draws the same random offsets", "[workload][address][addressing]") {
  const RandomStreams streams(42);
  JobAddressing a(pattern(AddressPattern::random, 1 << 20, 0, 64), streams.stream("c_traffic.address"));
  JobAddressing b(pattern(AddressPattern::random, 1 << 20, 0, 64), streams.stream("c_traffic.address"));
  JobAddressing other(pattern(AddressPattern::random, 1 << 20, 0, 64), streams.stream("d_traffic.address"));
  const std::vector<std::uint64_t> first = offsets(a, 64, 100);
  CHECK(first == offsets(b, 64, 100));
  CHECK(first != offsets(other, 64, 100));
}

TEST_CASE("an empty window, a zero stride or a zero alignment is refused", "[workload][address][addressing]") {
  CHECK_THROWS_AS(JobAddressing(pattern(AddressPattern::sequential, 0), RandomStream(1)), std::invalid_argument);
  CHECK_THROWS_AS(JobAddressing(pattern(AddressPattern::strided, 4096, 0), RandomStream(1)), std::invalid_argument);
  CHECK_THROWS_AS(JobAddressing(pattern(AddressPattern::random, 4096, 0, 0), RandomStream(1)), std::invalid_argument);
  CHECK_NOTHROW(JobAddressing(pattern(AddressPattern::base, 0), RandomStream(1)));
}
