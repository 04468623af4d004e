#include "wakesim/dma/dma_channel.h"

#include <algorithm>
#include <cerrno>
#include <limits>

#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/core/pending_activity.h"
#include "wakesim/core/sim_time.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

DmaChannel::DmaChannel(const sc_core::sc_module_name& name, DmaController& controller, unsigned index,
                       const DmaChannelParams& params)
    : sc_core::sc_module(name),
      controller_(controller),
      index_(index),
      params_(params),
      burst_size_(static_cast<unsigned>(controller.params().burst_size.bytes)),
      max_outstanding_(controller.params().max_outstanding),
      setup_latency_(params.setup_latency.value_or(controller.params().setup_latency)),
      qk_(controller.params().quantum),
      slots_(max_outstanding_),
      payloads_(new tlm::tlm_generic_payload[max_outstanding_]) {
  for (unsigned i = 0; i < max_outstanding_; ++i) {
    tlm::tlm_generic_payload& payload = payloads_[i];
    payload.set_byte_enable_ptr(nullptr);
    payload.set_byte_enable_length(0);
    payload.set_extension(new StreamIdExtension(params_.stream_id, index_));  // owned by the payload
  }
  SC_HAS_PROCESS(DmaChannel);
  SC_THREAD(run);
}

DmaChannel::~DmaChannel() = default;

// --- dmaengine API ------------------------------------------------------------------

DmaDescriptor* DmaChannel::allocate(DmaKind kind) {
  DmaDescriptor* descriptor = nullptr;
  if (free_.empty()) {
    descriptors_.push_back(std::make_unique<DmaDescriptor>());
    descriptor = descriptors_.back().get();
    descriptor->owner_ = this;
  } else {
    descriptor = free_.back();
    free_.pop_back();
  }
  descriptor->reset(kind);
  return descriptor;
}

void DmaChannel::recycle(DmaDescriptor* descriptor) {
  descriptor->state_ = DmaDescriptor::State::free;
  descriptor->callback_ = nullptr;  // releases whatever the client captured
  free_.push_back(descriptor);
}

DmaDescriptor* DmaChannel::prep_memcpy(std::uint64_t dst, std::uint64_t src, std::uint64_t len) {
  if (len == 0) return nullptr;
  DmaDescriptor* descriptor = allocate(DmaKind::memcpy);
  descriptor->add_segment(DmaSegment{src, dst, len});
  return descriptor;
}

DmaDescriptor* DmaChannel::prep_sg(const std::vector<DmaSegment>& segments) {
  if (segments.empty()) return nullptr;
  for (const DmaSegment& segment : segments)
    if (segment.len == 0) return nullptr;
  DmaDescriptor* descriptor = allocate(DmaKind::scatter_gather);
  for (const DmaSegment& segment : segments) descriptor->add_segment(segment);
  return descriptor;
}

DmaDescriptor* DmaChannel::prep_slave_sg(const std::vector<DmaSegment>& memory, DmaDirection direction) {
  if (memory.empty()) return nullptr;
  for (const DmaSegment& segment : memory)
    if (segment.len == 0) return nullptr;
  DmaDescriptor* descriptor = allocate(DmaKind::scatter_gather);
  const bool to_device = direction == DmaDirection::mem_to_dev;
  descriptor->dst_peripheral_ = to_device;
  descriptor->src_peripheral_ = !to_device;
  for (const DmaSegment& segment : memory)
    descriptor->add_segment(to_device ? DmaSegment{segment.src, 0, segment.len}
                                      : DmaSegment{0, segment.dst, segment.len});
  return descriptor;
}

DmaDescriptor* DmaChannel::prep_cyclic(std::uint64_t buffer, std::uint64_t buffer_len, std::uint64_t period_len,
                                       std::uint64_t device_address, DmaDirection direction) {
  if (period_len == 0 || buffer_len == 0 || buffer_len % period_len != 0) return nullptr;
  DmaDescriptor* descriptor = allocate(DmaKind::cyclic);
  const bool to_device = direction == DmaDirection::mem_to_dev;
  descriptor->dst_fixed_ = to_device;
  descriptor->src_fixed_ = !to_device;
  for (std::uint64_t offset = 0; offset < buffer_len; offset += period_len) {
    const std::uint64_t memory = buffer + offset;
    descriptor->add_segment(to_device ? DmaSegment{memory, device_address, period_len}
                                      : DmaSegment{device_address, memory, period_len});
  }
  return descriptor;
}

DmaCookie DmaChannel::submit(DmaDescriptor* descriptor) {
  if (!descriptor || descriptor->owner_ != this || descriptor->state_ != DmaDescriptor::State::prepared) return -EINVAL;
  last_cookie_ = last_cookie_ == std::numeric_limits<DmaCookie>::max() ? 1 : last_cookie_ + 1;
  descriptor->cookie_ = last_cookie_;
  descriptor->state_ = DmaDescriptor::State::submitted;
  descriptor->submitted_ = sc_time_stamp();
  submitted_.push_back(descriptor);
  return last_cookie_;
}

