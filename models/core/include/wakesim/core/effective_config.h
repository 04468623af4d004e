#pragma once
// The configuration a run actually used: every value the reader returned, keyed
// by its dotted path, including the defaults it substituted for absent keys.
// report.json embeds it so a result can be reproduced and compared; values with
// units are kept as their canonical text ("20ms"), numbers and booleans as JSON.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace wakesim {

class EffectiveConfig {
 public:
  // The latest value for a path wins (a path read twice is recorded once).
  void record(const std::string& path, nlohmann::json value);
  // Nested objects, one level per path segment, in first-recorded order of keys.
  nlohmann::ordered_json to_json() const;
  const std::vector<std::pair<std::string, nlohmann::json>>& values() const { return values_; }

 private:
  std::vector<std::pair<std::string, nlohmann::json>> values_;
};

}  // namespace wakesim
