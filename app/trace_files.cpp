#include "wakesim/app/trace_files.h"

#include <filesystem>
#include <utility>
#include <vector>

#include <systemc>

namespace wakesim {
namespace {

// A trace that cannot be written is lost already: the run stops there instead of
// simulating on for nothing (complete() then reports the failure, in one line:
// SystemC's own note that the simulation was stopped is not shown).
void stop_simulation() {
  if (!sc_core::sc_is_running()) return;
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_stop();
}

}  // namespace

TraceFiles::TraceFiles(const std::string& directory, bool chrome_json, bool vcd, TraceWindow window,
                       const TraceInfo& info) {
  std::filesystem::create_directories(directory);
  const std::filesystem::path dir(directory);
  std::vector<TraceWriter*> writers;
  if (chrome_json) {
    json_file_ = std::make_unique<AtomicOutputFile>((dir / "trace.json").string(), stop_simulation);
    chrome_writer_ = std::make_unique<ChromeTraceWriter>(*json_file_, info);
    writers.push_back(chrome_writer_.get());
  }
  if (vcd) {
    vcd_file_ = std::make_unique<AtomicOutputFile>((dir / "power.vcd").string(), stop_simulation);
    vcd_writer_ = std::make_unique<VcdTraceWriter>(*vcd_file_, info);
    writers.push_back(vcd_writer_.get());
  }
  recorder_.emplace(window, std::move(writers));
}

void TraceFiles::complete(std::uint64_t end_ps) {
  recorder_->finish(end_ps);
  if (json_file_) json_file_->complete();
  if (vcd_file_) vcd_file_->complete();
}

void TraceFiles::commit() {
  if (json_file_) json_file_->commit();
  if (vcd_file_) vcd_file_->commit();
}

}  // namespace wakesim
