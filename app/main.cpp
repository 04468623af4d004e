// The wakesim command line: parses arguments and dispatches; the work is in
// the wakesim_app library.
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <systemc>

#include "core/quiet_systemc_banner.h"
#include "check_command.h"
#include "run_command.h"
#include "sweep_command.h"

int sc_main(int argc, char* argv[]) {
  CLI::App app{"wakesim: runtime PM, IOMMU and DMA timing and energy simulator"};
  app.set_version_flag("--version", std::string("wakesim ") + WAKESIM_VERSION);
  app.require_subcommand(1);

  wakesim::RunOptions run;
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

  wakesim::CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "compare a run's metrics with a baseline (exit 1 on drift)");
  check_cmd->add_option("dir", check.run_dir, "a run's output directory (with report.json)")->required();
  check_cmd->add_option("--baseline", check.baseline_file, "baseline JSON")->required();
  check_cmd->add_option("--rtol", check.rtol, "relative tolerance for every metric (default: the baseline's)");
  check_cmd->add_option("--atol", check.atol, "absolute tolerance for every metric (default: the baseline's)");
  check_cmd->add_flag("--write-baseline", check.write_baseline, "write the baseline from DIR instead");
  check_cmd->add_flag("--strict", check.strict, "fail on metrics of the run that the baseline does not have");
  check_cmd->add_option("--format", check.format, "text (default), junit (JUnit XML) or json, on stdout")
      ->check(CLI::IsMember({"text", "junit", "json"}));

  wakesim::SweepOptions sweep;
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "run every point of a sweep, one process each; resumable");
  sweep_cmd->add_option("sweep", sweep.sweep_file, "sweep file")->required()->check(CLI::ExistingFile);
  sweep_cmd->add_option("--out", sweep.out_dir, "sweep directory (points, results.csv, pareto.csv)")->required();
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "points run at once")->check(CLI::Range(1u, 1024u));
  sweep_cmd->add_option("--shard", sweep.shard, "K/N: run only the points whose index is K-1 modulo N");

  wakesim::MergeOptions merge;
  CLI::App* merge_cmd = app.add_subcommand("merge", "join shard directories of one sweep into one results.csv");
  merge_cmd->add_option("dirs", merge.dirs, "sweep directories")->required();
  merge_cmd->add_option("--out", merge.out_dir, "where results.csv and pareto.csv go")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  if (*run_cmd) return wakesim::run_scenario(run, std::cout, std::cerr);
  if (*check_cmd) return wakesim::check_run(check, std::cout, std::cerr);
  if (*sweep_cmd) {
    sweep.terminal = ::isatty(STDERR_FILENO) != 0;
    return wakesim::run_sweep(sweep, std::cout, std::cerr);
  }
  if (*merge_cmd) return wakesim::merge_sweeps(merge, std::cout, std::cerr);
  return wakesim::validate_inputs(files, std::cout, std::cerr);
}
