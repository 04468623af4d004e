#pragma once
// Whether a run is safe to recommend (docs/reading-a-report.md, "Safety"): a
// configuration is unsafe when its DMA went through a suspended IOMMU untranslated
// (isolation violations), a sleeping call was made in atomic context (might-sleep
// violations), the IOMMU faulted or a transfer or mapping failed, or a job missed
// its deadline. However cheap, an unsafe run is never the answer: compare, advise
// and the sweep's Pareto set leave it out.
#include <string>
#include <vector>

#include "wakesim/app/flat_metrics.h"

namespace wakesim {

struct RunSafety {
  bool safe = true;
  std::vector<std::string> reasons;  // one per kind of failure, with its count

  std::string reason_text() const;  // the reasons joined with "; ", empty when safe
};

RunSafety assess_safety(const FlatMetrics& metrics);

}  // namespace wakesim
