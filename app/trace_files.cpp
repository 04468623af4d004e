#include "trace_files.h"

#include <filesystem>
#include <utility>
#include <vector>

namespace wakesim {

TraceFiles::TraceFiles(const std::string& directory, bool chrome_json, bool vcd, TraceWindow window,
                       const TraceInfo& info) {
  std::filesystem::create_directories(directory);
  const std::filesystem::path dir(directory);
  std::vector<TraceWriter*> writers;
  if (chrome_json) {
    json_file_ = std::make_unique<AtomicOutputFile>((dir / "trace.json").string());
    chrome_writer_ = std::make_unique<ChromeTraceWriter>(*json_file_, info);
    writers.push_back(chrome_writer_.get());
  }
  if (vcd) {
    vcd_file_ = std::make_unique<AtomicOutputFile>((dir / "power.vcd").string());
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
