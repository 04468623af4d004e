#pragma once
// A report's metrics as one level of dotted paths ("clients.audio.latency.p99_us"
// -> 865.5): what results.csv, check, compare and advise work on. Numbers and
// booleans (as 0/1) are kept; strings and arrays are not metrics.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace wakesim {

using FlatMetrics = std::map<std::string, double>;

FlatMetrics flatten_metrics(const nlohmann::ordered_json& metrics);
FlatMetrics flatten_metrics(const nlohmann::json& metrics);

// The largest value over the paths "<prefix><anything><suffix>" (e.g. every
// client's "clients." ... ".latency.p99_us"), or nothing when no path matches.
std::optional<double> worst_of(const FlatMetrics& metrics, const std::string& prefix, const std::string& suffix);

// The sum over the same paths (0 when none matches).
double sum_of(const FlatMetrics& metrics, const std::string& prefix, const std::string& suffix);

}  // namespace wakesim
