#include "wakesim/app/budget.h"

#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "wakesim/app/metric_catalogue.h"

namespace wakesim {
namespace {

struct Aggregate {
  const char* prefix;
  const char* suffix;
};

const std::map<std::string, Aggregate>& worst_over_clients() {
  static const std::map<std::string, Aggregate> names = {
      {"p50_us", {"clients.", ".latency.p50_us"}},
      {"p99_us", {"clients.", ".latency.p99_us"}},
      {"max_us", {"clients.", ".latency.max_us"}},
      {"caller_blocked_p99_us", {"clients.", ".caller_blocked.p99_us"}},
  };
  return names;
}

const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> names = {
      {"energy_J", "energy.total_J"},
      {"average_power_W", "energy.average_power_W"},
      {"cpu_energy_J", "cpus.energy_J"},
  };
  return names;
}

const char* relation_text(Budget::Relation relation) {
  switch (relation) {
    case Budget::Relation::at_most: return "<=";
    case Budget::Relation::below: return "<";
    case Budget::Relation::at_least: return ">=";
    case Budget::Relation::above: return ">";
  }
  return "?";
}

}  // namespace

std::string Budget::text() const { return fmt::format("{}{}{}", metric, relation_text(relation), limit); }

std::optional<double> Budget::value(const FlatMetrics& metrics) const {
  if (const auto worst = worst_over_clients().find(metric); worst != worst_over_clients().end())
    return worst_of(metrics, worst->second.prefix, worst->second.suffix);
  const auto alias = aliases().find(metric);
  const auto it = metrics.find(alias == aliases().end() ? metric : alias->second);
  if (it == metrics.end()) return std::nullopt;
  return it->second;
}

bool Budget::met_by(double value) const {
  switch (relation) {
    case Relation::at_most: return value <= limit;
    case Relation::below: return value < limit;
    case Relation::at_least: return value >= limit;
    case Relation::above: return value > limit;
  }
  return false;
}

double Budget::margin(double value) const {
  return relation == Relation::at_most || relation == Relation::below ? limit - value : value - limit;
}

Budget parse_budget(const std::string& text) {
  const std::size_t at = text.find_first_of("<>");
  if (at == std::string::npos || at == 0)
    throw std::invalid_argument(fmt::format("budget '{}' is not METRIC<=VALUE (or <, >=, >)", text));
  Budget budget;
  budget.metric = text.substr(0, at);
  const bool or_equal = at + 1 < text.size() && text[at + 1] == '=';
  if (text[at] == '<')
    budget.relation = or_equal ? Budget::Relation::at_most : Budget::Relation::below;
  else
    budget.relation = or_equal ? Budget::Relation::at_least : Budget::Relation::above;
  if (!worst_over_clients().count(budget.metric) && !aliases().count(budget.metric) && !catalogue_index(budget.metric))
    throw std::invalid_argument(fmt::format(
        "budget '{}': '{}' is not a metric (a report.json path, see `wakesim metrics`, or one of p50_us, p99_us, "
        "max_us, caller_blocked_p99_us, energy_J, average_power_W, cpu_energy_J)",
        text, budget.metric));
  const std::string value = text.substr(at + (or_equal ? 2 : 1));
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), budget.limit);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || !std::isfinite(budget.limit))
    throw std::invalid_argument(fmt::format(
        "budget '{}': '{}' is not a finite number (give it in the metric's unit, e.g. p99_us<=500)", text, value));
  return budget;
}

std::vector<Budget> parse_budgets(const std::vector<std::string>& texts) {
  std::vector<Budget> budgets;
  for (const std::string& text : texts) budgets.push_back(parse_budget(text));
  return budgets;
}

}  // namespace wakesim
