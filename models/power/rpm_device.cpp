#include "wakesim/power/rpm_device.h"

#include "wakesim/core/sim_time.h"
#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/power/device_link.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_callbacks.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

RpmDevice::RpmDevice(const sc_core::sc_module_name& name, PmCore& core, RpmDevice* parent, RpmCallbacks* callbacks)
    : sc_core::sc_module(name),
      core_(core),
      parent_(parent),
      callbacks_(callbacks),
      timer_rng_(core.random_streams().stream(this->name())) {
  if (parent_) parent_->children_.push_back(this);
  core_.register_device(*this);
  SC_HAS_PROCESS(RpmDevice);
  SC_METHOD(timer_fired);
  sensitive << timer_event_;
  dont_initialize();
}

// ---------------------------------------------------------------------------
// Bookkeeping
// ---------------------------------------------------------------------------

void RpmDevice::update_accounting() {
  if (disable_depth_ > 0) return;
  const sc_time now = sc_time_stamp();
  const sc_time delta = now - accounting_timestamp_;
  accounting_timestamp_ = now;
  if (status_ == RpmStatus::suspended)
    suspended_time_ += delta;
  else
    active_time_ += delta;
}

void RpmDevice::set_status(RpmStatus status) {
  update_accounting();
  if (status != status_) {
    status_changed_.notify(SC_ZERO_TIME);
    if (trace_) trace_->state(trace_track_, static_cast<std::size_t>(status), sc_time_stamp().value());
  }
  status_ = status;
  if (residency_) residency_->enter(power_state(), sc_time_stamp());
}

std::size_t RpmDevice::power_state() const {
  if (!powered_) return 2;
  return status_ == RpmStatus::suspended ? 1 : 0;
}

void RpmDevice::set_powered(bool powered) {
  powered_ = powered;
  if (residency_) residency_->enter(power_state(), sc_time_stamp());
}

void RpmDevice::attach_energy(EnergyLedger& ledger, Power active, Power suspended) {
  residency_ = std::make_unique<PowerStateResidency>(
      ledger, name(),
      std::vector<PowerStateResidency::State>{{"active", active}, {"suspended", suspended}, {"off", Power{}}},
      power_state(), sc_time_stamp().value());
}

void RpmDevice::attach_trace(TraceSink* sink, const std::string& track_name) {
  trace_ = sink;
  const std::uint64_t now = sc_time_stamp().value();
  if (sink) {
    std::vector<std::string> states;
    for (RpmStatus status : {RpmStatus::active, RpmStatus::resuming, RpmStatus::suspended, RpmStatus::suspending})
      states.emplace_back(to_string(status));
    trace_track_ = sink->add_state_track(TraceSink::Group::device, track_name, std::move(states),
                                         static_cast<std::size_t>(status_), now);
  }
  if (residency_) residency_->trace_power(sink, TraceSink::Group::device, track_name, now);
}

void RpmDevice::close_energy() {
  if (residency_) residency_->close(sc_time_stamp());
}

void RpmDevice::reset_stats() {
  update_accounting();
  if (residency_) residency_->reset_stats(sc_time_stamp().value());
  resumes_ = suspends_ = might_sleep_violations_ = 0;
  active_time_ = suspended_time_ = SC_ZERO_TIME;
}

sc_time RpmDevice::active_time() const {
  if (disable_depth_ > 0 || status_ == RpmStatus::suspended) return active_time_;
  return active_time_ + (sc_time_stamp() - accounting_timestamp_);
}

sc_time RpmDevice::suspended_time() const {
  if (disable_depth_ > 0 || status_ != RpmStatus::suspended) return suspended_time_;
  return suspended_time_ + (sc_time_stamp() - accounting_timestamp_);
}

void RpmDevice::might_sleep_if(bool may_sleep, CallContext context) {
  if (!may_sleep || context != CallContext::atomic) return;
  ++might_sleep_violations_;
  core_.count_might_sleep_violation();
}

void RpmDevice::wait_for_state_change() {
  const sc_core::sc_process_handle current = sc_core::sc_get_current_process_handle();
  if (!current.valid() || current.proc_kind() != sc_core::SC_THREAD_PROC_) {
    SC_REPORT_ERROR("wakesim/rpm", "a runtime PM call had to wait outside a SystemC thread");
    return;
  }
  sc_core::wait(state_changed_);
  resume_on_cpu(core_.cpus(), CpuCause::pm_callback);
}

