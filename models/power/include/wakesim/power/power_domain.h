#pragma once
// A generic PM domain (genpd: drivers/pmdomain/core.c, governor in
// drivers/pmdomain/governor.c, formerly drivers/base/power/domain*.c), as a
// SystemC model. docs/kernel-semantics.md, 'Generic PM domains' numbers the rules (GPD-01 .. GPD-09); IRQ-04 and
// IRQ-05 cover irq-safe devices and domains.
//
// Attaching a device installs the domain's runtime PM callbacks on it; they take
// precedence over the driver's (RPM-03) and wrap them:
// - runtime_suspend (GPD-03): governor suspend_ok (PM QoS) -> -EBUSY; the driver's
//   callback; then, unless the device is irq-safe in a non-irq-safe domain, a
//   power-off attempt that tolerates this one device not being suspended yet
//   (genpd_power_off(one_dev_on=true)). Its result is ignored, as in the kernel.
// - runtime_resume (GPD-05): unless irq-safe-in-sleep-domain, power the domain on
//   (each parent first, recursively); then the driver's callback; if that fails,
//   try to power the domain off again.
// Callbacks run in the calling SystemC thread; power-on/off latencies are waits in
// that thread, taken while holding the domain's lock (the kernel's genpd mutex or
// spinlock), so a second thread that needs the domain meanwhile waits for it.
//
// Power-off cascades to parents (sd_count--, try power-off), power-on powers
// parents first (sd_count++), and a parent stays ON while a child is ON (GPD-04,
// GPD-06). The latency governor (GPD-08) picks the deepest idle state whose
// off+on latency every device's PM QoS constraint allows, and, with
// `min_residency`, whose entry latency + residency fits before the next wakeup.
//
// Status follows the kernel: ON->OFF when the backend power-off has finished,
// OFF->ON when the backend power-on has finished. Residency and static energy
// follow that status through a PowerStateResidency with the states "on" and one
// per idle state, so the on-power is charged while powering off and the state's
// off-power while powering on; a transition's own energy (`power_off_energy`,
// `power_on_energy` of the state) comes on top, charged when it succeeds.
//
// Not modelled: performance states, the domain's device start/stop callbacks
// (PM_CLK), notifiers, ACTIVE_WAKEUP, CPU domains, per-device rpm_always_on, PM
// QoS constraints of a device's children, and the latency learning of domain
// states (GPD-02): the backend here always takes exactly the declared latency,
// so measuring it could never raise it. Per-device suspend/resume latencies ARE
// measured (with a governor, as the kernel does) and feed the governor.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/enum_names.h"
#include "wakesim/core/power_state_residency.h"
#include "wakesim/core/trace_sink.h"
#include "wakesim/core/units.h"
#include "wakesim/power/rpm_callbacks.h"

