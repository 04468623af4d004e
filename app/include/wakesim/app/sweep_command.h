#pragma once
// `wakesim sweep SWEEP --out DIR [-j N] [--shard K/N]` and `wakesim merge DIR ...
// --out OUT` (docs/architecture.md, 'Scenarios, runs, sweeps and checks').
//
// Before DIR is touched, every point is read and checked as `run` would read it
// (sweep_plan.h): a bad point is exit 2 naming it, and nothing is created.
// A sweep runs each distinct configuration as its own `wakesim run` process, at
// most N at once; points of the same effective configuration share one run.
// DIR holds:
//   sweep.json           the manifest (sweep_manifest.h): every point (index, id,
//                        axis values), the same for every shard; a DIR holding a
//                        sweep of another name is refused, one of the same name
//                        takes the new manifest and keeps its finished points
//   sweep.lock           flock(2)ed while a sweep or merge writes DIR (directory_lock.h)
//   points/ID/           a finished point's report.json and summary.csv; ID is a
//                        hash of the point's effective configuration
//   failed/ID.json       a failed point's exit status and error (retried next time)
//   results.csv, pareto.csv   this run's points (see sweep_results.h), symlinks
//                        into the current generation tables.N (table_generation.h)
// A point's directory appears whole (its run writes into ID.partial, renamed when
// done), so a killed sweep loses only the points in flight, and running it again
// skips every finished point. A point that cannot be written for want of space
// stops the sweep (exit 1, one line); the rerun goes on from there. With
// --shard K/N the sweep runs the points whose configuration's first point has
// an index of K-1 modulo N; `merge` joins shard directories (on a shared or
// copied file system) into one results.csv equal to the unsharded sweep's.
#include <iosfwd>
#include <string>
#include <vector>

#include "wakesim/app/sweep_results.h"

namespace wakesim {

struct SweepOptions {
  std::string sweep_file;
  std::string out_dir;
  unsigned jobs = 1;
  std::string shard;                      // "K/N", empty for all
  bool terminal = false;                  // redraw one progress line
  std::string objectives = "energy,p99";  // the Pareto set's (sweep_results.h)
  bool include_unsafe = false;            // unsafe points may be on the front
};

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out_dir;
  std::string objectives = "energy,p99";
  bool include_unsafe = false;
};

// Exit codes: 0 every point of the run ok, 1 some point failed (all recorded) or
// DIR could not be written (a full disk), 2 bad input (the sweep file or a point
// of it, --shard, a DIR holding another sweep, in use, or not writable).
int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& errors);
// Exit codes: 0 every point present and ok, 1 some failed or missing (results
// written anyway) or OUT could not be written, 2 bad input (not sweep
// directories, different sweeps or versions of one, OUT in use or not writable).
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
// every point's configuration read and checked as `sweep` checks it, with the
// same messages (points are not elaborated: a sweep may hold 100000). Exit 0 or 2.
int validate_inputs(const std::vector<std::string>& files, std::ostream& out, std::ostream& errors);

}  // namespace wakesim
