#include "wakesim/workload/job_source.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "wakesim/core/sim_time.h"

namespace wakesim {

JobSource::JobSource(const sc_core::sc_module_name& name, JobSink sink, const JobSourceLimits& limits)
    : sc_core::sc_module(name), sink_(std::move(sink)), limits_(limits) {
  if (!sink_) throw std::invalid_argument(std::string(this->name()) + ": no job sink");
  SC_HAS_PROCESS(JobSource);
  SC_THREAD(run);
}

void JobSource::run() {
  sc_core::sc_time previous_arrival = sc_core::SC_ZERO_TIME;
  while (!limits_.max_jobs || stats_.jobs < *limits_.max_jobs) {
    std::optional<JobRequest> job = next_job();
    if (!job) break;
    if (limits_.stop_time && job->arrival >= *limits_.stop_time) break;
    if (job->arrival < previous_arrival)
      throw std::logic_error(std::string(name()) + ": job arrives at " + job->arrival.to_string() +
                             ", before the previous one at " + previous_arrival.to_string());
    previous_arrival = job->arrival;
    wait_for_arrival(job->arrival);
    job->id = stats_.jobs;
    if (addressing_.active()) job->offset = addressing_.next(job->bytes);
    ++stats_.jobs;
    stats_.bytes += job->bytes;
    sink_(*job);
  }
  finished_ = true;
  finished_event_.notify(sc_core::SC_ZERO_TIME);
}

// A sink that blocked past the arrival makes the job late: it goes out at once,
// its arrival unchanged (the data was ready then), and is counted.
void JobSource::wait_for_arrival(const sc_core::sc_time& arrival) {
  if (arrival < sim_now()) ++stats_.late;
  wakesim::wait_until(arrival);
}

std::optional<sc_core::sc_time> JobSource::after(const sc_core::sc_time& from, double picoseconds) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  // 2^64 as a double; anything at or above it cannot be held (nor can NaN).
  constexpr double kLimit = 18446744073709551616.0;
  const double rounded = std::nearbyint(picoseconds);
  if (!(rounded >= 0.0 && rounded < kLimit)) return std::nullopt;
  const auto step = static_cast<std::uint64_t>(rounded);
  if (step > kMax - from.value()) return std::nullopt;
  return sc_core::sc_time::from_value(from.value() + step);
}

sc_core::sc_time JobSource::deadline_after(const sc_core::sc_time& from,
                                           const std::optional<sc_core::sc_time>& relative) {
  return relative ? from + *relative : sc_core::SC_ZERO_TIME;
}

}  // namespace wakesim
