#include "wakesim/app/command_line.h"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <systemc>

#include "wakesim/app/advise_command.h"
#include "wakesim/app/check_command.h"
#include "wakesim/app/compare_command.h"
#include "wakesim/app/escaped_exception.h"
#include "wakesim/app/metric_catalogue.h"
#include "wakesim/app/run_command.h"
#include "wakesim/app/sweep_command.h"
#include "wakesim/core/input_file.h"
#include "wakesim/core/quiet_systemc_banner.h"
#include "wakesim/core/units.h"
#include "wakesim/core/version.h"

namespace wakesim {
namespace {

// --max-input-size (or WAKESIM_MAX_INPUT_SIZE, which CLI11 reads into it), kept
// in the environment so the runs a sweep or compare starts read with the same limit.
bool apply_max_input_size(const std::string& text) {
  if (text.empty()) return true;
  try {
    set_max_input_bytes(parse_size(text).bytes);
  } catch (const UnitError& error) {
    std::cerr << "wakesim: --max-input-size / WAKESIM_MAX_INPUT_SIZE: " << error.what() << "\n";
    return false;
  }
  ::setenv("WAKESIM_MAX_INPUT_SIZE", text.c_str(), 1);
  return true;
}

}  // namespace

int run_command_line(int argc, char* argv[]) {
  CLI::App app{"wakesim: runtime PM, IOMMU and DMA timing and energy simulator"};
  app.set_version_flag("--version", std::string("wakesim ") + WAKESIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --max-input-size also after the subcommand
  std::string max_input_size;
  app.add_option("--max-input-size", max_input_size,
                 "largest input file read, with a unit (default 256MiB): platforms, scenarios, traces")
      ->envname("WAKESIM_MAX_INPUT_SIZE");

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "simulate one scenario");
  run_cmd->add_option("scenario", run.scenario_file, "scenario file")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--set", run.overrides, "override a key: dotted.path=value (platform.* for the platform)");
  run_cmd->add_option("--out", run.out_dir, "write report.json and summary.csv here");
  run_cmd->add_flag("--quiet", run.quiet, "no summary on stdout");
  run_cmd->add_flag("--trace", run.trace, "also write trace.json (Chrome/Perfetto timeline) into --out");
  run_cmd->add_flag("--vcd", run.vcd, "also write power.vcd (power states for GTKWave) into --out");
  run_cmd->add_option("--trace-window", run.trace_window,
                      "record traces only in START:END (durations with units, e.g. 0s:100ms)");

  std::vector<std::string> files;
  CLI::App* validate_cmd = app.add_subcommand("validate", "check scenario and sweep files without simulating");
  validate_cmd->add_option("files", files, "scenario or sweep files")->required();

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "compare a run's metrics with a baseline (exit 1 on drift)");
  check_cmd->add_option("dir", check.run_dir, "a run's output directory (with report.json)")->required();
  check_cmd->add_option("--baseline", check.baseline_file, "baseline JSON")->required();
  check_cmd->add_option("--rtol", check.rtol, "relative tolerance for every metric (default: the baseline's)");
  check_cmd->add_option("--atol", check.atol, "absolute tolerance for every metric (default: the baseline's)");
  check_cmd->add_flag("--write-baseline", check.write_baseline, "write the baseline from DIR instead");
  check_cmd->add_flag("--strict", check.strict, "fail on metrics of the run that the baseline does not have");
  check_cmd->add_option("--format", check.format, "text (default), junit (JUnit XML) or json, on stdout")
      ->check(CLI::IsMember({"text", "junit", "json"}));

  SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "run every point of a sweep, one process each; resumable");
  sweep_cmd->add_option("sweep", sweep.sweep_file, "sweep file")->required()->check(CLI::ExistingFile);
  sweep_cmd->add_option("--out", sweep.out_dir, "sweep directory (points, results.csv, pareto.csv)")->required();
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "points run at once")->check(CLI::Range(1u, 1024u));
  sweep_cmd->add_option(
      "--shard", sweep.shard,
      "K/N: run only the points whose index (that of their configuration's first point) is K-1 modulo N");
  sweep_cmd->add_option("--objectives", sweep.objectives,
                        "the Pareto set's objectives, minimised: energy, p99, caller_blocked (default energy,p99)");
  sweep_cmd->add_flag("--include-unsafe", sweep.include_unsafe, "let unsafe points onto the Pareto front");

  MergeOptions merge;
  CLI::App* merge_cmd = app.add_subcommand("merge", "join shard directories of one sweep into one results.csv");
  merge_cmd->add_option("dirs", merge.dirs, "sweep directories")->required();
  merge_cmd->add_option("--out", merge.out_dir, "where results.csv and pareto.csv go")->required();
  merge_cmd->add_option("--objectives", merge.objectives, "as for sweep");
  merge_cmd->add_flag("--include-unsafe", merge.include_unsafe, "as for sweep");

  CompareOptions compare;
  CLI::App* compare_cmd =
      app.add_subcommand("compare", "run a scenario under each resume policy and say which one to take");
  compare_cmd->add_option("scenario", compare.scenario_file, "scenario file")->required()->check(CLI::ExistingFile);
  compare_cmd->add_option("--policies", compare.policies,
                          "comma-separated (default sync,async,irq_safe,always_on,early)");
  compare_cmd->add_option("--set", compare.overrides, "override a key for every run: dotted.path=value");
  compare_cmd->add_option("--budget", compare.budgets, "METRIC<=VALUE the answer must meet (p99_us<=500, ...)");
  compare_cmd->add_option("--out", compare.out_dir, "keep the runs, compare.json and compare.csv here");
  compare_cmd->add_option("-j,--jobs", compare.jobs, "runs at once")->check(CLI::Range(1u, 1024u));
  compare_cmd->add_flag("--plot", compare.plot, "also draw compare.png and compare.svg into --out");

  AdviseOptions advise;
  CLI::App* advise_cmd = app.add_subcommand("advise", "the least-energy safe configuration of a sweep within a budget");
  advise_cmd->add_option("sweep_dir", advise.sweep_dir, "a sweep's --out directory")->required();
  advise_cmd->add_option("--budget", advise.budgets, "METRIC<=VALUE the answer must meet (p99_us<=500, ...)");
  advise_cmd->add_option("--format", advise.format, "text or json")->check(CLI::IsMember({"text", "json"}));

  std::string metrics_format = "text";
  CLI::App* metrics_cmd = app.add_subcommand("metrics", "list every metric with its unit and meaning");
  metrics_cmd->add_option("--format", metrics_format, "text or markdown")->check(CLI::IsMember({"text", "markdown"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  if (!apply_max_input_size(max_input_size)) return 2;
  if (*run_cmd) return run_scenario(run, std::cout, std::cerr);
  if (*check_cmd) return check_run(check, std::cout, std::cerr);
  if (*sweep_cmd) {
    sweep.terminal = ::isatty(STDERR_FILENO) != 0;
    return run_sweep(sweep, std::cout, std::cerr);
  }
  if (*merge_cmd) return merge_sweeps(merge, std::cout, std::cerr);
  if (*compare_cmd) return compare_policies(compare, std::cout, std::cerr);
  if (*advise_cmd) return advise_sweep(advise, std::cout, std::cerr);
  if (*metrics_cmd) {
    std::cout << (metrics_format == "markdown" ? metric_catalogue_markdown() : metric_catalogue_text());
    return 0;
  }
  return validate_inputs(files, std::cout, std::cerr);
}

int wakesim_main(int argc, char* argv[]) {
  try {
    keep_memory_for_failure_reports();
    return run_command_line(argc, argv);
  } catch (...) {
    return report_escaped_exception(std::cerr);
  }
}

}  // namespace wakesim
