#include "wakesim/drivers/dmaengine_client.h"

#include <algorithm>
#include <stdexcept>

#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/power/device_link.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

// ---------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------

namespace {

bool wraps_address_space(const DmaBufferRegion& region) { return region.base + region.size.bytes < region.base; }

bool overlap(const DmaBufferRegion& a, const DmaBufferRegion& b) {
  return a.base < b.base + b.size.bytes && b.base < a.base + a.size.bytes;
}

}  // namespace

const DmaengineClientParams& DmaengineClient::checked(const std::string& name, const DmaengineClientParams& params) {
  const std::string where = "dmaengine client " + name + ": ";
  if (params.source.size.bytes == 0 || params.destination.size.bytes == 0)
    throw std::invalid_argument(where + "the source and destination regions must not be empty");
  if (wraps_address_space(params.source) || wraps_address_space(params.destination))
    throw std::invalid_argument(where + "a buffer region runs past the end of the address space");
  if (overlap(params.source, params.destination))
    throw std::invalid_argument(where + "the source and destination regions overlap");
  return params;
}

DmaChannel& DmaengineClient::channel_of(DmaController& controller, unsigned channel, const std::string& name) {
  if (channel >= controller.channel_count())
    throw std::invalid_argument("dmaengine client " + name + ": controller " + controller.name() + " has no channel " +
                                std::to_string(channel));
  return controller.channel(channel);
}

DmaengineClient::DmaengineClient(const sc_core::sc_module_name& name, DmaController& controller, unsigned channel,
                                 const DmaengineClientParams& params)
    : sc_core::sc_module(name),
      params_(checked(this->name(), params)),
      pm_context_(params_.pm_context.value_or(default_pm_context(params_.policy))),
      channel_(channel_of(controller, channel, this->name())),
      device_(controller.device()),
      cpus_(device_.core().cpus()) {
  SC_HAS_PROCESS(DmaengineClient);
  SC_THREAD(worker);
  if (cpus_) {
    Cpu& own = client_cpu();  // throws for a CPU that does not exist
    if (params_.cpu_latency_qos)
      for (unsigned i = 0; i < cpus_->cpu_count(); ++i) cpus_->cpu(i).constrain_latency(*params_.cpu_latency_qos);
    if (params_.cpu_resume_latency_qos) own.constrain_latency(*params_.cpu_resume_latency_qos);
    SC_THREAD(completion_worker);
  }
  if (params_.mapping == BufferMapping::per_job) SC_THREAD(unmapper);
  if (uses(EarlyResume::helper_thread)) SC_THREAD(early_resumer);
  if (uses(EarlyResume::stream)) SC_THREAD(stream_closer);
  if (uses(EarlyResume::device_link)) client_device_ = std::make_unique<RpmDevice>("rpm", device_.core());
}

// Only the regions the job's direction touches must hold it.
bool DmaengineClient::fits(const JobRequest& request) const {
  const bool source_fits = request.bytes <= params_.source.size.bytes;
  const bool destination_fits = request.bytes <= params_.destination.size.bytes;
  switch (request.direction) {
    case JobDirection::read: return source_fits;
    case JobDirection::write: return destination_fits;
    case JobDirection::copy: break;
  }
  return source_fits && destination_fits;
}

// Whether the job, from its offset, runs past the end of a region its direction
// touches (it is then moved as a scatter-gather list wrapping around it).
bool DmaengineClient::wraps(const JobRequest& request) const {
  const auto past_end = [&request](const DmaBufferRegion& region) {
    return request.offset % region.size.bytes + request.bytes > region.size.bytes;
  };
  switch (request.direction) {
    case JobDirection::read: return past_end(params_.source);
    case JobDirection::write: return past_end(params_.destination);
    case JobDirection::copy: break;
  }
  return past_end(params_.source) || past_end(params_.destination);
}

// ---------------------------------------------------------------------------
// Requests and the client thread
// ---------------------------------------------------------------------------

