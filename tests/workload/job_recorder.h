#pragma once
// A JobSink for tests: keeps every request with the simulated time the sink was
// called at, so a test can check both what a source emitted and when.
#include <vector>

#include <systemc>

#include "wakesim/workload/job_request.h"

namespace wakesim::test {

struct RecordedJob {
  JobRequest request;
  sc_core::sc_time called_at;
};

class JobRecorder {
 public:
  JobSink sink() {
    return [this](const JobRequest& request) { jobs_.push_back({request, sc_core::sc_time_stamp()}); };
  }
  const std::vector<RecordedJob>& jobs() const { return jobs_; }
  std::size_t size() const { return jobs_.size(); }
  const JobRequest& operator[](std::size_t i) const { return jobs_.at(i).request; }

  // Arrival times in picoseconds, in emission order.
  std::vector<double> arrivals_ps() const {
    std::vector<double> times;
    for (const RecordedJob& job : jobs_) times.push_back(static_cast<double>(job.request.arrival.value()));
    return times;
  }
  // Differences between consecutive arrivals, in picoseconds.
  std::vector<double> interarrivals_ps() const {
    std::vector<double> gaps;
    for (std::size_t i = 1; i < jobs_.size(); ++i)
      gaps.push_back(static_cast<double>(jobs_[i].request.arrival.value()) -
                     static_cast<double>(jobs_[i - 1].request.arrival.value()));
    return gaps;
  }

 private:
  std::vector<RecordedJob> jobs_;
};

// A source's sink was called exactly at each job's arrival, ids count from 0 and
// arrivals never go back in time.
inline bool emitted_in_order_at_arrival(const JobRecorder& recorder) {
  const auto& jobs = recorder.jobs();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].called_at != jobs[i].request.arrival) return false;
    if (jobs[i].request.id != i) return false;
    if (i > 0 && jobs[i].request.arrival < jobs[i - 1].request.arrival) return false;
  }
  return true;
}

}  // namespace wakesim::test
