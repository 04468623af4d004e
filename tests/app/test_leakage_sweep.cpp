// scenarios/leakage_temperature_sweep.yaml: every leakage power of the pl330 path
// scaled by 1x, 2x, 4x and 8x (25 to 85 C), against hand calculations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

using Row = std::map<std::string, std::string>;

// results.csv as maps from column name to field (the sweep's fields hold no commas).
std::vector<Row> read_results(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> header;
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (header.empty()) {
      header = fields;
      continue;
    }
    Row row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

double number(const Row& row, const std::string& column) {
  const auto it = row.find(column);
  REQUIRE(it != row.end());
  return std::stod(it->second);
}

// The leakage factor of a point: its pd_dma on_power over the room-temperature 2 mW.
int factor(const Row& row) { return static_cast<int>(std::stod(row.at("platform.domains.1.on_power")) / 2); }

}  // namespace

TEST_CASE("the leakage sweep scales every static power and widens the price of a domain that never powers off",
          "[app][parameters][sweep][slow]") {
  const fs::path out = fresh_directory("leakage-sweep");
  const auto outcome =
      run_wakesim_args("sweep " + shell_quoted(source_path("scenarios/leakage_temperature_sweep.yaml")) + " --out " +
                       shell_quoted(out.string()) + " -j 2");
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  const std::vector<Row> rows = read_results(out / "results.csv");
  REQUIRE(rows.size() == 5 * 3 * 4);
  // energy[policy][delay][factor]
  std::map<std::string, std::map<std::string, std::map<int, double>>> energy;
  for (const Row& row : rows) {
    REQUIRE(row.at("status") == "ok");
    const std::string policy = row.at("scenario.clients.0.policy");
    const int k = factor(row);
    energy[policy][row.at("scenario.clients.0.autosuspend_delay")][k] = number(row, "energy_J");
    // irq_safe pins pd_dma on (genpd never powers off a domain holding an irq-safe
    // device) and always_on never suspends: the domain leaks on_power for the whole
    // 1 s with no transition: k x 2 mW x 1 s.
    if (policy == "irq_safe" || policy == "always_on")
      CHECK(number(row, "energy.components.pd_dma.total_J") == Approx(k * 2e-3).epsilon(1e-9));
  }
  for (const auto& [delay, by_factor] : energy["always_on"]) {
    INFO("always_on, autosuspend " << delay);
    // Nothing suspends: only the always-on leakage moves, (k - 1) x (top 1 mW +
    // pd_dma 2 mW) x 1 s above room temperature.
    for (int k : {2, 4, 8}) CHECK(by_factor.at(k) - by_factor.at(1) == Approx((k - 1) * 3e-3).epsilon(1e-6));
  }
  // The suspending policies pay a fraction of the leakage: with an autosuspend
  // below the 30 ms period the gap to always_on grows with the temperature; with
  // 200 ms nothing suspends between jobs and the gap moves only by the boot
  // segment before the first resume (under 200 us of the 3 mW always_on pays).
  for (const std::string policy : {"sync", "async", "early"}) {
    for (const auto& [delay, by_factor] : energy[policy]) {
      INFO(policy << ", autosuspend " << delay);
      const auto gap = [&, &delay = delay, &by_factor = by_factor](int k) {
        return energy["always_on"][delay].at(k) - by_factor.at(k);
      };
      for (int k : {2, 4, 8}) {
        if (delay == "200ms")
          CHECK(gap(k) == Approx(gap(1)).margin((k - 1) * 3e-3 * 200e-6));
        else
          CHECK(gap(k) > gap(k / 2) + 1e-4 * (k / 2));
      }
    }
  }
  fs::remove_all(out);
}
