#include "wakesim/memory/dram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "wakesim/core/sim_time.h"

namespace wakesim {
namespace {

std::uint64_t ps_of(const sc_core::sc_time& time) { return time.value(); }

void require_energy(const std::string& name, const char* what, Energy energy) {
  if (!std::isfinite(energy.joules) || energy.joules < 0.0) {
    throw std::invalid_argument(name + ": " + what + " must be finite and non-negative");
  }
}

std::vector<PowerStateResidency::State> background_states(const DramParams& params) {
  // In the order of Dram::PowerState.
  return {{"active_standby", params.active_standby},
          {"precharge_standby", params.precharge_standby},
          {"power_down", params.power_down},
          {"self_refresh", params.self_refresh}};
}

}  // namespace

DramParams Dram::validated(const std::string& name, const DramParams& params) {
  if (params.size.bytes == 0) throw std::invalid_argument(name + ": size must not be zero");
  if (params.banks == 0) throw std::invalid_argument(name + ": at least one bank is needed");
  if (params.row_size.bytes == 0) throw std::invalid_argument(name + ": row size must not be zero");
  if (!std::isfinite(params.bandwidth.bytes_per_second) || params.bandwidth.bytes_per_second <= 0.0) {
    throw std::invalid_argument(name + ": bandwidth must be positive and finite");
  }
  require_energy(name, "read energy per bit", params.read_energy_per_bit);
  require_energy(name, "write energy per bit", params.write_energy_per_bit);
  require_energy(name, "activation energy", params.activation_energy);
  if (params.power_down_timeout && params.self_refresh_timeout &&
      *params.self_refresh_timeout <= *params.power_down_timeout) {
    throw std::invalid_argument(name + ": self-refresh timeout must exceed power-down timeout");
  }
  return params;
}

Dram::Dram(const sc_core::sc_module_name& name, const DramParams& params, EnergyLedger* ledger)
    : sc_core::sc_module(name),
      socket("socket"),
      params_(validated(this->name(), params)),
      own_ledger_(ledger ? nullptr : std::make_unique<EnergyLedger>()),
      ledger_(ledger ? *ledger : *own_ledger_),
      read_energy_(ledger_.register_dynamic(this->name(), "event:bit_read", params_.read_energy_per_bit)),
      write_energy_(ledger_.register_dynamic(this->name(), "event:bit_write", params_.write_energy_per_bit)),
      activation_energy_(ledger_.register_dynamic(this->name(), "event:activate", params_.activation_energy)),
      residency_(ledger_, this->name(), background_states(params_), precharge_standby, ps_of(sc_core::sc_time_stamp())),
      storage_(params_.size.bytes),
      rows_(params_.banks, params_.row_size.bytes),
      activity_until_ps_(ps_of(sc_core::sc_time_stamp())) {
  socket.register_b_transport(this, &Dram::b_transport);
  socket.register_transport_dbg(this, &Dram::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Dram::get_direct_mem_ptr);
}

void Dram::backdoor_write(std::uint64_t address, const void* data, std::uint64_t length) {
  storage_.write(address, static_cast<const std::uint8_t*>(data), length);
}

void Dram::backdoor_read(std::uint64_t address, void* data, std::uint64_t length) const {
  storage_.read(address, static_cast<std::uint8_t*>(data), length);
}

sc_core::sc_time Dram::occupancy(std::uint64_t bytes) const {
  return sc_core::sc_time::from_value(occupancy_ps(bytes));
}

std::uint64_t Dram::occupancy_ps(std::uint64_t bytes) const {
  if (bytes != last_occupancy_bytes_) {
    const double ps = static_cast<double>(bytes) * 1e12 / params_.bandwidth.bytes_per_second;
    last_occupancy_ps_ = static_cast<std::uint64_t>(std::llround(ps));
    last_occupancy_bytes_ = bytes;
  }
  return last_occupancy_ps_;
}

void Dram::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const tlm::tlm_response_status status = check(tx);
  if (status != tlm::TLM_OK_RESPONSE || tx.get_command() == tlm::TLM_IGNORE_COMMAND) {
    tx.set_response_status(status);
    return;
  }
  const std::uint64_t now = ps_of(sim_now());
  const std::uint64_t arrival = now + ps_of(delay);
  const std::uint64_t footprint = std::min<std::uint64_t>(tx.get_data_length(), tx.get_streaming_width());
  const std::uint64_t ready =
      arrival + wake_up(arrival) + ps_of(params_.access_latency) + open_rows(tx.get_address(), footprint);
  const std::uint64_t duration = occupancy_ps(tx.get_data_length());
  const std::uint64_t start = data_bus_.reserve(ready, duration, now);
  stats_.wait.record(start - ready);
  activity_until_ps_ = std::max(activity_until_ps_, start + duration);
  delay = duration_of_ps(start + duration - now);