void RpmDevice::deactivate_timer() {
  if (timer_expires_ == SC_ZERO_TIME) return;
  timer_event_.cancel();
  timer_expires_ = SC_ZERO_TIME;
  timer_fires_at_ = SC_ZERO_TIME;
  timer_cpu_awake_ = false;
  if (timer_cpu_) timer_cpu_->cancel_timer(this);
}

// hrtimer_start_range_ns(timer, expires, slack): the timer may fire anywhere in
// [expires, expires + slack]; timer_expires_ keeps the soft expiry, which is what
// rpm_suspend() and pm_suspend_timer_fn() compare against.
void RpmDevice::arm_timer(const sc_time& expires, const sc_time& slack) {
  // sc_event keeps the earlier of two notifications, so a later expiry needs a cancel.
  timer_expires_ = expires;
  timer_fires_at_ = expires + slack_offset(slack);
  timer_event_.cancel();
  timer_event_.notify(timer_fires_at_ - sc_time_stamp());
  timer_cpu_awake_ = false;
  // The hrtimer goes on the CPU that arms it (docs/cpu.md): the governor sees it.
  if (CpuSystem* cpus = core_.cpus()) {
    if (timer_cpu_) timer_cpu_->cancel_timer(this);
    Cpu* current = cpus->current_cpu();
    timer_cpu_ = current ? current : &cpus->timer_cpu();
    timer_cpu_->arm_timer(this, timer_fires_at_);
  }
}

// rpm_suspend(): slack = autosuspend_delay (ms) * (NSEC_PER_MSEC >> 2), 25 %.
sc_time RpmDevice::autosuspend_slack() const { return duration_of_ps(autosuspend_delay_.value() / 4); }

sc_time RpmDevice::slack_offset(const sc_time& slack) {
  if (slack == SC_ZERO_TIME) return SC_ZERO_TIME;
  switch (core_.params().autosuspend_timer_slack) {
    case AutosuspendTimerSlack::expiry: return SC_ZERO_TIME;
    case AutosuspendTimerSlack::range_end: return slack;
    case AutosuspendTimerSlack::uniform: return duration_of_ps(timer_rng_.uniform_int(0, slack.value()));
  }
  return SC_ZERO_TIME;
}

void RpmDevice::cancel_pending() {
  deactivate_timer();
  request_ = RpmRequest::none;  // a queued work item will find nothing to do
}

void RpmDevice::queue_request(RpmRequest request) {
  request_ = request;
  if (request_pending_) return;
  request_pending_ = true;
  core_.workqueue().queue_work(*this);
}

sc_time RpmDevice::autosuspend_expiration() const {
  if (!use_autosuspend_ || autosuspend_blocked_) return SC_ZERO_TIME;
  const sc_time expires = last_busy_ + autosuspend_delay_;
  return expires > sc_time_stamp() ? expires : SC_ZERO_TIME;
}

// RPM-04, first hit wins.
int RpmDevice::rpm_check_suspend_allowed() const {
  if (runtime_error_) return -EINVAL;
  if (disable_depth_ > 0) return -EACCES;
  if (usage_count_ > 0) return -EAGAIN;
  if (!ignore_children_ && child_count_ > 0) return -EBUSY;
  if ((deferred_resume_ && status_ == RpmStatus::suspending) || (request_pending_ && request_ == RpmRequest::resume))
    return -EAGAIN;
  if (pm_qos_resume_latency_ && *pm_qos_resume_latency_ == SC_ZERO_TIME) return -EPERM;
  if (status_ == RpmStatus::suspended) return 1;
  return 0;
}

// ---------------------------------------------------------------------------
// Callbacks, with supplier handling through device links (__rpm_callback)
// ---------------------------------------------------------------------------

int RpmDevice::rpm_callback_suspend() {
  const bool use_links = links_count_ > 0 && !irq_safe_;
  RpmCallbacks* ops = effective_callbacks();
  const int retval = ops ? ops->runtime_suspend(*this) : 0;
  if (use_links && retval == 0) rpm_put_suppliers(false);
  runtime_error_ = retval;
  return retval != -EACCES ? retval : -EIO;
}

