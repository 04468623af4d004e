#include "wakesim/core/power_state_residency.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace wakesim {
namespace {

std::uint64_t to_picoseconds(const sc_core::sc_time& time) {
  // sc_time counts in units of the time resolution, which wakesim leaves at 1 ps.
  return static_cast<std::uint64_t>(time.value());
}

}  // namespace

PowerStateResidency::PowerStateResidency(EnergyLedger& ledger, std::string component, std::vector<State> states,
                                         std::size_t initial_state, std::uint64_t start_ps)
    : component_(std::move(component)),
      states_(track(ledger, component_, std::move(states), initial_state)),
      current_(initial_state),
      last_ps_(start_ps) {}

std::vector<PowerStateResidency::Tracked> PowerStateResidency::track(EnergyLedger& ledger, const std::string& component,
                                                                     std::vector<State> states,
                                                                     std::size_t initial_state) {
  validate(component, states, initial_state);  // before registering anything
  std::vector<Tracked> tracked;
  tracked.reserve(states.size());
  for (State& state : states) {
    EnergyLedger::JouleAccount account = ledger.register_static(component, "state:" + state.name);
    tracked.push_back(Tracked{std::move(state), account, 0, 0});
  }
  return tracked;
}

void PowerStateResidency::validate(const std::string& component, const std::vector<State>& states,
                                   std::size_t initial_state) {
  const std::string where = "power states of " + component + ": ";
  if (states.empty()) throw std::invalid_argument(where + "no states");
  if (initial_state >= states.size()) {
    throw std::invalid_argument(where + "initial state index out of range");
  }
  for (std::size_t i = 0; i < states.size(); ++i) {
    const State& state = states[i];
    if (state.name.empty()) throw std::invalid_argument(where + "a state has no name");
    if (!std::isfinite(state.power.watts) || state.power.watts < 0.0) {
      throw std::invalid_argument(where + "power of " + state.name + " must be finite and non-negative");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (states[j].name == state.name) {
        throw std::invalid_argument(where + "state " + state.name + " is listed twice");
      }
    }
  }
}

void PowerStateResidency::enter(std::size_t state, std::uint64_t now_ps) {
  check_state(state);
  advance_to(now_ps);
  if (state == current_) return;
  current_ = state;
  ++states_[state].entries;
  ++total_transitions_;
  if (trace_) trace_->counter(trace_counter_, states_[state].state.power.watts, now_ps);
}

void PowerStateResidency::trace_power(TraceSink* sink, TraceSink::Group group, std::string counter_name,
                                      std::uint64_t now_ps) {
  trace_ = sink;
  if (sink)
    trace_counter_ =
        sink->add_counter(group, std::move(counter_name), "W", states_[current_].state.power.watts, now_ps);
}

void PowerStateResidency::enter(std::size_t state, const sc_core::sc_time& now) { enter(state, to_picoseconds(now)); }

void PowerStateResidency::close(std::uint64_t now_ps) { advance_to(now_ps); }

void PowerStateResidency::close(const sc_core::sc_time& now) { close(to_picoseconds(now)); }

void PowerStateResidency::reset_stats(std::uint64_t now_ps) {
  advance_to(now_ps);
  for (Tracked& tracked : states_) {
    tracked.residency_ps = 0;
    tracked.entries = 0;
  }
  total_transitions_ = 0;
}

const std::string& PowerStateResidency::state_name(std::size_t state) const {
  check_state(state);
  return states_[state].state.name;
}

Power PowerStateResidency::state_power(std::size_t state) const {
  check_state(state);
  return states_[state].state.power;
}

std::size_t PowerStateResidency::state_index(std::string_view name) const {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    if (states_[i].state.name == name) return i;
  }
  throw std::invalid_argument("power states of " + component_ + ": no state named " + std::string(name));
}

std::uint64_t PowerStateResidency::residency_ps(std::size_t state) const {
  check_state(state);
  return states_[state].residency_ps;
}

std::uint64_t PowerStateResidency::transitions_into(std::size_t state) const {
  check_state(state);
  return states_[state].entries;
}

void PowerStateResidency::check_state(std::size_t state) const {
  if (state >= states_.size()) {
    throw std::invalid_argument("power states of " + component_ + ": state index " + std::to_string(state) +
                                " out of range");
  }
}

// Charges the current state for the time since the last update.
void PowerStateResidency::advance_to(std::uint64_t now_ps) {
  if (now_ps < last_ps_) {
    throw std::invalid_argument("power states of " + component_ + ": time " + std::to_string(now_ps) +
                                " ps is before " + std::to_string(last_ps_) + " ps");
  }
  const std::uint64_t elapsed = now_ps - last_ps_;
  if (elapsed == 0) return;
  Tracked& tracked = states_[current_];
  tracked.residency_ps += elapsed;
  tracked.account.add_joules(tracked.state.power.watts * (static_cast<double>(elapsed) * 1e-12));
  last_ps_ = now_ps;
}

}  // namespace wakesim