void DmaengineClient::request(const JobRequest& request) {
  ++stats_.requests;
  if (request.bytes == 0 || (!fits(request) && params_.oversize == OversizeJob::reject)) {
    ++stats_.rejected;
    if (request.deadline != SC_ZERO_TIME) ++stats_.deadline_misses;
    return;
  }
  pending_.push_back(request);
  // A delta notification: legal from any process, and before the simulation starts.
  queued_.notify(SC_ZERO_TIME);
}

// pl330's probe: irq_safe, autosuspend, enable. A device already enabled was
// configured by someone else (another client of the controller, the platform):
// only irq_safe, which the policy cannot do without, is still applied.
void DmaengineClient::setup_device() {
  if (params_.policy == ResumePolicy::irq_safe && !device_.is_irq_safe()) device_.irq_safe();
  if (client_device_) {
    // The channel request links the client to the controller (DL_FLAG_PM_RUNTIME);
    // the client's autosuspend is its own, the controller follows it.
    if (params_.use_autosuspend) {
      client_device_->set_autosuspend_delay(params_.autosuspend_delay);
      client_device_->use_autosuspend();
    }
    client_device_->enable();
    if (device_.core().device_link_add(*client_device_, device_, kDlPmRuntime) == nullptr) ++stats_.pm_errors;
    if (!device_.enabled()) device_.enable();
    return;
  }
  if (!device_.enabled()) {
    if (params_.use_autosuspend) {
      device_.set_autosuspend_delay(params_.autosuspend_delay);
      device_.use_autosuspend();
    }
    device_.enable();
  }
  // always_on: one reference for the client's lifetime, never dropped.
  if (params_.policy == ResumePolicy::always_on) {
    const int result = device_.get_sync(CallContext::process);
    if (!get_succeeded(result)) {
      device_.put_noidle();
      ++stats_.pm_errors;
    }
  }
}

Cpu& DmaengineClient::client_cpu() const {
  const unsigned index = params_.cpu.value_or(cpus_->params().placement.client);
  if (index >= cpus_->cpu_count())
    throw std::invalid_argument("dmaengine client " + std::string(name()) + ": there is no cpu" +
                                std::to_string(index));
  return cpus_->cpu(index);
}

void DmaengineClient::bind_to(Cpu& cpu) {
  if (cpus_) cpus_->bind_current(cpu);
}

void DmaengineClient::worker() {
  if (cpus_) bind_to(client_cpu());
  setup_device();
  probe_mapper();
  ready_ = true;
  for (;;) {
    const bool woken = pending_.empty();
    while (pending_.empty()) sc_core::wait(queued_);
    const JobRequest request = pending_.front();
    pending_.pop_front();
    serving_ = 1;
    serve(request, woken);
    serving_ = 0;
    end_stream_if_idle();
  }
}

// `woken`: the thread blocked waiting for the request (its CPU may be idle).
void DmaengineClient::serve(const JobRequest& request, bool woken) {
  // A source may deliver ahead of the arrival time (a trace pushed at once).
  if (request.arrival > sc_time_stamp()) {
    sc_core::wait(request.arrival - sc_time_stamp());
    woken = true;
  }
  if (woken) resume_on_cpu(cpus_, CpuCause::client);
  DmaJobRecord job;
  job.request = request;
  job.wrapped = wraps(request);
  job.started = sc_time_stamp();
  if (!get_before_prepare(job)) {
    job.prepared = sc_time_stamp();
    fail(job, /*pm_failed=*/true);
    return;
  }
  if (params_.policy == ResumePolicy::early) start_early_resume();
  run_code(cpus_, CpuCause::client, params_.data_prepare_time);
  job.prepared = sc_time_stamp();
  if (!take_mapping(job)) {
    if (client_device_) release(pm_context_);  // the client's get_sync before the preparation
    fail(job, /*pm_failed=*/false);
    return;
  }
  if (!acquire(job)) {
    fail(job, /*pm_failed=*/true);
    return;
  }
  job.submitted = sc_time_stamp();
  submit(job);
}

