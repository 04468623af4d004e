#include "wakesim/app/compare_command.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wakesim/app/atomic_file.h"
#include "wakesim/app/budget.h"
#include "wakesim/app/csv_field.h"
#include "wakesim/app/flat_metrics.h"
#include "wakesim/app/process_pool.h"
#include "wakesim/app/run_command.h"
#include "wakesim/app/run_safety.h"
#include "wakesim/drivers/resume_policy.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kExitNoAnswer = 1;
constexpr int kExitBadInput = 2;

class CompareInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One policy's run, as the table and the verdict read it.
struct PolicyRun {
  std::string policy;
  bool ran = false;
  std::string error;  // the run failed: its first line of error
  FlatMetrics metrics;
  RunSafety safety;
  std::vector<std::string> budget_failures;  // "p99_us = 612 > 500"

  bool eligible() const { return ran && safety.safe && budget_failures.empty(); }
  double value(const std::string& path) const {
    const auto it = metrics.find(path);
    return it == metrics.end() ? 0.0 : it->second;
  }
  double energy() const { return value("energy.total_J"); }
  double p50() const { return worst_of(metrics, "clients.", ".latency.p50_us").value_or(0.0); }
  double p99() const { return worst_of(metrics, "clients.", ".latency.p99_us").value_or(0.0); }
  double blocked() const { return worst_of(metrics, "clients.", ".caller_blocked.p99_us").value_or(0.0); }
  bool has_cpus() const { return metrics.count("cpus.energy_J") > 0; }
  double misses() const { return sum_of(metrics, "clients.", ".deadline_misses"); }
  double might_sleep() const {
    return std::max(value("power.might_sleep_violations"), sum_of(metrics, "clients.", ".might_sleep_violations"));
  }
  double untranslated() const { return sum_of(metrics, "iommus.", ".isolation_bytes"); }
  double faults() const { return sum_of(metrics, "iommus.", ".faults"); }
};

// --- input ------------------------------------------------------------------------

std::vector<std::string> parse_policies(const std::string& text) {
  std::vector<std::string> policies;
  std::stringstream in(text);
  for (std::string name; std::getline(in, name, ',');) {
    if (!parse_resume_policy(name))
      throw CompareInputError(
          fmt::format("--policies: '{}' is not a policy ({})", name, fmt::join(kResumePolicyNames.names(), ", ")));
    if (std::find(policies.begin(), policies.end(), name) != policies.end())
      throw CompareInputError(fmt::format("--policies: '{}' is given twice", name));
    policies.push_back(name);
  }
  if (policies.empty()) throw CompareInputError("--policies: give at least one policy");
  return policies;
}

// How many clients the scenario has, read as `run` would read it (so bad input is
// refused here, before anything runs).
std::size_t client_count(const CompareOptions& options) {
  const ordered_json configuration =
      ordered_json::parse(effective_configuration_json(options.scenario_file, options.overrides));
  return configuration["scenario"]["scenario"]["clients"].size();
}

