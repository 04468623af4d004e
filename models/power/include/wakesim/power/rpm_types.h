#pragma once
// Vocabulary of the runtime PM model, named after the kernel's
// (include/linux/pm.h, include/linux/pm_runtime.h). Return values are the
// kernel's negative errno values from <cerrno> (-EAGAIN, -EBUSY, ...), which on
// Linux have the same numbers as in the kernel.
#include <cerrno>

#include "wakesim/core/enum_names.h"

namespace wakesim {

// The kernel's -EPROBE_DEFER (include/linux/errno.h; not a userspace errno).
constexpr int kEprobeDefer = 517;

enum class RpmStatus { active, resuming, suspended, suspending };

inline constexpr auto kRpmStatusNames = make_enum_names<RpmStatus>({{RpmStatus::active, "active"},
                                                                    {RpmStatus::resuming, "resuming"},
                                                                    {RpmStatus::suspended, "suspended"},
                                                                    {RpmStatus::suspending, "suspending"}});

// Ordered as in the kernel: rpm_idle() compares `request > idle`.
enum class RpmRequest { none, idle, suspend, autosuspend, resume };

inline constexpr auto kRpmRequestNames = make_enum_names<RpmRequest>({{RpmRequest::none, "none"},
                                                                      {RpmRequest::idle, "idle"},
                                                                      {RpmRequest::suspend, "suspend"},
                                                                      {RpmRequest::autosuspend, "autosuspend"},
                                                                      {RpmRequest::resume, "resume"}});

// Flag bits of the kernel's rpm_idle/rpm_suspend/rpm_resume.
enum RpmFlags : unsigned {
  kRpmAsync = 0x01,   // queue a request on pm_wq instead of acting now
  kRpmNowait = 0x02,  // do not wait for a concurrent transition
  kRpmGetPut = 0x04,  // change the usage count as part of the call
  kRpmAuto = 0x08,    // honour the autosuspend delay
};

// The context a call is made from. A call that may sleep, made from atomic
// context on a device that is not irq-safe, is the kernel's might_sleep() bug.
enum class CallContext { process, atomic };

inline constexpr auto kCallContextNames =
    make_enum_names<CallContext>({{CallContext::process, "process"}, {CallContext::atomic, "atomic"}});

// Where, in its range [expiry, expiry + slack], the autosuspend hrtimer fires.
// rpm_suspend() (drivers/base/power/runtime.c) arms it with
// hrtimer_start_range_ns(..., slack) and slack = 25 % of the autosuspend delay.
// The hrtimer core programs the clock event device for the end of the range and
// runs a timer early only when the CPU is woken by something else whose
// interrupt finds the soft expiry passed (kernel/time/hrtimer.c
// __hrtimer_run_queues()): an idle CPU sees the range's end.
enum class AutosuspendTimerSlack {
  expiry,     // the soft expiry, last_busy + delay (a busy CPU catches it at once)
  range_end,  // the hard expiry, expiry + slack (an idle CPU)
  uniform,    // uniformly within the range (wakeups by other sources at random)
};

inline constexpr auto kAutosuspendTimerSlackNames =
    make_enum_names<AutosuspendTimerSlack>({{AutosuspendTimerSlack::expiry, "expiry"},
                                            {AutosuspendTimerSlack::range_end, "range_end"},
                                            {AutosuspendTimerSlack::uniform, "uniform"}});

inline const char* to_string(RpmStatus status) { return kRpmStatusNames.name(status); }
inline const char* to_string(RpmRequest request) { return kRpmRequestNames.name(request); }
inline const char* to_string(CallContext context) { return kCallContextNames.name(context); }
inline const char* to_string(AutosuspendTimerSlack slack) { return kAutosuspendTimerSlackNames.name(slack); }

}  // namespace wakesim
