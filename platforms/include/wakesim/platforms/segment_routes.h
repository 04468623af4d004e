#pragma once
// Routes between interconnect segments (scenarios/README.md, 'Interconnect
// segments and bridges'): every segment sends the DRAM's range to the bridge
// that starts its shortest path to the DRAM's segment (the first such bridge in
// description order). The reader refuses bridge cycles and masters on segments
// with no path; the builder maps the ranges.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "wakesim/platforms/platform_spec.h"

namespace wakesim {

inline constexpr std::size_t kUnreachable = std::numeric_limits<std::size_t>::max();

// The index of the segment named `name` in spec.segments; the empty name is the
// first. Throws std::out_of_range for a name no segment has.
std::size_t segment_index(const PlatformSpec& spec, const std::string& name);

// Per segment, the number of bridges between it and the DRAM's segment
// (0 for that one), or kUnreachable.
std::vector<std::size_t> hops_to_dram(const PlatformSpec& spec);

}  // namespace wakesim
