#pragma once
// Energy accounting per component and category (docs/architecture.md, 'Energy and latency accounting').
//
// Accounts are registered at elaboration: a component name, a category and a
// detail name ("state:ON", "event:byte_read", "transition:power_on"). Each
// registration returns a handle; the hot path then bumps the account through the
// handle with no lookup and no allocation. Handles stay valid for the ledger's
// lifetime (accounts live in a deque, which never moves them).
//
// Two kinds of account:
// - event accounts (dynamic energy, or a fixed energy per transition) count
//   events as integers; their energy is count x per-event energy, one rounding,
//   so "energy per byte" sums exactly however many bytes move;
// - joule accounts (static power x residency, variable transition energy) add
//   joules with compensated summation, accurate to ~1e-16 relative over any
//   number of additions.
//
// Every report lists accounts and components in registration order, and totals
// are summed in that order, so a report is byte-identical run to run.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "wakesim/core/compensated_sum.h"
#include "wakesim/core/enum_names.h"
#include "wakesim/core/units.h"

namespace wakesim {

enum class EnergyCategory { static_power, dynamic, transition };

inline constexpr auto kEnergyCategoryNames =
    make_enum_names<EnergyCategory>({{EnergyCategory::static_power, "static"},
                                     {EnergyCategory::dynamic, "dynamic"},
                                     {EnergyCategory::transition, "transition"}});

inline const char* to_string(EnergyCategory category) { return kEnergyCategoryNames.name(category); }

class EnergyLedger {
 private:
  struct Account {
    std::string component;
    EnergyCategory category;
    std::string detail;
    bool counts_events;
    double per_event_joules;
    std::uint64_t events = 0;
    CompensatedSum joules;
  };

 public:
  // Handle of an event account. A default-constructed handle is unbound and must
  // not be used.
  class EventAccount {
   public:
    EventAccount() = default;
    void count(std::uint64_t events = 1) { account_->events += events; }
    bool bound() const { return account_ != nullptr; }

   private:
    friend class EnergyLedger;
    explicit EventAccount(Account* account) : account_(account) {}
    Account* account_ = nullptr;
  };

  // Handle of a joule account. add() also counts one event per call (the
  // number of residency intervals or transitions added).
  class JouleAccount {
   public:
    JouleAccount() = default;
    void add(Energy energy) { add_joules(energy.joules); }
    void add_joules(double joules) {
      account_->joules.add(joules);
      ++account_->events;
    }
    bool bound() const { return account_ != nullptr; }

   private:
    friend class EnergyLedger;
    explicit JouleAccount(Account* account) : account_(account) {}
    Account* account_ = nullptr;
  };

  struct AccountReport {
    std::string component;
    EnergyCategory category;
    std::string detail;
    bool counts_events;    // event account (energy = events x per_event)
    std::uint64_t events;  // events counted, or additions to a joule account
    Energy per_event;      // 0 for a joule account
    Energy energy;
  };

  struct ComponentReport {
    std::string component;
    Energy static_energy;
    Energy dynamic_energy;
    Energy transition_energy;
    Energy total;
  };

  EnergyLedger() = default;
  // Handles point into the ledger: a copy would leave them on the original.
  EnergyLedger(const EnergyLedger&) = delete;
  EnergyLedger& operator=(const EnergyLedger&) = delete;
  // A moved deque keeps its elements where they are, so handles survive a move.
  EnergyLedger(EnergyLedger&&) = default;
  EnergyLedger& operator=(EnergyLedger&&) = default;

  // Registration. Throws std::invalid_argument for an empty component or detail,
  // a (component, category, detail) registered before, or a negative or
  // non-finite per-event energy.
  EventAccount register_dynamic(std::string component, std::string detail, Energy per_event);
  JouleAccount register_static(std::string component, std::string detail);
  JouleAccount register_transition(std::string component, std::string detail);
  // A transition with a fixed energy, counted like a dynamic event.
  EventAccount register_transition(std::string component, std::string detail, Energy per_transition);
  // The general forms of the above.
  EventAccount register_event_account(std::string component, EnergyCategory category, std::string detail,
                                      Energy per_event);
  JouleAccount register_joule_account(std::string component, EnergyCategory category, std::string detail);

  // Adds other's energy into this ledger: accounts match by (component, category,
  // detail); an account this ledger lacks is registered, in other's order. Throws
  // std::invalid_argument if matching accounts differ in kind or per-event energy.
  void merge(const EnergyLedger& other);

  // Forgets every account's energy and events (gem5's resetstats); the accounts
  // and their handles stay. Owners of time-integrated accounts close their
  // interval first, so what comes after restarts at the reset instant.
  void reset_stats();

  Energy total() const;
  Energy total(EnergyCategory category) const;
  Energy total(std::string_view component) const;
  Energy total(std::string_view component, EnergyCategory category) const;
  // Total energy over `duration` as an average power; throws std::invalid_argument
  // for a zero duration.
  Power average_power(Duration duration) const;
  static Power average_power(Energy energy, Duration duration);

  std::size_t account_count() const { return accounts_.size(); }
  std::vector<std::string> components() const;  // in order of first registration
  std::vector<AccountReport> accounts() const;  // in registration order
  std::vector<ComponentReport> by_component() const;

 private:
  static double energy_of(const Account& account);
  Account& add_account(std::string component, EnergyCategory category, std::string detail, bool counts_events,
                       double per_event_joules);
  Account* find(std::string_view component, EnergyCategory category, std::string_view detail);
  template <class Predicate>
  Energy sum_if(Predicate predicate) const;

  std::deque<Account> accounts_;
};

}  // namespace wakesim
