#include "wakesim/power/power_domain.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

// PM_QOS_RESUME_LATENCY_NO_CONSTRAINT_NS: "no restriction".
constexpr std::int64_t kNoConstraint = std::numeric_limits<std::int64_t>::max();

std::int64_t to_ps(const sc_time& time) { return static_cast<std::int64_t>(time.value()); }
std::int64_t now_ps() { return to_ps(sc_core::sc_time_stamp()); }
sc_time from_ps(std::int64_t ps) { return sc_time::from_value(static_cast<sc_dt::uint64>(ps)); }

bool in_thread() {
  const sc_core::sc_process_handle current = sc_core::sc_get_current_process_handle();
  return current.valid() && current.proc_kind() == sc_core::SC_THREAD_PROC_;
}

void require_thread(const char* what) {
  if (!in_thread()) SC_REPORT_ERROR("wakesim/genpd", what);
}

bool valid_quantity(double value) { return std::isfinite(value) && value >= 0.0; }

}  // namespace

// ---------------------------------------------------------------------------
// Construction (pm_genpd_init)
// ---------------------------------------------------------------------------

PowerDomainParams PowerDomain::validated(const std::string& name, PowerDomainParams params) {
  const std::string where = "PM domain " + name + ": ";
  if (params.states.empty()) {
    PowerDomainIdleState state;
    state.name = "off";
    params.states.push_back(state);
  }
  for (std::size_t i = 0; i < params.states.size(); ++i) {
    const PowerDomainIdleState& state = params.states[i];
    if (state.name.empty()) throw std::invalid_argument(where + "an idle state has no name");
    if (state.name == "on") throw std::invalid_argument(where + "\"on\" is reserved and cannot name an idle state");
    for (std::size_t j = 0; j < i; ++j)
      if (params.states[j].name == state.name)
        throw std::invalid_argument(where + "idle state " + state.name + " is listed twice");
    if (!valid_quantity(state.off_power.watts) || !valid_quantity(state.power_off_energy.joules) ||
        !valid_quantity(state.power_on_energy.joules))
      throw std::invalid_argument(where + "power and energies of idle state " + state.name +
                                  " must be finite and non-negative");
  }
  if (!valid_quantity(params.on_power.watts))
    throw std::invalid_argument(where + "on power must be finite and non-negative");
  // The always-on governor works better with the corresponding flag.
  if (params.governor == PowerDomainGovernor::always_on) params.rpm_always_on = true;
  if ((params.always_on || params.rpm_always_on) && !params.initially_on)
    throw std::invalid_argument(where + "an always-on PM domain must be on at initialization");
  return params;
}

std::vector<PowerStateResidency::State> PowerDomain::residency_states(const PowerDomainParams& params) {
  std::vector<PowerStateResidency::State> states;
  states.reserve(params.states.size() + 1);
  states.push_back({"on", params.on_power});
  for (const PowerDomainIdleState& state : params.states) states.push_back({state.name, state.off_power});
  return states;
}

PowerDomain::PowerDomain(const sc_core::sc_module_name& name, PmCore& core, const PowerDomainParams& params,
                         EnergyLedger* ledger)
    : sc_core::sc_module(name),
      params_(validated(this->name(), params)),
      own_ledger_(ledger ? nullptr : std::make_unique<EnergyLedger>()),
      ledger_(ledger ? *ledger : *own_ledger_),
      residency_(ledger_, this->name(), residency_states(params_), params_.initially_on ? 0 : 1,
                 static_cast<std::uint64_t>(now_ps())),
      stats_(params_.states.size()),
      workqueue_(core.workqueue()),
      on_(params_.initially_on) {
  for (std::size_t i = 0; i < params_.states.size(); ++i) {
    const PowerDomainIdleState& state = params_.states[i];
    stats_[i].power_off_account =
        ledger_.register_transition(this->name(), "transition:power_off:" + state.name, state.power_off_energy);
    stats_[i].power_on_account =
        ledger_.register_transition(this->name(), "transition:power_on:" + state.name, state.power_on_energy);
  }
  // "Multiple states but no governor doesn't make sense."
  if (params_.governor == PowerDomainGovernor::none && params_.states.size() > 1) ++kernel_warnings_;
  SC_HAS_PROCESS(PowerDomain);
  SC_THREAD(power_off_worker);
}

