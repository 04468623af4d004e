#pragma once
// The power binding of one IOMMU: it ties the IOMMU's RpmDevice to its masters'
// and wraps the IommuDriver's calls in what the binding's kernel driver does
// around them. Use these calls instead of the driver's, so the binding sees
// every mapping.
//
// Per binding (IommuPowerBinding), at add_master() / setup() and around a call:
//   device_link   add_master: device_link_add(master, iommu, DL_FLAG_STATELESS |
//                 DL_FLAG_PM_RUNTIME), one link per master (drivers/iommu/exynos-iommu.c
//                 exynos_iommu_probe_device()). The runtime PM core then resumes the
//                 IOMMU before the master's resume callback and holds it while the
//                 master is active (rpm_get_suppliers() in rpm_resume()); when the
//                 master suspends it queues an idle for the IOMMU, which suspends
//                 after the pm_wq dispatch (rpm_suspend_suppliers()).
//                 Calls: get_noresume; the call; put_noidle. Nothing resumes: on a
//                 suspended IOMMU map/unmap only write the page tables, which the
//                 next resume applies, and the invalidation after an unmap costs
//                 nothing and is counted as skipped (Exynos: program the hardware
//                 only if pm_runtime_active).
//   while_mapped  map: get_sync before the first mapping; unmap (or a failed map,
//                 or destroy_context): put_autosuspend (put without autosuspend)
//                 once no mapping is left. Other calls: nothing (on a suspended IOMMU
//                 they are recorded and replayed, as above).
//   self_managed  mainline arm-smmu (drivers/iommu/arm/arm-smmu/arm-smmu.c):
//                 add_master: device_link_add(master, iommu, DL_FLAG_PM_RUNTIME |
//                 DL_FLAG_AUTOREMOVE_SUPPLIER) (arm_smmu_probe_device()), so the SMMU
//                 resumes with its master as under device_link; and every call:
//                 resume_and_get before, put_autosuspend after, with the SMMU's own
//                 autosuspend (arm_smmu_rpm_get/put, only while the SMMU's runtime PM
//                 is enabled; arm_smmu_rpm_use_autosuspend() sets 20 ms on attach).
//   self_managed_nolink  the same bracket without the link (arm-smmu before the
//                 patch of its runtime-PM series that added it): a master's DMA can
//                 meet a suspended IOMMU, and what it then does is the Iommu's
//                 power.when_suspended (bypass, abort, stall).
//   domain_activate  OMAP (drivers/iommu/omap-iommu.c): no link. add_master wraps
//                 the master's driver callbacks (DomainActivateCallbacks): its runtime
//                 resume first calls activate() (get_sync, omap_iommu_domain_activate),
//                 its runtime suspend ends with deactivate() (put_sync,
//                 omap_iommu_domain_deactivate), as drivers/remoteproc/omap_remoteproc.c
//                 does; so the IOMMU resumes inside the master's resume and suspends
//                 synchronously inside its suspend. map and unmap: get_sync before,
//                 put_sync after (flush_iotlb_page()), so a map while the master is
//                 suspended resumes the IOMMU and suspends it again right after.
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
// domain_activate's activate/deactivate run in the master's runtime PM callbacks
// and are made as from process context (the OMAP remoteproc is not irq-safe).
//
// Masters must be added before they first resume (at probe, as Exynos and
// arm-smmu do): a master already ACTIVE when linked holds no reference on the
// IOMMU until its next resume (device_link_add without DL_FLAG_RPM_ACTIVE), and
// under domain_activate no activation until its next resume.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/drivers/iommu_driver.h"
#include "wakesim/drivers/iommu_power_manager_params.h"
#include "wakesim/drivers/iommu_power_manager_stats.h"
#include "wakesim/drivers/iommu_power_report.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

class DeviceLink;
class DomainActivateCallbacks;
class RpmCallbacks;
class RpmDevice;

class IommuPowerManager {
 public:
  // The IOMMU is driver.iommu(), its RpmDevice driver.iommu().device(). With a
  // ledger, report() gives the energy of the IOMMU's components in it. The driver
  // and the ledger must outlive the manager.
  IommuPowerManager(IommuDriver& driver, const IommuPowerManagerParams& params, EnergyLedger* ledger = nullptr);
  ~IommuPowerManager();
  IommuPowerManager(const IommuPowerManager&) = delete;
  IommuPowerManager& operator=(const IommuPowerManager&) = delete;

  // A master (consumer) of the IOMMU. 0, or -EINVAL if the core refused the link
  // (a cycle: the IOMMU depends on the master). domain_activate installs its
  // callbacks over the master's driver callbacks: the master must not outlive
  // the manager with runtime PM still running.
  int add_master(RpmDevice& master);
  // domain_activate, from a master's runtime resume / suspend callback:
  // omap_iommu_domain_activate (get_sync, result ignored as there) and
  // omap_iommu_domain_deactivate (put_sync).
  void activate();
  void deactivate();
  // Probe/attach: autosuspend (self_managed, while_mapped) and enable when runtime
  // PM is not enabled yet; always_on: get_sync from `context`. 0, -EBUSY if already
  // set up, or the get's error (then undone, and setup may be retried).
  int setup(CallContext context = CallContext::process);
  bool ready() const { return ready_; }

  // --- the IommuDriver's calls, wrapped (same results; a binding's get that fails
  //     returns its error and the driver is not called) ----------------------------
  int create_context(unsigned context, PageTableFormatKind kind, std::uint32_t asid,
                     CallContext call_context = CallContext::process, std::uint64_t page_sizes = 0);
  int destroy_context(unsigned context, CallContext call_context = CallContext::process);
  int attach_stream(unsigned port, std::uint32_t stream, unsigned context,
                    CallContext call_context = CallContext::process);
  int detach_stream(unsigned port, std::uint32_t stream, CallContext call_context = CallContext::process);
  int map(unsigned context, std::uint64_t iova, std::uint64_t phys, std::uint64_t size, AccessPermissions perms,
          CallContext call_context = CallContext::process);
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
  void reset_stats() { stats_ = IommuPowerManagerStats{}; }
  IommuDriver& driver() { return driver_; }
  RpmDevice& device() const;
  const std::vector<RpmDevice*>& masters() const { return masters_; }
  // The links add_master() made, in order (none for bindings without links).
  const std::vector<DeviceLink*>& links() const { return links_; }

 private:
  enum class CallKind { map, unmap, other };
  // What enter() did, for leave() to undo.
  struct Bracket {
    int error = 0;      // the binding's get failed: the call is not made
    bool held = false;  // a reference to drop after the call
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
  bool is_self_managed() const;
  // The DL_FLAG_* of the link add_master() makes (0: none).
  std::uint32_t link_flags() const;
  void hook(RpmDevice& master);

  IommuDriver& driver_;
  IommuPowerManagerParams params_;
  EnergyLedger* ledger_;
  std::vector<RpmDevice*> masters_;
  std::vector<DeviceLink*> links_;
  std::vector<std::unique_ptr<DomainActivateCallbacks>> hooks_;
  bool ready_ = false;
  bool mapping_hold_ = false;
  IommuPowerManagerStats stats_;
};

}  // namespace wakesim