void DmaChannel::issue_pending() {
  if (submitted_.empty()) return;
  for (DmaDescriptor* descriptor : submitted_) {
    descriptor->state_ = DmaDescriptor::State::issued;
    descriptor->issued_ = sc_time_stamp();
    issued_.push_back(descriptor);
  }
  submitted_.clear();
  work_event_.notify(SC_ZERO_TIME);
}

int DmaChannel::terminate_all() {
  for (auto* queue : {&submitted_, &issued_}) {
    for (DmaDescriptor* descriptor : *queue) {
      ++stats_.terminated;
      recycle(descriptor);
    }
    queue->clear();
  }
  completed_cookie_ = last_cookie_;
  if (active_) {
    terminate_requested_ = true;
    terminate_event_.notify(SC_ZERO_TIME);
  }
  return 0;
}

DmaTxStatus DmaChannel::tx_status(DmaCookie cookie) const {
  return cookie > completed_cookie_ && cookie <= last_cookie_ ? DmaTxStatus::in_progress : DmaTxStatus::complete;
}

// --- the channel thread ----------------------------------------------------------------

void DmaChannel::run() {
  qk_.reset();
  for (;;) {
    DmaDescriptor* descriptor = take_next();
    if (!descriptor) {
      sc_core::wait(work_event_);
      qk_.reset();
      continue;
    }
    active_ = descriptor;
    descriptor->state_ = DmaDescriptor::State::active;
    if (descriptor->kind_ == DmaKind::cyclic)
      execute_cyclic(*descriptor);
    else
      execute(*descriptor);
    completed_cookie_ = std::max(completed_cookie_, descriptor->cookie_);
    active_ = nullptr;
    terminate_requested_ = false;  // a terminate after the last completion had nothing to stop
    recycle(descriptor);
  }
}

DmaDescriptor* DmaChannel::take_next() {
  if (issued_.empty()) return nullptr;
  DmaDescriptor* descriptor = issued_.front();
  issued_.pop_front();
  return descriptor;
}

void DmaChannel::execute(DmaDescriptor& descriptor) {
  Outcome outcome = run_unit(descriptor, 0, descriptor.segments_.size());
  finish_unit(descriptor, outcome, 0);
}

void DmaChannel::execute_cyclic(DmaDescriptor& descriptor) {
  const std::size_t periods = descriptor.segments_.size();
  for (std::uint64_t period = 0;; ++period) {
    const auto segment = static_cast<std::size_t>(period % periods);
    Outcome outcome = run_unit(descriptor, segment, segment + 1);
    finish_unit(descriptor, outcome, period);
    // An error ends the ring; so does a terminate (also one from the callback).
    if (outcome.terminated || outcome.status != DmaStatus::ok || terminate_requested_) {
      if (!outcome.terminated && terminate_requested_) ++stats_.terminated;
      return;
    }
  }
}

// Syncs to the unit's end and raises its interrupt, unless it was terminated
// (before it ran, while it ran, or by the time of its interrupt).
void DmaChannel::finish_unit(DmaDescriptor& descriptor, Outcome& outcome, std::uint64_t period) {
  if (!outcome.terminated) {
    sync_to(outcome.finished);
    outcome.terminated = terminate_requested_;
  }
  if (outcome.terminated) {
    ++stats_.terminated;
    return;
  }
  deliver(descriptor, outcome, period);
}

DmaChannel::Outcome DmaChannel::run_unit(DmaDescriptor& descriptor, std::size_t first, std::size_t last) {
  Outcome outcome;
  if (!start_unit(descriptor, outcome)) return outcome;
  ++stats_.setups;
  controller_.count_descriptor();
  Cursor cursor;
  cursor.segment = first;
  cursor.last = last;
  outcome.finished = sc_time_stamp() + setup_latency_;
  move_bursts(descriptor, cursor, outcome);
  return outcome;
}

// Syncs and waits until the controller is ACTIVE (stall mode). False when the
// unit must not run: terminated, or failed (fail mode) with outcome filled in.
bool DmaChannel::start_unit(DmaDescriptor& descriptor, Outcome& outcome) {
  qk_.sync();
  outcome.dequeued = sc_time_stamp();
  for (;;) {
    if (terminate_requested_) {
      outcome.terminated = true;
      return false;
    }
    if (controller_.powered()) break;
    if (!handle_unpowered(descriptor, outcome)) {
      outcome.started = outcome.finished;
      return false;
    }
  }
  outcome.started = sc_time_stamp();
  return true;
}

