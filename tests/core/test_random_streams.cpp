// Deterministic named random streams: reproducible, independent, and with the
// distribution moments their closed forms give.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "wakesim/core/random_streams.h"

using wakesim::RandomStream;
using wakesim::RandomStreams;

TEST_CASE("a stream's seed is FNV-1a of its name mixed with the scenario seed", "[rng]") {
  // Computed independently (Python) from FNV-1a 64 and the SplitMix64 finaliser.
  CHECK(RandomStreams(42).stream_seed("dma0") == 8375666856014526435ULL);
}

TEST_CASE("a stream is the standard mt19937_64 sequence from its seed", "[rng]") {
  // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
  RandomStream stream(std::mt19937_64::default_seed);
  std::uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) value = stream.next_u64();
  CHECK(value == 9981545732273789042ULL);
}

TEST_CASE("the same seed and name give the same draws", "[rng]") {
  RandomStream a = RandomStreams(7).stream("walker");
  RandomStream b = RandomStreams(7).stream("walker");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
}

TEST_CASE("other names and other seeds give other draws", "[rng]") {
  const RandomStreams streams(7);
  CHECK(streams.stream_seed("dma0") != streams.stream_seed("dma1"));
  CHECK(streams.stream_seed("dma0") != RandomStreams(8).stream_seed("dma0"));
  RandomStream a = streams.stream("dma0");
  RandomStream b = streams.stream("dma1");
  int equal = 0;
  for (int i = 0; i < 1000; ++i) equal += a.next_u64() == b.next_u64();
  CHECK(equal == 0);
}

TEST_CASE("drawing from one stream does not change another", "[rng]") {
  const RandomStreams streams(99);
  RandomStream untouched = streams.stream("client");
  std::vector<std::uint64_t> expected;
  for (int i = 0; i < 100; ++i) expected.push_back(untouched.next_u64());

  RandomStream busy = streams.stream("noise");
  for (int i = 0; i < 12345; ++i) busy.next_u64();
  RandomStream again = streams.stream("client");
  for (std::uint64_t value : expected) REQUIRE(again.next_u64() == value);
}

TEST_CASE("uniform01 lies in the unit interval with mean 1/2 and variance 1/12", "[rng]") {
  RandomStream stream = RandomStreams(1).stream("u");
  const int n = 1000000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = stream.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / n;
  // Standard error of the mean is sqrt(1/12/n) = 2.9e-4; allow 5 sigma.
  CHECK(mean == Approx(0.5).margin(1.5e-3));
  CHECK(sum_sq / n - mean * mean == Approx(1.0 / 12).margin(1e-3));
}

TEST_CASE("uniform_int covers its closed range evenly", "[rng]") {
  RandomStream stream = RandomStreams(2).stream("i");
  std::vector<int> counts(6, 0);
  const int n = 600000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t v = stream.uniform_int(10, 15);
    REQUIRE(v >= 10);
    REQUIRE(v <= 15);
    ++counts[v - 10];
  }
  // Each face expects 100000 with sd ~ 289; allow 5 sigma.
  for (int c : counts) CHECK(std::abs(c - 100000) < 1500);
  CHECK(stream.uniform_int(5, 5) == 5);
}

TEST_CASE("exponential draws have the requested mean and a median of mean*ln2", "[rng]") {
  RandomStream stream = RandomStreams(3).stream("e");
  const int n = 1000000;
  const double mean = 250.0;
  double sum = 0;
  int below_median = 0;
  for (int i = 0; i < n; ++i) {
    const double x = stream.exponential(mean);
    REQUIRE(x >= 0.0);
    sum += x;
    below_median += x < mean * std::log(2.0);
  }
  CHECK(sum / n == Approx(mean).epsilon(0.005));
  CHECK(below_median / double(n) == Approx(0.5).margin(0.0025));
}

TEST_CASE("normal draws have the requested mean and standard deviation", "[rng]") {
  RandomStream stream = RandomStreams(4).stream("n");
  const int n = 1000000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = stream.normal(10.0, 2.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  CHECK(mean == Approx(10.0).margin(0.01));
  CHECK(std::sqrt(sum_sq / n - mean * mean) == Approx(2.0).epsilon(0.005));
}
