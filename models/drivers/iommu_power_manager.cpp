#include "wakesim/drivers/iommu_power_manager.h"

#include <cerrno>

#include "wakesim/drivers/domain_activate_callbacks.h"
#include "wakesim/power/device_link.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;

namespace {

int refuse_int(int error) { return error; }

UnmapResult refuse_unmap(int error) {
  UnmapResult result;
  result.error = error;
  return result;
}

}  // namespace

IommuPowerManager::IommuPowerManager(IommuDriver& driver, const IommuPowerManagerParams& params, EnergyLedger* ledger)
    : driver_(driver), params_(params), ledger_(ledger) {}

IommuPowerManager::~IommuPowerManager() = default;

RpmDevice& IommuPowerManager::device() const { return driver_.iommu().device(); }

bool IommuPowerManager::uses_own_autosuspend() const {
  return is_self_managed() || params_.binding == IommuPowerBinding::while_mapped;
}

bool IommuPowerManager::is_self_managed() const {
  return params_.binding == IommuPowerBinding::self_managed ||
         params_.binding == IommuPowerBinding::self_managed_nolink;
}

bool IommuPowerManager::runtime_pm_enabled() const { return device().enabled(); }

// ---------------------------------------------------------------------------
// Probe
// ---------------------------------------------------------------------------

std::uint32_t IommuPowerManager::link_flags() const {
  switch (params_.binding) {
    case IommuPowerBinding::device_link: return kDlStateless | kDlPmRuntime;            // exynos_iommu_probe_device()
    case IommuPowerBinding::self_managed: return kDlPmRuntime | kDlAutoremoveSupplier;  // arm_smmu_probe_device()
    default: return params_.order_link ? std::uint32_t{kDlStateless} : 0u;  // ordering only: runtime PM ignores it
  }
}

int IommuPowerManager::add_master(RpmDevice& master) {
  const std::uint32_t flags = link_flags();
  if (flags != 0) {
    DeviceLink* link = device().core().device_link_add(master, device(), flags);
    if (link == nullptr) return -EINVAL;
    links_.push_back(link);
  }
  if (params_.binding == IommuPowerBinding::domain_activate) hook(master);
  masters_.push_back(&master);
  return 0;
}

// The master's runtime resume/suspend activate and deactivate the IOMMU, as
// omap_rproc_runtime_resume/suspend do: wrap the master driver's callbacks.
void IommuPowerManager::hook(RpmDevice& master) {
  hooks_.push_back(std::make_unique<DomainActivateCallbacks>(*this, master.driver_callbacks()));
  master.set_driver_callbacks(hooks_.back().get());
}

void IommuPowerManager::activate() {
  ++stats_.activations;
  blocking_get(false, CallContext::process);  // the result is ignored, as there
}

void IommuPowerManager::deactivate() {
  ++stats_.deactivations;
  device().put_sync(CallContext::process);
}

int IommuPowerManager::setup(CallContext context) {
  if (ready_) return -EBUSY;
  RpmDevice& dev = device();
  if (!dev.enabled()) {
    if (uses_own_autosuspend() && params_.use_autosuspend) {
      dev.set_autosuspend_delay(params_.autosuspend_delay);
      dev.use_autosuspend();
    }
    dev.enable();
  }
  if (params_.binding == IommuPowerBinding::always_on) {
    const int retval = blocking_get(false, context);
    if (retval < 0) {
      dev.put_noidle();  // get_sync keeps the reference on error
      return retval;
    }
  }
  ready_ = true;
  return 0;
}

// ---------------------------------------------------------------------------
// The bracket around a driver call
// ---------------------------------------------------------------------------

int IommuPowerManager::blocking_get(bool resume_and_get, CallContext context) {
  RpmDevice& dev = device();
  // __pm_runtime_resume's might_sleep_if(): only a get that may really sleep.
  if (context == CallContext::atomic && !dev.is_irq_safe() && dev.status() != RpmStatus::active)
    ++stats_.might_sleep_violations;
  ++stats_.pm_gets;
  const sc_time start = sc_time_stamp();
  const int retval = resume_and_get ? dev.resume_and_get(context) : dev.get_sync(context);
  stats_.pm_wait += sc_time_stamp() - start;
  if (retval < 0) ++stats_.pm_errors;
  return retval;
}

IommuPowerManager::Bracket IommuPowerManager::enter(CallKind kind, CallContext context) {
  Bracket bracket;
  switch (params_.binding) {
    case IommuPowerBinding::device_link:
      // The reference only keeps the IOMMU from starting a suspend meanwhile; it
      // never resumes it (pm_runtime_get_noresume in exynos_iommu attach/detach).
      device().get_noresume();
      bracket.held = true;
      break;
    case IommuPowerBinding::self_managed:
    case IommuPowerBinding::self_managed_nolink:
      if (!runtime_pm_enabled()) break;  // arm_smmu_rpm_get(): nothing without runtime PM
      bracket.error = blocking_get(true, context);
      bracket.held = bracket.error == 0;  // resume_and_get undoes its reference on error
      break;
    case IommuPowerBinding::while_mapped:
      if (kind != CallKind::map || mapping_hold_ || !runtime_pm_enabled()) break;
      bracket.error = blocking_get(false, context);
      if (bracket.error < 0) {
        device().put_noidle();
      } else {
        bracket.error = 0;
        mapping_hold_ = true;
      }
      break;
    case IommuPowerBinding::domain_activate:
      // flush_iotlb_page() (omap_iopgtable_store_entry, iopgtable_clear_entry):
      // get_sync whatever its result, put_sync after.
      if (kind == CallKind::other) break;
      blocking_get(false, context);
      bracket.held = true;
      break;
    case IommuPowerBinding::always_on: break;
  }
  return bracket;
}

