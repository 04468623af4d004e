#include "wakesim/app/flat_metrics.h"

namespace wakesim {
namespace {

template <class Json>
void flatten(const Json& node, const std::string& path, FlatMetrics& numbers) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) flatten(value, path.empty() ? key : path + "." + key, numbers);
  } else if (node.is_number()) {
    numbers[path] = node.template get<double>();
  } else if (node.is_boolean()) {
    numbers[path] = node.template get<bool>() ? 1.0 : 0.0;
  }
}

bool matches(const std::string& name, const std::string& prefix, const std::string& suffix) {
  return name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

FlatMetrics flatten_metrics(const nlohmann::ordered_json& metrics) {
  FlatMetrics numbers;
  flatten(metrics, "", numbers);
  return numbers;
}

FlatMetrics flatten_metrics(const nlohmann::json& metrics) {
  FlatMetrics numbers;
  flatten(metrics, "", numbers);
  return numbers;
}

std::optional<double> worst_of(const FlatMetrics& metrics, const std::string& prefix, const std::string& suffix) {
  std::optional<double> worst;
  for (auto it = metrics.lower_bound(prefix); it != metrics.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it)
    if (matches(it->first, prefix, suffix) && (!worst || it->second > *worst)) worst = it->second;
  return worst;
}

double sum_of(const FlatMetrics& metrics, const std::string& prefix, const std::string& suffix) {
  double sum = 0.0;
  for (auto it = metrics.lower_bound(prefix); it != metrics.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it)
    if (matches(it->first, prefix, suffix)) sum += it->second;
  return sum;
}

}  // namespace wakesim