std::vector<std::string> run_arguments(const CompareOptions& options, const std::string& policy, std::size_t clients,
                                       const fs::path& dir) {
  std::vector<std::string> argv = {current_executable(), "run",    options.scenario_file, "--out",
                                   dir.string(),         "--quiet"};
  for (const std::string& o : options.overrides) argv.insert(argv.end(), {"--set", o});
  for (std::size_t i = 0; i < clients; ++i)
    argv.insert(argv.end(), {"--set", fmt::format("scenario.clients.{}.policy={}", i, policy)});
  return argv;
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// --- the runs ---------------------------------------------------------------------

std::vector<PolicyRun> run_policies(const CompareOptions& options, const std::vector<std::string>& policies,
                                    std::size_t clients, const fs::path& dir) {
  std::vector<ChildJob> jobs;
  for (const std::string& policy : policies)
    jobs.push_back({run_arguments(options, policy, clients, dir / policy), (dir / (policy + ".log")).string()});
  std::vector<PolicyRun> runs(policies.size());
  ProcessPool(options.jobs).run(jobs, [&](const ChildResult& result) {
    PolicyRun& run = runs[result.job];
    run.policy = policies[result.job];
    const fs::path report = dir / run.policy / "report.json";
    const fs::path log = dir / (run.policy + ".log");
    run.ran = result.exit_code == 0 && fs::exists(report);
    if (run.ran) {
      std::ifstream in(report);
      run.metrics = flatten_metrics(ordered_json::parse(in)["metrics"]);
      run.safety = assess_safety(run.metrics);
    } else {
      run.error = first_line(log);
      if (run.error.empty()) run.error = fmt::format("exit code {}, signal {}", result.exit_code, result.signal);
    }
    fs::remove(log);
  });
  return runs;
}

void apply_budgets(std::vector<PolicyRun>& runs, const std::vector<Budget>& budgets) {
  for (PolicyRun& run : runs) {
    if (!run.ran) continue;
    for (const Budget& budget : budgets) {
      const std::optional<double> value = budget.value(run.metrics);
      if (!value)
        throw CompareInputError(fmt::format("budget '{}': the runs have no metric '{}' (see `wakesim metrics`)",
                                            budget.text(), budget.metric));
      if (!budget.met_by(*value))
        run.budget_failures.push_back(fmt::format("{} = {:.6g}, beyond {}", budget.metric, *value, budget.text()));
    }
  }
}

// The cheapest eligible run (the first of equals), if any.
const PolicyRun* winner_of(const std::vector<PolicyRun>& runs) {
  const PolicyRun* best = nullptr;
  for (const PolicyRun& run : runs)
    if (run.eligible() && (!best || run.energy() < best->energy())) best = &run;
  return best;
}

// --- energy by component ------------------------------------------------------------

// Ledger components, with the CPUs ("cpus.cpu0", "cpus.little") as one.
std::map<std::string, double> energy_by_component(const PolicyRun& run) {
  const std::string prefix = "energy.components.";
  const std::string suffix = ".total_J";
  std::map<std::string, double> components;
  for (const auto& [path, value] : run.metrics) {
    if (path.size() <= prefix.size() + suffix.size() || path.compare(0, prefix.size(), prefix) != 0 ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (name.rfind("cpus.", 0) == 0) name = "cpus";
    components[name] += value;
  }
  return components;
}

// The component where `run` spends most beyond `reference`, and how much.
std::pair<std::string, double> largest_extra(const PolicyRun& run, const PolicyRun& reference) {
  const std::map<std::string, double> mine = energy_by_component(run);
  const std::map<std::string, double> theirs = energy_by_component(reference);
  std::pair<std::string, double> largest{"", 0.0};
  for (const auto& [name, joules] : mine) {
    const auto other = theirs.find(name);
    const double extra = joules - (other == theirs.end() ? 0.0 : other->second);
    if (extra > largest.second) largest = {name, extra};
  }
  return largest;
}

// --- the table --------------------------------------------------------------------

double mJ(double joules) { return joules * 1e3; }

// A difference in mJ as printed (4 decimals), without "-0.0000" for a rounding-size one.
double mJ_difference(double joules) {
  const double rounded = std::round(mJ(joules) * 1e4) / 1e4;
  return rounded == 0.0 ? 0.0 : rounded;
}

std::string status_text(const PolicyRun& run) {
  if (!run.ran) return "FAILED";
  if (!run.safety.safe) return "UNSAFE";
  return run.budget_failures.empty() ? "safe" : "over budget";
}

std::string table_text(const std::vector<PolicyRun>& runs, const PolicyRun* winner) {
  const bool cpus = std::any_of(runs.begin(), runs.end(), [](const PolicyRun& r) { return r.has_cpus(); });
  std::string text = fmt::format("{:<10} {:>9} {:>9} {:>11} {:>10} {:>10}", "policy", "p50 us", "p99 us", "blocked p99",
                                 "energy mJ", "vs best mJ");
  if (cpus) text += fmt::format(" {:>8}", "cpu mJ");
  text += fmt::format(" {:>6} {:>11} {:>12} {:>6}  {}\n", "missed", "might-sleep", "untransl. B", "faults", "status");
  for (const PolicyRun& run : runs) {
    if (!run.ran) {
      text += fmt::format("{:<10} run failed: {}\n", run.policy, run.error);
      continue;
    }
    const std::string versus = winner ? fmt::format("{:+.4f}", mJ_difference(run.energy() - winner->energy())) : "-";
    text += fmt::format("{:<10} {:>9.1f} {:>9.1f} {:>11.1f} {:>10.4f} {:>10}", run.policy, run.p50(), run.p99(),
                        run.blocked(), mJ(run.energy()), versus);
    if (cpus) text += fmt::format(" {:>8.4f}", mJ(run.value("cpus.energy_J")));
    text += fmt::format(" {:>6} {:>11} {:>12} {:>6}  {}\n", run.misses(), run.might_sleep(), run.untranslated(),
                        run.faults(), status_text(run));
  }
  return text;
}

// The components that differ most, as rows; the policies as columns, each the
// difference to the winner (mJ).
std::string components_text(const std::vector<PolicyRun>& runs, const PolicyRun& winner) {
  const std::map<std::string, double> base = energy_by_component(winner);
  std::map<std::string, double> spread;  // component -> largest |difference|
  for (const PolicyRun& run : runs) {
    if (!run.ran) continue;
    for (const auto& [name, joules] : energy_by_component(run)) {
      const auto b = base.find(name);
      spread[name] = std::max(spread[name], std::abs(joules - (b == base.end() ? 0.0 : b->second)));
    }
  }
  std::vector<std::pair<double, std::string>> ordered;
  for (const auto& [name, s] : spread)
    if (mJ_difference(s) != 0.0) ordered.emplace_back(-s, name);  // only what shows at 4 decimals
  std::sort(ordered.begin(), ordered.end());
  if (ordered.size() > 8) ordered.resize(8);
  if (ordered.empty()) return "";
  std::string text =
      fmt::format("\nenergy by component, difference to {} in mJ (where it differs, largest first):\n{:<20}",
                  winner.policy, "component");
  for (const PolicyRun& run : runs)
    if (run.ran) text += fmt::format(" {:>10}", run.policy);
  text += "\n";
  for (const auto& [negative_spread, name] : ordered) {
    text += fmt::format("{:<20}", name);
    for (const PolicyRun& run : runs) {
      if (!run.ran) continue;
      const std::map<std::string, double> mine = energy_by_component(run);
      const auto m = mine.find(name);
      const auto b = base.find(name);
      text += fmt::format(" {:>+10.4f}",
                          mJ_difference((m == mine.end() ? 0.0 : m->second) - (b == base.end() ? 0.0 : b->second)));
    }
    text += "\n";
  }
  return text;
}

// --- the verdict ------------------------------------------------------------------

std::string loses_line(const PolicyRun& run, const PolicyRun& winner) {
  if (!run.ran) return fmt::format("{}: its run failed ({})", run.policy, run.error);
  if (!run.safety.safe) return fmt::format("{} is unsafe: {}", run.policy, run.safety.reason_text());
  if (!run.budget_failures.empty())
    return fmt::format("{} is over the budget: {}", run.policy, run.budget_failures.front());
  const double extra = run.energy() - winner.energy();
  std::string line = fmt::format("{} costs {:.4f} mJ ({:.2f} %) more than {}", run.policy, mJ(extra),
                                 100.0 * extra / winner.energy(), winner.policy);
  const auto [component, joules] = largest_extra(run, winner);
  if (!component.empty()) line += fmt::format(", most of it in {} ({:+.4f} mJ)", component, mJ(joules));
  return line;
}

// The trade-off compare exists to show: the winner blocks its caller, another
// safe policy does not, at a price.
std::optional<std::string> blocking_line(const std::vector<PolicyRun>& runs, const PolicyRun& winner) {
  if (winner.blocked() <= 0.0) return std::nullopt;
  const PolicyRun* unblocked = nullptr;
  for (const PolicyRun& run : runs)
    if (run.eligible() && run.blocked() == 0.0 && (!unblocked || run.energy() < unblocked->energy())) unblocked = &run;
  if (!unblocked) return std::nullopt;
  return fmt::format("{} blocks its caller up to {:.1f} us (p99); {} never blocks it, for {:.4f} mJ more",
                     winner.policy, winner.blocked(), unblocked->policy, mJ(unblocked->energy() - winner.energy()));
}

std::vector<std::string> verdict_lines(const std::vector<PolicyRun>& runs, const PolicyRun* winner,
                                       const std::vector<Budget>& budgets) {
  std::string within;
  for (const Budget& b : budgets) within += (within.empty() ? " within " : ", ") + b.text();
  std::vector<std::string> lines;
  if (!winner) {
    lines.push_back(fmt::format("no policy is safe{}:", within));
    for (const PolicyRun& run : runs) lines.push_back(loses_line(run, run));
    return lines;
  }
  lines.push_back(
      fmt::format("{} is the cheapest safe policy{}: {:.4f} mJ, p99 {:.1f} us, caller blocked p99 {:.1f} us",
                  winner->policy, within, mJ(winner->energy()), winner->p99(), winner->blocked()));
  for (const PolicyRun& run : runs)
    if (&run != winner) lines.push_back(loses_line(run, *winner));
  if (const std::optional<std::string> trade_off = blocking_line(runs, *winner)) lines.push_back(*trade_off);
  return lines;
}

// --- files ------------------------------------------------------------------------

ordered_json run_json(const PolicyRun& run, const PolicyRun* winner) {
  ordered_json json{{"policy", run.policy}, {"status", status_text(run)}};
  if (!run.ran) {
    json["error"] = run.error;
    return json;
  }
  ordered_json components = ordered_json::object();
  for (const auto& [name, joules] : energy_by_component(run)) components[name] = joules;
  json.update(ordered_json{{"safe", run.safety.safe},
                           {"unsafe_reasons", run.safety.reasons},
                           {"budget_failures", run.budget_failures},
                           {"p50_us", run.p50()},
                           {"p99_us", run.p99()},
                           {"caller_blocked_p99_us", run.blocked()},
                           {"energy_J", run.energy()},
                           {"energy_above_best_J", winner ? ordered_json(run.energy() - winner->energy()) : nullptr},
                           {"cpu_energy_J", run.has_cpus() ? ordered_json(run.value("cpus.energy_J")) : nullptr},
                           {"deadline_misses", run.misses()},
                           {"might_sleep_violations", run.might_sleep()},
                           {"untranslated_bytes", run.untranslated()},
                           {"iommu_faults", run.faults()},
                           {"energy_by_component_J", components}});
  return json;
}

std::string compare_csv(const std::vector<PolicyRun>& runs, const PolicyRun* winner) {
  std::string text =
      "policy,status,safe,unsafe_reason,within_budget,p50_us,p99_us,caller_blocked_p99_us,energy_J,"
      "energy_above_best_J,cpu_energy_J,deadline_misses,might_sleep_violations,untranslated_bytes,iommu_faults\n";
  for (const PolicyRun& run : runs) {
    if (!run.ran) {
      text += fmt::format("{},{},,{},,,,,,,,,,,\n", csv_field(run.policy), csv_field(status_text(run)),
                          csv_field(run.error));
      continue;
    }
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(run.policy),
                        csv_field(status_text(run)), run.safety.safe ? 1 : 0, csv_field(run.safety.reason_text()),
                        run.budget_failures.empty() ? 1 : 0, run.p50(), run.p99(), run.blocked(), run.energy(),
                        winner ? fmt::format("{}", run.energy() - winner->energy()) : "",
                        run.has_cpus() ? fmt::format("{}", run.value("cpus.energy_J")) : "", run.misses(),
                        run.might_sleep(), run.untranslated(), run.faults());
  }
  return text;
}

void write_files(const CompareOptions& options, const std::vector<PolicyRun>& runs, const PolicyRun* winner,
                 const std::vector<std::string>& verdict, const std::vector<Budget>& budgets) {
  const fs::path dir(options.out_dir);
  ordered_json policies = ordered_json::array();
  for (const PolicyRun& run : runs) policies.push_back(run_json(run, winner));
  ordered_json budget_texts = ordered_json::array();
  for (const Budget& b : budgets) budget_texts.push_back(b.text());
  const ordered_json json{{"scenario", options.scenario_file},
                          {"overrides", options.overrides},
                          {"budgets", budget_texts},
                          {"recommended", winner ? ordered_json(winner->policy) : nullptr},
                          {"verdict", verdict},
                          {"policies", policies}};
  write_file_atomically((dir / "compare.json").string(), json.dump(2) + "\n");
  write_file_atomically((dir / "compare.csv").string(), compare_csv(runs, winner));
}

// scripts/plot.py compare DIR, from the source tree this wakesim was built from.
int plot(const CompareOptions& options, std::ostream& out, std::ostream& errors) {
  const fs::path script = WAKESIM_PLOT_SCRIPT;
  if (!fs::exists(script)) {
    errors << "wakesim: --plot: " << script.string() << " is not there (it comes with wakesim's source tree)\n";
    return kExitNoAnswer;
  }
  const fs::path dir(options.out_dir);
  std::vector<ChildJob> jobs{
      {{"/usr/bin/python3", script.string(), "compare", dir.string()}, (dir / "plot.log").string()}};
  int status = 0;
  ProcessPool(1).run(jobs, [&](const ChildResult& result) { status = result.exit_code; });
  if (status != 0) {
    std::ifstream log(dir / "plot.log");
    errors << "wakesim: --plot failed:\n" << log.rdbuf();
  } else {
    out << (dir / "compare.png").string() << "\n" << (dir / "compare.svg").string() << "\n";
  }
  fs::remove(dir / "plot.log");
  return status == 0 ? 0 : kExitNoAnswer;
}

// The runs' directory: --out, or a temporary one removed at the end.
struct RunsDirectory {
  fs::path path;
  bool temporary = false;
  ~RunsDirectory() {
    std::error_code ignored;
    if (temporary) fs::remove_all(path, ignored);
  }
};

void prepare(RunsDirectory& runs, const CompareOptions& options) {
  if (!options.out_dir.empty()) {
    runs.path = options.out_dir;
    fs::create_directories(runs.path);
    return;
  }
  std::string pattern = (fs::temp_directory_path() / "wakesim-compare-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw CompareInputError("cannot create a temporary directory");
  runs.path = pattern;
  runs.temporary = true;
}

}  // namespace

int compare_policies(const CompareOptions& options, std::ostream& out, std::ostream& errors) {
  std::vector<std::string> policies;
  std::vector<Budget> budgets;
  std::size_t clients = 0;
  RunsDirectory dir;
  try {
    if (options.plot && options.out_dir.empty()) throw CompareInputError("--plot writes into --out DIR: give --out");
    policies = parse_policies(options.policies);
    budgets = parse_budgets(options.budgets);
    clients = client_count(options);
    prepare(dir, options);
  } catch (const std::exception& error) {  // ConfigError, JobTraceError, a malformed budget, a directory
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  std::vector<PolicyRun> runs = run_policies(options, policies, clients, dir.path);
  try {
    apply_budgets(runs, budgets);
  } catch (const CompareInputError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  const PolicyRun* winner = winner_of(runs);
  const std::vector<std::string> verdict = verdict_lines(runs, winner, budgets);
  out << fmt::format("scenario {}, {} policies{}\n\n", options.scenario_file, runs.size(),
                     clients > 1 ? fmt::format(" (latency and blocked: the worst of its {} clients)", clients) : "");
  out << table_text(runs, winner);
  if (winner) out << components_text(runs, *winner);
  out << "\nverdict: " << verdict.front() << "\n";
  for (std::size_t i = 1; i < verdict.size(); ++i) out << "  - " << verdict[i] << "\n";
  int status = winner ? 0 : kExitNoAnswer;
  if (std::any_of(runs.begin(), runs.end(), [](const PolicyRun& r) { return !r.ran; })) status = kExitNoAnswer;
  if (!options.out_dir.empty()) {
    write_files(options, runs, winner, verdict, budgets);
    if (options.plot && plot(options, out, errors) != 0) status = kExitNoAnswer;
  }
  return status;
}

}  // namespace wakesim