int RpmDevice::rpm_callback_resume() {
  const bool use_links = links_count_ > 0 && !irq_safe_;
  int retval = 0;
  if (use_links) {
    retval = rpm_get_suppliers();
    if (retval) rpm_put_suppliers(true);
  }
  if (retval == 0) {
    RpmCallbacks* ops = effective_callbacks();
    retval = ops ? ops->runtime_resume(*this) : 0;
    if (use_links && retval) rpm_put_suppliers(false);
  }
  runtime_error_ = retval;
  return retval != -EACCES ? retval : -EIO;
}

int RpmDevice::rpm_get_suppliers() {
  for (DeviceLink* link : supplier_links_) {
    if (!link->pm_runtime()) continue;
    const int retval = link->supplier().get_sync();
    if (retval < 0 && retval != -EACCES) {  // a supplier with runtime PM disabled is ignored
      link->supplier().put_noidle();
      return retval;
    }
    ++link->rpm_active_;
  }
  return 0;
}

void RpmDevice::release_supplier(DeviceLink& link) {
  RpmDevice& supplier = link.supplier();
  while (link.rpm_active_ > 1) {  // refcount_dec_not_one()
    --link.rpm_active_;
    if (supplier.usage_count_ <= 0) break;
    supplier.put_noidle();
  }
}

void RpmDevice::rpm_put_suppliers(bool try_to_suspend) {
  for (DeviceLink* link : supplier_links_) {
    if (!link->pm_runtime()) continue;
    release_supplier(*link);
    if (try_to_suspend) link->supplier().request_idle();
  }
}

// Only RPM-linked suppliers get an idle check (be5755f023e7, KT-7.16).
void RpmDevice::idle_suppliers() {
  for (DeviceLink* link : supplier_links_)
    if (link->pm_runtime()) link->supplier().request_idle();
}

void RpmDevice::get_suppliers() {
  for (DeviceLink* link : supplier_links_) {
    if (!link->pm_runtime()) continue;
    link->supplier_preactivated_ = true;
    link->supplier().get_sync();
    ++link->rpm_active_;
  }
}

void RpmDevice::put_suppliers() {
  for (DeviceLink* link : supplier_links_) {
    if (!link->supplier_preactivated_) continue;
    link->supplier_preactivated_ = false;
    // Kept while the consumer is active: it is released when the consumer suspends.
    if (status_suspended() && link->rpm_active_ > 1) {
      --link->rpm_active_;
      link->supplier().put();
    }
  }
}

// ---------------------------------------------------------------------------
// rpm_idle / rpm_suspend / rpm_resume (RPM-05 .. RPM-09)
// ---------------------------------------------------------------------------

int RpmDevice::rpm_idle(unsigned flags) {
  int retval = rpm_check_suspend_allowed();
  if (retval < 0) {
    // conditions are wrong
  } else if (status_ != RpmStatus::active) {
    // A put on an already suspended device reports 1 (d0b8651a0261); idle itself -EAGAIN.
    retval = ((flags & kRpmGetPut) && retval == 1) ? 1 : -EAGAIN;
  } else if (request_pending_ && request_ > RpmRequest::idle) {
    retval = -EAGAIN;
  } else if (idle_notification_) {
    retval = -EINPROGRESS;
  }
  if (retval) return retval;

  request_ = RpmRequest::none;
  RpmCallbacks* ops = effective_callbacks();
  if (!ops || !ops->has_runtime_idle() || no_callbacks_) return rpm_suspend(flags | kRpmAuto);

  if (flags & kRpmAsync) {
    queue_request(RpmRequest::idle);
    return 0;
  }
  idle_notification_ = true;
  retval = ops->runtime_idle(*this);
  idle_notification_ = false;
  wake_up_all();
  return retval ? retval : rpm_suspend(flags | kRpmAuto);
}

