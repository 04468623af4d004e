#pragma once
// The trace files of a run (`--trace`: trace.json, `--vcd`: power.vcd in the
// output directory), streamed while the models report to sink(): each is written
// to a temporary file in the directory as the run goes and renamed into place by
// commit() only when complete, so a file there is always whole, and a previous
// run's file stays until the new one is complete. Memory is bounded by the
// number of tracks and lanes (trace_recorder.h), however long the run. A write
// that fails (a full disk) stops the simulation; complete() reports it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "wakesim/app/atomic_output_file.h"
#include "wakesim/app/chrome_trace_writer.h"
#include "wakesim/app/trace_recorder.h"
#include "wakesim/app/vcd_trace_writer.h"

namespace wakesim {

class TraceFiles {
 public:
  // Creates `directory` if need be and the temporary files; throws
  // std::runtime_error (or std::filesystem::filesystem_error) if it cannot.
  TraceFiles(const std::string& directory, bool chrome_json, bool vcd, TraceWindow window, const TraceInfo& info);

  TraceSink& sink() { return *recorder_; }

  // The run ended at `end_ps`: finishes the files and flushes them to disk.
  // Throws std::runtime_error, one line naming the file, if one could not be
  // written (a full disk, say); nothing is then left of either.
  void complete(std::uint64_t end_ps);
  // Puts the completed files in place.
  void commit();

 private:
  std::unique_ptr<AtomicOutputFile> json_file_;
  std::unique_ptr<AtomicOutputFile> vcd_file_;
  std::unique_ptr<ChromeTraceWriter> chrome_writer_;
  std::unique_ptr<VcdTraceWriter> vcd_writer_;
  std::optional<TraceRecorder> recorder_;
};

}  // namespace wakesim
