#pragma once
// A Poisson traffic source: independent requests at a constant mean rate (many
// unrelated users, interrupts from the outside world). Inter-arrival times are
// i.i.d. exponential with mean 1/rate, drawn by inverse transform and rounded to
// the picosecond (a bias below 0.5 ps per job, nothing at microsecond means).
// The process starts at `start`: the first arrival is one exponential draw after it
// (memorylessness makes that the stationary process seen from `start`).
//
// Randomness: per job first the inter-arrival time, then the size (if a range).
#include <cstdint>
#include <optional>

#include <systemc>

#include "wakesim/core/random_streams.h"
#include "wakesim/core/units.h"
#include "wakesim/workload/job_size.h"
#include "wakesim/workload/job_source.h"

namespace wakesim {

struct PoissonSourceParams {
  // Exactly one of the two: the rate in jobs per second (Hz), or its inverse.
  Frequency rate;
  sc_core::sc_time mean_interarrival = sc_core::SC_ZERO_TIME;
  sc_core::sc_time start = sc_core::SC_ZERO_TIME;
  JobSize bytes;                                      // at least 1 B each
  std::optional<sc_core::sc_time> relative_deadline;  // after the arrival; none, or > 0
  JobDirection direction = JobDirection::copy;
  std::uint32_t client = 0;
  JobSourceLimits limits;
};

class PoissonSource : public JobSource {
 public:
  // Throws std::invalid_argument unless exactly one of rate and mean_interarrival
  // is set (positive and finite), for a zero size or inverted size range, and for
  // a zero relative deadline.
  PoissonSource(const sc_core::sc_module_name& name, const PoissonSourceParams& params, JobSink sink, RandomStream rng);
  // The stream is streams.stream(<this module's full name>).
  PoissonSource(const sc_core::sc_module_name& name, const PoissonSourceParams& params, JobSink sink,
                const RandomStreams& streams);

  const PoissonSourceParams& params() const { return params_; }
  // 1/rate or mean_interarrival, in picoseconds.
  double mean_interarrival_ps() const { return mean_ps_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  static const PoissonSourceParams& checked(const sc_core::sc_module_name& name, const PoissonSourceParams& params);
  static double mean_of(const PoissonSourceParams& params);

  PoissonSourceParams params_;
  RandomStream rng_;
  double mean_ps_;
  sc_core::sc_time last_arrival_;
};

}  // namespace wakesim
