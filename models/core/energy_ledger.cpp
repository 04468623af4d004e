#include "wakesim/core/energy_ledger.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace wakesim {
namespace {

std::string describe(std::string_view component, EnergyCategory category, std::string_view detail) {
  std::string text(component);
  text += '/';
  text += to_string(category);
  text += '/';
  text += detail;
  return text;
}

}  // namespace

EnergyLedger::EventAccount EnergyLedger::register_dynamic(std::string component, std::string detail, Energy per_event) {
  return register_event_account(std::move(component), EnergyCategory::dynamic, std::move(detail), per_event);
}

EnergyLedger::JouleAccount EnergyLedger::register_static(std::string component, std::string detail) {
  return register_joule_account(std::move(component), EnergyCategory::static_power, std::move(detail));
}

EnergyLedger::JouleAccount EnergyLedger::register_transition(std::string component, std::string detail) {
  return register_joule_account(std::move(component), EnergyCategory::transition, std::move(detail));
}

EnergyLedger::EventAccount EnergyLedger::register_transition(std::string component, std::string detail,
                                                             Energy per_transition) {
  return register_event_account(std::move(component), EnergyCategory::transition, std::move(detail), per_transition);
}

EnergyLedger::EventAccount EnergyLedger::register_event_account(std::string component, EnergyCategory category,
                                                                std::string detail, Energy per_event) {
  if (!std::isfinite(per_event.joules) || per_event.joules < 0.0) {
    throw std::invalid_argument("energy account " + describe(component, category, detail) +
                                ": per-event energy must be finite and non-negative");
  }
  return EventAccount(&add_account(std::move(component), category, std::move(detail), true, per_event.joules));
}

EnergyLedger::JouleAccount EnergyLedger::register_joule_account(std::string component, EnergyCategory category,
                                                                std::string detail) {
  return JouleAccount(&add_account(std::move(component), category, std::move(detail), false, 0.0));
}

EnergyLedger::Account& EnergyLedger::add_account(std::string component, EnergyCategory category, std::string detail,
                                                 bool counts_events, double per_event_joules) {
  if (component.empty() || detail.empty()) {
    throw std::invalid_argument("energy account " + describe(component, category, detail) +
                                ": component and detail names must not be empty");
  }
  if (find(component, category, detail) != nullptr) {
    throw std::invalid_argument("energy account " + describe(component, category, detail) + " is registered twice");
  }
  accounts_.push_back(
      Account{std::move(component), category, std::move(detail), counts_events, per_event_joules, 0, CompensatedSum{}});
  return accounts_.back();
}

EnergyLedger::Account* EnergyLedger::find(std::string_view component, EnergyCategory category,
                                          std::string_view detail) {
  for (Account& account : accounts_) {
    if (account.category == category && account.component == component && account.detail == detail) {
      return &account;
    }
  }
  return nullptr;
}

void EnergyLedger::merge(const EnergyLedger& other) {
  if (&other == this) throw std::invalid_argument("EnergyLedger::merge: cannot merge into itself");
  for (const Account& theirs : other.accounts_) {
    Account* ours = find(theirs.component, theirs.category, theirs.detail);
    if (ours == nullptr) {
      ours =
          &add_account(theirs.component, theirs.category, theirs.detail, theirs.counts_events, theirs.per_event_joules);
    } else if (ours->counts_events != theirs.counts_events || ours->per_event_joules != theirs.per_event_joules) {
      throw std::invalid_argument("EnergyLedger::merge: account " +
                                  describe(theirs.component, theirs.category, theirs.detail) +
                                  " differs in kind or per-event energy");
    }
    ours->events += theirs.events;
    ours->joules.add(theirs.joules);
  }
}

void EnergyLedger::reset_stats() {
  for (Account& account : accounts_) {
    account.events = 0;
    account.joules = CompensatedSum{};
  }
}

double EnergyLedger::energy_of(const Account& account) {
  if (account.counts_events) {
    // One rounding, however many events: this is what makes per-byte energy exact.
    return static_cast<double>(account.events) * account.per_event_joules;
  }
  return account.joules.value();
}

template <class Predicate>
Energy EnergyLedger::sum_if(Predicate predicate) const {
  CompensatedSum sum;
  for (const Account& account : accounts_) {
    if (predicate(account)) sum.add(energy_of(account));
  }
  return Energy{sum.value()};
}

Energy EnergyLedger::total() const {
  return sum_if([](const Account&) { return true; });
}

Energy EnergyLedger::total(EnergyCategory category) const {
  return sum_if([category](const Account& a) { return a.category == category; });
}

Energy EnergyLedger::total(std::string_view component) const {
  return sum_if([component](const Account& a) { return a.component == component; });
}

Energy EnergyLedger::total(std::string_view component, EnergyCategory category) const {
  return sum_if([component, category](const Account& a) { return a.category == category && a.component == component; });
}

Power EnergyLedger::average_power(Duration duration) const { return average_power(total(), duration); }

Power EnergyLedger::average_power(Energy energy, Duration duration) {
  if (duration.picoseconds == 0) {
    throw std::invalid_argument("average power over a zero duration");
  }
  return Power{energy.joules / duration.seconds()};
}

std::vector<std::string> EnergyLedger::components() const {
  std::vector<std::string> names;
  for (const Account& account : accounts_) {
    bool seen = false;
    for (const std::string& name : names) seen = seen || name == account.component;
    if (!seen) names.push_back(account.component);
  }
  return names;
}

std::vector<EnergyLedger::AccountReport> EnergyLedger::accounts() const {
  std::vector<AccountReport> reports;
  reports.reserve(accounts_.size());
  for (const Account& a : accounts_) {
    reports.push_back(AccountReport{a.component, a.category, a.detail, a.counts_events, a.events,
                                    Energy{a.per_event_joules}, Energy{energy_of(a)}});
  }
  return reports;
}

std::vector<EnergyLedger::ComponentReport> EnergyLedger::by_component() const {
  std::vector<ComponentReport> reports;
  for (std::string& name : components()) {
    ComponentReport report;
    report.static_energy = total(name, EnergyCategory::static_power);
    report.dynamic_energy = total(name, EnergyCategory::dynamic);
    report.transition_energy = total(name, EnergyCategory::transition);
    report.total = total(name);
    report.component = std::move(name);
    reports.push_back(std::move(report));
  }
  return reports;
}

}  // namespace wakesim
