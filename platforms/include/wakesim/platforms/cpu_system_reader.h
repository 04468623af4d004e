#pragma once
// Reads a platform's `cpus:` section (scenarios/README.md, "CPUs"; docs/cpu.md)
// into CpuSystemParams. Strict like the rest of the platform reader.
#include "wakesim/core/config_node.h"
#include "wakesim/cpu/cpu_system_params.h"

namespace wakesim {

CpuSystemParams read_cpu_system(const ConfigNode& cpus);

}  // namespace wakesim
