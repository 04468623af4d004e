#include "wakesim/cpu/cpu.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "wakesim/core/sim_time.h"
#include "wakesim/cpu/cpu_cluster.h"
#include "wakesim/cpu/cpuidle_governor.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

const CpuParams& validated(const std::string& name, const CpuParams& params) {
  if (params.idle_states.empty())
    throw std::invalid_argument("CPU " + name + ": at least one idle state (WFI) is needed");
  const auto bad = [](Power p) { return !std::isfinite(p.watts) || p.watts < 0; };
  if (bad(params.active_power)) throw std::invalid_argument("CPU " + name + ": bad active power");
  if (params.transition_power && bad(*params.transition_power))
    throw std::invalid_argument("CPU " + name + ": bad transition power");
  for (const CpuIdleState& state : params.idle_states)
    if (bad(state.power)) throw std::invalid_argument("CPU " + name + ": bad power of " + state.name);
  return params;
}

}  // namespace

Cpu::Cpu(const sc_core::sc_module_name& name, const CpuParams& params, EnergyLedger* ledger)
    : sc_core::sc_module(name),
      params_(validated(this->name(), params)),
      transition_power_(params_.transition_power.value_or(params_.idle_states.front().power)) {
  stats_.residency.assign(params_.idle_states.size(), SC_ZERO_TIME);
  stats_.entries.assign(params_.idle_states.size(), 0);
  if (ledger) {
    accounts_bound_ = true;
    for (CpuCause cause : kCpuCauses) {
      busy_accounts_[index_of(cause)] = ledger->register_joule_account(this->name(), EnergyCategory::dynamic,
                                                                       std::string("busy:") + to_string(cause));
      wake_accounts_[index_of(cause)] =
          ledger->register_transition(this->name(), std::string("wake:") + to_string(cause));
    }
    for (const CpuIdleState& state : params_.idle_states)
      state_accounts_.push_back(ledger->register_static(this->name(), "state:" + state.name));
    entry_account_ = ledger->register_transition(this->name(), "idle_entry");
  }
  SC_HAS_PROCESS(Cpu);
  SC_METHOD(enter_idle);
  sensitive << idle_due_;
  dont_initialize();
  idle_due_.notify(SC_ZERO_TIME);  // idle from the start, once time-0 timers are armed
}

void Cpu::add_joules(EnergyLedger::JouleAccount& account, const sc_time& duration, Power power) {
  if (accounts_bound_ && duration != SC_ZERO_TIME) account.add_joules(duration.to_seconds() * power.watts);
}

sc_time Cpu::run(CpuCause cause, const sc_time& duration) {
  const sc_time now = sim_now();
  open_.erase(std::remove_if(open_.begin(), open_.end(), [&](const Reservation& r) { return r.end <= now; }),
              open_.end());
  if (idle_ && idle_since_ == now) cancel_idle_entry(now);
  sc_time start = now;
  if (idle_)
    start = now + wake(cause, now);
  else if (busy_until_ > now)
    start = busy_until_;
  const sc_time end = start + duration;
  if (duration != SC_ZERO_TIME) {
    book_busy(cause, duration);
    open_.push_back({cause, start, end, end});
  }
  busy_until_ = std::max(busy_until_, end);
  idle_due_.cancel();
  idle_due_.notify(busy_until_ - now);
  return end;
}

void Cpu::book_busy(CpuCause cause, const sc_time& duration, double sign) {
  if (sign > 0)
    stats_.busy[index_of(cause)] += duration;
  else
    stats_.busy[index_of(cause)] -= duration;
  if (accounts_bound_)
    busy_accounts_[index_of(cause)].add_joules(sign * duration.to_seconds() * params_.active_power.watts);
}

void Cpu::enter_idle() {
  const sc_time now = sim_now();
  if (idle_ || busy_until_ > now) return;
  const std::optional<sc_time> timer = next_timer(now);
  std::optional<sc_time> predicted;
  if (timer) predicted = *timer - now;
  state_ = select_idle_state(params_.idle_states, predicted, params_.latency_limit);
  idle_ = true;
  idle_since_ = idle_booked_until_ = now;
  ++stats_.entries[state_];
  if (cluster_) cluster_->cpu_went_idle(*this, now);
}