// ---------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------

PowerDomain::Member* PowerDomain::find(const RpmDevice& device) {
  for (Member& member : members_)
    if (member.device == &device) return &member;
  return nullptr;
}

const PowerDomain::Member* PowerDomain::find(const RpmDevice& device) const {
  for (const Member& member : members_)
    if (member.device == &device) return &member;
  return nullptr;
}

int PowerDomain::attach(RpmDevice& device, std::optional<sc_time> resume_latency) {
  if (device.pm_domain_callbacks() != nullptr) return -EINVAL;  // domain_data already set
  Member member{};
  member.device = &device;
  if (resume_latency) device.set_pm_qos_resume_latency(resume_latency);
  member.effective_constraint_ps = kNoConstraint;
  members_.push_back(member);
  device.set_pm_domain_callbacks(this);
  device.set_powered(on_);
  return 0;
}

int PowerDomain::detach(RpmDevice& device) {
  const Member* member = find(device);
  if (!member) return -EINVAL;
  if (prepared_count_ > 0) return -EAGAIN;
  members_.erase(members_.begin() + (member - members_.data()));
  device.set_pm_domain_callbacks(nullptr);
  device.set_powered(true);
  return 0;
}

int PowerDomain::set_resume_latency(RpmDevice& device, std::optional<sc_time> resume_latency) {
  Member* member = find(device);
  if (!member) return -EINVAL;
  member->device->set_pm_qos_resume_latency(resume_latency);
  return 0;
}

int PowerDomain::set_next_wakeup(RpmDevice& device, std::optional<sc_time> at) {
  Member* member = find(device);
  if (!member) return -EINVAL;
  member->next_wakeup_ps = at ? to_ps(*at) : -1;
  return 0;
}

PowerDomain* PowerDomain::of(const RpmDevice& device) {
  return dynamic_cast<PowerDomain*>(device.pm_domain_callbacks());
}

sc_time PowerDomain::device_suspend_latency(const RpmDevice& device) const {
  const Member* member = find(device);
  return member ? from_ps(member->suspend_latency_ps) : SC_ZERO_TIME;
}

sc_time PowerDomain::device_resume_latency(const RpmDevice& device) const {
  const Member* member = find(device);
  return member ? from_ps(member->resume_latency_ps) : SC_ZERO_TIME;
}

// IRQ-04: an irq-safe device in a domain whose callbacks may sleep.
bool PowerDomain::irq_safe_dev_in_sleep_domain(Member& member) {
  const bool ret = member.device->is_irq_safe() && !params_.irq_safe;
  if (params_.always_on || params_.rpm_always_on) return ret;  // no warning: it stays on anyway
  if (ret && !member.irq_safe_warned) {
    member.irq_safe_warned = true;  // "PM domain %s will not be powered off"
    ++irq_safe_warnings_;
  }
  return ret;
}

bool PowerDomain::pinned_by_irq_safe_device() const {
  if (params_.irq_safe) return false;
  return std::any_of(members_.begin(), members_.end(),
                     [](const Member& member) { return member.device->is_irq_safe(); });
}

// ---------------------------------------------------------------------------
// Subdomains
// ---------------------------------------------------------------------------

bool PowerDomain::has_ancestor(const PowerDomain& domain) const {
  for (const PowerDomain* parent : parents_)
    if (parent == &domain || parent->has_ancestor(domain)) return true;
  return false;
}