namespace wakesim {

class PmCore;
class PmWorkqueue;
class RpmDevice;

// One idle ("off") state of a domain (GPD-01; DT domain-idle-states: entry-latency
// -> power_off_latency, exit-latency -> power_on_latency, min-residency).
struct PowerDomainIdleState {
  std::string name;
  sc_core::sc_time power_off_latency = sc_core::SC_ZERO_TIME;  // entry
  sc_core::sc_time power_on_latency = sc_core::SC_ZERO_TIME;   // exit
  sc_core::sc_time residency = sc_core::SC_ZERO_TIME;          // minimum residency
  Power off_power;                                             // static (leakage) power while OFF in this state
  Energy power_off_energy;                                     // per successful power-off into this state
  Energy power_on_energy;                                      // per successful power-on out of this state
};

enum class PowerDomainGovernor {
  none,        // no governor: every runtime power-off uses state 0 (GPD-04)
  simple_qos,  // the latency governor, simple_qos_governor (GPD-08)
  always_on,   // pm_domain_always_on_gov: sets rpm_always_on
};

// The platform file names simple_qos "latency".
inline constexpr auto kPowerDomainGovernorNames =
    make_enum_names<PowerDomainGovernor>({{PowerDomainGovernor::none, "none"},
                                          {PowerDomainGovernor::simple_qos, "latency"},
                                          {PowerDomainGovernor::always_on, "always_on"}});

inline const char* to_string(PowerDomainGovernor governor) { return kPowerDomainGovernorNames.name(governor); }

struct PowerDomainParams {
  // Ordered shallowest first. Empty: one state "off" with zero latencies, powers
  // and energies (the kernel's default state).
  std::vector<PowerDomainIdleState> states;
  Power on_power;              // static (leakage) power while ON
  bool initially_on = false;   // pm_genpd_init(is_off = !initially_on)
  bool always_on = false;      // GENPD_FLAG_ALWAYS_ON: never off, not even in system sleep
  bool rpm_always_on = false;  // GENPD_FLAG_RPM_ALWAYS_ON: off only in system sleep
  bool irq_safe = false;       // GENPD_FLAG_IRQ_SAFE
  bool min_residency = false;  // GENPD_FLAG_MIN_RESIDENCY: the governor uses next wakeups
  PowerDomainGovernor governor = PowerDomainGovernor::none;
};

class PowerDomain : public sc_core::sc_module, public RpmCallbacks {
 public:
  // pm_genpd_init(). `core` supplies pm_wq's dispatch latency for the domain's
  // power-off work (drawn each time it is queued). The domain registers its
  // static and transition accounts in `ledger` (component = name()); with a null
  // ledger it keeps a private one.
  // Throws std::invalid_argument for an always-on (or rpm-always-on) domain that
  // is not initially on (the kernel's -EINVAL), or for bad states: an empty,
  // duplicate or "on" state name, a negative or non-finite power or energy.
  PowerDomain(const sc_core::sc_module_name& name, PmCore& core, const PowerDomainParams& params,
              EnergyLedger* ledger = nullptr);

  // --- devices --------------------------------------------------------------------
  // pm_genpd_add_device(): installs the domain callbacks on `device`. -EINVAL if the
  // device already has a PM domain. `resume_latency`, if given, sets the device's PM
  // QoS resume latency constraint (RpmDevice::set_pm_qos_resume_latency).
  // Like pm_genpd_add_device (and unlike the DT attach path) it does not power the
  // domain on.
  int attach(RpmDevice& device, std::optional<sc_core::sc_time> resume_latency = std::nullopt);
  // pm_genpd_remove_device(): -EINVAL if not attached, -EAGAIN during system sleep.
  int detach(RpmDevice& device);
  bool attached(const RpmDevice& device) const { return find(device) != nullptr; }
  std::size_t device_count() const { return members_.size(); }
  // The attached devices in attach order (for a system-sleep walker's adapter).
  RpmDevice& device(std::size_t index) const { return *members_.at(index).device; }
  // Changes the device's PM QoS resume latency constraint; the governor sees it at
  // the device's next runtime suspend, as in the kernel. -EINVAL if not attached.
  int set_resume_latency(RpmDevice& device, std::optional<sc_core::sc_time> resume_latency);
  // dev_pm_genpd_set_next_wakeup(): the absolute time of the device's next wakeup
  // (nullopt: unknown). Used by the governor with `min_residency`; a time already
  // past when the domain powers off is ignored. -EINVAL if not attached.
  int set_next_wakeup(RpmDevice& device, std::optional<sc_core::sc_time> at);
  // The domain a device is attached to, or null.
  static PowerDomain* of(const RpmDevice& device);

  // --- subdomains (GPD-06) ----------------------------------------------------------
  // pm_genpd_add_subdomain(this, child): -EINVAL if child is this domain, already a
  // subdomain, irq-safe under a non-irq-safe parent (IRQ-05), ON while this domain
  // is OFF, or (a check the kernel lacks) already an ancestor of this domain.
  int add_subdomain(PowerDomain& child);
  // pm_genpd_remove_subdomain(): -EBUSY if the child has subdomains or devices,
  // -EINVAL if it is not a subdomain of this domain.
  int remove_subdomain(PowerDomain& child);