int RpmDevice::rpm_suspend(unsigned flags) {
  for (;;) {  // the kernel's `goto repeat`
    int retval = rpm_check_suspend_allowed();
    if (retval < 0) return retval;
    if (status_ == RpmStatus::resuming && !(flags & kRpmAsync)) retval = -EAGAIN;
    if (retval) return retval;

    if ((flags & kRpmAuto) && status_ != RpmStatus::suspending) {
      const sc_time expires = autosuspend_expiration();
      if (expires != SC_ZERO_TIME) {
        request_ = RpmRequest::none;
        // A timer armed at or before the new expiry is left alone; it re-checks when
        // it fires. The kernel compares the soft expiry, whatever the slack.
        if (!(timer_expires_ != SC_ZERO_TIME && timer_expires_ <= expires)) arm_timer(expires, autosuspend_slack());
        timer_autosuspends_ = true;
        return 0;
      }
    }

    cancel_pending();

    if (status_ == RpmStatus::suspending) {
      if (flags & (kRpmAsync | kRpmNowait)) return -EINPROGRESS;
      wait_for_state_change();
      continue;
    }

    if (!no_callbacks_) {
      if (flags & kRpmAsync) {
        queue_request((flags & kRpmAuto) ? RpmRequest::autosuspend : RpmRequest::suspend);
        return 0;
      }
      set_status(RpmStatus::suspending);
      retval = rpm_callback_suspend();
      if (retval) {
        set_status(RpmStatus::active);
        deferred_resume_ = false;
        wake_up_all();
        if (retval == -EAGAIN || retval == -EBUSY) {
          runtime_error_ = 0;
          // AUT-08: last_busy moved while suspending, so autosuspend again later.
          if ((flags & kRpmAuto) && autosuspend_expiration() != SC_ZERO_TIME) continue;
        } else {
          cancel_pending();
        }
        return retval;
      }
    }

    set_status(RpmStatus::suspended);
    ++suspends_;
    deactivate_timer();
    if (parent_ && parent_->child_count_ > 0) --parent_->child_count_;
    wake_up_all();

    if (deferred_resume_) {
      deferred_resume_ = false;
      rpm_resume(0);
      return -EAGAIN;
    }
    if (irq_safe_) return retval;  // IRQ-03: no idle for the parent or suppliers
    if (parent_ && !parent_->ignore_children_) parent_->rpm_idle(kRpmAsync);
    if (links_count_ > 0) idle_suppliers();
    return retval;
  }
}

int RpmDevice::rpm_resume(unsigned flags) {
  RpmDevice* parent = nullptr;  // set once this call holds a reference on the parent
  int retval = 0;
  bool assume_success = false;
  for (;;) {  // the kernel's `goto repeat`
    retval = 0;
    if (runtime_error_) {
      retval = -EINVAL;
    } else if (disable_depth_ > 0) {
      retval = (status_ == RpmStatus::active && last_status_ == RpmStatus::active) ? 1 : -EACCES;
    }
    if (retval) break;

    // Cancel other requests, but leave a running autosuspend timer alone (AUT-04).
    request_ = RpmRequest::none;
    if (!timer_autosuspends_) deactivate_timer();

    if (status_ == RpmStatus::active) {
      retval = 1;
      break;
    }
    if (status_ == RpmStatus::resuming || status_ == RpmStatus::suspending) {
      if (flags & (kRpmAsync | kRpmNowait)) {
        if (status_ == RpmStatus::suspending)
          deferred_resume_ = true;
        else
          retval = -EINPROGRESS;
        break;
      }
      wait_for_state_change();
      continue;
    }

    // RPM-10: a device without callbacks need not wake a parent that is up anyway.
    if (no_callbacks_ && !parent && parent_ &&
        (parent_->disable_depth_ > 0 || parent_->ignore_children_ || parent_->status_ == RpmStatus::active)) {
      ++parent_->child_count_;
      retval = 1;
      assume_success = true;
      break;
    }

    if (flags & kRpmAsync) {
      queue_request(RpmRequest::resume);
      break;
    }

    if (!parent && parent_) {
      parent = parent_;
      if (!irq_safe_) {  // an irq-safe device's parent is permanently resumed (IRQ-01)
        parent->get_noresume();
        if (parent->disable_depth_ == 0 && !parent->ignore_children_) {
          parent->rpm_resume(0);
          if (parent->status_ != RpmStatus::active) retval = -EBUSY;
        }
        if (retval) break;
        continue;
      }
    }

    if (no_callbacks_) {
      assume_success = true;
      break;
    }
    set_status(RpmStatus::resuming);
    retval = rpm_callback_resume();
    if (retval) {
      set_status(RpmStatus::suspended);
      cancel_pending();
    } else {
      set_status(RpmStatus::active);
      ++resumes_;
      mark_last_busy();
      if (parent) ++parent->child_count_;
    }
    wake_up_all();
    if (retval >= 0) rpm_idle(kRpmAsync);
    break;
  }

  if (assume_success) {
    set_status(RpmStatus::active);
    ++resumes_;
    mark_last_busy();
    if (parent) ++parent->child_count_;
    wake_up_all();
    rpm_idle(kRpmAsync);
  }
  if (parent && !irq_safe_) parent->put();
  return retval;
}

