#include "wakesim/cpu/cpu_cluster.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "wakesim/cpu/cpu.h"
#include "wakesim/cpu/cpuidle_governor.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

const CpuClusterParams& validated(const std::string& name, const CpuClusterParams& params) {
  const auto bad = [](Power p) { return !std::isfinite(p.watts) || p.watts < 0; };
  if (bad(params.on_power)) throw std::invalid_argument("CPU cluster " + name + ": bad on power");
  for (const CpuIdleState& state : params.idle_states)
    if (bad(state.power)) throw std::invalid_argument("CPU cluster " + name + ": bad power of " + state.name);
  return params;
}

}  // namespace

CpuCluster::CpuCluster(const sc_core::sc_module_name& name, const CpuClusterParams& params, EnergyLedger* ledger)
    : sc_core::sc_module(name), params_(validated(this->name(), params)) {
  residency_.assign(params_.idle_states.size(), SC_ZERO_TIME);
  entries_.assign(params_.idle_states.size(), 0);
  if (!ledger) return;
  accounts_bound_ = true;
  on_account_ = ledger->register_static(this->name(), "state:on");
  for (const CpuIdleState& state : params_.idle_states)
    state_accounts_.push_back(ledger->register_static(this->name(), "state:" + state.name));
  entry_account_ = ledger->register_transition(this->name(), "idle_entry");
}

void CpuCluster::add(Cpu& cpu) {
  cpus_.push_back(&cpu);
  cpu.cluster_ = this;
}

void CpuCluster::add_joules(EnergyLedger::JouleAccount& account, const sc_time& duration, Power power) {
  if (accounts_bound_ && duration != SC_ZERO_TIME) account.add_joules(duration.to_seconds() * power.watts);
}

// The last CPU to go idle picks the cluster's state, with every CPU in its deepest
// state; the prediction is the earliest timer of any CPU of the cluster.
void CpuCluster::cpu_went_idle(const Cpu&, const sc_time& now) {
  if (params_.idle_states.empty() || state_) return;
  std::optional<sc_time> next;
  std::optional<sc_time> limit;
  sc_time cpu_exit = SC_ZERO_TIME;
  for (const Cpu* cpu : cpus_) {
    if (!cpu->idle() || cpu->idle_state() + 1 != cpu->params().idle_states.size()) return;
    if (const auto timer = cpu->next_timer(now); timer && (!next || *timer < *next)) next = timer;
    if (const auto& l = cpu->params().latency_limit; l && (!limit || *l < *limit)) limit = l;
    const CpuIdleState& deepest = cpu->params().idle_states.back();
    cpu_exit = std::max(cpu_exit, deepest.entry_latency + deepest.exit_latency);
  }
  std::optional<sc_time> predicted;
  if (next) predicted = *next - now;
  // cpu_power_down_ok(): the idle time must cover the state's residency plus its
  // power-off (entry) latency; the search stops at the first state that fails.
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < params_.idle_states.size(); ++i) {
    const CpuIdleState& state = params_.idle_states[i];
    if (predicted && state.target_residency + state.entry_latency > *predicted) break;
    if (!deepest_fitting_state(params_.idle_states, i, std::nullopt, limit, cpu_exit)) break;
    chosen = i;
  }
  if (!chosen) return;
  book(now);
  state_ = chosen;
  state_since_ = now;
  ++entries_[*chosen];
}

void CpuCluster::cpu_stayed_running(const Cpu&, const sc_time& now) {
  if (!state_ || state_since_ != now) return;
  if (entries_[*state_] > 0) --entries_[*state_];  // 0 if entered before a reset
  state_.reset();
}

sc_time CpuCluster::cpu_waking(const Cpu&, const sc_time& now) {
  if (!state_) return SC_ZERO_TIME;
  book(now);
  const CpuIdleState& state = params_.idle_states[*state_];
  const sc_time entry_end = state_since_ + state.entry_latency;
  const sc_time entry_left = entry_end > now ? entry_end - now : SC_ZERO_TIME;
  state_.reset();  // on from now: its exit is on time
  return entry_left + state.exit_latency;
}

void CpuCluster::book(const sc_time& until) {
  if (until <= booked_until_) return;
  const sc_time from = booked_until_;
  booked_until_ = until;
  if (!state_) {
    on_time_ += until - from;
    add_joules(on_account_, until - from, params_.on_power);
    return;
  }
  const CpuIdleState& state = params_.idle_states[*state_];
  const sc_time entry_end = state_since_ + state.entry_latency;
  const sc_time entering = std::min(until, std::max(entry_end, from)) - from;
  add_joules(entry_account_, entering, params_.on_power);
  if (accounts_bound_) add_joules(state_accounts_[*state_], (until - from) - entering, state.power);
  residency_[*state_] += until - from;
}

void CpuCluster::close_accounting(const sc_time& now) { book(now); }

void CpuCluster::reset_stats() {
  on_time_ = SC_ZERO_TIME;
  residency_.assign(params_.idle_states.size(), SC_ZERO_TIME);
  entries_.assign(params_.idle_states.size(), 0);
}

}  // namespace wakesim
