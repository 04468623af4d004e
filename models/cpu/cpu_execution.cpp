#include "wakesim/cpu/cpu_execution.h"

#include "wakesim/core/sim_time.h"
#include "wakesim/cpu/cpu_system.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

Cpu* bound_cpu(CpuSystem* cpus) { return cpus ? cpus->current_cpu() : nullptr; }

}  // namespace

void run_code(CpuSystem* cpus, CpuCause cause, const sc_time& duration) {
  Cpu* cpu = bound_cpu(cpus);
  if (!cpu) {
    if (duration != SC_ZERO_TIME) sc_core::wait(duration);
    return;
  }
  wait_until(cpu->run(cause, duration));
}

void sleep_code(CpuSystem* cpus, CpuCause cause, const sc_time& duration) {
  Cpu* cpu = bound_cpu(cpus);
  if (duration != SC_ZERO_TIME) {
    const sc_core::sc_object* self = sc_core::sc_get_current_process_handle().get_process_object();
    if (cpu) cpu->arm_timer(self, sim_now() + duration);
    sc_core::wait(duration);
    if (cpu) cpu->cancel_timer(self);
  }
  if (cpu) wait_until(cpu->run(cause, SC_ZERO_TIME));
}

void resume_on_cpu(CpuSystem* cpus, CpuCause cause) {
  if (Cpu* cpu = bound_cpu(cpus)) wait_until(cpu->run(cause, SC_ZERO_TIME));
}

}  // namespace wakesim
