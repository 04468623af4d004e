#include "wakesim/cpu/cpu_cause.h"

namespace wakesim {

const char* to_string(CpuCause cause) {
  switch (cause) {
    case CpuCause::client: return "client";
    case CpuCause::pm_callback: return "pm_callback";
    case CpuCause::atomic_spin: return "atomic_spin";
    case CpuCause::kworker: return "kworker";
    case CpuCause::irq: return "irq";
    case CpuCause::timer: return "timer";
    case CpuCause::genpd: return "genpd";
  }
  return "?";
}

}  // namespace wakesim