  // --- power control ----------------------------------------------------------------
  // genpd_power_off(one_dev_on=false) under the domain lock, synchronously, with
  // the kernel's result: 0 (off now, or nothing to do: already off or system sleep
  // prepared), -EBUSY, -EAGAIN (governor) or a backend error. The body of the
  // power-off work item.
  int try_power_off();
  // genpd_queue_power_off_work(): the same on a pm_wq worker after the dispatch
  // latency (also what genpd_power_off_unused() does at late init). Queues at most
  // one item at a time.
  void queue_power_off_work();

  // --- system sleep hooks (GPD-09), called per device by the system-sleep walker ------
  // genpd_prepare(): prepared_count++ (blocks runtime power-off). Never returns 1.
  int prepare(RpmDevice& device);
  // genpd_complete(): prepared_count--; at 0 queues the power-off work.
  void complete(RpmDevice& device);
  // genpd_suspend_noirq(): suspended_count++; when every device is suspended and no
  // subdomain is ON, powers off synchronously in the deepest state, then the
  // parents likewise. Always-on domains stay on.
  int suspend_noirq(RpmDevice& device);
  // genpd_resume_noirq(): powers on synchronously (parents first), unconditionally;
  // suspended_count--.
  int resume_noirq(RpmDevice& device);

  // --- fault injection: the next backend power-on/off takes its latency, then fails ---
  void fail_next_power_on(int error) { power_on_faults_.push_back(error); }
  void fail_next_power_off(int error) { power_off_faults_.push_back(error); }

  // --- state ------------------------------------------------------------------------
  bool is_on() const { return on_; }
  // The idle state used by the last (or current) power-off.
  std::size_t state_idx() const { return state_idx_; }
  std::size_t state_count() const { return params_.states.size(); }
  const PowerDomainIdleState& state(std::size_t index) const { return params_.states.at(index); }
  // Number of ON subdomains (plus subdomains powering on).
  unsigned sd_count() const { return sd_count_; }
  unsigned prepared_count() const { return prepared_count_; }
  unsigned suspended_count() const { return suspended_count_; }
  const std::vector<PowerDomain*>& subdomains() const { return subdomains_; }
  const std::vector<PowerDomain*>& parents() const { return parents_; }
  const PowerDomainParams& params() const { return params_; }
  // The governor's max_off_time for this domain's parents: nullopt when unconstrained.
  std::optional<sc_core::sc_time> max_off_time() const;
  // Measured device latencies (GPD-02, only with a governor): the longest suspend
  // (driver callback) and resume (driver callback) seen so far.
  sc_core::sc_time device_suspend_latency(const RpmDevice& device) const;
  sc_core::sc_time device_resume_latency(const RpmDevice& device) const;

  // --- IRQ-04 -----------------------------------------------------------------------
  // True while an attached irq-safe device keeps this non-irq-safe domain from ever
  // powering off.
  bool pinned_by_irq_safe_device() const;
  // "PM domain X will not be powered off": once per irq-safe device found in this
  // non-irq-safe domain (not counted for always-on domains).
  unsigned long irq_safe_warnings() const { return irq_safe_warnings_; }

  // --- statistics (GPD-04) ------------------------------------------------------------
  unsigned long usage(std::size_t state) const { return stats_.at(state).usage; }
  unsigned long rejected(std::size_t state) const { return stats_.at(state).rejected; }
  unsigned long power_on_count() const { return power_on_count_; }
  unsigned long power_off_count() const { return power_off_count_; }
  // Residency up to now: ON, and OFF in each idle state.
  sc_core::sc_time on_time() const { return residency_time(0); }
  sc_core::sc_time idle_time(std::size_t state) const { return residency_time(state + 1); }
  // Flushes residency and static energy into the ledger up to now; call before
  // reading the ledger.
  void update_accounting();
  // Closes residency at now, then forgets usage, rejections, power-on/off counts
  // and residency (on_time restarts from now).
  void reset_stats();
  // Residency states: 0 = "on", i + 1 = idle state i.
  const PowerStateResidency& residency() const { return residency_; }
  EnergyLedger& ledger() { return ledger_; }
  // Kernel warnings: an sd_count underflow, an unbalanced complete(), multiple
  // states without a governor, an irq-safe child refused.
  unsigned long kernel_warnings() const { return kernel_warnings_; }

