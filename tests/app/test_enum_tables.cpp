// Every enum's name table (core/enum_names.h), as the reports print and the
// readers parse them: each enumerator of the enum is listed once, under a name
// of its own, and that name parses back to it.
#include <catch2/catch.hpp>

#include <cstddef>
#include <set>
#include <string>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/enum_names.h"
#include "wakesim/core/latency_distribution.h"
#include "wakesim/core/replacement_policy.h"
#include "wakesim/cpu/cpu_cause.h"
#include "wakesim/dma/dma_completion.h"
#include "wakesim/dma/dma_controller_params.h"
#include "wakesim/drivers/dmaengine_client_params.h"
#include "wakesim/drivers/iommu_power_binding.h"
#include "wakesim/drivers/resume_policy.h"
#include "wakesim/iommu/iommu_fault.h"
#include "wakesim/iommu/iommu_params.h"
#include "wakesim/iommu/page_table_format.h"
#include "wakesim/platforms/scenario_spec.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_types.h"
#include "wakesim/workload/bursty_source.h"
#include "wakesim/workload/job_addressing.h"
#include "wakesim/workload/job_request.h"
#include "wakesim/workload/periodic_source.h"

using namespace wakesim;

namespace {

// `count` is the number of enumerators the enum declares (values 0 .. count-1):
// the table must list each of them exactly once.
template <class E, std::size_t N>
void check_table(const EnumNames<E, N>& table, std::size_t count) {
  CHECK(N == count);
  std::set<std::string> names;
  std::set<std::size_t> values;
  for (const auto& [value, name] : table.entries()) {
    INFO("enumerator " << static_cast<std::size_t>(value) << " named " << name);
    CHECK(std::string(name) != "?");
    CHECK(!std::string(name).empty());
    CHECK(names.insert(name).second);
    CHECK(values.insert(static_cast<std::size_t>(value)).second);
    CHECK(static_cast<std::size_t>(value) < count);
    CHECK(table.parse(table.name(value)) == value);
  }
  CHECK(std::string(table.name(static_cast<E>(count))) == "?");
}

}  // namespace

TEST_CASE("every enum name table lists each enumerator once under a unique name that parses back",
          "[app][enum_names]") {
  check_table(kEnergyCategoryNames, 3);
  check_table(kLatencyDistributionKindNames, 3);
  check_table(kCpuCauseNames, kCpuCauseCount);
  check_table(kDmaKindNames, 3);
  check_table(kDmaStatusNames, 2);
  check_table(kDmaErrorNames, 3);
  check_table(kDmaWhenSuspendedNames, 2);
  check_table(kEarlyResumeNames, 4);
  check_table(kOversizeJobNames, 2);
  check_table(kBufferMappingNames, 2);
  check_table(kIommuPowerBindingNames, 6);
  check_table(kResumePolicyNames, 5);
  check_table(kIommuFaultKindNames, kIommuFaultKinds);
  check_table(kIommuWhenSuspendedNames, 3);
  check_table(kIommuUnboundStreamNames, 2);
  check_table(kPageTableFormatKindNames, 4);
  check_table(kReplacementPolicyNames, 3);
  check_table(kPowerDomainGovernorNames, 3);
  check_table(kRpmStatusNames, 4);
  check_table(kRpmRequestNames, 5);
  check_table(kCallContextNames, 2);
  check_table(kAutosuspendTimerSlackNames, 3);
  check_table(kBurstLengthShapeNames, 2);
  check_table(kIntervalShapeNames, 2);
  check_table(kAddressPatternNames, 4);
  check_table(kJobDirectionNames, 3);
  check_table(kJitterShapeNames, 2);
  check_table(kDeadlineFromNames, 2);
  check_table(kWorkloadKindNames, 5);
}