// ---------------------------------------------------------------------------
// Buffer mapping
// ---------------------------------------------------------------------------

void DmaengineClient::probe_mapper() {
  if (!mapper_) return;
  if (mapper_->probe(CallContext::process) != 0) {
    ++stats_.map_errors;
    return;
  }
  if (params_.mapping != BufferMapping::at_probe) return;
  if (mapper_->map_buffers(CallContext::process) == 0) {
    ++stats_.maps;
    map_state_ = MapState::mapped;
  } else {
    ++stats_.map_errors;
  }
}

// per_job: the job becomes a user of the mapping, mapping the buffers first if
// they are not. False if that map failed.
bool DmaengineClient::take_mapping(DmaJobRecord& job) {
  if (!mapper_ || params_.mapping != BufferMapping::per_job) return true;
  while (map_state_ == MapState::unmapping || map_state_ == MapState::mapping) sc_core::wait(map_state_changed_);
  if (map_state_ == MapState::unmapped) {
    map_state_ = MapState::mapping;
    const int error = mapper_->map_buffers(CallContext::process);
    map_state_ = error == 0 ? MapState::mapped : MapState::unmapped;
    map_state_changed_.notify(SC_ZERO_TIME);
    if (error != 0) {
      ++stats_.map_errors;
      job.map_failed = true;
      return false;
    }
    ++stats_.maps;
  }
  unmap_due_.cancel();
  ++mapping_users_;
  job.holds_mapping = true;
  return true;
}

// From any context (the completion interrupt): schedules the unmap.
void DmaengineClient::drop_mapping(const DmaJobRecord& job) {
  if (!job.holds_mapping || --mapping_users_ > 0) return;
  unmap_due_.cancel();
  unmap_due_.notify(params_.unmap_delay);
}

// The retire worker of per_job mapping: process context.
void DmaengineClient::unmapper() {
  if (cpus_) bind_to(client_cpu());
  for (;;) {
    sc_core::wait(unmap_due_);
    if (mapping_users_ > 0 || map_state_ != MapState::mapped) continue;
    map_state_ = MapState::unmapping;
    if (mapper_->unmap_buffers(CallContext::process) == 0)
      ++stats_.unmaps;
    else
      ++stats_.map_errors;
    map_state_ = MapState::unmapped;
    map_state_changed_.notify(SC_ZERO_TIME);
  }
}

// ---------------------------------------------------------------------------
// Runtime PM
// ---------------------------------------------------------------------------

// The policy's get, in pm_context. The might-sleep test is the one the core
// applies at the entry of a resume (__pm_runtime_resume's might_sleep_if): a
// synchronous call, a device that is not irq-safe and not ACTIVE. It is taken
// here, before the call, because a blocking call lets other threads' violations
// into the core's counter meanwhile.
int DmaengineClient::runtime_get(bool sync, bool& might_sleep) {
  might_sleep =
      sync && pm_context_ == CallContext::atomic && !device_.is_irq_safe() && device_.status() != RpmStatus::active;
  if (might_sleep) ++stats_.might_sleep_violations;
  return sync ? device_.get_sync(pm_context_) : device_.get(pm_context_);
}

// Early with device_link or stream: the client's process context blocks in a
// get_sync before it produces the data (its own device, which resumes the
// controller through the link; or the controller at a stream's start). False
// (reference undone) if the get failed.
bool DmaengineClient::get_before_prepare(DmaJobRecord& job) {
  const bool stream_start = uses(EarlyResume::stream) && !stream_open_;
  if (uses(EarlyResume::stream)) stream_stop_due_.cancel();
  if (!client_device_ && !stream_start) return true;
  RpmDevice& target = client_device_ ? *client_device_ : device_;
  job.might_sleep = pm_context_ == CallContext::atomic && !target.is_irq_safe() && target.status() != RpmStatus::active;
  if (job.might_sleep) ++stats_.might_sleep_violations;
  const sc_time start = sc_time_stamp();
  const int result = target.get_sync(pm_context_);
  job.blocked_before_prepare = sc_time_stamp() - start;
  if (!get_succeeded(result)) {
    target.put_noidle();  // the usage count stays incremented on error (RPM-15)
    return false;
  }
  if (stream_start) stream_open_ = true;
  return true;
}