void IommuPowerManager::leave(const Bracket& bracket, CallContext context) {
  switch (params_.binding) {
    case IommuPowerBinding::device_link:
      if (bracket.held) device().put_noidle();
      break;
    case IommuPowerBinding::self_managed:
    case IommuPowerBinding::self_managed_nolink:
      if (bracket.held) device().put_autosuspend(context);  // async: legal in any context
      break;
    case IommuPowerBinding::while_mapped:
      // After an unmap, a failed map or a destroyed context: the last mapping may be gone.
      if (mapping_hold_ && !mapped()) release_mapping_hold(context);
      break;
    case IommuPowerBinding::domain_activate:
      if (bracket.held) device().put_sync(context);
      break;
    case IommuPowerBinding::always_on: break;
  }
}

void IommuPowerManager::release_mapping_hold(CallContext context) {
  mapping_hold_ = false;
  if (params_.use_autosuspend)
    device().put_autosuspend(context);
  else
    device().put(context);
}

template <class Result, class Call>
Result IommuPowerManager::bracketed(CallKind kind, CallContext context, Result (*refuse)(int), Call call) {
  const sc_time start = sc_time_stamp();
  const Bracket bracket = enter(kind, context);
  if (bracket.error != 0) {
    stats_.call_time += sc_time_stamp() - start;
    return refuse(bracket.error);
  }
  const std::uint64_t invalidations = driver_.stats().invalidations;
  const std::uint64_t unpaid = driver_.iommu().stats().invalidations_while_suspended;
  Result result = call();
  stats_.invalidations += driver_.stats().invalidations - invalidations;
  stats_.invalidations_skipped += driver_.iommu().stats().invalidations_while_suspended - unpaid;
  leave(bracket, context);
  stats_.call_time += sc_time_stamp() - start;
  return result;
}

// ---------------------------------------------------------------------------
// Wrapped driver calls
// ---------------------------------------------------------------------------

int IommuPowerManager::create_context(unsigned context, PageTableFormatKind kind, std::uint32_t asid,
                                      CallContext call_context, std::uint64_t page_sizes) {
  ++stats_.programs;
  return bracketed(CallKind::other, call_context, &refuse_int,
                   [&] { return driver_.create_context(context, kind, asid, page_sizes); });
}

int IommuPowerManager::destroy_context(unsigned context, CallContext call_context) {
  ++stats_.programs;
  return bracketed(CallKind::other, call_context, &refuse_int, [&] { return driver_.destroy_context(context); });
}

int IommuPowerManager::attach_stream(unsigned port, std::uint32_t stream, unsigned context, CallContext call_context) {
  ++stats_.programs;
  return bracketed(CallKind::other, call_context, &refuse_int,
                   [&] { return driver_.attach_stream(port, stream, context); });
}

int IommuPowerManager::detach_stream(unsigned port, std::uint32_t stream, CallContext call_context) {
  ++stats_.programs;
  return bracketed(CallKind::other, call_context, &refuse_int, [&] { return driver_.detach_stream(port, stream); });
}

int IommuPowerManager::map(unsigned context, std::uint64_t iova, std::uint64_t phys, std::uint64_t size,
                           AccessPermissions perms, CallContext call_context) {
  ++stats_.maps;
  const std::uint64_t refused_before = driver_.stats().map_errors;
  const int retval = bracketed(CallKind::map, call_context, &refuse_int,
                               [&] { return driver_.map(context, iova, phys, size, perms); });
  stats_.map_errors += driver_.stats().map_errors - refused_before;  // not the PM errors
  return retval;
}

UnmapResult IommuPowerManager::unmap(unsigned context, std::uint64_t iova, std::uint64_t size,
                                     CallContext call_context) {
  ++stats_.unmaps;
  return bracketed(CallKind::unmap, call_context, &refuse_unmap, [&] { return driver_.unmap(context, iova, size); });
}

int IommuPowerManager::flush_context(unsigned context, CallContext call_context) {
  return bracketed(CallKind::other, call_context, &refuse_int, [&] { return driver_.flush_context(context); });
}

int IommuPowerManager::flush_all(CallContext call_context) {
  return bracketed(CallKind::other, call_context, &refuse_int, [&] {
    driver_.flush_all();
    return 0;
  });
}

// ---------------------------------------------------------------------------
// State and report
// ---------------------------------------------------------------------------

bool IommuPowerManager::mapped() const {
  for (unsigned context = 0; context < driver_.iommu().params().contexts; ++context) {
    const IommuPageTable* table = driver_.page_table(context);
    if (table != nullptr && table->mapped_bytes() > 0) return true;
  }
  return false;
}

std::vector<std::string> IommuPowerManager::energy_components() const {
  if (!params_.energy_components.empty()) return params_.energy_components;
  std::vector<std::string> components = {driver_.iommu().name(), device().name()};
  const PowerDomain* domain = PowerDomain::of(device());
  if (domain != nullptr && domain->device_count() == 1) components.push_back(domain->name());
  return components;
}

IommuPowerReport IommuPowerManager::report() {
  RpmDevice& dev = device();
  IommuPowerReport report;
  report.binding = params_.binding;
  report.resumes = dev.resumes();
  report.suspends = dev.suspends();
  report.active_time = dev.active_time();
  report.suspended_time = dev.suspended_time();
  report.calls = stats_;
  if (ledger_ != nullptr) {
    dev.close_energy();
    if (PowerDomain* domain = PowerDomain::of(dev)) domain->update_accounting();
    Energy energy;
    for (const std::string& component : energy_components()) energy.joules += ledger_->total(component).joules;
    report.energy = energy;
  }
  return report;
}

}  // namespace wakesim
