// Latency distributions (fixed, uniform, lognormal from a median and a p99):
// empirical quantiles and bounds over many draws against their parameters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "wakesim/core/latency_distribution.h"
#include "wakesim/core/random_streams.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_US;

namespace {

sc_time us(double value) { return sc_time(value, SC_US); }

// `count` draws in microseconds, sorted.
std::vector<double> sorted_draws(const LatencyDistribution& distribution, int count) {
  RandomStream rng = RandomStreams(2024).stream("latency");
  std::vector<double> draws;
  draws.reserve(count);
  for (int i = 0; i < count; ++i) draws.push_back(distribution.draw(rng).to_seconds() * 1e6);
  std::sort(draws.begin(), draws.end());
  return draws;
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

TEST_CASE("a fixed latency is its value, drawing nothing", "[latency]") {
  const LatencyDistribution fixed = us(20);  // a plain time converts to a fixed latency
  RandomStream rng(1), untouched(1);
  CHECK(fixed.kind() == LatencyDistribution::Kind::fixed);
  CHECK(fixed.draw(rng) == us(20));
  CHECK(rng.next_u64() == untouched.next_u64());
}

TEST_CASE("a uniform latency stays within min and max, with median and mean at their midpoint", "[latency]") {
  const std::vector<double> draws = sorted_draws(LatencyDistribution::uniform(us(10), us(50)), 100000);
  CHECK(draws.front() >= 10.0);
  CHECK(draws.back() <= 50.0);
  CHECK(draws.front() < 10.01);
  CHECK(draws.back() > 49.99);
  CHECK(quantile(draws, 0.5) == Approx(30.0).epsilon(0.01));
  CHECK(quantile(draws, 0.9) == Approx(46.0).epsilon(0.01));
}

TEST_CASE("a lognormal latency from median 20 us and p99 200 us has those empirical quantiles within 3 %",
          "[latency]") {
  const std::vector<double> draws = sorted_draws(LatencyDistribution::lognormal(us(20), us(200)), 200000);
  CHECK(quantile(draws, 0.5) == Approx(20.0).epsilon(0.03));
  CHECK(quantile(draws, 0.99) == Approx(200.0).epsilon(0.03));
  // sigma = ln(10) / 2.3263 = 0.9898: the 90th percentile is 20 us x e^(1.2816 sigma) = 71.1 us.
  CHECK(quantile(draws, 0.9) == Approx(71.1).epsilon(0.03));
}

TEST_CASE("a lognormal latency with p99 equal to its median is fixed", "[latency]") {
  const std::vector<double> draws = sorted_draws(LatencyDistribution::lognormal(us(20), us(20)), 100);
  CHECK(draws.front() == Approx(20.0));
  CHECK(draws.back() == Approx(20.0));
}

TEST_CASE("a latency distribution refuses min above max, p99 below the median and a zero median", "[latency]") {
  CHECK_THROWS_AS(LatencyDistribution::uniform(us(50), us(10)), std::invalid_argument);
  CHECK_THROWS_AS(LatencyDistribution::lognormal(us(20), us(10)), std::invalid_argument);
  CHECK_THROWS_AS(LatencyDistribution::lognormal(sc_core::SC_ZERO_TIME, us(10)), std::invalid_argument);
}
