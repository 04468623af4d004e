#include "wakesim/core/latency_distribution.h"

#include <cmath>
#include <stdexcept>

#include "wakesim/core/random_streams.h"
#include "wakesim/core/sim_time.h"

namespace wakesim {
namespace {

// The standard normal's 0.99 quantile.
constexpr double kZ99 = 2.3263478740408408;
// A lognormal draw is capped here (~73 days) so it always fits an sc_time.
constexpr double kMaxDrawPs = 0x1.0p62;

}  // namespace

LatencyDistribution::LatencyDistribution(Kind kind, const sc_core::sc_time& a, const sc_core::sc_time& b)
    : kind_(kind), a_(a), b_(b) {}

LatencyDistribution LatencyDistribution::uniform(const sc_core::sc_time& min, const sc_core::sc_time& max) {
  if (min > max) throw std::invalid_argument("a uniform latency needs min <= max");
  return LatencyDistribution(Kind::uniform, min, max);
}

LatencyDistribution LatencyDistribution::lognormal(const sc_core::sc_time& median, const sc_core::sc_time& p99) {
  if (median == sc_core::SC_ZERO_TIME) throw std::invalid_argument("a lognormal latency needs a median above 0");
  if (p99 < median) throw std::invalid_argument("a lognormal latency needs p99 >= median");
  LatencyDistribution distribution(Kind::lognormal, median, p99);
  const double median_ps = static_cast<double>(median.value());
  distribution.mu_ = std::log(median_ps);
  distribution.sigma_ = std::log(static_cast<double>(p99.value()) / median_ps) / kZ99;
  return distribution;
}

sc_core::sc_time LatencyDistribution::draw(RandomStream& rng) const {
  switch (kind_) {
    case Kind::fixed: return a_;
    case Kind::uniform: return duration_of_ps(rng.uniform_int(a_.value(), b_.value()));
    case Kind::lognormal: {
      if (sigma_ == 0.0) return a_;
      const double ps = std::exp(rng.normal(mu_, sigma_));
      return duration_of_ps(static_cast<std::uint64_t>(std::llround(std::fmin(ps, kMaxDrawPs))));
    }
  }
  return a_;
}

}  // namespace wakesim