// The controller is not ACTIVE now (the caller synced). Fail mode: fills in the
// error and returns false. Stall mode: waits until it is ACTIVE or terminated.
bool DmaChannel::handle_unpowered(DmaDescriptor& descriptor, Outcome& outcome) {
  if (!descriptor.found_suspended_) {
    descriptor.found_suspended_ = true;
    ++stats_.issued_while_suspended;
  }
  const DmaControllerParams& params = controller_.params();
  if (params.when_suspended == DmaWhenSuspended::fail) {
    outcome.status = DmaStatus::error;
    outcome.error = DmaError::controller_suspended;
    outcome.finished = sc_time_stamp();
    return false;
  }
  ++stats_.stalls;
  const sc_time stall_start = sc_time_stamp();
  while (!controller_.powered() && !terminate_requested_)
    sc_core::wait(controller_.device().status_changed_event() | terminate_event_);
  const sc_time stalled = sc_time_stamp() - stall_start;
  outcome.stalled += stalled;
  stats_.stall_time += stalled;
  qk_.reset();
  return true;
}

void DmaChannel::sync_to(const sc_time& at) {
  qk_.set(delay_until(at));
  qk_.sync();
}

// --- bursts ------------------------------------------------------------------------------

bool DmaChannel::next_burst(const DmaDescriptor& descriptor, Cursor& cursor, Burst& burst) const {
  while (cursor.segment < cursor.last) {
    const DmaSegment& segment = descriptor.segments_[cursor.segment];
    if (cursor.offset < segment.len) {
      const std::uint64_t len = std::min<std::uint64_t>(burst_size_, segment.len - cursor.offset);
      burst.src = segment.src + (descriptor.src_fixed_ ? 0 : cursor.offset);
      burst.dst = segment.dst + (descriptor.dst_fixed_ ? 0 : cursor.offset);
      burst.len = static_cast<unsigned>(len);
      cursor.offset += len;
      return true;
    }
    ++cursor.segment;
    cursor.offset = 0;
  }
  return false;
}

// The bursts' data buffers, on the channel's first transfer: a channel no client
// uses, and a model that is only elaborated (`wakesim validate`), never holds
// max_outstanding x burst_size bytes.
void DmaChannel::allocate_buffers() {
  if (!buffers_.empty()) return;
  buffers_.resize(static_cast<std::size_t>(max_outstanding_) * burst_size_);
  for (unsigned i = 0; i < max_outstanding_; ++i)
    payloads_[i].set_data_ptr(&buffers_[static_cast<std::size_t>(i) * burst_size_]);
}

// Issues the unit's reads and writes in time order (see the header). On entry
// outcome.finished is the time of the first read; on return it is the time the
// last write completed (or, after a failure, the later of that and the time the
// failure was seen); a terminated unit stops where it noticed.
void DmaChannel::move_bursts(DmaDescriptor& descriptor, Cursor cursor, Outcome& outcome) {
  allocate_buffers();
  const sc_time interval = controller_.params().issue_interval;
  std::fill(slots_.begin(), slots_.end(), Slot{});
  std::uint64_t reads = 0;
  std::uint64_t writes = 0;
  unsigned read_slot = 0;   // reads % max_outstanding_, kept without dividing
  unsigned write_slot = 0;  // writes % max_outstanding_
  const auto next_slot = [this](unsigned slot) { return slot + 1 == max_outstanding_ ? 0u : slot + 1; };
  sc_time next_read = outcome.finished;
  sc_time last_write = outcome.finished;
  sc_time finish = outcome.finished;
  Burst burst;
  bool have_burst = next_burst(descriptor, cursor, burst);
  for (;;) {
    const bool can_read = have_burst && reads - writes < max_outstanding_;
    const bool can_write = writes < reads;
    if (!can_read && !can_write) break;
    const sc_time read_at = can_read ? std::max(next_read, slots_[read_slot].done) : SC_ZERO_TIME;
    sc_time write_at = can_write ? std::max(slots_[write_slot].read_done, last_write) : SC_ZERO_TIME;
    if (can_write && (!can_read || write_at <= read_at)) {
      if (!do_write(descriptor, write_slot, write_at, outcome)) break;
      last_write = write_at;
      finish = std::max(finish, slots_[write_slot].done);
      ++writes;
      write_slot = next_slot(write_slot);
    } else {
      sc_time at = read_at;
      if (!do_read(descriptor, read_slot, burst, at, outcome)) break;
      next_read = at + interval;
      ++reads;
      read_slot = next_slot(read_slot);
      have_burst = next_burst(descriptor, cursor, burst);
    }
  }
  // After a failure, outcome.finished is when it was detected; writes issued
  // before it may still have been completing then.
  outcome.finished = outcome.status == DmaStatus::ok ? finish : std::max(finish, outcome.finished);
}

