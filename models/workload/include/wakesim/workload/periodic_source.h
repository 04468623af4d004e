#pragma once
// A periodic traffic source: a job per period (a video frame, an audio buffer, a
// sensor batch), released at phase + k * period for k = 0, 1, 2, ...
//
// Jitter moves each arrival away from its nominal release by an offset drawn
// independently per job: uniform over the whole picoseconds in [-jitter, +jitter],
// or normal with standard deviation `jitter` (rounded to the picosecond). Both
// have mean zero, so the long-run rate stays 1/period. The offset is then clamped:
//  - to [-period/2, +period/2] (period/2 rounded down), so an arrival stays within
//    half a period of its release and consecutive arrivals never swap (two may
//    coincide at the midpoint between releases); the clamp is symmetric, so the
//    mean offset stays zero for these symmetric shapes. A uniform jitter up to
//    period/2 is never clamped; a normal one is in its tails (4.6% of draws at
//    jitter = period/4).
//  - and an arrival that would fall before time 0 is moved to 0 (only the first
//    jobs, when phase < jitter).
// Every clamped job is counted (jitter_clamped()), so a report can say how much the
// shape was distorted.
//
// Deadline: `relative_deadline` after the job's actual arrival (the data is ready,
// it must be done within D), or after its nominal release (a frame is due at the
// next vsync whenever its data happened to arrive; with jitter the time left can
// then be less than D, or nothing).
//
// Randomness: jitter and a size range draw from the source's own RandomStream, per
// job first the jitter, then the size. A source with neither needs no stream.
#include <cstdint>
#include <optional>

#include <systemc>

#include "wakesim/core/enum_names.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/workload/job_size.h"
#include "wakesim/workload/job_source.h"

namespace wakesim {

enum class JitterShape { uniform, normal };
enum class DeadlineFrom { arrival, release };

inline constexpr auto kJitterShapeNames =
    make_enum_names<JitterShape>({{JitterShape::uniform, "uniform"}, {JitterShape::normal, "normal"}});
inline constexpr auto kDeadlineFromNames =
    make_enum_names<DeadlineFrom>({{DeadlineFrom::arrival, "arrival"}, {DeadlineFrom::release, "release"}});

struct PeriodicSourceParams {
  sc_core::sc_time period = sc_core::SC_ZERO_TIME;  // > 0
  sc_core::sc_time phase = sc_core::SC_ZERO_TIME;   // the first nominal release
  JobSize bytes;                                    // at least 1 B each
  // Half-width (uniform) or standard deviation (normal); zero: no jitter. At most
  // the period (beyond that the clamp above would be all there is to the shape).
  sc_core::sc_time jitter = sc_core::SC_ZERO_TIME;
  JitterShape jitter_shape = JitterShape::uniform;
  std::optional<sc_core::sc_time> relative_deadline;  // none: jobs have no deadline; else > 0
  DeadlineFrom deadline_from = DeadlineFrom::arrival;
  JobDirection direction = JobDirection::copy;
  std::uint32_t client = 0;
  JobSourceLimits limits;
};

class PeriodicSource : public JobSource {
 public:
  // Throws std::invalid_argument for a zero period, a zero size or an inverted size
  // range, a jitter above the period (or above 2^62 ps), a zero relative deadline,
  // or random parameters (jitter, size range) without a random stream.
  PeriodicSource(const sc_core::sc_module_name& name, const PeriodicSourceParams& params, JobSink sink,
                 std::optional<RandomStream> rng = std::nullopt);
  // The stream is streams.stream(<this module's full name>).
  PeriodicSource(const sc_core::sc_module_name& name, const PeriodicSourceParams& params, JobSink sink,
                 const RandomStreams& streams);

  const PeriodicSourceParams& params() const { return params_; }
  // Jobs whose jitter offset was clamped (to +-period/2, or to time 0).
  std::uint64_t jitter_clamped() const { return jitter_clamped_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  static const PeriodicSourceParams& checked(const sc_core::sc_module_name& name, const PeriodicSourceParams& params,
                                             bool has_rng);
  std::optional<sc_core::sc_time> nominal_release(std::uint64_t index) const;
  std::int64_t draw_offset();
  std::optional<sc_core::sc_time> jittered(const sc_core::sc_time& release);

  PeriodicSourceParams params_;
  RandomStream rng_;
  std::uint64_t releases_ = 0;
  std::uint64_t jitter_clamped_ = 0;
};

}  // namespace wakesim
