#include "wakesim/bus/interconnect.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "wakesim/core/pending_activity.h"
#include "wakesim/core/sim_time.h"
#include "wakesim/power/power_domain.h"

namespace wakesim {
namespace {

std::uint64_t ps_of(const sc_core::sc_time& time) { return time.value(); }

bool is_off(const PowerDomain* domain) { return domain != nullptr && !domain->is_on(); }

}  // namespace

InterconnectParams Interconnect::validated(const std::string& name, const InterconnectParams& params) {
  LinkTiming::validate(name, params.data_width_bytes, params.clock);
  if (!std::isfinite(params.energy_per_byte.joules) || params.energy_per_byte.joules < 0.0) {
    throw std::invalid_argument(name + ": energy per byte must be finite and non-negative");
  }
  return params;
}

Interconnect::Interconnect(const sc_core::sc_module_name& name, const InterconnectParams& params, EnergyLedger* ledger)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      params_(validated(this->name(), params)),
      link_timing_(params_.data_width_bytes, params_.clock),
      own_ledger_(ledger ? nullptr : std::make_unique<EnergyLedger>()),
      ledger_(ledger ? *ledger : *own_ledger_),
      byte_energy_(ledger_.register_dynamic(this->name(), "event:byte", params_.energy_per_byte)),
      map_(this->name()) {
  in.register_b_transport(this, &Interconnect::b_transport);
  in.register_transport_dbg(this, &Interconnect::transport_dbg);
  in.register_get_direct_mem_ptr(this, &Interconnect::get_direct_mem_ptr);
  out.register_invalidate_direct_mem_ptr(this, &Interconnect::invalidate_direct_mem_ptr);
}

void Interconnect::map(std::size_t port, std::uint64_t base, std::uint64_t size, const PowerDomain* domain) {
  if (elaborated_) {
    throw std::logic_error(std::string(name()) + ": map() after elaboration");
  }
  map_.add(AddressMapping{base, size, port, domain});
  grow_target_ports(port + 1);
}

void Interconnect::grow_target_ports(std::size_t count) {
  if (target_ports_.size() < count) target_ports_.resize(count);
}

void Interconnect::end_of_elaboration() {
  const std::size_t bound = out.size();
  for (const AddressMapping& mapping : map_.mappings()) {
    if (mapping.port >= bound) {
      throw std::invalid_argument(
          fmt::format("{}: range {} names a port with no target bound "
                      "({} bound)",
                      name(), AddressMap::describe(mapping), bound));
    }
  }
  grow_target_ports(bound);
  initiator_ports_.resize(in.size());
  elaborated_ = true;
}

sc_core::sc_time Interconnect::target_port_busy_time(std::size_t port) const {
  return sc_core::sc_time::from_value(target_ports_.at(port).timeline.busy_ps());
}

void Interconnect::b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  Port& source = initiator_ports_[static_cast<std::size_t>(id)];
  if (params_.sync_on_arrival) sync_on_arrival(delay);  // arbitrate in simulated-time order
  if (is_off(params_.domain)) {
    ++source.stats.power_errors;
    ++bus_off_;
    tx.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const AddressMapping* route = map_.decode(tx.get_address(), tx.get_data_length());
  if (route == nullptr) {
    ++source.stats.unmapped;
    ++unmapped_;
    delay += params_.hop_latency;
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (refuse_if_off(source, *route, tx, delay)) return;
  forward(source, *route, tx, delay);
}

bool Interconnect::refuse_if_off(Port& source, const AddressMapping& route, tlm::tlm_generic_payload& tx,
                                 sc_core::sc_time& delay) {
  if (!is_off(route.domain)) return false;
  ++source.stats.power_errors;
  ++target_ports_[route.port].stats.power_errors;
  ++target_off_;
  delay += params_.hop_latency;
  tx.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
  return true;
}

void Interconnect::forward(Port& source, const AddressMapping& route, tlm::tlm_generic_payload& tx,
                           sc_core::sc_time& delay) {
  Port& target = target_ports_[route.port];
  const std::uint64_t now = ps_of(sim_now());
  const std::uint64_t arrival = now + ps_of(delay);
  const sc_core::sc_time& transfer = link_timing_.transfer_time_of(tx.get_data_length());
  const std::uint64_t start = reserve(source, target, arrival, ps_of(transfer), now);
  source.stats.wait.record(start - arrival);
  target.stats.wait.record(start - arrival);
  source.stats.busy_ps += ps_of(transfer);
  target.stats.busy_ps += ps_of(transfer);
  // delay + queueing + transfer + hop, in sc_time arithmetic (no conversion
  // unless the transaction queued).
  if (start != arrival) delay += duration_of_ps(start - arrival);
  delay += transfer;
  delay += params_.hop_latency;

  const sc_dt::uint64 address = tx.get_address();
  tx.set_address(address - route.base);
  out[static_cast<int>(route.port)]->b_transport(tx, delay);
  tx.set_address(address);
  account(source, target, tx);
}

// The earliest start at which the target port (and, with initiator-port
// contention, the initiator's port too) is free for the whole transfer.
std::uint64_t Interconnect::reserve(Port& source, Port& target, std::uint64_t arrival_ps, std::uint64_t duration_ps,
                                    std::uint64_t now_ps) {
  if (!params_.initiator_port_contention) {
    return target.timeline.reserve(arrival_ps, duration_ps, now_ps);
  }
  source.timeline.forget_before(now_ps);
  target.timeline.forget_before(now_ps);
  std::uint64_t start = arrival_ps;
  for (;;) {  // each round that does not end moves start later, so this ends
    const std::uint64_t source_free = source.timeline.earliest_fit(start, duration_ps);
    start = target.timeline.earliest_fit(source_free, duration_ps);
    if (start == source_free) break;
  }
  source.timeline.book(start, duration_ps);
  target.timeline.book(start, duration_ps);
  return start;
}

void Interconnect::account(Port& source, Port& target, const tlm::tlm_generic_payload& tx) {
  ++source.stats.transactions;
  ++target.stats.transactions;
  if (!tx.is_response_ok()) {
    ++source.stats.target_errors;
    ++target.stats.target_errors;
    return;
  }
  const std::uint64_t bytes = tx.get_data_length();
  source.stats.bytes += bytes;
  target.stats.bytes += bytes;
  bytes_ += bytes;
  byte_energy_.count(bytes);
}

void Interconnect::reset_stats() {
  for (std::vector<Port>* ports : {&initiator_ports_, &target_ports_})
    for (Port& port : *ports) port.stats = PortStats{};
  unmapped_ = bus_off_ = target_off_ = bytes_ = 0;
}

unsigned int Interconnect::transport_dbg(int, tlm::tlm_generic_payload& tx) {
  const AddressMapping* route = map_.decode(tx.get_address(), tx.get_data_length());
  if (route == nullptr) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const sc_dt::uint64 address = tx.get_address();
  tx.set_address(address - route->base);
  const unsigned int moved = out[static_cast<int>(route->port)]->transport_dbg(tx);
  tx.set_address(address);
  return moved;
}

bool Interconnect::get_direct_mem_ptr(int, tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access must be timed and counted
}

void Interconnect::invalidate_direct_mem_ptr(int, sc_dt::uint64, sc_dt::uint64) {
  // Nothing to do: DMI is never granted through this bus.
}

}  // namespace wakesim