// ---------------------------------------------------------------------------
// Entry points (__pm_runtime_idle / __pm_runtime_suspend / __pm_runtime_resume)
// ---------------------------------------------------------------------------

int RpmDevice::drop_usage_count() {
  if (--usage_count_ >= 0) return usage_count_;
  usage_count_ = 0;  // RPM-13: restore and warn
  ++kernel_warnings_;
  return -EINVAL;
}

// __pm_runtime_idle() and __pm_runtime_suspend() differ only in what they call.
int RpmDevice::put_side_entry(unsigned flags, CallContext context, int (RpmDevice::*transition)(unsigned)) {
  if (flags & kRpmGetPut) {
    const int usage = drop_usage_count();
    if (usage < 0) return usage;
    if (usage > 0) return 0;
  }
  might_sleep_if(!(flags & kRpmAsync) && !irq_safe_, context);
  return (this->*transition)(flags);
}

int RpmDevice::pm_runtime_idle_entry(unsigned flags, CallContext context) {
  return put_side_entry(flags, context, &RpmDevice::rpm_idle);
}

int RpmDevice::pm_runtime_suspend_entry(unsigned flags, CallContext context) {
  return put_side_entry(flags, context, &RpmDevice::rpm_suspend);
}

int RpmDevice::pm_runtime_resume_entry(unsigned flags, CallContext context) {
  might_sleep_if(!(flags & kRpmAsync) && !irq_safe_ && status_ != RpmStatus::active, context);
  if (flags & kRpmGetPut) ++usage_count_;
  return rpm_resume(flags);
}

int RpmDevice::get(CallContext c) { return pm_runtime_resume_entry(kRpmGetPut | kRpmAsync, c); }
int RpmDevice::get_sync(CallContext c) { return pm_runtime_resume_entry(kRpmGetPut, c); }
void RpmDevice::get_noresume() { ++usage_count_; }

int RpmDevice::resume_and_get(CallContext c) {
  const int retval = pm_runtime_resume_entry(kRpmGetPut, c);
  if (retval < 0) {
    put_noidle();
    return retval;
  }
  return 0;
}

int RpmDevice::get_if_active() {
  if (disable_depth_ > 0) return -EINVAL;
  if (status_ != RpmStatus::active) return 0;
  ++usage_count_;
  return 1;
}

int RpmDevice::get_if_in_use() {
  if (disable_depth_ > 0) return -EINVAL;
  if (status_ != RpmStatus::active || usage_count_ == 0) return 0;
  ++usage_count_;
  return 1;
}

int RpmDevice::put(CallContext c) { return pm_runtime_idle_entry(kRpmGetPut | kRpmAsync, c); }
int RpmDevice::put_sync(CallContext c) { return pm_runtime_idle_entry(kRpmGetPut, c); }
int RpmDevice::put_sync_suspend(CallContext c) { return pm_runtime_suspend_entry(kRpmGetPut, c); }

int RpmDevice::put_autosuspend(CallContext c) {
  mark_last_busy();
  return pm_runtime_suspend_entry(kRpmGetPut | kRpmAsync | kRpmAuto, c);
}

int RpmDevice::put_sync_autosuspend(CallContext c) {
  mark_last_busy();
  return pm_runtime_suspend_entry(kRpmGetPut | kRpmAuto, c);
}

void RpmDevice::put_noidle() {
  if (usage_count_ > 0) --usage_count_;
}

int RpmDevice::idle(CallContext c) { return pm_runtime_idle_entry(0, c); }
int RpmDevice::suspend(CallContext c) { return pm_runtime_suspend_entry(0, c); }
int RpmDevice::resume(CallContext c) { return pm_runtime_resume_entry(0, c); }

int RpmDevice::autosuspend(CallContext c) {
  mark_last_busy();
  return pm_runtime_suspend_entry(kRpmAuto, c);
}

int RpmDevice::request_idle() { return pm_runtime_idle_entry(kRpmAsync, CallContext::atomic); }
int RpmDevice::request_resume() { return pm_runtime_resume_entry(kRpmAsync, CallContext::atomic); }

int RpmDevice::request_autosuspend() {
  mark_last_busy();
  return pm_runtime_suspend_entry(kRpmAsync | kRpmAuto, CallContext::atomic);
}

