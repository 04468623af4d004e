#pragma once
// Every metric wakesim reports: report.json's "metrics" object as dotted paths,
// with unit and meaning. `wakesim metrics` prints it, docs/metrics.md is made
// from it, and results.csv orders its metric columns by it. A test fails when a
// report holds a metric the catalogue does not name.
//
// A path segment in angle brackets stands for a name from the platform or
// scenario: <client>, <iommu>, <device>, <domain>, <cpu>, <cluster>, <state>
// (an idle state, or a DRAM power state under memory.), <cause> (a CPU cause,
// docs/cpu.md), <port> (an interconnect port), <bank> (a DRAM bank number); <component> is an energy
// ledger component and may itself hold dots ("cpus.cpu0").
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace wakesim {

struct MetricInfo {
  const char* path;
  const char* unit;
  const char* meaning;
};

const std::vector<MetricInfo>& metric_catalogue();

// The catalogue entry a concrete path matches (its index), if any.
std::optional<std::size_t> catalogue_index(const std::string& path);

// The columns results.csv and summary.csv add to the metrics: derived values.
const std::vector<MetricInfo>& derived_columns();

// The catalogue as a text table or as Markdown (docs/metrics.md).
std::string metric_catalogue_text();
std::string metric_catalogue_markdown();

}  // namespace wakesim
