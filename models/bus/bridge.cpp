#include "wakesim/bus/bridge.h"

#include <stdexcept>
#include <string>

#include "wakesim/core/sim_time.h"
#include "wakesim/power/power_domain.h"

namespace wakesim {

BridgeParams Bridge::validated(const std::string& name, const BridgeParams& params) {
  LinkTiming::validate(name, params.data_width_bytes, params.clock);
  return params;
}

Bridge::Bridge(const sc_core::sc_module_name& name, const BridgeParams& params)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      params_(validated(this->name(), params)),
      link_timing_(params_.data_width_bytes, params_.clock) {
  in.register_b_transport(this, &Bridge::b_transport);
  in.register_transport_dbg(this, &Bridge::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Bridge::get_direct_mem_ptr);
}

void Bridge::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  if (params_.domain != nullptr && !params_.domain->is_on()) {
    ++stats_.power_errors;
    tx.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const std::uint64_t now = sim_now().value();
  const std::uint64_t arrival = now + delay.value();
  const std::uint64_t transfer = link_timing_.transfer_time_of(tx.get_data_length()).value();
  const std::uint64_t start = link_.reserve(arrival, transfer, now);
  stats_.wait.record(start - arrival);
  stats_.busy_ps += transfer;
  ++stats_.transactions;
  delay = duration_of_ps(start + transfer - now) + params_.latency;

  const sc_dt::uint64 address = tx.get_address();
  tx.set_address(address + params_.address_offset);
  out->b_transport(tx, delay);
  tx.set_address(address);
  if (!tx.is_response_ok()) {
    ++stats_.target_errors;
    return;
  }
  stats_.bytes += tx.get_data_length();
}

unsigned int Bridge::transport_dbg(tlm::tlm_generic_payload& tx) {
  const sc_dt::uint64 address = tx.get_address();
  tx.set_address(address + params_.address_offset);
  const unsigned int moved = out->transport_dbg(tx);
  tx.set_address(address);
  return moved;
}

bool Bridge::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access is timed and counted
}

}  // namespace wakesim
