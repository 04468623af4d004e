#include "wakesim/workload/bursty_source.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace wakesim {
namespace {

[[noreturn]] void invalid(const sc_core::sc_module_name& name, const std::string& message) {
  throw std::invalid_argument("bursty source " + std::string(static_cast<const char*>(name)) + ": " + message);
}

}  // namespace

const BurstySourceParams& BurstySource::checked(const sc_core::sc_module_name& name, const BurstySourceParams& params) {
  const double k = params.burst_jobs;
  if (!(std::isfinite(k) && k >= 1.0)) invalid(name, "burst length must be at least 1 job");
  if (params.burst_shape == BurstLengthShape::fixed && k != std::floor(k))
    invalid(name, "a fixed burst length must be a whole number of jobs");
  if (params.gap == sc_core::SC_ZERO_TIME) invalid(name, "the gap between bursts must be positive");
  params.bytes.check("bursty source " + std::string(static_cast<const char*>(name)));
  if (params.relative_deadline && *params.relative_deadline == sc_core::SC_ZERO_TIME)
    invalid(name, "a relative deadline must be positive");
  return params;
}

BurstySource::BurstySource(const sc_core::sc_module_name& name, const BurstySourceParams& params, JobSink sink,
                           RandomStream rng)
    : JobSource(name, std::move(sink), checked(name, params).limits),
      params_(params),
      rng_(rng),
      last_arrival_(params.start) {}

BurstySource::BurstySource(const sc_core::sc_module_name& name, const BurstySourceParams& params, JobSink sink,
                           const RandomStreams& streams)
    : JobSource(name, std::move(sink), checked(name, params).limits),
      params_(params),
      rng_(streams.stream(this->name())),
      last_arrival_(params.start) {}

double BurstySource::mean_rate_per_second(const BurstySourceParams& params) {
  const double k = params.burst_jobs;
  return k / ((k - 1.0) * params.spacing.to_seconds() + params.gap.to_seconds());
}

std::optional<JobRequest> BurstySource::next_job() {
  // The first job opens the first burst, after the initial idle gap.
  const bool new_burst = bursts_ == 0 || burst_ends();
  const double interval = new_burst ? draw_interval_ps(params_.gap_shape, params_.gap)
                                    : draw_interval_ps(params_.spacing_shape, params_.spacing);
  const std::optional<sc_core::sc_time> arrival = after(last_arrival_, interval);
  if (!arrival) return std::nullopt;
  if (new_burst) {
    ++bursts_;
    jobs_in_burst_ = 0;
  }
  ++jobs_in_burst_;
  last_arrival_ = *arrival;
  return generated_job(params_, rng_, *arrival);
}

// Whether the burst in progress ended with its last job.
bool BurstySource::burst_ends() {
  const double k = params_.burst_jobs;
  if (params_.burst_shape == BurstLengthShape::fixed) return static_cast<double>(jobs_in_burst_) >= k;
  if (k == 1.0) return true;  // certain: no draw
  return rng_.uniform01() < 1.0 / k;
}

double BurstySource::draw_interval_ps(IntervalShape shape, const sc_core::sc_time& mean) {
  const auto mean_ps = static_cast<double>(mean.value());
  return shape == IntervalShape::fixed ? mean_ps : rng_.exponential(mean_ps);
}

}  // namespace wakesim
