#pragma once
// A device under Linux runtime PM (drivers/base/power/runtime.c), as a SystemC
// model. The state machine, counters, request merging, autosuspend timer and
// return values follow the kernel (docs/kernel-semantics.md numbers the rules: RPM-xx,
// AUT-xx, IRQ-xx, DL-xx). The API mirrors the kernel's one to one:
// pm_runtime_X(dev) is dev.X() and pm_request_X(dev) is dev.request_X().
//
// Time: synchronous calls block the calling SystemC thread while callbacks run
// and while they wait for a concurrent transition; asynchronous requests run on
// the core's pm_wq. Calls that never block may be made from any context.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/core/power_state_residency.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/core/trace_sink.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

class Cpu;
class DeviceLink;
class PmCore;
class RpmCallbacks;

// Whether a driver is bound to the device (the driver core's view; DL-10, DL-11).
enum class DriverState { unbound, probing, bound };

class RpmDevice : public sc_core::sc_module {
 public:
  // `parent` may be null; `callbacks` null means no callbacks (all succeed at once).
  RpmDevice(const sc_core::sc_module_name& name, PmCore& core, RpmDevice* parent = nullptr,
            RpmCallbacks* callbacks = nullptr);

  // --- usage-count helpers (pm_runtime_get*/put*) -----------------------------
  int get(CallContext context = CallContext::process);
  int get_sync(CallContext context = CallContext::process);
  void get_noresume();
  int resume_and_get(CallContext context = CallContext::process);
  int get_if_active();
  int get_if_in_use();
  int put(CallContext context = CallContext::process);
  int put_sync(CallContext context = CallContext::process);
  int put_sync_suspend(CallContext context = CallContext::process);
  int put_autosuspend(CallContext context = CallContext::process);
  int put_sync_autosuspend(CallContext context = CallContext::process);
  void put_noidle();

  // --- direct transitions and requests ----------------------------------------
  int idle(CallContext context = CallContext::process);
  int suspend(CallContext context = CallContext::process);
  int autosuspend(CallContext context = CallContext::process);
  int resume(CallContext context = CallContext::process);
  int request_idle();
  int request_resume();
  int request_autosuspend();
  int schedule_suspend(const sc_core::sc_time& delay);
  int barrier();

  // --- configuration -----------------------------------------------------------
  void enable();
  void disable();
  int set_active();
  int set_suspended();
  void irq_safe();
  void no_callbacks();
  void ignore_children(bool ignore);
  // The PM domain's callbacks take precedence over the driver's (RPM-03); a
  // domain (genpd) wraps the driver callbacks, which it reaches through
  // driver_callbacks(). Null detaches the device from its domain.
  void set_pm_domain_callbacks(RpmCallbacks* domain_callbacks) { pm_domain_ = domain_callbacks; }
  RpmCallbacks* pm_domain_callbacks() const { return pm_domain_; }
  RpmCallbacks* driver_callbacks() const { return callbacks_; }
  // Installs the driver's callbacks after construction (a hardware model that
  // is itself the driver's dev_pm_ops, such as the Iommu, hooks in this way).
  void set_driver_callbacks(RpmCallbacks* callbacks) { callbacks_ = callbacks; }
  void use_autosuspend(bool use = true);
  void dont_use_autosuspend() { use_autosuspend(false); }
  void set_autosuspend_delay(int milliseconds);
  // The same with sub-millisecond precision; a negative `blocked` delay is the
  // kernel's negative value (runtime suspend prevented).
  void set_autosuspend_delay(const sc_core::sc_time& delay, bool blocked = false);
  void mark_last_busy() { last_busy_ = sc_core::sc_time_stamp(); }
  // PM QoS resume latency constraint (DEV_PM_QOS_RESUME_LATENCY): nullopt = no
  // restriction; zero forbids runtime suspend (-EPERM, RPM-04); genpd's governor
  // reads it (GPD-08).
  void set_pm_qos_resume_latency(std::optional<sc_core::sc_time> latency) { pm_qos_resume_latency_ = latency; }
  const std::optional<sc_core::sc_time>& pm_qos_resume_latency() const { return pm_qos_resume_latency_; }
  void forbid();
  void allow();

