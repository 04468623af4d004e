#pragma once
// Parameters of a DMA controller (DmaController) and of its channels.
#include <cstdint>
#include <optional>
#include <vector>

#include <systemc>

#include "wakesim/core/enum_names.h"
#include "wakesim/core/units.h"

namespace wakesim {

// What a channel does when data has to move while the controller's runtime PM
// status is not ACTIVE.
enum class DmaWhenSuspended {
  // The channel holds the work (its clock is gated) and moves on when the
  // controller becomes ACTIVE; the wait is counted (stalls, stall_time).
  stall,
  // The descriptor ends at once with DmaError::controller_suspended.
  fail,
};

inline constexpr auto kDmaWhenSuspendedNames =
    make_enum_names<DmaWhenSuspended>({{DmaWhenSuspended::stall, "stall"}, {DmaWhenSuspended::fail, "fail"}});

inline const char* to_string(DmaWhenSuspended mode) { return kDmaWhenSuspendedNames.name(mode); }

struct DmaChannelParams {
  std::uint32_t stream_id = 0;  // carried on every burst in a StreamIdExtension
  unsigned port = 0;            // which initiator socket (path) the channel uses
  // This channel's setup latency; unset: the controller's setup_latency.
  std::optional<sc_core::sc_time> setup_latency;
};

struct DmaControllerParams {
  unsigned channels = 8;
  // Initiator sockets, one per path (a bus port, an IOMMU port ...).
  unsigned ports = 1;
  // Per channel; when empty, channel i gets stream ID i on port 0. Otherwise it
  // must have `channels` entries.
  std::vector<DmaChannelParams> channel_params;

  // Bytes per burst (one read and one write transaction each).
  ByteSize burst_size{64};
  // Bursts a channel may have in flight (read issued, write not yet complete):
  // burst i is not read before burst i - max_outstanding has been written.
  unsigned max_outstanding = 4;
  // Descriptor fetch and channel programming, paid when a descriptor (or each
  // period of a cyclic descriptor) starts, before its first burst.
  sc_core::sc_time setup_latency = sc_core::SC_ZERO_TIME;
  // Minimum time between two burst reads of one channel (the engine's issue rate).
  sc_core::sc_time issue_interval = sc_core::SC_ZERO_TIME;

  // A stalled channel wakes when the device's status changes to ACTIVE
  // (RpmDevice::status_changed_event()).
  DmaWhenSuspended when_suspended = DmaWhenSuspended::stall;

  // Dynamic energy per byte moved (read + written once) and per descriptor setup.
  Energy energy_per_byte;
  Energy energy_per_descriptor;

  // The channels' quantum; unset: the global quantum (tlm_global_quantum).
  std::optional<sc_core::sc_time> quantum;
};

}  // namespace wakesim