int RpmDevice::schedule_suspend(const sc_time& delay) {
  if (delay == SC_ZERO_TIME) return rpm_suspend(kRpmAsync);
  const int retval = rpm_check_suspend_allowed();
  if (retval) return retval;
  cancel_pending();
  timer_autosuspends_ = false;
  arm_timer(sc_time_stamp() + delay, SC_ZERO_TIME);  // hrtimer_start(): no slack
  return 0;
}

// pm_suspend_timer_fn(): fires at timer_fires_at_, acts if the soft expiry has passed.
void RpmDevice::timer_fired() {
  if (timer_expires_ == SC_ZERO_TIME || timer_expires_ > sc_time_stamp()) return;
  if (!timer_cpu_awake_ && wake_timer_cpu()) return;  // the handler runs once the CPU is up
  timer_cpu_awake_ = false;
  timer_expires_ = SC_ZERO_TIME;
  timer_fires_at_ = SC_ZERO_TIME;
  rpm_suspend(timer_autosuspends_ ? (kRpmAsync | kRpmAuto) : kRpmAsync);
}

// With CPUs, the hrtimer interrupt first wakes the timer's CPU and runs its
// handler there: true if that takes time, with the event re-notified for when
// pm_suspend_timer_fn() runs (a cancel before then still stops it, as
// hrtimer_try_to_cancel() would).
bool RpmDevice::wake_timer_cpu() {
  CpuSystem* cpus = core_.cpus();
  if (!cpus || !timer_cpu_) return false;
  const sc_time handler = cpus->params().costs.timer_handler;
  timer_cpu_->cancel_timer(this);
  const sc_time start = timer_cpu_->run(CpuCause::timer, handler) - handler;
  const sc_time now = sc_time_stamp();
  if (start <= now) return false;
  timer_cpu_awake_ = true;
  timer_event_.notify(start - now);
  return true;
}

void RpmDevice::run_work() {
  if (!request_pending_) return;
  const RpmRequest request = request_;
  request_ = RpmRequest::none;
  request_pending_ = false;
  switch (request) {
    case RpmRequest::none: break;
    case RpmRequest::idle: rpm_idle(kRpmNowait); break;
    case RpmRequest::suspend: rpm_suspend(kRpmNowait); break;
    case RpmRequest::autosuspend: rpm_suspend(kRpmNowait | kRpmAuto); break;
    case RpmRequest::resume: rpm_resume(kRpmNowait); break;
  }
}

// ---------------------------------------------------------------------------
// Barrier, enable/disable, status setting (RPM-17 .. RPM-19)
// ---------------------------------------------------------------------------

void RpmDevice::inner_barrier() {
  deactivate_timer();
  if (request_pending_) {
    request_ = RpmRequest::none;
    core_.workqueue().cancel_work_sync(*this);
    request_pending_ = false;
  }
  while (status_ == RpmStatus::suspending || status_ == RpmStatus::resuming || idle_notification_)
    wait_for_state_change();
}

int RpmDevice::barrier() {
  get_noresume();
  int retval = 0;
  if (request_pending_ && request_ == RpmRequest::resume) {
    rpm_resume(0);
    retval = 1;
  }
  inner_barrier();
  put_noidle();
  return retval;
}

void RpmDevice::enable() {
  if (disable_depth_ == 0) {
    ++kernel_warnings_;  // "Unbalanced pm_runtime_enable!"
    return;
  }
  if (--disable_depth_ == 0) {
    accounting_timestamp_ = sc_time_stamp();
    last_status_.reset();
    if (status_ == RpmStatus::suspended && !ignore_children_ && child_count_ > 0)
      ++kernel_warnings_;  // "Enabling runtime PM for inactive device with active children"
  }
}

void RpmDevice::disable() {
  if (disable_depth_ > 0) {
    ++disable_depth_;
    return;
  }
  // A pending resume means there is I/O to process: wake the device first.
  if (request_pending_ && request_ == RpmRequest::resume) {
    get_noresume();
    rpm_resume(0);
    put_noidle();
  }
  update_accounting();
  ++disable_depth_;
  inner_barrier();
  last_status_ = status_;
}

