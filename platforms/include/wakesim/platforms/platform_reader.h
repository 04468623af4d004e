#pragma once
// Reads a platform description (the `platform:` map of a platform file, or of a
// scenario that defines its platform inline) into a PlatformSpec. Strict: every
// key is typed and has units, every name reference must resolve, the DRAM and
// the IOMMUs' page tables must fit where the builder maps them, and anything
// unknown is left unread for ConfigDocument::finish() to report with a
// suggestion. Keys and defaults: scenarios/README.md; sources: docs/parameters.md.
#include <cstddef>
#include <string>
#include <vector>

#include "wakesim/core/config_node.h"
#include "wakesim/platforms/config_limits.h"
#include "wakesim/platforms/platform_spec.h"

namespace wakesim {

PlatformSpec read_platform(const ConfigNode& platform);

// The `name` of something that becomes a SystemC object (a power domain, a
// device, a DMA client): SystemC silently renames a name with '.' or white
// space (warning W506), so the report would not use the name the file gives;
// such a name is refused at its line.
std::string read_object_name(const ConfigNode& node);

// `elements` (a list read from the file), refused at the first element past
// `most`: "platform.dma.16: a platform has at most 16 DMA controllers".
std::vector<ConfigNode> at_most(std::vector<ConfigNode> elements, std::size_t most, const char* owner,
                                const char* things);

// The power-binding keys of an IOMMU (power_binding, autosuspend_delay,
// order_link) in `node`, defaults for those absent; shared with scenarios,
// which may choose another binding for a platform's IOMMU.
IommuPowerManagerParams read_iommu_power_binding(const ConfigNode& node);

}  // namespace wakesim
