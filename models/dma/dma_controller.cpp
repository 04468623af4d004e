#include "wakesim/dma/dma_controller.h"

#include <stdexcept>
#include <string>

#include "wakesim/power/rpm_device.h"

namespace wakesim {

const DmaControllerParams& DmaController::checked(const DmaControllerParams& params) {
  if (params.channels == 0) throw std::invalid_argument("DMA controller: no channels");
  if (params.ports == 0) throw std::invalid_argument("DMA controller: no ports");
  if (params.burst_size.bytes == 0 || params.burst_size.bytes > 0xffffffffu)
    throw std::invalid_argument("DMA controller: burst size must be 1 B .. 4 GiB - 1");
  if (params.max_outstanding == 0) throw std::invalid_argument("DMA controller: max_outstanding must be at least 1");
  if (!params.channel_params.empty() && params.channel_params.size() != params.channels)
    throw std::invalid_argument("DMA controller: channel_params has " + std::to_string(params.channel_params.size()) +
                                " entries for " + std::to_string(params.channels) + " channels");
  for (std::size_t i = 0; i < params.channel_params.size(); ++i) {
    if (params.channel_params[i].port >= params.ports)
      throw std::invalid_argument("DMA controller: channel " + std::to_string(i) + " uses port " +
                                  std::to_string(params.channel_params[i].port) + " of " +
                                  std::to_string(params.ports));
  }
  return params;
}

DmaController::DmaController(const sc_core::sc_module_name& name, const DmaControllerParams& params, RpmDevice& device,
                             EnergyLedger* ledger)
    : sc_core::sc_module(name), port("port", checked(params).ports), params_(params), device_(device), channels_("ch") {
  if (ledger) {
    byte_account_ = ledger->register_dynamic(this->name(), "event:byte", params_.energy_per_byte);
    descriptor_account_ = ledger->register_dynamic(this->name(), "event:descriptor", params_.energy_per_descriptor);
  }
  channels_.init(params_.channels, [this](const char* channel_name, std::size_t index) {
    const auto i = static_cast<unsigned>(index);
    return new DmaChannel(channel_name, *this, i, channel_params(i));
  });
}

DmaChannelParams DmaController::channel_params(unsigned index) const {
  if (!params_.channel_params.empty()) return params_.channel_params[index];
  DmaChannelParams channel;
  channel.stream_id = index;
  channel.port = 0;
  return channel;
}

bool DmaController::powered() const { return device_.status() == RpmStatus::active; }

DmaChannelStats DmaController::total_stats() const {
  DmaChannelStats total;
  for (const DmaChannel& channel : channels_) total += channel.stats();
  return total;
}

}  // namespace wakesim
