#pragma once
// Simulated software spending time in the calling SystemC thread (docs/cpu.md).
// With no CPU system, or a thread not bound to a CPU, each is a plain wait of
// the duration, so a platform without CPUs keeps its timing exactly.
#include <systemc>

#include "wakesim/cpu/cpu_cause.h"

namespace wakesim {

class CpuSystem;

// Code that keeps the thread's CPU busy for `duration` (atomic code, a spin with
// interrupts off): starts once the CPU is free and awake.
void run_code(CpuSystem* cpus, CpuCause cause, const sc_core::sc_time& duration);
// A sleep of `duration` (usleep_range, msleep, a sleeping poll): the CPU may idle,
// knowing the timer; the thread then needs its CPU again (a wakeup of `cause`).
void sleep_code(CpuSystem* cpus, CpuCause cause, const sc_core::sc_time& duration);
// The thread was woken by an event (not a timer of its own): it waits for its
// CPU to leave an idle state.
void resume_on_cpu(CpuSystem* cpus, CpuCause cause);

}  // namespace wakesim