// Early with async_get or helper_thread: the resume starts when the client
// starts producing the data.
void DmaengineClient::start_early_resume() {
  if (params_.early_resume == EarlyResume::async_get) {
    early_result_ = runtime_get(/*sync=*/false, early_might_sleep_);
    early_done_ = true;
    return;
  }
  if (params_.early_resume != EarlyResume::helper_thread) return;
  early_done_ = false;
  early_requested_ = true;
  early_request_event_.notify(SC_ZERO_TIME);
}

// The stream's stop: once the client has stayed idle for stream_idle_gap, the
// SPI core's idle path (spi_pump_messages) drops the stream's reference with
// pm_runtime_put_autosuspend from its process context.
void DmaengineClient::stream_closer() {
  if (cpus_) bind_to(client_cpu());
  for (;;) {
    sc_core::wait(stream_stop_due_);
    if (!stream_open_ || outstanding() > 0) continue;
    stream_open_ = false;
    device_.put_autosuspend(CallContext::process);
  }
}

// After a job ends: a stream whose client is idle is due to stop.
void DmaengineClient::end_stream_if_idle() {
  if (!uses(EarlyResume::stream) || !stream_open_ || outstanding() > 0) return;
  stream_stop_due_.cancel();
  if (params_.stream_idle_gap == SC_ZERO_TIME)
    stream_stop_due_.notify(SC_ZERO_TIME);
  else
    stream_stop_due_.notify(params_.stream_idle_gap);
}

// The helper of EarlyResume::helper_get_sync: one get_sync per job, concurrent
// with the client thread's data preparation.
void DmaengineClient::early_resumer() {
  if (cpus_) bind_to(cpus_->pm_wq_cpu());
  for (;;) {
    while (!early_requested_) sc_core::wait(early_request_event_);
    early_requested_ = false;
    if (cpus_) {
      const sc_time ready = cpus_->pm_wq_cpu().run(CpuCause::client, params_.helper_wakeup_latency);
      if (ready > sc_time_stamp()) sc_core::wait(ready - sc_time_stamp());
    } else if (params_.helper_wakeup_latency != SC_ZERO_TIME) {
      sc_core::wait(params_.helper_wakeup_latency);
    }
    early_result_ = runtime_get(/*sync=*/true, early_might_sleep_);
    early_done_ = true;
    early_done_event_.notify(SC_ZERO_TIME);
  }
}

// Takes the job's reference as the policy says; false (reference undone) if the
// get failed.
bool DmaengineClient::acquire(DmaJobRecord& job) {
  int result = 0;
  switch (params_.policy) {
    case ResumePolicy::always_on: return true;  // the setup reference covers every job
    case ResumePolicy::sync:
    case ResumePolicy::irq_safe: result = runtime_get(/*sync=*/true, job.might_sleep); break;
    case ResumePolicy::async: result = runtime_get(/*sync=*/false, job.might_sleep); break;
    case ResumePolicy::early:
      // device_link and stream took their reference before the preparation.
      if (client_device_ || uses(EarlyResume::stream)) return true;
      if (!early_done_) {
        while (!early_done_) sc_core::wait(early_done_event_);
        resume_on_cpu(cpus_, CpuCause::client);
      }
      result = early_result_;
      job.might_sleep = early_might_sleep_;
      break;
  }
  if (get_succeeded(result)) return true;
  device_.put_noidle();  // the usage count stays incremented on error (RPM-15)
  return false;
}

// put_autosuspend: never sleeps, so legal in the completion's atomic context.
void DmaengineClient::release(CallContext context) {
  if (params_.policy == ResumePolicy::always_on || uses(EarlyResume::stream)) return;
  RpmDevice& target = client_device_ ? *client_device_ : device_;
  target.put_autosuspend(context);
}