int RpmDevice::set_status_disabled(RpmStatus status) {
  if (runtime_error_ || disable_depth_ > 0)
    ++disable_depth_;  // keep runtime PM off while the status changes
  else
    return -EAGAIN;

  int error = 0;
  if (status == RpmStatus::active) {
    error = rpm_get_suppliers();
    if (error) status = RpmStatus::suspended;
  }

  bool notify_parent = false;
  bool set = true;
  if (status_ != status && parent_) {
    if (status == RpmStatus::suspended) {
      if (parent_->child_count_ > 0) --parent_->child_count_;
      notify_parent = !parent_->ignore_children_;
    } else if (parent_->disable_depth_ == 0 && !parent_->ignore_children_ && parent_->status_ != RpmStatus::active) {
      error = -EBUSY;  // an active child under a suspended, enabled parent
      status = RpmStatus::suspended;
      set = false;
    } else if (status_ == RpmStatus::suspended) {
      ++parent_->child_count_;
    }
  }
  if (set) {
    set_status(status);
    if (!error) runtime_error_ = 0;
  }
  if (notify_parent) parent_->request_idle();
  if (status == RpmStatus::suspended) rpm_put_suppliers(true);
  enable();
  return error;
}

int RpmDevice::set_active() { return set_status_disabled(RpmStatus::active); }
int RpmDevice::set_suspended() { return set_status_disabled(RpmStatus::suspended); }

void RpmDevice::irq_safe() {
  if (parent_) parent_->get_sync();  // IRQ-01: the parent is pinned for good
  irq_safe_ = true;
}

void RpmDevice::no_callbacks() { no_callbacks_ = true; }
void RpmDevice::ignore_children(bool ignore) { ignore_children_ = ignore; }

// AUT-05: a negative delay with use_autosuspend holds a usage reference.
void RpmDevice::update_autosuspend(bool old_use, bool old_blocked) {
  if (use_autosuspend_ && autosuspend_blocked_) {
    if (!old_use || !old_blocked) {
      ++usage_count_;
      rpm_resume(0);
    }
    return;
  }
  if (old_use && old_blocked) --usage_count_;
  rpm_idle(kRpmAuto);
}

void RpmDevice::use_autosuspend(bool use) {
  const bool old_use = use_autosuspend_;
  const bool old_blocked = autosuspend_blocked_;
  use_autosuspend_ = use;
  update_autosuspend(old_use, old_blocked);
}

void RpmDevice::set_autosuspend_delay(int milliseconds) {
  if (milliseconds < 0)
    set_autosuspend_delay(SC_ZERO_TIME, true);
  else
    set_autosuspend_delay(sc_time(milliseconds, sc_core::SC_MS), false);
}

void RpmDevice::set_autosuspend_delay(const sc_time& delay, bool blocked) {
  const bool old_use = use_autosuspend_;
  const bool old_blocked = autosuspend_blocked_;
  autosuspend_delay_ = delay;
  autosuspend_blocked_ = blocked;
  update_autosuspend(old_use, old_blocked);
}

void RpmDevice::forbid() {
  if (!runtime_auto_) return;
  runtime_auto_ = false;
  ++usage_count_;
  rpm_resume(0);
}

void RpmDevice::allow() {
  if (runtime_auto_) return;
  runtime_auto_ = true;
  if (--usage_count_ == 0) rpm_idle(kRpmAuto | kRpmAsync);
}

// ---------------------------------------------------------------------------
// System sleep helpers (SYS-04)
// ---------------------------------------------------------------------------

int RpmDevice::force_suspend() {
  disable();
  if (status_suspended()) return 0;
  RpmCallbacks* ops = effective_callbacks();
  const int retval = ops ? ops->runtime_suspend(*this) : 0;
  if (retval) {
    enable();
    return retval;
  }
  const bool need_not_resume = usage_count_ <= 1 && (child_count_ == 0 || ignore_children_);
  if (need_not_resume) {
    set_suspended();
  } else {
    set_status(RpmStatus::suspended);
    needs_force_resume_ = true;
  }
  ++suspends_;
  return 0;
}

int RpmDevice::force_resume() {
  int retval = 0;
  if (status_suspended() && needs_force_resume_) {
    set_status(RpmStatus::active);
    RpmCallbacks* ops = effective_callbacks();
    retval = ops ? ops->runtime_resume(*this) : 0;
    if (retval)
      set_suspended();
    else {
      ++resumes_;
      mark_last_busy();
    }
  }
  needs_force_resume_ = false;
  enable();
  return retval;
}

}  // namespace wakesim
