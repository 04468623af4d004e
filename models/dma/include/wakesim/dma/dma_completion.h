#pragma once
// What a DMA channel's completion interrupt tells its client (the dmaengine
// callback's dmaengine_result, with the times the latency breakdown needs).
#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>

#include "wakesim/core/enum_names.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

// dma_cookie_t: positive for a submitted descriptor, negative errno on failure.
using DmaCookie = std::int32_t;

enum class DmaKind { memcpy, scatter_gather, cyclic };

enum class DmaStatus { ok, error };

// Why a descriptor ended with DmaStatus::error.
enum class DmaError {
  none,
  bus,                   // a burst got a TLM error response (see DmaCompletion::response)
  controller_suspended,  // fail mode: the controller was not ACTIVE when data had to move
};

struct DmaCompletion {
  DmaCookie cookie = 0;
  unsigned channel = 0;
  DmaKind kind = DmaKind::memcpy;
  // Cyclic descriptors: the index of the period that completed (0, 1, 2, ...,
  // counting every period since the descriptor started, wrapping the ring). 0 otherwise.
  std::uint64_t period = 0;
  // Bytes written to the destination by bursts that completed without error.
  std::uint64_t bytes = 0;
  DmaStatus status = DmaStatus::ok;
  DmaError error = DmaError::none;
  // The failing burst's response (bus errors); TLM_OK_RESPONSE otherwise.
  tlm::tlm_response_status response = tlm::TLM_OK_RESPONSE;

  // submit(), issue_pending(), the channel taking it from its queue (for a
  // cyclic period: the end of the previous period), the channel starting it (the
  // controller found ACTIVE, setup begins) and the interrupt. `stalled` is the
  // whole time this descriptor (period) waited for the controller to become
  // ACTIVE, before it started or between its bursts.
  // The split of finished - submitted (docs/architecture.md, 'Energy and latency accounting'): queue = dequeued -
  // submitted, pm wait = stalled, transfer = finished - dequeued - stalled.
  sc_core::sc_time submitted = sc_core::SC_ZERO_TIME;
  sc_core::sc_time issued = sc_core::SC_ZERO_TIME;
  sc_core::sc_time dequeued = sc_core::SC_ZERO_TIME;
  sc_core::sc_time started = sc_core::SC_ZERO_TIME;
  sc_core::sc_time finished = sc_core::SC_ZERO_TIME;
  sc_core::sc_time stalled = sc_core::SC_ZERO_TIME;

  // The interrupt handler runs in atomic context: a client calling into runtime
  // PM from the callback passes this on (a sleeping call is then counted as the
  // kernel's might-sleep bug unless the device is irq-safe).
  CallContext context = CallContext::atomic;

  bool ok() const { return status == DmaStatus::ok; }
};

using DmaCallback = std::function<void(const DmaCompletion&)>;

inline constexpr auto kDmaKindNames = make_enum_names<DmaKind>(
    {{DmaKind::memcpy, "memcpy"}, {DmaKind::scatter_gather, "scatter_gather"}, {DmaKind::cyclic, "cyclic"}});
inline constexpr auto kDmaStatusNames =
    make_enum_names<DmaStatus>({{DmaStatus::ok, "ok"}, {DmaStatus::error, "error"}});
inline constexpr auto kDmaErrorNames = make_enum_names<DmaError>(
    {{DmaError::none, "none"}, {DmaError::bus, "bus"}, {DmaError::controller_suspended, "controller_suspended"}});

inline const char* to_string(DmaKind kind) { return kDmaKindNames.name(kind); }
inline const char* to_string(DmaStatus status) { return kDmaStatusNames.name(status); }
inline const char* to_string(DmaError error) { return kDmaErrorNames.name(error); }

}  // namespace wakesim
