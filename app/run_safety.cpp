#include "wakesim/app/run_safety.h"

#include <algorithm>

#include <fmt/format.h>

namespace wakesim {
namespace {

std::string counted(double count, const char* singular, const char* plural) {
  return fmt::format("{} {}", count, count == 1.0 ? singular : plural);
}

}  // namespace

std::string RunSafety::reason_text() const {
  std::string text;
  for (const std::string& reason : reasons) text += (text.empty() ? "" : "; ") + reason;
  return text;
}

RunSafety assess_safety(const FlatMetrics& m) {
  RunSafety safety;
  const double isolation = sum_of(m, "iommus.", ".isolation_violations");
  const double bypassed = sum_of(m, "iommus.", ".isolation_bytes");
  // The PM core counts every violation; a client's count is the part its own
  // calls made, so the larger of the two is the total.
  const auto system = m.find("power.might_sleep_violations");
  const double might_sleep =
      std::max(system == m.end() ? 0.0 : system->second, sum_of(m, "clients.", ".might_sleep_violations"));
  const double faults = sum_of(m, "iommus.", ".faults");
  const double errors = sum_of(m, "clients.", ".errors");
  const double map_errors = sum_of(m, "clients.", ".map_errors");
  const double misses = sum_of(m, "clients.", ".deadline_misses");
  if (isolation > 0)
    safety.reasons.push_back(fmt::format("{} ({} bytes went through a suspended IOMMU untranslated)",
                                         counted(isolation, "isolation violation", "isolation violations"), bypassed));
  if (might_sleep > 0)
    safety.reasons.push_back(counted(might_sleep, "might-sleep violation", "might-sleep violations"));
  if (faults > 0) safety.reasons.push_back(counted(faults, "IOMMU fault", "IOMMU faults"));
  if (errors > 0) safety.reasons.push_back(counted(errors, "failed transfer", "failed transfers"));
  if (map_errors > 0) safety.reasons.push_back(counted(map_errors, "failed mapping", "failed mappings"));
  if (misses > 0) safety.reasons.push_back(counted(misses, "deadline miss", "deadline misses"));
  safety.safe = safety.reasons.empty();
  return safety;
}

}  // namespace wakesim
