#pragma once
// The power figures of one IOMMU under its binding (IommuPowerManager::report()).
#include <optional>

#include <systemc>

#include "wakesim/core/units.h"
#include "wakesim/drivers/iommu_power_binding.h"
#include "wakesim/drivers/iommu_power_manager_stats.h"

namespace wakesim {

struct IommuPowerReport {
  IommuPowerBinding binding = IommuPowerBinding::device_link;
  // From the IOMMU's RpmDevice: transitions, and time not suspended (RESUMING
  // and SUSPENDING included) and suspended while runtime PM was enabled.
  unsigned long resumes = 0;
  unsigned long suspends = 0;
  sc_core::sc_time active_time = sc_core::SC_ZERO_TIME;
  sc_core::sc_time suspended_time = sc_core::SC_ZERO_TIME;
  // The energy of the IOMMU's ledger components up to the report (only with a ledger).
  std::optional<Energy> energy;
  IommuPowerManagerStats calls;
};

}  // namespace wakesim
