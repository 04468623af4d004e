#pragma once
// The power binding of one IOMMU (DESIGN.md §4 "IOMMU power bindings"; KERNEL-PM.md
// §6 device links, DRV-01 Exynos SysMMU, DRV-02 arm-smmu): it ties the IOMMU's
// RpmDevice to its masters' and wraps the IommuDriver's calls in what the
// binding's kernel driver does around them. Use these calls instead of the
// driver's, so the binding sees every mapping.
//
// Per binding (IommuPowerBinding), at add_master() / setup() and around a call:
//   device_link   add_master: device_link_add(master, iommu, DL_FLAG_STATELESS |
//                 DL_FLAG_PM_RUNTIME), one link per master (Exynos probe_device).
//                 The runtime PM core then resumes the IOMMU before the master's
//                 resume callback and holds it while the master is active (DL-05,
//                 DL-06); when the master suspends it queues an idle for the IOMMU,
//                 which suspends after the pm_wq dispatch (DL-07).
//                 Calls: get_noresume; the call; put_noidle. Nothing resumes: on a
//                 suspended IOMMU map/unmap only write the page tables, which the
//                 next resume applies, and the invalidation after an unmap costs
//                 nothing and is counted as skipped (Exynos: program the hardware
//                 only if pm_runtime_active).
//   while_mapped  map: get_sync before the first mapping; unmap (or a failed map,
//                 or destroy_context): put_autosuspend (put without autosuspend)
//                 once no mapping is left. Other calls: nothing (on a suspended IOMMU
//                 they are recorded and replayed, as above).
//   self_managed  every call: resume_and_get before, put_autosuspend after, with
//                 the IOMMU's own autosuspend (arm-smmu's arm_smmu_rpm_get/put; as
//                 there, only while the IOMMU's runtime PM is enabled). No runtime-PM
//                 link, so a master's DMA can meet a suspended IOMMU: what it then
//                 does is the Iommu's power.when_suspended (bypass, abort, stall).
//                 (Mainline arm-smmu also links its masters with DL_FLAG_PM_RUNTIME,
//                 DRV-02, i.e. device_link's resume-with-master plus this bracket;
//                 that combination is not one of the bindings.)
//   always_on     setup: get_sync, never put. Calls: nothing.
// setup() (the IOMMU driver's probe/attach) configures the autosuspend and enables
// runtime PM when nobody has yet (a device already enabled was configured by the
// platform and is left alone).
//
// Contexts: every call takes the CallContext it is made from. A get that may
// sleep (get_sync, resume_and_get on an IOMMU that is not ACTIVE and not
// irq-safe) from atomic context is the kernel's might-sleep bug: it is counted
// here and by the RpmDevice, and the call still goes on (the model cannot oops).
// Calls that may resume the IOMMU, or that cost time, must run in a SystemC
// thread; device_link's calls and add_master never block on runtime PM.
//
// Masters must be added before they first resume (at probe, as Exynos does): a
// master already ACTIVE when linked holds no reference on the IOMMU until its
// next resume (device_link_add without DL_FLAG_RPM_ACTIVE).
#include <cstdint>
#include <string>
#include <vector>

#include "core/energy_ledger.h"
#include "drivers/iommu_driver.h"
#include "drivers/iommu_power_manager_params.h"
#include "drivers/iommu_power_manager_stats.h"
#include "drivers/iommu_power_report.h"
#include "power/rpm_types.h"

namespace wakesim {

class DeviceLink;
class RpmDevice;

class IommuPowerManager {
 public:
  // The IOMMU is driver.iommu(), its RpmDevice driver.iommu().device(). With a
  // ledger, report() gives the energy of the IOMMU's components in it. The driver
  // and the ledger must outlive the manager.
  IommuPowerManager(IommuDriver& driver, const IommuPowerManagerParams& params,
                    EnergyLedger* ledger = nullptr);
  IommuPowerManager(const IommuPowerManager&) = delete;
  IommuPowerManager& operator=(const IommuPowerManager&) = delete;

  // A master (consumer) of the IOMMU. 0, or -EINVAL if the core refused the link
  // (a cycle: the IOMMU depends on the master).
  int add_master(RpmDevice& master);
  // Probe/attach: autosuspend (self_managed, while_mapped) and enable when runtime
  // PM is not enabled yet; always_on: get_sync from `context`. 0, -EBUSY if already
  // set up, or the get's error (then undone, and setup may be retried).
  int setup(CallContext context = CallContext::process);
  bool ready() const { return ready_; }

  // --- the IommuDriver's calls, wrapped (same results; a binding's get that fails
  //     returns its error and the driver is not called) ----------------------------
  int create_context(unsigned context, PageTableFormatKind kind, std::uint32_t asid,
                     CallContext call_context = CallContext::process);
  int destroy_context(unsigned context, CallContext call_context = CallContext::process);
  int attach_stream(unsigned port, std::uint32_t stream, unsigned context,
                    CallContext call_context = CallContext::process);
  int detach_stream(unsigned port, std::uint32_t stream,
                    CallContext call_context = CallContext::process);
  int map(unsigned context, std::uint64_t iova, std::uint64_t phys, std::uint64_t size,
          AccessPermissions perms, CallContext call_context = CallContext::process);
  UnmapResult unmap(unsigned context, std::uint64_t iova, std::uint64_t size,
                    CallContext call_context = CallContext::process);
  int flush_context(unsigned context, CallContext call_context = CallContext::process);
  int flush_all(CallContext call_context = CallContext::process);

  // True while any context's page table maps anything.
  bool mapped() const;
  // while_mapped: true while the binding holds its reference.
  bool holding_for_mappings() const { return mapping_hold_; }

  // Flushes the IOMMU's residency (its RpmDevice and PowerDomain) up to now and
  // reads the figures.
  IommuPowerReport report();
  // The components report() sums (see IommuPowerManagerParams::energy_components).
  std::vector<std::string> energy_components() const;

  IommuPowerBinding binding() const { return params_.binding; }
  const IommuPowerManagerParams& params() const { return params_; }
  const IommuPowerManagerStats& stats() const { return stats_; }
  IommuDriver& driver() { return driver_; }
  RpmDevice& device() const;
  const std::vector<RpmDevice*>& masters() const { return masters_; }
  // The links add_master() made, in order (none for bindings without links).
  const std::vector<DeviceLink*>& links() const { return links_; }

 private:
  enum class CallKind { map, unmap, other };
  // What enter() did, for leave() to undo.
  struct Bracket {
    int error = 0;       // the binding's get failed: the call is not made
    bool held = false;   // a reference to drop after the call
  };

  Bracket enter(CallKind kind, CallContext context);
  void leave(const Bracket& bracket, CallContext context);
  // Runs `call` inside the binding's bracket and counts what it did; when the
  // bracket's get fails, returns refuse(its error) instead.
  template <class Result, class Call>
  Result bracketed(CallKind kind, CallContext context, Result (*refuse)(int), Call call);
  // get_sync or resume_and_get with the might-sleep check and the time blocked.
  int blocking_get(bool resume_and_get, CallContext context);
  // arm-smmu's condition for arm_smmu_rpm_get/put: the IOMMU's runtime PM is on.
  bool runtime_pm_enabled() const;
  void release_mapping_hold(CallContext context);
  bool uses_own_autosuspend() const;

  IommuDriver& driver_;
  IommuPowerManagerParams params_;
  EnergyLedger* ledger_;
  std::vector<RpmDevice*> masters_;
  std::vector<DeviceLink*> links_;
  bool ready_ = false;
  bool mapping_hold_ = false;
  IommuPowerManagerStats stats_;
};

}  // namespace wakesim
