#pragma once
// What the IOMMU power binding's wrapped driver calls did (IommuPowerManager).
#include <cstdint>

#include <systemc>

namespace wakesim {

struct IommuPowerManagerStats {
  std::uint64_t maps = 0;
  std::uint64_t map_errors = 0;  // the driver refused the map (not a PM error)
  std::uint64_t unmaps = 0;
  std::uint64_t programs = 0;       // create/destroy_context, attach/detach_stream
  std::uint64_t invalidations = 0;  // Iommu invalidation calls the driver issued
  // Of those, made while the IOMMU was not ACTIVE: no register writes, nothing
  // paid (the Exynos driver skips the invalidate unless the SysMMU is active;
  // the model still drops the entries, so nothing stale is ever used).
  std::uint64_t invalidations_skipped = 0;
  // Runtime-PM gets of the binding that could block (get_sync, resume_and_get),
  // the ones that returned an error (the call was then not made), and those made
  // from atomic context while the IOMMU was not ACTIVE and not irq-safe: the
  // kernel's might_sleep() bug (counted as __pm_runtime_resume checks it).
  std::uint64_t pm_gets = 0;
  std::uint64_t pm_errors = 0;
  std::uint64_t might_sleep_violations = 0;
  // domain_activate: the masters' runtime resumes and suspends that activated
  // and deactivated the IOMMU (omap_iommu_domain_activate/deactivate).
  std::uint64_t activations = 0;
  std::uint64_t deactivations = 0;
  // Time the calling threads spent blocked in those gets (the resumes they paid),
  // and in the wrapped calls altogether (the gets plus the driver's costs).
  sc_core::sc_time pm_wait = sc_core::SC_ZERO_TIME;
  sc_core::sc_time call_time = sc_core::SC_ZERO_TIME;
};

}  // namespace wakesim