// ---------------------------------------------------------------------------
// DMA
// ---------------------------------------------------------------------------

// Each region from the job's offset into it (JobRequest::offset, modulo the
// region's size); a job running past a region's end wraps around it (each region
// independently), so segments end at whichever region end comes first.
// The direction picks the regions the job touches (JobDirection): copy reads the
// source and writes the destination (prep_memcpy, or prep_sg when wrapping); read
// moves the source to the channel's peripheral and write the peripheral into the
// destination (prep_slave_sg, DMA_MEM_TO_DEV / DMA_DEV_TO_MEM: the peripheral's
// side is no memory access, so a read job only reads memory and a write job only
// writes it).
DmaDescriptor* DmaengineClient::prepare_descriptor(const DmaJobRecord& job) {
  const DmaBufferRegion& src = params_.source;
  const DmaBufferRegion& dst = params_.destination;
  const std::uint64_t bytes = job.request.bytes;
  const JobDirection direction = job.request.direction;
  // A region the job does not touch never limits a segment.
  const std::uint64_t src_size = direction == JobDirection::write ? bytes : src.size.bytes;
  const std::uint64_t dst_size = direction == JobDirection::read ? bytes : dst.size.bytes;
  std::uint64_t src_offset = direction == JobDirection::write ? 0 : job.request.offset % src_size;
  std::uint64_t dst_offset = direction == JobDirection::read ? 0 : job.request.offset % dst_size;
  if (direction == JobDirection::copy && !job.wrapped)
    return channel_.prep_memcpy(dst.base + dst_offset, src.base + src_offset, bytes);
  segments_.clear();
  for (std::uint64_t left = bytes; left > 0;) {
    const std::uint64_t len = std::min({left, src_size - src_offset, dst_size - dst_offset});
    segments_.push_back(DmaSegment{src.base + src_offset, dst.base + dst_offset, len});
    src_offset = (src_offset + len) % src_size;
    dst_offset = (dst_offset + len) % dst_size;
    left -= len;
  }
  switch (direction) {
    case JobDirection::read: return channel_.prep_slave_sg(segments_, DmaDirection::mem_to_dev);
    case JobDirection::write: return channel_.prep_slave_sg(segments_, DmaDirection::dev_to_mem);
    case JobDirection::copy: break;
  }
  return channel_.prep_sg(segments_);
}

void DmaengineClient::submit(DmaJobRecord& job) {
  DmaDescriptor* descriptor = prepare_descriptor(job);
  if (!descriptor) {  // cannot happen for a non-empty job; fail it rather than hang
    release(pm_context_);
    fail(job, /*pm_failed=*/false);
    return;
  }
  if (job.wrapped) ++stats_.wrapped;
  descriptor->set_callback([this](const DmaCompletion& completion) { on_complete(completion); });
  job.cookie = channel_.submit(descriptor);
  in_flight_.push_back(job);
  channel_.issue_pending();
}

// A job that never reached the channel: it ends now.
void DmaengineClient::fail(DmaJobRecord& job, bool pm_failed) {
  const sc_time now = sc_time_stamp();
  job.submitted = job.dequeued = job.finished = now;
  job.status = DmaStatus::error;
  job.pm_failed = pm_failed;
  finish(job);
}

// The completion interrupt: atomic context, in the channel's thread. The
// channel completes this client's descriptors in submit order.
void DmaengineClient::on_complete(const DmaCompletion& completion) {
  if (in_flight_.empty() || in_flight_.front().cookie != completion.cookie) {
    SC_REPORT_ERROR("wakesim/dmaengine_client", "a completion for a descriptor not in flight");
    return;
  }
  DmaJobRecord job = in_flight_.front();
  in_flight_.pop_front();
  job.dequeued = completion.dequeued;
  job.finished = completion.finished;
  job.stalled = completion.stalled;
  job.status = completion.status;
  job.error = completion.error;
  job.bytes = completion.bytes;
  if (translation_probe_) {
    // Never more than the time the descriptor ran, so the parts still add up.
    const IommuPathTimes path = translation_probe_(completion);
    const sc_time ran = job.finished - job.dequeued - job.stalled;
    job.iommu_held = std::min(path.suspended_hold, ran);
    job.translation = std::min(path.translation, ran - job.iommu_held);
  }
  deliver_completion(job, completion.context);
}

