#pragma once
// Why a CPU runs: the piece of simulated software whose code keeps it busy or
// whose wakeup brought it out of an idle state (docs/cpu.md).
#include <array>
#include <cstddef>

#include "wakesim/core/enum_names.h"

namespace wakesim {

enum class CpuCause : unsigned {
  client,       // the client driver's thread: producing data, submitting
  pm_callback,  // runtime PM callbacks' atomic phases, and sleepable phases' wakeups
  atomic_spin,  // a callback's phases busy-waited with interrupts off (irq-safe device)
  kworker,      // a pm_wq worker: its wakeup and scheduling
  irq,          // the completion interrupt: hard IRQ and the dmaengine tasklet
  timer,        // an hrtimer expiry: the autosuspend timer's handler
  genpd,        // genpd's power-off work and the domain's power switching
};

inline constexpr std::size_t kCpuCauseCount = 7;
inline constexpr std::array<CpuCause, kCpuCauseCount> kCpuCauses = {
    CpuCause::client, CpuCause::pm_callback, CpuCause::atomic_spin, CpuCause::kworker,
    CpuCause::irq,    CpuCause::timer,       CpuCause::genpd};

inline constexpr auto kCpuCauseNames = make_enum_names<CpuCause>({{CpuCause::client, "client"},
                                                                  {CpuCause::pm_callback, "pm_callback"},
                                                                  {CpuCause::atomic_spin, "atomic_spin"},
                                                                  {CpuCause::kworker, "kworker"},
                                                                  {CpuCause::irq, "irq"},
                                                                  {CpuCause::timer, "timer"},
                                                                  {CpuCause::genpd, "genpd"}});
static_assert(kCpuCauseNames.size() == kCpuCauseCount);

inline const char* to_string(CpuCause cause) { return kCpuCauseNames.name(cause); }

inline std::size_t index_of(CpuCause cause) { return static_cast<std::size_t>(cause); }

}  // namespace wakesim
