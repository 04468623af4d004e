#pragma once
// The part every traffic source shares: an SC_THREAD that asks the concrete
// source for its next job, waits until the job's arrival time, numbers it, counts
// it and hands it to the JobSink. The concrete sources (PeriodicSource,
// PoissonSource, BurstySource, StreamSource, TraceReplaySource) only say what the
// next job is.
//
// Limits: a source stops at the first job that would arrive at or after
// `stop_time` (the window is [0, stop_time), so a rate measured as jobs/stop_time
// is unbiased), or after `max_jobs` jobs, whichever comes first; a source without
// limits runs until it runs out (a trace) or the simulation ends. When it stops,
// finished() becomes true and finished_event() fires (one delta later), at the
// time of its last job (or at 0 if it emitted none), not at stop_time.
//
// A sink that blocks (JobSink asks sinks to queue and return) holds the source:
// jobs whose arrival time has passed meanwhile go out at once, their arrival left
// as it was (the data was ready then), and are counted as late.
#include <cstdint>
#include <optional>
#include <string>

#include <systemc>

#include "wakesim/core/random_streams.h"
#include "wakesim/workload/job_addressing.h"
#include "wakesim/workload/job_request.h"

namespace wakesim {

struct JobSourceLimits {
  std::optional<sc_core::sc_time> stop_time;  // no job arrives at or after it
  std::optional<std::uint64_t> max_jobs;      // at most this many jobs
};

struct JobSourceStats {
  std::uint64_t jobs = 0;   // jobs handed to the sink
  std::uint64_t bytes = 0;  // their bytes, summed
  // Jobs handed over after their arrival time because the sink blocked the
  // source's thread past it (JobSink: sinks should queue and return, so a
  // non-zero count points at the sink).
  std::uint64_t late = 0;
};

class JobSource : public sc_core::sc_module {
 public:
  const JobSourceLimits& limits() const { return limits_; }
  const JobSourceStats& stats() const { return stats_; }
  bool finished() const { return finished_; }
  const sc_core::sc_event& finished_event() const { return finished_event_; }
  // Why the source could not go on (it then stopped the simulation), if it could not.
  virtual std::optional<std::string> failure() const { return std::nullopt; }
  // Before the simulation starts: where each job starts in the client's buffers
  // (JobRequest::offset); an active addressing overrides the offset next_job()
  // gave. Default: base (offsets left as next_job() gave them, 0 for generators).
  void set_addressing(const JobAddressing& addressing) { addressing_ = addressing; }
  const JobAddressing& addressing() const { return addressing_; }

 protected:
  // Throws std::invalid_argument for an empty sink.
  JobSource(const sc_core::sc_module_name& name, JobSink sink, const JobSourceLimits& limits);

  // The next job in arrival order, with every field but `id` filled in, or nothing
  // when the source has no more. Called from the source's thread, at the previous
  // job's arrival time (later if the sink blocked), and only while the job limit
  // allows another job. An arrival earlier than the previous one is a bug of the
  // source (std::logic_error).
  virtual std::optional<JobRequest> next_job() = 0;

  // `from` plus a non-negative number of picoseconds rounded to the nearest one;
  // nothing if the sum is not representable (past about 213 days), which ends the source.
  static std::optional<sc_core::sc_time> after(const sc_core::sc_time& from, double picoseconds);
  // The absolute deadline `relative` after `from`, or SC_ZERO_TIME ("none") when
  // there is no relative deadline.
  static sc_core::sc_time deadline_after(const sc_core::sc_time& from, const std::optional<sc_core::sc_time>& relative);

  // A generated source's job arriving at `arrival`: client and direction from its
  // params, its size drawn from params.bytes with `rng` (after the source's own
  // draws, so the order of draws is the same in every source), its deadline
  // params.relative_deadline after `deadline_from`.
  template <class Params>
  static JobRequest generated_job(const Params& params, RandomStream& rng, const sc_core::sc_time& arrival,
                                  const sc_core::sc_time& deadline_from) {
    JobRequest job;
    job.client = params.client;
    job.arrival = arrival;
    job.bytes = params.bytes.draw(rng);
    job.direction = params.direction;
    job.deadline = deadline_after(deadline_from, params.relative_deadline);
    return job;
  }
  template <class Params>
  static JobRequest generated_job(const Params& params, RandomStream& rng, const sc_core::sc_time& arrival) {
    return generated_job(params, rng, arrival, arrival);
  }

 private:
  void run();
  void wait_for_arrival(const sc_core::sc_time& arrival);

  JobSink sink_;
  JobSourceLimits limits_;
  JobSourceStats stats_;
  JobAddressing addressing_;
  bool finished_ = false;
  sc_core::sc_event finished_event_;
};

}  // namespace wakesim
