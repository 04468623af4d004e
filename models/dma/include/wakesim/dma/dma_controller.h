#pragma once
// A DMA controller in the spirit of the ARM PL330 driven through the kernel's
// dmaengine API (drivers/dma/pl330.c, Documentation/driver-api/dmaengine/):
// N channels (DmaChannel), each with a descriptor queue (memcpy, scatter-gather,
// cyclic), bursts of burst_size bytes with up to max_outstanding in flight per
// channel, a setup latency per descriptor, and a completion interrupt delivered
// in atomic context to a client callback.
//
// Paths: the controller has `ports` TLM-2.0 initiator sockets (port[i]); each
// channel names one of them and its stream ID, carried on every transaction in a
// StreamIdExtension (with the channel number). A port is bound to whatever the
// platform puts on that path: a bus port directly, or an IOMMU port.
//
// Runtime PM: the controller is the hardware behind an RpmDevice. It never calls
// pm_runtime_get/put itself (that is the driver's policy), but it moves data only
// while the device's runtime status is ACTIVE (status() == RpmStatus::active; a
// device without runtime PM must therefore be set_active() once). Work that has to
// move data while the status is anything else (SUSPENDED, SUSPENDING, RESUMING)
// stalls until ACTIVE (stall mode: `stalls`, `stall_time`) or fails with
// DmaError::controller_suspended (fail mode: `power_errors`); both count
// `issued_while_suspended`. A stalled channel wakes exactly when the device
// becomes ACTIVE (it waits on RpmDevice::status_changed_event()).
//
// Energy: with a ledger, two dynamic event accounts under the controller's name:
// "event:byte" (energy_per_byte per byte written by a burst that completed ok)
// and "event:descriptor" (energy_per_descriptor per setup: each memcpy or
// scatter-gather descriptor, each cyclic period). Static power is the RpmDevice's
// (RpmDevice::attach_energy).
//
// Not modelled: a controller-wide outstanding limit (the limit is per channel),
// peripheral request lines (a device FIFO is always ready), residue reporting,
// pause/resume of a channel, and DMI (every burst is a b_transport).
#include <memory>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/dma/dma_channel.h"
#include "wakesim/dma/dma_controller_params.h"

namespace wakesim {

class RpmDevice;

class DmaController : public sc_core::sc_module {
 public:
  using Socket = tlm_utils::simple_initiator_socket<DmaController>;

  // Throws std::invalid_argument for no channels or ports, a zero burst size or
  // outstanding limit, channel_params of the wrong length, or a channel on a port
  // that does not exist.
  DmaController(const sc_core::sc_module_name& name, const DmaControllerParams& params, RpmDevice& device,
                EnergyLedger* ledger = nullptr);

  sc_core::sc_vector<Socket> port;

  DmaChannel& channel(unsigned index) { return channels_.at(index); }
  const DmaChannel& channel(unsigned index) const { return channels_.at(index); }
  unsigned channel_count() const { return static_cast<unsigned>(channels_.size()); }
  const DmaControllerParams& params() const { return params_; }
  RpmDevice& device() const { return device_; }

  // True while data may move: the device's runtime status is ACTIVE.
  bool powered() const;

  // Every channel's statistics added up.
  DmaChannelStats total_stats() const;

 private:
  friend class DmaChannel;
  void count_bytes(std::uint64_t bytes) {
    if (byte_account_.bound()) byte_account_.count(bytes);
  }
  void count_descriptor() {
    if (descriptor_account_.bound()) descriptor_account_.count();
  }
  static const DmaControllerParams& checked(const DmaControllerParams& params);
  DmaChannelParams channel_params(unsigned index) const;

  DmaControllerParams params_;
  RpmDevice& device_;
  EnergyLedger::EventAccount byte_account_;
  EnergyLedger::EventAccount descriptor_account_;
  sc_core::sc_vector<DmaChannel> channels_;
};

}  // namespace wakesim
