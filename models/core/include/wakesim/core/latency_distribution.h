#pragma once
// A latency that is fixed or drawn per event from a distribution: the time a
// piece of simulated software takes to get going (e.g. a kworker picking up a
// pm_wq item). Draws come from the caller's RandomStream, so a given stream
// replays exactly; a fixed latency draws nothing.
//
// - fixed(v): always v.
// - uniform(min, max): uniform in [min, max], to the picosecond.
// - lognormal(median, p99): exp(N(mu, sigma)) with mu = ln(median) and sigma =
//   ln(p99 / median) / z(0.99), z(0.99) = 2.3263478740; the usual shape of a
//   scheduling delay (a body near the median and a long right tail).
#include <cstdint>

#include <systemc>

#include "wakesim/core/enum_names.h"

namespace wakesim {

class RandomStream;

class LatencyDistribution {
 public:
  enum class Kind { fixed, uniform, lognormal };

  // A fixed latency; implicit, so a plain time still reads as one.
  LatencyDistribution(const sc_core::sc_time& value = sc_core::SC_ZERO_TIME)  // NOLINT
      : kind_(Kind::fixed), a_(value), b_(value) {}

  static LatencyDistribution fixed(const sc_core::sc_time& value) { return LatencyDistribution(value); }
  // Throws std::invalid_argument unless min <= max.
  static LatencyDistribution uniform(const sc_core::sc_time& min, const sc_core::sc_time& max);
  // Throws std::invalid_argument unless 0 < median <= p99.
  static LatencyDistribution lognormal(const sc_core::sc_time& median, const sc_core::sc_time& p99);

  // One latency; draws from `rng` unless fixed.
  sc_core::sc_time draw(RandomStream& rng) const;

  Kind kind() const { return kind_; }
  // fixed: the value (twice); uniform: min and max; lognormal: median and p99.
  const sc_core::sc_time& first() const { return a_; }
  const sc_core::sc_time& second() const { return b_; }

  friend bool operator==(const LatencyDistribution& x, const LatencyDistribution& y) {
    return x.kind_ == y.kind_ && x.a_ == y.a_ && x.b_ == y.b_;
  }
  friend bool operator!=(const LatencyDistribution& x, const LatencyDistribution& y) { return !(x == y); }

 private:
  LatencyDistribution(Kind kind, const sc_core::sc_time& a, const sc_core::sc_time& b);

  Kind kind_;
  sc_core::sc_time a_;
  sc_core::sc_time b_;
  double mu_ = 0.0;     // lognormal: ln(median in ps)
  double sigma_ = 0.0;  // lognormal: ln(p99 / median) / z(0.99)
};

inline constexpr auto kLatencyDistributionKindNames =
    make_enum_names<LatencyDistribution::Kind>({{LatencyDistribution::Kind::fixed, "fixed"},
                                                {LatencyDistribution::Kind::uniform, "uniform"},
                                                {LatencyDistribution::Kind::lognormal, "lognormal"}});

inline const char* to_string(LatencyDistribution::Kind kind) { return kLatencyDistributionKindNames.name(kind); }

}  // namespace wakesim