  move_data(tx);
  count_data(tx);
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

tlm::tlm_response_status Dram::check(const tlm::tlm_generic_payload& tx) {
  if (tx.get_streaming_width() == 0) {
    ++stats_.burst_errors;
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  if (tx.get_byte_enable_ptr() != nullptr && tx.get_byte_enable_length() == 0) {
    ++stats_.byte_enable_errors;
    return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  }
  const std::uint64_t footprint = std::min<std::uint64_t>(tx.get_data_length(), tx.get_streaming_width());
  if (!storage_.contains(tx.get_address(), footprint)) {
    ++stats_.address_errors;
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  return tlm::TLM_OK_RESPONSE;
}

// Applies the idle transitions due by `arrival_ps`, then wakes the device;
// returns the exit latency the access pays.
std::uint64_t Dram::wake_up(std::uint64_t arrival_ps) {
  if (arrival_ps < activity_until_ps_) return 0;  // still busy, so awake
  settle(arrival_ps);
  std::uint64_t exit = 0;
  if (power_state() == power_down) exit = ps_of(params_.power_down_exit);
  if (power_state() == self_refresh) exit = ps_of(params_.self_refresh_exit);
  residency_.enter(active_standby, arrival_ps);
  return exit;
}

// The idle-timeout transitions due by `time_ps`, at the times they were due.
void Dram::settle(std::uint64_t time_ps) {
  if (time_ps < activity_until_ps_) return;
  const std::uint64_t idle_since = activity_until_ps_;
  const bool standby = power_state() == active_standby || power_state() == precharge_standby;
  if (standby && params_.power_down_timeout) {
    const std::uint64_t due = idle_since + ps_of(*params_.power_down_timeout);
    if (due <= time_ps) {
      rows_.close_all();
      residency_.enter(power_down, due);
    }
  }
  if (power_state() != self_refresh && params_.self_refresh_timeout) {
    const std::uint64_t due = idle_since + ps_of(*params_.self_refresh_timeout);
    if (due <= time_ps) {
      rows_.close_all();
      residency_.enter(self_refresh, due);
    }
  }
}

// Opens the rows the access touches; returns the row latency it pays.
std::uint64_t Dram::open_rows(std::uint64_t address, std::uint64_t footprint) {
  const RowBuffer::Outcome outcome = rows_.access(address, footprint);
  stats_.row_hits += outcome.hits;
  stats_.row_empty += outcome.empty;
  stats_.row_conflicts += outcome.conflicts;
  activation_energy_.count(outcome.activations());
  if (outcome.conflicts > 0) return ps_of(params_.t_rp) + ps_of(params_.t_rcd);
  if (outcome.empty > 0) return ps_of(params_.t_rcd);
  return 0;
}

void Dram::move_data(tlm::tlm_generic_payload& tx) {
  const bool streaming = tx.get_streaming_width() < tx.get_data_length();
  if (tx.get_byte_enable_ptr() != nullptr || streaming) {
    move_bytes_one_by_one(tx);
  } else if (tx.is_read()) {
    storage_.read(tx.get_address(), tx.get_data_ptr(), tx.get_data_length());
  } else {
    storage_.write(tx.get_address(), tx.get_data_ptr(), tx.get_data_length());
  }
}

// The general case: byte i goes to address + i % streaming_width, if enabled.
void Dram::move_bytes_one_by_one(tlm::tlm_generic_payload& tx) {
  const unsigned char* enables = tx.get_byte_enable_ptr();
  const std::uint64_t enable_length = tx.get_byte_enable_length();
  const std::uint64_t width = tx.get_streaming_width();
  std::uint8_t* data = tx.get_data_ptr();
  for (std::uint64_t i = 0; i < tx.get_data_length(); ++i) {
    if (enables != nullptr && enables[i % enable_length] != TLM_BYTE_ENABLED) continue;
    const std::uint64_t address = tx.get_address() + i % width;
    if (tx.is_read()) {
      data[i] = storage_.read_byte(address);
    } else {
      storage_.write_byte(address, data[i]);
    }
  }
}

void Dram::count_data(const tlm::tlm_generic_payload& tx) {
  const std::uint64_t bytes = tx.get_data_length();
  if (tx.is_read()) {
    ++stats_.reads;
    stats_.bytes_read += bytes;
    read_energy_.count(bytes * 8);
  } else {
    ++stats_.writes;
    stats_.bytes_written += bytes;
    write_energy_.count(bytes * 8);
  }
}

unsigned int Dram::transport_dbg(tlm::tlm_generic_payload& tx) {
  const std::uint64_t address = tx.get_address();
  if (tx.get_command() == tlm::TLM_IGNORE_COMMAND || address >= storage_.size()) return 0;
  const std::uint64_t length = std::min<std::uint64_t>(tx.get_data_length(), storage_.size() - address);
  if (tx.is_read()) {
    storage_.read(address, tx.get_data_ptr(), length);
  } else {
    storage_.write(address, tx.get_data_ptr(), length);
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  return static_cast<unsigned int>(length);
}

bool Dram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access is timed and counted
}

void Dram::update_accounting() {
  const std::uint64_t now = ps_of(sim_now());
  settle(now);
  residency_.close(std::max(now, residency_.accounted_until_ps()));
}

void Dram::reset_stats() {
  update_accounting();
  residency_.reset_stats(residency_.accounted_until_ps());
  rows_.reset_stats();
  stats_ = Stats{};
  busy_ps_at_reset_ = data_bus_.busy_ps();
}

}  // namespace wakesim
