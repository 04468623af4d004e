#include "wakesim/workload/poisson_source.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace wakesim {
namespace {

[[noreturn]] void invalid(const sc_core::sc_module_name& name, const std::string& message) {
  throw std::invalid_argument("Poisson source " + std::string(static_cast<const char*>(name)) + ": " + message);
}

}  // namespace

const PoissonSourceParams& PoissonSource::checked(const sc_core::sc_module_name& name,
                                                  const PoissonSourceParams& params) {
  const bool has_rate = params.rate.hertz != 0.0;
  const bool has_mean = params.mean_interarrival != sc_core::SC_ZERO_TIME;
  if (has_rate == has_mean) invalid(name, "give exactly one of rate and mean inter-arrival time");
  if (has_rate && !(params.rate.hertz > 0.0 && std::isfinite(params.rate.hertz)))
    invalid(name, "rate must be positive and finite");
  params.bytes.check("Poisson source " + std::string(static_cast<const char*>(name)));
  if (params.relative_deadline && *params.relative_deadline == sc_core::SC_ZERO_TIME)
    invalid(name, "a relative deadline must be positive");
  return params;
}

double PoissonSource::mean_of(const PoissonSourceParams& params) {
  if (params.mean_interarrival != sc_core::SC_ZERO_TIME) return static_cast<double>(params.mean_interarrival.value());
  return 1e12 / params.rate.hertz;
}

PoissonSource::PoissonSource(const sc_core::sc_module_name& name, const PoissonSourceParams& params, JobSink sink,
                             RandomStream rng)
    : JobSource(name, std::move(sink), checked(name, params).limits),
      params_(params),
      rng_(rng),
      mean_ps_(mean_of(params)),
      last_arrival_(params.start) {}

PoissonSource::PoissonSource(const sc_core::sc_module_name& name, const PoissonSourceParams& params, JobSink sink,
                             const RandomStreams& streams)
    : JobSource(name, std::move(sink), checked(name, params).limits),
      params_(params),
      rng_(streams.stream(this->name())),
      mean_ps_(mean_of(params)),
      last_arrival_(params.start) {}

std::optional<JobRequest> PoissonSource::next_job() {
  const std::optional<sc_core::sc_time> arrival = after(last_arrival_, rng_.exponential(mean_ps_));
  if (!arrival) return std::nullopt;
  last_arrival_ = *arrival;
  return generated_job(params_, rng_, *arrival);
}

}  // namespace wakesim