bool DmaChannel::do_read(DmaDescriptor& descriptor, unsigned slot, const Burst& burst, sc_time& at, Outcome& outcome) {
  if (!reach(descriptor, at, outcome)) return false;
  sc_time done = at;  // the peripheral's FIFO has the data at once
  if (!descriptor.src_peripheral_) {
    tlm::tlm_generic_payload& payload = payloads_[slot];
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(burst.src);
    payload.set_data_length(burst.len);
    payload.set_streaming_width(burst.len);
    if (!transport(payload, at, done, outcome)) return false;
  }
  Slot& entry = slots_[slot];
  entry.dst = burst.dst;
  entry.len = burst.len;
  entry.read_done = done;
  return true;
}

bool DmaChannel::do_write(DmaDescriptor& descriptor, unsigned slot, sc_time& at, Outcome& outcome) {
  if (!reach(descriptor, at, outcome)) return false;
  Slot& entry = slots_[slot];
  if (descriptor.dst_peripheral_) {
    entry.done = at;  // into the peripheral's FIFO: no bus access
  } else {
    tlm::tlm_generic_payload& payload = payloads_[slot];
    payload.set_command(tlm::TLM_WRITE_COMMAND);
    payload.set_address(entry.dst);
    payload.set_data_length(entry.len);
    payload.set_streaming_width(entry.len);
    if (!transport(payload, at, entry.done, outcome)) return false;
  }
  ++stats_.bursts;
  stats_.bytes += entry.len;
  outcome.bytes += entry.len;
  controller_.count_bytes(entry.len);
  return true;
}

// One b_transport at absolute time `at` (>= now); `done` is when its response is back.
bool DmaChannel::transport(tlm::tlm_generic_payload& payload, sc_time at, sc_time& done, Outcome& outcome) {
  payload.set_dmi_allowed(false);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const sc_time now = sim_now();
  sc_time delay = at > now ? at - now : SC_ZERO_TIME;
  controller_.port[params_.port]->b_transport(payload, delay);
  done = sim_now() + delay;
  if (!payload.is_response_error()) return true;
  outcome.status = DmaStatus::error;
  outcome.error = DmaError::bus;
  outcome.response = payload.get_response_status();
  outcome.finished = done;
  return false;
}

// Before a burst's read or write at `at`: stops on a terminate, stalls or fails
// if the controller is not ACTIVE (syncing first), and syncs when the quantum is
// used up and another process could act before `at`. `at` moves later if the
// channel stalled past it.
bool DmaChannel::reach(DmaDescriptor& descriptor, sc_time& at, Outcome& outcome) {
  bool synced = false;
  for (;;) {
    if (terminate_requested_) {
      outcome.terminated = true;
      return false;
    }
    if (!controller_.powered()) {
      sync_to(at);
      if (!handle_unpowered(descriptor, outcome)) return false;
      at = std::max(at, sc_time_stamp());
      synced = true;
      continue;
    }
    if (synced) return true;
    const sc_time now = sim_now();
    qk_.set(delay_until(at));
    // Nothing else can run before `at`: the status just read is the status at
    // `at`, and syncing would only cost a context switch.
    if (!qk_.need_sync_from(now) || !other_process_may_act_within(qk_.get_local_time())) return true;
    qk_.sync();
    synced = true;
  }
}

// --- completion --------------------------------------------------------------------------

void DmaChannel::deliver(DmaDescriptor& descriptor, const Outcome& outcome, std::uint64_t period) {
  DmaCompletion completion;
  completion.cookie = descriptor.cookie_;
  completion.channel = index_;
  completion.kind = descriptor.kind_;
  completion.period = period;
  completion.bytes = outcome.bytes;
  completion.status = outcome.status;
  completion.error = outcome.error;
  completion.response = outcome.response;
  completion.submitted = descriptor.submitted_;
  completion.issued = descriptor.issued_;
  completion.dequeued = outcome.dequeued;
  completion.started = outcome.started;
  completion.finished = outcome.finished;
  completion.stalled = outcome.stalled;
  count_completion(descriptor, completion);
  // A copy: the callback may replace the channel's or recycle nothing else.
  const DmaCallback callback = descriptor.callback_ ? descriptor.callback_ : callback_;
  if (callback) callback(completion);
  qk_.reset();  // the callback may have waited (an irq-safe get_sync)
}

void DmaChannel::count_completion(const DmaDescriptor& descriptor, const DmaCompletion& completion) {
  if (completion.ok()) {
    if (descriptor.kind_ == DmaKind::cyclic) {
      ++stats_.periods;
    } else {
      ++stats_.jobs;
      stats_.latency.record((completion.finished - completion.submitted).value());
    }
    return;
  }
  ++stats_.errors;
  if (completion.error == DmaError::bus) ++stats_.bus_errors;
  if (completion.error == DmaError::controller_suspended) ++stats_.power_errors;
}

}  // namespace wakesim
