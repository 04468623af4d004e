#pragma once
// The interconnect's and the DRAM's part of a report (docs/reading-a-report.md,
// "Bus and memory"): report.json's `bus` and `memory` sections and their lines
// in the text summary. Times are in microseconds, like the rest of the report;
// utilisations and fractions are plain ratios in [0, 1].
#include <string>

#include <nlohmann/json.hpp>
#include <systemc>

namespace wakesim {

class Platform;

// Per initiator port (named as Platform::Segment does) and per target port:
// transactions, bytes, busy time, utilisation over `measured` and the wait
// distribution. With several segments or bridges: `segments` (each as the one
// bus) and `bridges`, and `bytes` counts what reached the DRAM.
nlohmann::ordered_json bus_json(Platform& platform, const sc_core::sc_time& measured);

// The DRAM: accesses, row outcomes in total and per bank, data-bus busy time,
// utilisation and wait, and the time in each power state. With several
// channels: their sums, and each channel under `channels`. The DRAM's accounting
// must be up to date (Platform::update_accounting()).
nlohmann::ordered_json memory_json(Platform& platform, const sc_core::sc_time& measured);

// A few lines for the text summary from metrics["bus"] and metrics["memory"].
std::string fabric_summary_text(const nlohmann::ordered_json& metrics);

}  // namespace wakesim