int PowerDomain::add_subdomain(PowerDomain& child) {
  if (&child == this) return -EINVAL;
  if (!params_.irq_safe && child.params_.irq_safe) {
    ++kernel_warnings_;  // "Parent %s of subdomain %s must be IRQ safe"
    return -EINVAL;
  }
  if (has_ancestor(child)) return -EINVAL;  // a cycle: not checked by the kernel

  child.lock();
  lock();
  int ret = 0;
  if (!on_ && child.on_) {
    ret = -EINVAL;
  } else if (std::find(subdomains_.begin(), subdomains_.end(), &child) != subdomains_.end()) {
    ret = -EINVAL;
  } else {
    subdomains_.push_back(&child);
    child.parents_.push_back(this);
    if (child.on_) sd_counter_inc();
  }
  unlock();
  child.unlock();
  return ret;
}

int PowerDomain::remove_subdomain(PowerDomain& child) {
  child.lock();
  lock();
  int ret = -EINVAL;
  if (!child.subdomains_.empty() || !child.members_.empty()) {
    ret = -EBUSY;
  } else {
    const auto it = std::find(subdomains_.begin(), subdomains_.end(), &child);
    if (it != subdomains_.end()) {
      subdomains_.erase(it);
      child.parents_.erase(std::find(child.parents_.begin(), child.parents_.end(), this));
      if (child.on_) sd_counter_dec();
      ret = 0;
    }
  }
  unlock();
  child.unlock();
  return ret;
}

void PowerDomain::sd_counter_dec() {
  if (sd_count_ == 0) {
    ++kernel_warnings_;  // WARN_ON(atomic_read(&genpd->sd_count) == 0)
    return;
  }
  --sd_count_;
}

// ---------------------------------------------------------------------------
// Lock and time
// ---------------------------------------------------------------------------

void PowerDomain::lock() {
  while (locked_) {
    require_thread("a PM domain lock is contended outside a SystemC thread");
    ++lock_waiters_;
    sc_core::wait(unlocked_);
    --lock_waiters_;
  }
  locked_ = true;
}

void PowerDomain::unlock() {
  locked_ = false;
  if (lock_waiters_ > 0) unlocked_.notify(SC_ZERO_TIME);
}

// The backend's power switching: a sleeping poll, or a busy-wait with interrupts
// off in an irq-safe domain (docs/cpu.md).
void PowerDomain::sleep(const sc_time& duration) const {
  if (duration == SC_ZERO_TIME) return;
  require_thread("a PM domain power transition takes time outside a SystemC thread");
  if (params_.irq_safe)
    run_code(workqueue_.cpus(), CpuCause::atomic_spin, duration);
  else
    sleep_code(workqueue_.cpus(), CpuCause::genpd, duration);
}

// ---------------------------------------------------------------------------
// Power off / on (GPD-04, GPD-05)
// ---------------------------------------------------------------------------

void PowerDomain::set_status(bool on) {
  on_ = on;
  const std::size_t state = on ? 0 : state_idx_ + 1;
  if (trace_) trace_->state(trace_track_, state, sc_core::sc_time_stamp().value());
  residency_.enter(state, sc_core::sc_time_stamp());
  for (Member& member : members_) member.device->set_powered(on);
}

int PowerDomain::backend_power_off() {
  sleep(params_.states[state_idx_].power_off_latency);
  if (!power_off_faults_.empty()) {
    const int error = power_off_faults_.front();
    power_off_faults_.pop_front();
    return error;
  }
  stats_[state_idx_].power_off_account.count();
  ++power_off_count_;
  return 0;
}

int PowerDomain::backend_power_on() {
  sleep(params_.states[state_idx_].power_on_latency);
  if (!power_on_faults_.empty()) {
    const int error = power_on_faults_.front();
    power_on_faults_.pop_front();
    return error;
  }
  stats_[state_idx_].power_on_account.count();
  ++power_on_count_;
  return 0;
}

