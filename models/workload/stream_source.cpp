#include "wakesim/workload/stream_source.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace wakesim {
namespace {

[[noreturn]] void invalid(const sc_core::sc_module_name& name, const std::string& message) {
  throw std::invalid_argument("stream source " + std::string(static_cast<const char*>(name)) + ": " + message);
}

}  // namespace

const StreamSourceParams& StreamSource::checked(const sc_core::sc_module_name& name, const StreamSourceParams& params) {
  if (params.outstanding == 0) invalid(name, "at least one job must be outstanding");
  params.bytes.check("stream source " + std::string(static_cast<const char*>(name)));
  if (params.relative_deadline && *params.relative_deadline == sc_core::SC_ZERO_TIME)
    invalid(name, "a relative deadline must be positive");
  return params;
}

StreamSource::StreamSource(const sc_core::sc_module_name& name, const StreamSourceParams& params, JobSink sink,
                           RandomStream rng)
    : JobSource(name, std::move(sink), checked(name, params).limits), params_(params), rng_(rng) {}

void StreamSource::job_finished() {
  if (in_flight_ == 0) return;  // not one of ours (or finished twice): ignore
  --in_flight_;
  slot_freed_.notify(sc_core::SC_ZERO_TIME);
}

// Blocks the source's thread until a slot is free; the job arrives then (at
// `start` for the first `outstanding` ones).
std::optional<JobRequest> StreamSource::next_job() {
  while (in_flight_ >= params_.outstanding) sc_core::wait(slot_freed_);
  ++in_flight_;
  return generated_job(params_, rng_, std::max(sc_core::sc_time_stamp(), params_.start));
}

}  // namespace wakesim
