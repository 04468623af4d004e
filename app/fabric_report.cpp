#include "fabric_report.h"

#include <cstdint>

#include <fmt/format.h>

#include "bus/interconnect.h"
#include "memory/dram.h"
#include "platform.h"

namespace wakesim {
namespace {

using nlohmann::ordered_json;

double us(double picoseconds) { return picoseconds * 1e-6; }

// A queueing delay's distribution: the count, mean, median, 99th percentile and
// maximum (within the histogram's 0.8 % bucket resolution; exact below 256 ps).
ordered_json wait_json(const LatencyHistogram& wait) {
  const LatencyHistogram::Summary s = wait.summary();
  return ordered_json{{"count", s.count},
                      {"mean_us", us(s.mean)},
                      {"p50_us", us(s.p50)},
                      {"p99_us", us(s.p99)},
                      {"max_us", us(double(s.max))}};
}

ordered_json port_json(const Interconnect::PortStats& s, std::uint64_t measured_ps, bool initiator) {
  ordered_json json{{"transactions", s.transactions},
                    {"bytes", s.bytes},
                    {"busy_us", us(double(s.busy_ps))},
                    {"utilisation", s.utilisation(measured_ps)},
                    {"wait", wait_json(s.wait)},
                    {"power_errors", s.power_errors},
                    {"target_errors", s.target_errors}};
  if (initiator) json["unmapped"] = s.unmapped;
  return json;
}

std::string initiator_name(const Platform& platform, std::size_t port) {
  const std::vector<std::string>& names = platform.interconnect_initiators();
  return port < names.size() ? names[port] : fmt::format("port{}", port);
}

ordered_json row_json(const RowBuffer::Outcome& rows) {
  return ordered_json{{"row_hits", rows.hits},
                      {"row_misses", rows.empty},
                      {"row_conflicts", rows.conflicts},
                      {"row_hit_rate", rows.hit_rate()}};
}

ordered_json residency_json(const PowerStateResidency& residency) {
  std::uint64_t accounted_ps = 0;
  for (std::size_t i = 0; i < residency.state_count(); ++i) accounted_ps += residency.residency_ps(i);
  ordered_json time = ordered_json::object();
  ordered_json fraction = ordered_json::object();
  ordered_json entries = ordered_json::object();
  for (std::size_t i = 0; i < residency.state_count(); ++i) {
    const std::string& name = residency.state_name(i);
    time[name] = us(double(residency.residency_ps(i)));
    fraction[name] = accounted_ps == 0 ? 0.0 : double(residency.residency_ps(i)) / double(accounted_ps);
    entries[name] = residency.transitions_into(i);
  }
  const std::uint64_t low_power_ps =
      residency.residency_ps(Dram::power_down) + residency.residency_ps(Dram::self_refresh);
  return ordered_json{{"residency_us", time},
                      {"residency_fraction", fraction},
                      {"entries", entries},
                      {"low_power_us", us(double(low_power_ps))},
                      {"low_power_fraction", accounted_ps == 0 ? 0.0 : double(low_power_ps) / double(accounted_ps)}};
}

}  // namespace

ordered_json bus_json(Platform& platform, const sc_core::sc_time& measured) {
  const Interconnect& bus = platform.interconnect();
  const std::uint64_t measured_ps = measured.value();
  ordered_json initiators = ordered_json::object();
  for (std::size_t i = 0; i < bus.initiator_port_count(); ++i)
    initiators[initiator_name(platform, i)] = port_json(bus.initiator_port(i), measured_ps, true);
  // The platform maps one target, the DRAM, on port 0.
  ordered_json targets = ordered_json::object();
  for (std::size_t i = 0; i < bus.target_port_count(); ++i)
    targets[i == 0 ? std::string("dram") : fmt::format("port{}", i)] =
        port_json(bus.target_port(i), measured_ps, false);
  return ordered_json{{"bytes", bus.bytes_transferred()}, {"initiators", initiators}, {"targets", targets}};
}

ordered_json memory_json(Platform& platform, const sc_core::sc_time& measured) {
  const Dram& dram = platform.dram();
  const Dram::Stats& s = dram.stats();
  const std::uint64_t busy_ps = dram.busy_time().value();
  RowBuffer::Outcome rows;
  rows.hits = s.row_hits;
  rows.empty = s.row_empty;
  rows.conflicts = s.row_conflicts;
  ordered_json json{{"reads", s.reads},
                    {"writes", s.writes},
                    {"bytes_read", s.bytes_read},
                    {"bytes_written", s.bytes_written}};
  json.update(row_json(rows));
  json["busy_us"] = us(double(busy_ps));
  json["utilisation"] = measured.value() == 0 ? 0.0 : double(busy_ps) / double(measured.value());
  json["wait"] = wait_json(s.wait);
  ordered_json banks = ordered_json::object();
  for (unsigned bank = 0; bank < dram.rows().banks(); ++bank)
    banks[std::to_string(bank)] = row_json(dram.rows().bank_stats(bank));
  json["banks"] = banks;
  json.update(residency_json(dram.residency()));
  return json;
}

std::string fabric_summary_text(const ordered_json& metrics) {
  std::string text = fmt::format("\n{:<24} {:>8} {:>13} {:>12} {:>12}\n", "bus port", "busy %", "transactions", "wait p50 us", "wait p99 us");
  const ordered_json& bus = metrics["bus"];
  for (const char* side : {"initiators", "targets"})
    for (const auto& [name, port] : bus[side].items())
      text += fmt::format("{:<24} {:>8.4f} {:>13} {:>12.4f} {:>12.4f}\n", name,
                          100.0 * port["utilisation"].get<double>(), port["transactions"].get<std::uint64_t>(),
                          port["wait"]["p50_us"].get<double>(), port["wait"]["p99_us"].get<double>());
  const ordered_json& memory = metrics["memory"];
  text += fmt::format("dram: row hit rate {:.2f} % ({} hits, {} misses, {} conflicts), data bus {:.4f} % busy, "
                      "power-down {:.2f} %, self-refresh {:.2f} %\n",
                      100.0 * memory["row_hit_rate"].get<double>(), memory["row_hits"].get<std::uint64_t>(),
                      memory["row_misses"].get<std::uint64_t>(), memory["row_conflicts"].get<std::uint64_t>(),
                      100.0 * memory["utilisation"].get<double>(),
                      100.0 * memory["residency_fraction"]["power_down"].get<double>(),
                      100.0 * memory["residency_fraction"]["self_refresh"].get<double>());
  return text;
}

}  // namespace wakesim
