#pragma once
// A bursty ON/OFF traffic source (the "packet train" model): bursts of jobs close
// together, separated by idle gaps (a camera delivering a frame as a run of DMA
// chunks, a network interface draining a batch of packets).
//
// The model: a burst holds N jobs, N fixed at K or geometric on {1, 2, ...} with
// mean K (after each job the burst ends with probability 1/K). Within a burst,
// consecutive jobs are `spacing` apart; from the last job of a burst to the first
// of the next is `gap`; each is fixed or exponential with that mean, all draws
// independent. The source starts idle: the first job is one gap after `start`.
//
// Inter-arrival times are then i.i.d. (a renewal process): with probability
// (K-1)/K a spacing, with probability 1/K a gap. With geometric bursts and
// exponential spacing and gap this is the two-phase hyperexponential (H2) renewal
// process, the classic bursty model, and with spacing -> 0 it tends to a batch
// Poisson process. Whatever the shapes, the mean inter-arrival time is
// ((K-1) * spacing + gap) / K, so the long-run mean rate is
//     rate = K / ((K - 1) * spacing + gap)        (mean_rate_per_second()).
//
// Randomness: per job first the end-of-burst decision (geometric only, and only
// when K > 1), then the spacing or gap (exponential only), then the size (a range
// only), all from the source's own stream.
#include <cstdint>
#include <optional>

#include <systemc>

#include "wakesim/core/enum_names.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/workload/job_size.h"
#include "wakesim/workload/job_source.h"

namespace wakesim {

enum class BurstLengthShape { fixed, geometric };
enum class IntervalShape { fixed, exponential };

inline constexpr auto kBurstLengthShapeNames =
    make_enum_names<BurstLengthShape>({{BurstLengthShape::fixed, "fixed"}, {BurstLengthShape::geometric, "geometric"}});
inline constexpr auto kIntervalShapeNames =
    make_enum_names<IntervalShape>({{IntervalShape::fixed, "fixed"}, {IntervalShape::exponential, "exponential"}});

struct BurstySourceParams {
  // K: the burst length (fixed: a whole number) or its mean (geometric); >= 1.
  double burst_jobs = 1.0;
  BurstLengthShape burst_shape = BurstLengthShape::geometric;
  // Between consecutive jobs of a burst; zero puts a burst's jobs at one instant.
  sc_core::sc_time spacing = sc_core::SC_ZERO_TIME;
  IntervalShape spacing_shape = IntervalShape::exponential;
  // From the last job of a burst to the first of the next; > 0.
  sc_core::sc_time gap = sc_core::SC_ZERO_TIME;
  IntervalShape gap_shape = IntervalShape::exponential;
  sc_core::sc_time start = sc_core::SC_ZERO_TIME;
  JobSize bytes;                                      // at least 1 B each
  std::optional<sc_core::sc_time> relative_deadline;  // after the arrival; none, or > 0
  JobDirection direction = JobDirection::copy;
  std::uint32_t client = 0;
  JobSourceLimits limits;
};

class BurstySource : public JobSource {
 public:
  // Throws std::invalid_argument for K below 1 (or not finite, or not whole when
  // fixed), a zero gap, a zero size or inverted size range, a zero relative deadline.
  BurstySource(const sc_core::sc_module_name& name, const BurstySourceParams& params, JobSink sink, RandomStream rng);
  // The stream is streams.stream(<this module's full name>).
  BurstySource(const sc_core::sc_module_name& name, const BurstySourceParams& params, JobSink sink,
               const RandomStreams& streams);

  // The closed-form long-run rate in jobs per second (see above).
  static double mean_rate_per_second(const BurstySourceParams& params);

  const BurstySourceParams& params() const { return params_; }
  // Bursts begun so far (the one in progress included).
  std::uint64_t bursts() const { return bursts_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  static const BurstySourceParams& checked(const sc_core::sc_module_name& name, const BurstySourceParams& params);
  bool burst_ends();
  double draw_interval_ps(IntervalShape shape, const sc_core::sc_time& mean);

  BurstySourceParams params_;
  RandomStream rng_;
  std::uint64_t bursts_ = 0;
  std::uint64_t jobs_in_burst_ = 0;
  sc_core::sc_time last_arrival_;
};

}  // namespace wakesim
