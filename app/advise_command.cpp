#include "wakesim/app/advise_command.h"

#include <algorithm>
#include <ostream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wakesim/app/budget.h"
#include "wakesim/app/sweep_command.h"

namespace wakesim {
namespace {

using nlohmann::ordered_json;

constexpr int kExitNoneEligible = 1;
constexpr int kExitBadInput = 2;

// Why a point cannot be recommended, or empty when it can.
std::string exclusion(const SweepRow& row, const std::vector<Budget>& budgets) {
  if (!row.ok()) return row.status;
  if (!row.safety().safe) return "unsafe";
  if (!row.energy()) return "no energy";
  for (const Budget& budget : budgets) {
    const std::optional<double> value = budget.value(row.metrics);
    if (!value || !budget.met_by(*value)) return "over budget";
  }
  return "";
}

struct Tally {
  std::size_t points = 0, ok = 0, unsafe = 0, over_budget = 0, eligible = 0;
};

std::string configuration(const SweepTable& table, const SweepRow& row) {
  std::string text;
  for (std::size_t i = 0; i < table.axes.size(); ++i)
    text += fmt::format("{}{}={}", text.empty() ? "" : ", ", table.axes[i], row.axis_values[i]);
  return text.empty() ? "the sweep's only configuration" : text;
}

ordered_json row_json(const SweepTable& table, const SweepRow& row, const std::vector<Budget>& budgets) {
  ordered_json values = ordered_json::object();
  for (std::size_t i = 0; i < table.axes.size(); ++i) values[table.axes[i]] = row.axis_values[i];
  ordered_json margins = ordered_json::object();
  for (const Budget& budget : budgets) margins[budget.text()] = budget.margin(*budget.value(row.metrics));
  return ordered_json{{"point", row.index},
                      {"id", row.id},
                      {"values", values},
                      {"energy_J", *row.energy()},
                      {"worst_p99_us", row.worst_p99().value_or(0.0)},
                      {"worst_caller_blocked_p99_us", row.worst_caller_blocked().value_or(0.0)},
                      {"budget_margins", margins}};
}

// Every budget names a metric some point has: a typo is an error, not "nothing fits".
void check_budget_metrics(const SweepTable& table, const std::vector<Budget>& budgets) {
  for (const Budget& budget : budgets)
    if (std::none_of(table.rows.begin(), table.rows.end(),
                     [&](const SweepRow& row) { return row.ok() && budget.value(row.metrics); }))
      throw std::invalid_argument(fmt::format("budget '{}': no point has the metric '{}' (see `wakesim metrics`)",
                                              budget.text(), budget.metric));
}

std::string margins_text(const SweepRow& row, const std::vector<Budget>& budgets) {
  std::string text;
  for (const Budget& budget : budgets)
    text += fmt::format("; {} = {:.6g} (margin {:.6g} to {})", budget.metric, *budget.value(row.metrics),
                        budget.margin(*budget.value(row.metrics)), budget.text());
  return text;
}

std::string advice_text(const SweepTable& table, const Tally& tally, const std::vector<const SweepRow*>& ranked,
                        const std::vector<Budget>& budgets) {
  std::string budget_list;
  for (const Budget& b : budgets) budget_list += (budget_list.empty() ? "" : ", ") + b.text();
  std::string text = fmt::format("sweep {}: {} points, {} ok, {} unsafe, {} over the budget ({}), {} eligible\n",
                                 table.name, tally.points, tally.ok, tally.unsafe, tally.over_budget,
                                 budget_list.empty() ? "none given" : budget_list, tally.eligible);
  if (ranked.empty()) return text + "no safe configuration meets the budget\n";
  const SweepRow& best = *ranked[0];
  text += fmt::format(
      "recommended: point {} ({})\n  energy {:.6g} J, worst p99 {:.6g} us, caller blocked p99 {:.6g} us{}\n",
      best.index, configuration(table, best), *best.energy(), best.worst_p99().value_or(0.0),
      best.worst_caller_blocked().value_or(0.0), margins_text(best, budgets));
  if (ranked.size() < 2) return text + "runner-up: none (no other point is eligible)\n";
  const SweepRow& next = *ranked[1];
  const double extra = *next.energy() - *best.energy();
  text += fmt::format("runner-up: point {} ({})\n  energy {:.6g} J, {:+.6g} J ({:+.3g} %) more\n", next.index,
                      configuration(table, next), *next.energy(), extra, 100.0 * extra / *best.energy());
  return text;
}

ordered_json advice_json(const SweepTable& table, const Tally& tally, const std::vector<const SweepRow*>& ranked,
                         const std::vector<Budget>& budgets) {
  ordered_json budget_texts = ordered_json::array();
  for (const Budget& b : budgets) budget_texts.push_back(b.text());
  ordered_json json{{"sweep", table.name},        {"budgets", budget_texts},
                    {"points", tally.points},     {"ok", tally.ok},
                    {"unsafe", tally.unsafe},     {"over_budget", tally.over_budget},
                    {"eligible", tally.eligible}, {"recommended", nullptr},
                    {"runner_up", nullptr}};
  if (!ranked.empty()) json["recommended"] = row_json(table, *ranked[0], budgets);
  if (ranked.size() > 1) {
    json["runner_up"] = row_json(table, *ranked[1], budgets);
    json["runner_up"]["extra_energy_J"] = *ranked[1]->energy() - *ranked[0]->energy();
  }
  return json;
}

}  // namespace

int advise_sweep(const AdviseOptions& options, std::ostream& out, std::ostream& errors) {
  SweepTable table;
  std::vector<Budget> budgets;
  try {
    if (options.format != "text" && options.format != "json")
      throw std::invalid_argument("--format '" + options.format + "' is neither text nor json");
    budgets = parse_budgets(options.budgets);
    table = read_sweep_table(options.sweep_dir);
    check_budget_metrics(table, budgets);
  } catch (const std::exception& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  Tally tally;
  std::vector<const SweepRow*> ranked;
  for (const SweepRow& row : table.rows) {
    ++tally.points;
    const std::string why = exclusion(row, budgets);
    if (row.ok()) ++tally.ok;
    if (why == "unsafe") ++tally.unsafe;
    if (why == "over budget") ++tally.over_budget;
    if (why.empty()) ranked.push_back(&row);
  }
  tally.eligible = ranked.size();
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const SweepRow* a, const SweepRow* b) { return *a->energy() < *b->energy(); });
  if (options.format == "json")
    out << advice_json(table, tally, ranked, budgets).dump(2) << "\n";
  else
    out << advice_text(table, tally, ranked, budgets);
  return ranked.empty() ? kExitNoneEligible : 0;
}

}  // namespace wakesim