// The client's callback: at once without CPUs; with them, once the IRQ's CPU has
// woken and run the hard IRQ and the tasklet (in completion order).
void DmaengineClient::deliver_completion(const DmaJobRecord& job, CallContext context) {
  if (!cpus_) {
    release(context);
    finish(job);
    end_stream_if_idle();
    return;
  }
  const CpuSoftwareCosts& costs = cpus_->params().costs;
  PendingCallback callback{job, context};
  callback.job.finished = cpus_->irq_cpu().run(CpuCause::irq, costs.irq_handler + costs.tasklet);
  callback.job.interrupt = callback.job.finished - job.finished;
  callbacks_.push_back(callback);
  callback_due_.notify(callback.job.finished - sc_time_stamp());
}

// The tasklet context on the IRQ CPU: hrtimers it arms (put_autosuspend) go there.
void DmaengineClient::completion_worker() {
  bind_to(cpus_->irq_cpu());
  for (;;) {
    while (callbacks_.empty()) sc_core::wait(callback_due_);
    const sc_time due = callbacks_.front().job.finished;
    if (due > sc_time_stamp()) {
      sc_core::wait(due - sc_time_stamp());
      continue;
    }
    const PendingCallback callback = callbacks_.front();
    callbacks_.pop_front();
    release(callback.context);
    finish(callback.job);
    end_stream_if_idle();
  }
}

void DmaengineClient::finish(const DmaJobRecord& job) {
  drop_mapping(job);
  stats_.record(job);
  if (trace_) trace_job(job);
  if (observer_) observer_(job);
}

// ---------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------

void DmaengineClient::attach_trace(TraceSink* sink, const std::string& track_name) {
  trace_ = sink;
  if (sink) trace_track_ = sink->add_slice_track(TraceSink::Group::client, track_name);
}

void DmaengineClient::trace_job(const DmaJobRecord& job) {
  using Arg = TraceSink::Arg;
  constexpr Arg::Unit ps = Arg::Unit::picoseconds;
  TraceSink::Slice slice;
  slice.name = job.ok() ? "job" : "failed job";
  slice.begin_ps = job.request.arrival.value();
  slice.end_ps = std::max<std::uint64_t>(job.finished.value(), slice.begin_ps);
  slice.args = {{"id", job.request.id},
                {"bytes", job.ok() ? job.bytes : job.request.bytes},
                {"latency", slice.end_ps - slice.begin_ps, ps},
                {"pm_wait", job.pm_wait().value(), ps},
                {"queue", job.queue().value(), ps},
                {"translation", job.translation.value(), ps},
                {"iommu_held", job.iommu_held.value(), ps},
                {"stalled", job.stalled.value(), ps}};
  // The phases, each from the end of the one before (so they never overlap and
  // stay inside the job), left out when empty.
  std::uint64_t from = slice.begin_ps;
  const auto phase = [&](const char* name, const sc_time& until) {
    const std::uint64_t to = std::min(std::max<std::uint64_t>(until.value(), from), slice.end_ps);
    if (to > from) slice.children.push_back(TraceSink::Slice{name, from, to, {}, {}});
    from = to;
  };
  phase("queue", job.started);
  phase("pm_wait", job.started + job.blocked_before_prepare);
  phase("prepare", job.prepared);
  phase("pm_wait", job.submitted);
  phase("channel_queue", job.dequeued);
  phase("dma", job.finished);
  trace_->slice(trace_track_, slice);
}

}  // namespace wakesim
