#pragma once
// Time and static energy of one component in each of its power states.
//
// The component is always in exactly one state. enter() closes the interval
// spent in the current state: its length is added to that state's residency
// (exact picoseconds) and power x length to the state's static account in the
// ledger ("state:NAME"), then the new state starts. close() flushes the current
// state up to a time without leaving it: closing twice at the same time adds
// nothing, and a later close (or enter) continues from the last one.
//
// Residency and energy cover time up to the last enter() or close(); call
// close(end_of_simulation) before reporting. Entering the state the component is
// already in flushes it but is not a transition. The initial state is not
// counted as a transition into it.
//
// Times are plain picoseconds so no SystemC kernel is needed; the sc_time
// overloads assume SystemC's default 1 ps resolution (as Duration does).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/trace_sink.h"
#include "wakesim/core/units.h"

namespace wakesim {

class PowerStateResidency {
 public:
  struct State {
    std::string name;
    Power power;  // static power while in this state
  };

  // Registers one static account per state in `ledger`, which must outlive this.
  // Throws std::invalid_argument for no states, an empty or duplicate name, a
  // negative or non-finite power, or an initial state out of range.
  PowerStateResidency(EnergyLedger& ledger, std::string component, std::vector<State> states, std::size_t initial_state,
                      std::uint64_t start_ps = 0);

  // Throws std::invalid_argument for a state out of range or a time before the
  // last enter()/close().
  void enter(std::size_t state, std::uint64_t now_ps);
  void enter(std::size_t state, const sc_core::sc_time& now);
  void close(std::uint64_t now_ps);
  void close(const sc_core::sc_time& now);
  // Closes the current interval at `now_ps`, then forgets residency and entries:
  // they restart from now_ps in the current state (its energy is the ledger's).
  void reset_stats(std::uint64_t now_ps);

  // Reports the static power of the current state to `sink` as a counter named
  // `counter_name` in `group` (watts), from `now_ps` and at every transition;
  // null detaches.
  void trace_power(TraceSink* sink, TraceSink::Group group, std::string counter_name, std::uint64_t now_ps);

  const std::string& component() const { return component_; }
  std::size_t state_count() const { return states_.size(); }
  const std::string& state_name(std::size_t state) const;
  Power state_power(std::size_t state) const;
  // Throws std::invalid_argument for an unknown name.
  std::size_t state_index(std::string_view name) const;

  std::size_t current_state() const { return current_; }
  // Time up to which residency and energy are accounted.
  std::uint64_t accounted_until_ps() const { return last_ps_; }
  std::uint64_t residency_ps(std::size_t state) const;
  std::uint64_t transitions_into(std::size_t state) const;
  std::uint64_t transitions() const { return total_transitions_; }

 private:
  struct Tracked {
    State state;
    EnergyLedger::JouleAccount account;
    std::uint64_t residency_ps = 0;
    std::uint64_t entries = 0;
  };

  static std::vector<Tracked> track(EnergyLedger& ledger, const std::string& component, std::vector<State> states,
                                    std::size_t initial_state);
  static void validate(const std::string& component, const std::vector<State>& states, std::size_t initial_state);
  void check_state(std::size_t state) const;
  void advance_to(std::uint64_t now_ps);

  std::string component_;
  std::vector<Tracked> states_;
  std::size_t current_;
  std::uint64_t last_ps_;
  std::uint64_t total_transitions_ = 0;
  TraceSink* trace_ = nullptr;
  TraceSink::Counter trace_counter_ = 0;
};

}  // namespace wakesim
