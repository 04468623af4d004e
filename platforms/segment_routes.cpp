#include "wakesim/platforms/segment_routes.h"

#include <stdexcept>

namespace wakesim {

std::size_t segment_index(const PlatformSpec& spec, const std::string& name) {
  if (name.empty()) return 0;
  for (std::size_t i = 0; i < spec.segments.size(); ++i)
    if (spec.segments[i].device.name == name) return i;
  throw std::out_of_range("no interconnect segment named " + name);
}

// Breadth-first from the DRAM's segment against the bridges' direction.
std::vector<std::size_t> hops_to_dram(const PlatformSpec& spec) {
  std::vector<std::size_t> hops(spec.segments.size(), kUnreachable);
  std::vector<std::size_t> queue = {segment_index(spec, spec.dram.segment)};
  hops[queue.front()] = 0;
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const std::string& at = spec.segments[queue[next]].device.name;
    for (const BridgeSpec& bridge : spec.bridges) {
      if (bridge.to != at) continue;
      const std::size_t from = segment_index(spec, bridge.from);
      if (hops[from] != kUnreachable) continue;
      hops[from] = hops[queue[next]] + 1;
      queue.push_back(from);
    }
  }
  return hops;
}

}  // namespace wakesim
