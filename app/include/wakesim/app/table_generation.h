#pragma once
// A sweep directory's tables (results.csv and pareto.csv) are written as one
// generation, so a reader never finds one file of one run next to the other of
// another run, even when a run is killed or the disk fills between the two
// writes (docs/reading-a-report.md, "A sweep's results.csv and pareto.csv"):
//
//   DIR/results.csv -> tables/results.csv   symlinks, made once
//   DIR/pareto.csv  -> tables/pareto.csv
//   DIR/tables      -> tables.N             the current generation
//   DIR/tables.N/                           generation N: both files, never changed
//
// Publishing writes every file of generation N+1 into tables.N+1.partial,
// flushes them, renames that directory to tables.N+1 and only then replaces the
// `tables` symlink by rename(2), the one atomic step: before it every path reads
// generation N, after it N+1, and a failure before it leaves generation N whole.
// The generation before the current one is kept, for a reader that resolved
// `tables` (realpath, cd) just before the switch; older ones are removed.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace wakesim {

// Publishes `files` (name, content) as DIR's next generation. Throws
// std::runtime_error naming the file that could not be written and why; the
// current generation is then untouched.
void publish_table_generation(const std::filesystem::path& dir,
                              const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace wakesim