  // --- device links (DL-08): resume and hold the RPM-linked suppliers -----------
  void get_suppliers();
  void put_suppliers();

  // --- system sleep helpers ------------------------------------------------------
  int force_suspend();
  int force_resume();

  // --- predicates and state ------------------------------------------------------
  bool suspended() const { return status_ == RpmStatus::suspended && disable_depth_ == 0; }
  bool active() const { return status_ == RpmStatus::active || disable_depth_ > 0; }
  bool status_suspended() const { return status_ == RpmStatus::suspended; }
  bool enabled() const { return disable_depth_ == 0; }
  int runtime_error() const { return runtime_error_; }
  RpmStatus status() const { return status_; }
  // Notified (after a delta) whenever status() changes, whoever changed it; hardware
  // models wait on it instead of polling (a DMA channel stalled on a suspended
  // controller, an IOMMU port in stall mode).
  const sc_core::sc_event& status_changed_event() const { return status_changed_; }
  int usage_count() const { return usage_count_; }
  int child_count() const { return child_count_; }
  unsigned disable_depth() const { return disable_depth_; }
  bool is_irq_safe() const { return irq_safe_; }
  bool request_pending() const { return request_pending_; }
  RpmRequest pending_request() const { return request_; }
  const sc_core::sc_time& last_busy() const { return last_busy_; }
  // The timer's expiry (the kernel's timer_expires: the soft expiry of the
  // hrtimer's range); SC_ZERO_TIME when not armed.
  const sc_core::sc_time& timer_expires() const { return timer_expires_; }
  // When the armed timer fires: timer_expires() plus the part of its slack that
  // the core's AutosuspendTimerSlack picks (0 for pm_schedule_suspend()'s timer).
  const sc_core::sc_time& timer_fires_at() const { return timer_fires_at_; }
  RpmDevice* parent() const { return parent_; }
  DriverState driver_state() const { return driver_state_; }
  PmCore& core() const { return core_; }
  const std::vector<DeviceLink*>& supplier_links() const { return supplier_links_; }
  const std::vector<DeviceLink*>& consumer_links() const { return consumer_links_; }

  // --- energy -----------------------------------------------------------------------
  // Static power while the device is not suspended (clocks on) and while it is
  // suspended (clock-gated, domain still on); residency x power goes to `ledger`
  // under this device's name. While its PM domain is powered off the device
  // draws nothing: the leakage of a powered-off domain is the domain's.
  void attach_energy(EnergyLedger& ledger, Power active, Power suspended);
  // Its PM domain powered off (false) or on (true); the domain calls it.
  void set_powered(bool powered);
  bool powered() const { return powered_; }
  // Flushes residency up to now (call before reading the ledger).
  void close_energy();
  const PowerStateResidency* residency() const { return residency_.get(); }

  // --- tracing -------------------------------------------------------------------------
  // Reports every status change to `sink` on a state track `track_name` (states
  // in RpmStatus order: active, resuming, suspended, suspending) and, with energy
  // attached (call attach_energy first), its static power as the counter
  // `track_name` (W). Null detaches.
  void attach_trace(TraceSink* sink, const std::string& track_name);

  // --- statistics --------------------------------------------------------------------
  unsigned long resumes() const { return resumes_; }
  unsigned long suspends() const { return suspends_; }
  unsigned long might_sleep_violations() const { return might_sleep_violations_; }
  // Time spent ACTIVE (any non-suspended status) and SUSPENDED while enabled, up to now.
  sc_core::sc_time active_time() const;
  sc_core::sc_time suspended_time() const;
  // Closes residency at now, then forgets the counts and times above (they
  // restart from now in the current status).
  void reset_stats();

  // Called by pm_wq's worker (pm_runtime_work()).
  void run_work();

 private:
  friend class DeviceLinks;
  friend class DriverCore;