// Called with the lock held.
int PowerDomain::genpd_power_off(bool one_dev_on) {
  // Already off, or system suspend in progress: nothing to do.
  if (!on_ || prepared_count_ > 0) return 0;
  if (params_.always_on || params_.rpm_always_on || sd_count_ > 0) return -EBUSY;
  // The children must be in their deepest (powered-off) state.
  for (const PowerDomain* child : subdomains_)
    if (child->state_idx_ + 1 < child->state_count()) return -EBUSY;

  unsigned not_suspended = 0;
  for (Member& member : members_)
    if (!member.device->suspended() || irq_safe_dev_in_sleep_domain(member)) ++not_suspended;
  if (not_suspended > 1 || (not_suspended == 1 && !one_dev_on)) return -EBUSY;

  if (params_.governor == PowerDomainGovernor::simple_qos && !default_power_down_ok()) return -EAGAIN;
  if (params_.governor == PowerDomainGovernor::none) state_idx_ = 0;  // the shallowest state
  if (sd_count_ > 0) return -EBUSY;                                   // a child is waiting to power on

  const int ret = backend_power_off();
  if (ret) {
    ++stats_[state_idx_].rejected;
    return ret;
  }
  set_status(false);
  ++stats_[state_idx_].usage;

  for (PowerDomain* parent : parents_) {
    parent->sd_counter_dec();
    parent->lock();
    parent->genpd_power_off(false);
    parent->unlock();
  }
  return 0;
}

// Called with the lock held.
int PowerDomain::genpd_power_on() {
  if (on_) return 0;
  int ret = 0;
  std::size_t powered = 0;  // parents powered on by this call
  for (; powered < parents_.size(); ++powered) {
    PowerDomain* parent = parents_[powered];
    parent->sd_counter_inc();
    parent->lock();
    ret = parent->genpd_power_on();
    parent->unlock();
    if (ret) {
      parent->sd_counter_dec();
      break;
    }
  }
  if (ret == 0) {
    ret = backend_power_on();
    if (ret == 0) {
      set_status(true);
      return 0;
    }
  }
  while (powered-- > 0) {  // undo the parents, last first
    PowerDomain* parent = parents_[powered];
    parent->sd_counter_dec();
    parent->lock();
    parent->genpd_power_off(false);
    parent->unlock();
  }
  return ret;
}

int PowerDomain::try_power_off() {
  lock();
  const int ret = genpd_power_off(false);
  unlock();
  return ret;
}

void PowerDomain::queue_power_off_work() {
  if (work_pending_) return;
  work_pending_ = true;
  work_ready_at_ = workqueue_.dispatch_ready_at(CpuCause::genpd);
  work_queued_.notify(SC_ZERO_TIME);
}

void PowerDomain::power_off_worker() {
  if (CpuSystem* cpus = workqueue_.cpus()) cpus->bind_current(cpus->pm_wq_cpu());
  for (;;) {
    while (!work_pending_) sc_core::wait(work_queued_);
    const sc_time now = sc_core::sc_time_stamp();
    if (work_ready_at_ > now) {
      sc_core::wait(work_ready_at_ - now);
      continue;
    }
    work_pending_ = false;  // a queue_work() from now on queues it again
    try_power_off();
  }
}

// ---------------------------------------------------------------------------
// Runtime PM callbacks (GPD-03, GPD-05)
// ---------------------------------------------------------------------------

int PowerDomain::runtime_suspend(RpmDevice& device) {
  Member* member = find(device);
  if (!member) return -EINVAL;
  // With runtime PM disabled the callbacks serve another purpose (force_suspend):
  // no QoS check and no measurement.
  const bool runtime_pm = device.enabled();
  if (runtime_pm && has_governor() && !default_suspend_ok(*member)) return -EBUSY;

  const std::int64_t start = now_ps();
  RpmCallbacks* driver = device.driver_callbacks();
  const int ret = driver ? driver->runtime_suspend(device) : 0;
  if (ret) return ret;
  if (runtime_pm && has_governor()) {
    const std::int64_t elapsed = now_ps() - start;
    // A longer suspend shrinks the effective constraint at the next suspend_ok.
    if (elapsed > member->suspend_latency_ps) member->suspend_latency_ps = elapsed;
  }

  // An irq-safe device may run this with IRQs off: no power-off for a sleeping domain.
  if (irq_safe_dev_in_sleep_domain(*member)) return 0;

  lock();
  genpd_power_off(true);
  unlock();
  return 0;
}

