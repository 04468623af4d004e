#include "wakesim/workload/periodic_source.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace wakesim {
namespace {

// Below it, 2 * jitter and the offsets fit in a signed 64-bit picosecond count.
constexpr std::uint64_t kMaxJitterPs = std::uint64_t{1} << 62;

[[noreturn]] void invalid(const sc_core::sc_module_name& name, const std::string& message) {
  throw std::invalid_argument("periodic source " + std::string(static_cast<const char*>(name)) + ": " + message);
}

}  // namespace

const PeriodicSourceParams& PeriodicSource::checked(const sc_core::sc_module_name& name,
                                                    const PeriodicSourceParams& params, bool has_rng) {
  if (params.period == sc_core::SC_ZERO_TIME) invalid(name, "period must be positive");
  params.bytes.check("periodic source " + std::string(static_cast<const char*>(name)));
  if (params.jitter > params.period) invalid(name, "jitter must not exceed the period");
  if (params.jitter.value() >= kMaxJitterPs) invalid(name, "jitter must be below 2^62 ps");
  if (params.relative_deadline && *params.relative_deadline == sc_core::SC_ZERO_TIME)
    invalid(name, "a relative deadline must be positive");
  const bool random = params.jitter != sc_core::SC_ZERO_TIME || !params.bytes.is_fixed();
  if (random && !has_rng) invalid(name, "jitter or a size range needs a random stream");
  return params;
}

PeriodicSource::PeriodicSource(const sc_core::sc_module_name& name, const PeriodicSourceParams& params, JobSink sink,
                               std::optional<RandomStream> rng)
    : JobSource(name, std::move(sink), checked(name, params, rng.has_value()).limits),
      params_(params),
      // Never drawn from when no stream was given (checked() saw to that).
      rng_(rng.value_or(RandomStream(0))) {}

PeriodicSource::PeriodicSource(const sc_core::sc_module_name& name, const PeriodicSourceParams& params, JobSink sink,
                               const RandomStreams& streams)
    : JobSource(name, std::move(sink), checked(name, params, true).limits),
      params_(params),
      rng_(streams.stream(this->name())) {}

std::optional<JobRequest> PeriodicSource::next_job() {
  const std::optional<sc_core::sc_time> release = nominal_release(releases_);
  if (!release) return std::nullopt;
  ++releases_;
  const std::optional<sc_core::sc_time> arrival = jittered(*release);
  if (!arrival) return std::nullopt;
  const sc_core::sc_time& from = params_.deadline_from == DeadlineFrom::release ? *release : *arrival;
  return generated_job(params_, rng_, *arrival, from);
}

// phase + index * period, or nothing past the largest representable time.
std::optional<sc_core::sc_time> PeriodicSource::nominal_release(std::uint64_t index) const {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t phase = params_.phase.value();
  const std::uint64_t period = params_.period.value();
  if (index > (kMax - phase) / period) return std::nullopt;
  return sc_core::sc_time::from_value(phase + index * period);
}

// The jitter offset in picoseconds, not yet clamped (at most +-(period/2 + 1)
// beyond which the clamp makes all draws alike).
std::int64_t PeriodicSource::draw_offset() {
  const std::uint64_t jitter = params_.jitter.value();
  if (jitter == 0) return 0;
  if (params_.jitter_shape == JitterShape::uniform)
    return static_cast<std::int64_t>(rng_.uniform_int(0, 2 * jitter)) - static_cast<std::int64_t>(jitter);
  // Bound the double first: a far tail must not overflow the conversion.
  const double bound = static_cast<double>(params_.period.value() / 2) + 1.0;
  return std::llround(std::clamp(rng_.normal(0.0, static_cast<double>(jitter)), -bound, bound));
}

// The release moved by a clamped offset (see the header); counts a clamped job once.
std::optional<sc_core::sc_time> PeriodicSource::jittered(const sc_core::sc_time& release) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const auto half = static_cast<std::int64_t>(params_.period.value() / 2);
  const std::int64_t drawn = draw_offset();
  const std::int64_t offset = std::clamp(drawn, -half, half);
  const std::uint64_t at = release.value();
  bool clamped = offset != drawn;
  std::uint64_t moved = 0;
  if (offset >= 0) {
    const auto late = static_cast<std::uint64_t>(offset);
    if (late > kMax - at) return std::nullopt;
    moved = at + late;
  } else {
    const auto early = static_cast<std::uint64_t>(-offset);
    clamped = clamped || early > at;
    moved = early > at ? 0 : at - early;
  }
  if (clamped) ++jitter_clamped_;
  return sc_core::sc_time::from_value(moved);
}

}  // namespace wakesim
