#pragma once
// What a run reports: report.json (schema version, tool version, the effective
// configuration, every metric), a one-row summary.csv, and a readable summary
// for the terminal. All three come from the same Report so they cannot disagree.
// Times are in microseconds, energies in joules, powers in watts.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wakesim {

class Scenario;

constexpr int kReportSchemaVersion = 1;

struct Report {
  nlohmann::ordered_json json;
  std::string summary_csv;
  std::string text;
};

// `overrides` are the run's --set assignments, kept in report.json and summary.csv
// so a row says what it was run with.
Report make_report(Scenario& scenario, const nlohmann::ordered_json& effective_configuration,
                   const std::vector<std::string>& overrides);

}  // namespace wakesim