int PowerDomain::runtime_resume(RpmDevice& device) {
  Member* member = find(device);
  if (!member) return -EINVAL;
  const bool timed = has_governor() && device.enabled();

  // A non-irq-safe domain holding an irq-safe device is never powered off, so it
  // need not be powered on.
  if (!irq_safe_dev_in_sleep_domain(*member)) {
    lock();
    const int ret = genpd_power_on();
    unlock();
    if (ret) return ret;
  }

  const std::int64_t start = now_ps();
  RpmCallbacks* driver = device.driver_callbacks();
  const int ret = driver ? driver->runtime_resume(device) : 0;
  if (ret) {
    if (!device.is_irq_safe() || params_.irq_safe) {
      lock();
      genpd_power_off(true);
      unlock();
    }
    return ret;
  }
  if (timed) {
    const std::int64_t elapsed = now_ps() - start;
    if (elapsed > member->resume_latency_ps) member->resume_latency_ps = elapsed;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Governor (GPD-08): default_suspend_ok / default_power_down_ok
// ---------------------------------------------------------------------------
// The kernel caches both results and recomputes them when an input changes
// (constraint_changed, max_off_time_changed); this model recomputes every time,
// which gives the same answers.

bool PowerDomain::default_suspend_ok(Member& member) {
  member.effective_constraint_ps = 0;
  const std::optional<sc_time>& qos = member.device->pm_qos_resume_latency();
  if (!qos) {  // "no restriction"
    member.effective_constraint_ps = kNoConstraint;
    return true;
  }
  if (*qos == SC_ZERO_TIME) return false;
  const std::int64_t constraint = to_ps(*qos) - (member.suspend_latency_ps + member.resume_latency_ps);
  if (constraint <= 0) return false;
  member.effective_constraint_ps = constraint;
  return true;
}

void PowerDomain::update_domain_next_wakeup(std::int64_t now) {
  if (!params_.min_residency) return;
  std::int64_t wakeup = -1;
  auto consider = [&](std::int64_t next) {
    if (next >= 0 && next >= now && (wakeup < 0 || next < wakeup)) wakeup = next;  // stale: ignored
  };
  for (const Member& member : members_) consider(member.next_wakeup_ps);
  for (const PowerDomain* child : subdomains_) consider(child->next_wakeup_ps_);
  next_wakeup_ps_ = wakeup;
}

bool PowerDomain::state_power_down_ok(std::size_t state) {
  const PowerDomainIdleState& s = params_.states[state];
  const std::int64_t off_on = to_ps(s.power_off_latency) + to_ps(s.power_on_latency);
  std::int64_t min_off_time = -1;

  // Subdomains (all off by now) must tolerate this domain's off+on time.
  for (const PowerDomain* child : subdomains_) {
    const std::int64_t sd_max_off = child->max_off_time_ps_;
    if (sd_max_off < 0) continue;
    if (sd_max_off <= off_on) return false;
    if (min_off_time < 0 || min_off_time > sd_max_off) min_off_time = sd_max_off;
  }
  // So must the devices.
  for (const Member& member : members_) {
    const std::int64_t constraint = member.effective_constraint_ps;
    if (constraint == kNoConstraint) continue;
    if (constraint <= off_on) return false;
    if (min_off_time < 0 || min_off_time > constraint) min_off_time = constraint;
  }
  if (min_off_time < 0) return true;  // no constraints at all
  max_off_time_ps_ = min_off_time - to_ps(s.power_on_latency);
  return true;
}

bool PowerDomain::default_power_down_ok() {
  const std::int64_t now = now_ps();
  std::size_t state = params_.states.size() - 1;

  update_domain_next_wakeup(now);
  if (params_.min_residency && next_wakeup_ps_ >= 0) {
    // The deepest state whose entry latency plus residency fits before the wakeup.
    const std::int64_t idle = next_wakeup_ps_ - now;
    bool found = false;
    for (std::size_t s = params_.states.size(); s-- > 0;) {
      const PowerDomainIdleState& st = params_.states[s];
      if (idle >= to_ps(st.power_off_latency) + to_ps(st.residency)) {
        state = s;
        found = true;
        break;
      }
    }
    if (!found) {
      state_idx_ = 0;
      return false;
    }
  }

  max_off_time_ps_ = -1;
  bool ok = true;
  while (!state_power_down_ok(state)) {
    if (state == 0) {
      ok = false;
      break;
    }
    --state;
  }
  state_idx_ = state;
  return ok;
}

std::optional<sc_time> PowerDomain::max_off_time() const {
  if (max_off_time_ps_ < 0) return std::nullopt;
  return from_ps(max_off_time_ps_);
}

// ---------------------------------------------------------------------------
// System sleep (GPD-09)
// ---------------------------------------------------------------------------

// Called with the lock held.
void PowerDomain::sync_power_off() {
  if (!on_ || params_.always_on) return;
  if (suspended_count_ != members_.size() || sd_count_ > 0) return;
  for (const PowerDomain* child : subdomains_)
    if (child->state_idx_ + 1 < child->state_count()) return;

  state_idx_ = params_.states.size() - 1;  // the deepest state when suspending
  if (backend_power_off()) {
    ++stats_[state_idx_].rejected;
    return;
  }
  ++stats_[state_idx_].usage;
  set_status(false);

  for (PowerDomain* parent : parents_) {
    parent->sd_counter_dec();
    parent->lock();
    parent->sync_power_off();
    parent->unlock();
  }
}

// Called with the lock held.
void PowerDomain::sync_power_on() {
  if (on_) return;
  for (PowerDomain* parent : parents_) {
    parent->sd_counter_inc();
    parent->lock();
    parent->sync_power_on();
    parent->unlock();
  }
  backend_power_on();  // the kernel ignores a failure here and marks the domain on
  set_status(true);
}

int PowerDomain::prepare(RpmDevice& device) {
  if (!find(device)) return -EINVAL;
  ++prepared_count_;
  return 0;  // never 1: genpd does not cope with direct_complete
}

void PowerDomain::complete(RpmDevice& device) {
  if (!find(device)) return;
  if (prepared_count_ == 0) {
    ++kernel_warnings_;
    return;
  }
  if (--prepared_count_ == 0) queue_power_off_work();
}

int PowerDomain::suspend_noirq(RpmDevice& device) {
  if (!find(device)) return -EINVAL;
  lock();
  ++suspended_count_;
  sync_power_off();
  unlock();
  return 0;
}

int PowerDomain::resume_noirq(RpmDevice& device) {
  if (!find(device)) return -EINVAL;
  lock();
  sync_power_on();
  if (suspended_count_ > 0) --suspended_count_;
  unlock();
  return 0;
}

// ---------------------------------------------------------------------------
// Accounting
// ---------------------------------------------------------------------------

void PowerDomain::attach_trace(TraceSink* sink, const std::string& track_name) {
  trace_ = sink;
  const std::uint64_t now = sc_core::sc_time_stamp().value();
  if (sink) {
    std::vector<std::string> states;
    for (std::size_t i = 0; i < residency_.state_count(); ++i) states.push_back(residency_.state_name(i));
    trace_track_ = sink->add_state_track(TraceSink::Group::power_domain, track_name, std::move(states),
                                         residency_.current_state(), now);
  }
  residency_.trace_power(sink, TraceSink::Group::power_domain, track_name, now);
}

void PowerDomain::update_accounting() { residency_.close(sc_core::sc_time_stamp()); }

void PowerDomain::reset_stats() {
  residency_.reset_stats(sc_core::sc_time_stamp().value());
  for (StateStats& state : stats_) state.usage = state.rejected = 0;
  power_on_count_ = power_off_count_ = 0;
}

sc_time PowerDomain::residency_time(std::size_t residency_state) const {
  std::uint64_t ps = residency_.residency_ps(residency_state);
  if (residency_state == residency_.current_state()) {
    const std::uint64_t now = static_cast<std::uint64_t>(now_ps());
    ps += now - residency_.accounted_until_ps();
  }
  return sc_time::from_value(ps);
}

}  // namespace wakesim