  int rpm_idle(unsigned flags);
  int rpm_suspend(unsigned flags);
  int rpm_resume(unsigned flags);
  int rpm_callback_suspend();
  int rpm_callback_resume();
  int rpm_check_suspend_allowed() const;
  sc_core::sc_time autosuspend_expiration() const;
  void update_autosuspend(bool old_use, bool old_blocked);
  void cancel_pending();
  void deactivate_timer();
  void arm_timer(const sc_core::sc_time& expires, const sc_core::sc_time& slack);
  sc_core::sc_time autosuspend_slack() const;
  sc_core::sc_time slack_offset(const sc_core::sc_time& slack);
  void timer_fired();
  bool wake_timer_cpu();
  void queue_request(RpmRequest request);
  void set_status(RpmStatus status);
  void wake_up_all() { state_changed_.notify(sc_core::SC_ZERO_TIME); }
  void wait_for_state_change();
  void might_sleep_if(bool may_sleep, CallContext context);
  int drop_usage_count();
  int put_side_entry(unsigned flags, CallContext context, int (RpmDevice::*transition)(unsigned));
  int pm_runtime_idle_entry(unsigned flags, CallContext context);
  int pm_runtime_suspend_entry(unsigned flags, CallContext context);
  int pm_runtime_resume_entry(unsigned flags, CallContext context);
  int set_status_disabled(RpmStatus status);
  void inner_barrier();

  // Supplier handling through device links (DL-06, DL-07).
  int rpm_get_suppliers();
  void rpm_put_suppliers(bool try_to_suspend);
  void idle_suppliers();
  static void release_supplier(DeviceLink& link);

  PmCore& core_;
  RpmDevice* parent_;
  RpmCallbacks* callbacks_;
  RpmCallbacks* pm_domain_ = nullptr;
  RpmCallbacks* effective_callbacks() const { return pm_domain_ ? pm_domain_ : callbacks_; }
  std::vector<RpmDevice*> children_;
  std::vector<DeviceLink*> supplier_links_;
  std::vector<DeviceLink*> consumer_links_;
  unsigned links_count_ = 0;  // DL_FLAG_PM_RUNTIME supplier links

  DriverState driver_state_ = DriverState::unbound;
  RpmStatus status_ = RpmStatus::suspended;
  std::optional<RpmStatus> last_status_;  // status when runtime PM was last disabled
  int usage_count_ = 0;
  int child_count_ = 0;
  unsigned disable_depth_ = 1;
  int runtime_error_ = 0;
  bool ignore_children_ = false;
  bool irq_safe_ = false;
  bool no_callbacks_ = false;
  bool runtime_auto_ = true;
  bool request_pending_ = false;
  RpmRequest request_ = RpmRequest::none;
  bool deferred_resume_ = false;
  bool idle_notification_ = false;
  bool needs_force_resume_ = false;

  std::optional<sc_core::sc_time> pm_qos_resume_latency_;
  bool use_autosuspend_ = false;
  bool autosuspend_blocked_ = false;  // the kernel's negative autosuspend_delay
  sc_core::sc_time autosuspend_delay_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time last_busy_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time timer_expires_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time timer_fires_at_ = sc_core::SC_ZERO_TIME;
  bool timer_autosuspends_ = false;
  RandomStream timer_rng_;        // AutosuspendTimerSlack::uniform draws
  Cpu* timer_cpu_ = nullptr;      // the CPU the timer is armed on (with CPUs)
  bool timer_cpu_awake_ = false;  // fired, and its CPU is up: run the handler
  sc_core::sc_event timer_event_;
  sc_core::sc_event state_changed_;
  sc_core::sc_event status_changed_;

  // Accounting, as update_pm_runtime_accounting(): only while enabled.
  sc_core::sc_time accounting_timestamp_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time active_time_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time suspended_time_ = sc_core::SC_ZERO_TIME;
  void update_accounting();
  std::unique_ptr<PowerStateResidency> residency_;
  bool powered_ = true;
  TraceSink* trace_ = nullptr;
  TraceSink::Track trace_track_ = 0;
  std::size_t power_state() const;  // residency index: active, suspended, off

  unsigned long resumes_ = 0;
  unsigned long suspends_ = 0;
  unsigned long might_sleep_violations_ = 0;
  unsigned long kernel_warnings_ = 0;

 public:
  // WARN()s and dev_warn()s the kernel would print (unbalanced enable, put underflow, ...).
  unsigned long kernel_warnings() const { return kernel_warnings_; }
};

}  // namespace wakesim
