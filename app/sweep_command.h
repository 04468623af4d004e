#pragma once
// `wakesim sweep SWEEP --out DIR [-j N] [--shard K/N]` and `wakesim merge DIR ...
// --out OUT` (docs/architecture.md, 'Scenarios, runs, sweeps and checks').
//
// A sweep runs each point as its own `wakesim run` process, at most N at once.
// DIR holds:
//   sweep.json           the manifest: every point (index, id, axis values), the
//                        same for every shard; a DIR holding another sweep is refused
//   points/ID/           a finished point's report.json and summary.csv; ID is a
//                        hash of the point's effective configuration
//   failed/ID.json       a failed point's exit status and error (retried next time)
//   results.csv, pareto.csv   this run's points (see sweep_results.h)
// A point's directory appears whole (its run writes into ID.partial, renamed when
// done), so a killed sweep loses only the points in flight, and running it again
// skips every finished point. With --shard K/N the sweep runs the points whose
// index is K-1 modulo N; `merge` joins shard directories (on a shared or copied
// file system) into one results.csv equal to the unsharded sweep's.
#include <iosfwd>
#include <string>
#include <vector>

#include "sweep_results.h"

namespace wakesim {

struct SweepOptions {
  std::string sweep_file;
  std::string out_dir;
  unsigned jobs = 1;
  std::string shard;  // "K/N", empty for all
  bool terminal = false;  // redraw one progress line
  std::string objectives = "energy,p99";  // the Pareto set's (sweep_results.h)
  bool include_unsafe = false;            // unsafe points may be on the front
};

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out_dir;
  std::string objectives = "energy,p99";
  bool include_unsafe = false;
};

// Exit codes: 0 every point of the run ok, 1 some point failed (all recorded), 2
// bad input (the sweep file, --shard, a DIR holding another sweep).
int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& errors);
// Exit codes: 0 every point present and ok, 1 some failed or missing (results
// written anyway), 2 bad input (not sweep directories, or different sweeps).
int merge_sweeps(const MergeOptions& options, std::ostream& out, std::ostream& errors);

// A finished (or partly finished) sweep directory read back: its name, axes and
// one row per point. Throws std::runtime_error naming the file at fault.
struct SweepTable {
  std::string name;
  std::vector<std::string> axes;
  std::vector<SweepRow> rows;
};
SweepTable read_sweep_table(const std::string& dir);

// `wakesim validate FILE ...`: a scenario file as `run` would read and
// elaborate it (without simulating), a sweep file (top-level `sweep:`) with
// every point's configuration read and checked (points are not elaborated: a
// sweep may hold thousands). Exit 0 or 2.
int validate_inputs(const std::vector<std::string>& files, std::ostream& out, std::ostream& errors);

}  // namespace wakesim