  // --- tracing ----------------------------------------------------------------------
  // Reports every status change to `sink` on a state track `track_name` whose
  // states are the residency's ("on", then the idle states by name), and the
  // static power as the counter `track_name` (W). Null detaches.
  void attach_trace(TraceSink* sink, const std::string& track_name);

  // --- RpmCallbacks: genpd_runtime_suspend / genpd_runtime_resume (called by RpmDevice) ---
  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;

 private:
  // Per attached device (the kernel's generic_pm_domain_data + gpd_timing_data).
  struct Member {
    RpmDevice* device;
    std::int64_t effective_constraint_ps;  // set by suspend_ok
    std::int64_t suspend_latency_ps = 0;
    std::int64_t resume_latency_ps = 0;
    std::int64_t next_wakeup_ps = -1;  // -1: unknown (KTIME_MAX)
    bool irq_safe_warned = false;
  };
  struct StateStats {
    unsigned long usage = 0;
    unsigned long rejected = 0;
    EnergyLedger::EventAccount power_off_account;
    EnergyLedger::EventAccount power_on_account;
  };

  static PowerDomainParams validated(const std::string& name, PowerDomainParams params);
  static std::vector<PowerStateResidency::State> residency_states(const PowerDomainParams& params);

  Member* find(const RpmDevice& device);
  const Member* find(const RpmDevice& device) const;
  bool has_governor() const { return params_.governor != PowerDomainGovernor::none; }
  bool has_ancestor(const PowerDomain& domain) const;
  bool irq_safe_dev_in_sleep_domain(Member& member);

  void lock();
  void unlock();
  void sleep(const sc_core::sc_time& duration) const;

  int genpd_power_off(bool one_dev_on);
  int genpd_power_on();
  int backend_power_off();
  int backend_power_on();
  void sync_power_off();
  void sync_power_on();
  void set_status(bool on);
  void sd_counter_inc() { ++sd_count_; }
  void sd_counter_dec();

  bool default_suspend_ok(Member& member);
  bool default_power_down_ok();
  bool state_power_down_ok(std::size_t state);
  void update_domain_next_wakeup(std::int64_t now_ps);

  void power_off_worker();
  sc_core::sc_time residency_time(std::size_t residency_state) const;

  PowerDomainParams params_;
  std::unique_ptr<EnergyLedger> own_ledger_;
  EnergyLedger& ledger_;
  PowerStateResidency residency_;
  std::vector<StateStats> stats_;
  PmWorkqueue& workqueue_;  // draws the power-off work's dispatch latency

  bool on_;
  std::size_t state_idx_ = 0;
  unsigned sd_count_ = 0;
  unsigned prepared_count_ = 0;
  unsigned suspended_count_ = 0;
  std::vector<Member> members_;
  std::vector<PowerDomain*> subdomains_;  // the kernel's parent_links
  std::vector<PowerDomain*> parents_;     // the kernel's child_links

  // Governor data (genpd_governor_data).
  std::int64_t max_off_time_ps_ = -1;
  std::int64_t next_wakeup_ps_ = -1;

  // The genpd lock.
  bool locked_ = false;
  unsigned lock_waiters_ = 0;
  sc_core::sc_event unlocked_;

  // The power-off work item.
  bool work_pending_ = false;
  sc_core::sc_time work_ready_at_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_event work_queued_;

  TraceSink* trace_ = nullptr;
  TraceSink::Track trace_track_ = 0;

  std::deque<int> power_on_faults_;
  std::deque<int> power_off_faults_;
  unsigned long power_on_count_ = 0;
  unsigned long power_off_count_ = 0;
  unsigned long irq_safe_warnings_ = 0;
  unsigned long kernel_warnings_ = 0;
};

}  // namespace wakesim
