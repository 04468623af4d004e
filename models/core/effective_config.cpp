#include "wakesim/core/effective_config.h"

#include <algorithm>

namespace wakesim {

void EffectiveConfig::record(const std::string& path, nlohmann::json value) {
  auto it = std::find_if(values_.begin(), values_.end(), [&](const auto& entry) { return entry.first == path; });
  if (it != values_.end())
    it->second = std::move(value);
  else
    values_.emplace_back(path, std::move(value));
}

nlohmann::ordered_json EffectiveConfig::to_json() const {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  for (const auto& [path, value] : values_) {
    nlohmann::ordered_json* node = &root;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = path.find('.', start);
      const std::string segment = path.substr(start, dot - start);
      if (dot == std::string::npos) {
        (*node)[segment] = value;
        break;
      }
      node = &(*node)[segment];
      start = dot + 1;
    }
  }
  return root;
}

}  // namespace wakesim