// Work arrived at the instant the CPU went idle: it never left the running state.
void Cpu::cancel_idle_entry(const sc_time& now) {
  idle_ = false;
  if (stats_.entries[state_] > 0) --stats_.entries[state_];  // 0 if entered before a reset
  if (cluster_) cluster_->cpu_stayed_running(*this, now);
}

// Books [idle_booked_until_, until): the entry part at the active power, the rest
// at the state's power; all of it is residency in the state.
void Cpu::book_idle(const sc_time& until) {
  if (until <= idle_booked_until_) return;
  const CpuIdleState& state = params_.idle_states[state_];
  const sc_time entry_end = idle_since_ + state.entry_latency;
  const sc_time from = idle_booked_until_;
  const sc_time entering = std::min(until, std::max(entry_end, from)) - from;
  add_joules(entry_account_, entering, transition_power_);
  if (accounts_bound_) add_joules(state_accounts_[state_], (until - from) - entering, state.power);
  stats_.residency[state_] += until - from;
  idle_booked_until_ = until;
}

// Leaves the idle state for work of `cause`: the delay until the work may start.
sc_time Cpu::wake(CpuCause cause, const sc_time& now) {
  book_idle(now);
  const CpuIdleState& state = params_.idle_states[state_];
  const sc_time entry_end = idle_since_ + state.entry_latency;
  const sc_time entry_left = entry_end > now ? entry_end - now : SC_ZERO_TIME;
  const sc_time cluster_exit = cluster_ ? cluster_->cpu_waking(*this, now) : SC_ZERO_TIME;
  const sc_time delay = entry_left + cluster_exit + state.exit_latency;
  if (accounts_bound_) add_joules(wake_accounts_[index_of(cause)], delay, transition_power_);
  stats_.waking += delay;
  ++stats_.wakeups[index_of(cause)];
  idle_ = false;
  return delay;
}

void Cpu::constrain_latency(const sc_time& limit) {
  if (!params_.latency_limit || limit < *params_.latency_limit) params_.latency_limit = limit;
}

void Cpu::arm_timer(const void* owner, const sc_time& expiry) {
  // Armed at the instant the CPU went idle: the code arming it was still running,
  // so the governor decides again, knowing the timer.
  if (idle_ && idle_since_ == sim_now()) {
    cancel_idle_entry(sim_now());
    idle_due_.notify(SC_ZERO_TIME);
  }
  for (Timer& timer : timers_)
    if (timer.owner == owner) {
      timer.expiry = expiry;
      return;
    }
  timers_.push_back({owner, expiry});
}

void Cpu::cancel_timer(const void* owner) {
  timers_.erase(std::remove_if(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.owner == owner; }),
                timers_.end());
}

std::optional<sc_time> Cpu::next_timer(const sc_time& now) const {
  std::optional<sc_time> next;
  for (const Timer& timer : timers_)
    if (timer.expiry >= now && (!next || timer.expiry < *next)) next = timer.expiry;
  return next;
}

void Cpu::reset_stats() {
  stats_ = CpuStats{};
  stats_.residency.assign(params_.idle_states.size(), SC_ZERO_TIME);
  stats_.entries.assign(params_.idle_states.size(), 0);
  for (Reservation& r : open_) {
    if (r.ends_at <= r.end) continue;
    book_busy(r.cause, r.ends_at - r.end);
    r.end = r.ends_at;
  }
}

// Work reserved past now is taken back from the busy time and energy: a run ends
// with what was done by its end.
void Cpu::close_accounting() {
  const sc_time now = sim_now();
  if (idle_) book_idle(now);
  for (Reservation& r : open_) {
    if (r.end <= now) continue;
    const sc_time from = std::max(r.start, now);
    book_busy(r.cause, r.end - from, -1.0);
    r.end = from;
  }
  if (cluster_) cluster_->close_accounting(now);
}

}  // namespace wakesim
