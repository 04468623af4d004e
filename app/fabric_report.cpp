#include "wakesim/app/fabric_report.h"

#include <cstdint>

#include <fmt/format.h>

#include "wakesim/bus/bridge.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/memory/channel_interleaver.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/system_cache.h"
#include "wakesim/platforms/platform.h"

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
  ordered_json json{{"transactions", s.transactions},   {"bytes", s.bytes},
                    {"busy_us", us(double(s.busy_ps))}, {"utilisation", s.utilisation(measured_ps)},
                    {"wait", wait_json(s.wait)},        {"power_errors", s.power_errors},
                    {"target_errors", s.target_errors}};
  if (initiator) json["unmapped"] = s.unmapped;
  return json;
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

namespace {

// One segment's ports, named by Platform::Segment.
ordered_json segment_json(const Platform::Segment& segment, std::uint64_t measured_ps) {
  const Interconnect& bus = *segment.bus;
  ordered_json initiators = ordered_json::object();
  for (std::size_t i = 0; i < bus.initiator_port_count(); ++i)
    initiators[i < segment.initiators.size() ? segment.initiators[i] : fmt::format("port{}", i)] =
        port_json(bus.initiator_port(i), measured_ps, true);
  ordered_json targets = ordered_json::object();
  for (std::size_t i = 0; i < bus.target_port_count(); ++i)
    targets[i < segment.targets.size() ? segment.targets[i] : fmt::format("port{}", i)] =
        port_json(bus.target_port(i), measured_ps, false);
  return ordered_json{{"bytes", bus.bytes_transferred()}, {"initiators", initiators}, {"targets", targets}};
}

ordered_json bridge_json(const Bridge& bridge, std::uint64_t measured_ps) {
  const Bridge::Stats& s = bridge.stats();
  return ordered_json{{"transactions", s.transactions},
                      {"bytes", s.bytes},
                      {"busy_us", us(double(s.busy_ps))},
                      {"utilisation", measured_ps == 0 ? 0.0 : double(s.busy_ps) / double(measured_ps)},
                      {"wait", wait_json(s.wait)},
                      {"power_errors", s.power_errors},
                      {"target_errors", s.target_errors}};
}

// Bytes the segments delivered to the DRAM (not to bridges): each byte once.
std::uint64_t bytes_to_dram(const Platform& platform) {
  std::uint64_t bytes = 0;
  for (const Platform::Segment& segment : platform.segments())
    for (std::size_t i = 0; i < segment.targets.size() && i < segment.bus->target_port_count(); ++i)
      if (segment.targets[i] == "dram") bytes += segment.bus->target_port(i).bytes;
  return bytes;
}

RowBuffer::Outcome rows_of(const Dram::Stats& s) {
  RowBuffer::Outcome rows;
  rows.hits = s.row_hits;
  rows.empty = s.row_empty;
  rows.conflicts = s.row_conflicts;
  return rows;
}

ordered_json dram_json(const Dram& dram, std::uint64_t measured_ps) {
  const Dram::Stats& s = dram.stats();
  const std::uint64_t busy_ps = dram.busy_time().value();
  ordered_json json{
      {"reads", s.reads}, {"writes", s.writes}, {"bytes_read", s.bytes_read}, {"bytes_written", s.bytes_written}};
  json.update(row_json(rows_of(s)));
  json["busy_us"] = us(double(busy_ps));
  json["utilisation"] = measured_ps == 0 ? 0.0 : double(busy_ps) / double(measured_ps);
  json["wait"] = wait_json(s.wait);
  ordered_json banks = ordered_json::object();
  for (unsigned bank = 0; bank < dram.rows().banks(); ++bank)
    banks[std::to_string(bank)] = row_json(dram.rows().bank_stats(bank));
  json["banks"] = banks;
  json.update(residency_json(dram.residency()));
  return json;
}

// Several channels: their counts summed, busy time summed (utilisation is its
// mean over the channels), the waits merged, and the residencies summed in
// channel-time (each fraction the share of channel-time in that state).
ordered_json channels_total_json(const Platform& platform, std::uint64_t measured_ps) {
  Dram::Stats total;
  std::uint64_t busy_ps = 0;
  const auto& channels = platform.dram_channels();
  for (const auto& dram : channels) {
    total += dram->stats();
    busy_ps += dram->busy_time().value();
  }
  ordered_json json{{"reads", total.reads},
                    {"writes", total.writes},
                    {"bytes_read", total.bytes_read},
                    {"bytes_written", total.bytes_written}};
  json.update(row_json(rows_of(total)));
  json["busy_us"] = us(double(busy_ps));
  const double window = double(measured_ps) * double(channels.size());
  json["utilisation"] = measured_ps == 0 ? 0.0 : double(busy_ps) / window;
  json["wait"] = wait_json(total.wait);
  std::uint64_t accounted_ps = 0;
  ordered_json time = ordered_json::object();
  ordered_json fraction = ordered_json::object();
  ordered_json entries = ordered_json::object();
  const PowerStateResidency& first = channels.front()->residency();
  std::vector<std::uint64_t> state_ps(first.state_count(), 0);
  std::vector<std::uint64_t> state_entries(first.state_count(), 0);
  for (const auto& dram : channels)
    for (std::size_t i = 0; i < state_ps.size(); ++i) {
      state_ps[i] += dram->residency().residency_ps(i);
      state_entries[i] += dram->residency().transitions_into(i);
      accounted_ps += dram->residency().residency_ps(i);
    }
  for (std::size_t i = 0; i < state_ps.size(); ++i) {
    time[first.state_name(i)] = us(double(state_ps[i]));
    fraction[first.state_name(i)] = accounted_ps == 0 ? 0.0 : double(state_ps[i]) / double(accounted_ps);
    entries[first.state_name(i)] = state_entries[i];
  }
  const std::uint64_t low_power_ps = state_ps[Dram::power_down] + state_ps[Dram::self_refresh];
  json["residency_us"] = time;
  json["residency_fraction"] = fraction;
  json["entries"] = entries;
  json["low_power_us"] = us(double(low_power_ps));
  json["low_power_fraction"] = accounted_ps == 0 ? 0.0 : double(low_power_ps) / double(accounted_ps);
  return json;
}

ordered_json slc_json(const SystemCache& slc) {
  const SystemCache::Stats& s = slc.stats();
  const std::uint64_t lookups = s.hits + s.misses;
  return ordered_json{{"hits", s.hits},
                      {"misses", s.misses},
                      {"hit_rate", lookups == 0 ? 0.0 : double(s.hits) / double(lookups)},
                      {"fills", s.fills},
                      {"evictions", s.evictions},
                      {"bypassed", s.bypassed}};
}

}  // namespace

ordered_json bus_json(Platform& platform, const sc_core::sc_time& measured) {
  const std::uint64_t measured_ps = measured.value();
  const std::vector<Platform::Segment>& segments = platform.segments();
  if (segments.size() == 1 && platform.bridges().empty()) return segment_json(segments.front(), measured_ps);
  ordered_json json{{"bytes", bytes_to_dram(platform)}};
  ordered_json all = ordered_json::object();
  for (std::size_t i = 0; i < segments.size(); ++i)
    all[platform.spec().segments[i].device.name] = segment_json(segments[i], measured_ps);
  json["segments"] = all;
  ordered_json bridges = ordered_json::object();
  for (const auto& bridge : platform.bridges()) bridges[bridge->basename()] = bridge_json(*bridge, measured_ps);
  json["bridges"] = bridges;
  return json;
}

ordered_json memory_json(Platform& platform, const sc_core::sc_time& measured) {
  const std::uint64_t measured_ps = measured.value();
  ordered_json json;
  if (platform.dram_channels().size() == 1) {
    json = dram_json(platform.dram(), measured_ps);
  } else {
    json = channels_total_json(platform, measured_ps);
    ordered_json channels = ordered_json::object();
    for (std::size_t i = 0; i < platform.dram_channels().size(); ++i)
      channels[std::to_string(i)] = dram_json(*platform.dram_channels()[i], measured_ps);
    json["channels"] = channels;
  }
  if (const SystemCache* slc = platform.system_cache()) json["slc"] = slc_json(*slc);
  return json;
}

std::string fabric_summary_text(const ordered_json& metrics) {
  std::string text = fmt::format("\n{:<24} {:>8} {:>13} {:>12} {:>12}\n", "bus port", "busy %", "transactions",
                                 "wait p50 us", "wait p99 us");
  auto port_line = [&](const std::string& name, const ordered_json& port) {
    text += fmt::format("{:<24} {:>8.4f} {:>13} {:>12.4f} {:>12.4f}\n", name, 100.0 * port["utilisation"].get<double>(),
                        port["transactions"].get<std::uint64_t>(), port["wait"]["p50_us"].get<double>(),
                        port["wait"]["p99_us"].get<double>());
  };
  auto segment_lines = [&](const std::string& prefix, const ordered_json& segment) {
    for (const char* side : {"initiators", "targets"})
      for (const auto& [name, port] : segment[side].items()) port_line(prefix + name, port);
  };
  const ordered_json& bus = metrics["bus"];
  if (bus.contains("segments")) {
    for (const auto& [name, segment] : bus["segments"].items()) segment_lines(name + ": ", segment);
    for (const auto& [name, bridge] : bus["bridges"].items()) port_line("bridge " + name, bridge);
  } else {
    segment_lines("", bus);
  }
  const ordered_json& memory = metrics["memory"];
  text += fmt::format(
      "dram: row hit rate {:.2f} % ({} hits, {} misses, {} conflicts), data bus {:.4f} % busy, "
      "power-down {:.2f} %, self-refresh {:.2f} %\n",
      100.0 * memory["row_hit_rate"].get<double>(), memory["row_hits"].get<std::uint64_t>(),
      memory["row_misses"].get<std::uint64_t>(), memory["row_conflicts"].get<std::uint64_t>(),
      100.0 * memory["utilisation"].get<double>(), 100.0 * memory["residency_fraction"]["power_down"].get<double>(),
      100.0 * memory["residency_fraction"]["self_refresh"].get<double>());
  if (memory.contains("channels"))
    for (const auto& [name, channel] : memory["channels"].items())
      text += fmt::format("dram channel {}: {} B read, {} B written, data bus {:.4f} % busy\n", name,
                          channel["bytes_read"].get<std::uint64_t>(), channel["bytes_written"].get<std::uint64_t>(),
                          100.0 * channel["utilisation"].get<double>());
  if (memory.contains("slc"))
    text += fmt::format("slc: hit rate {:.2f} % ({} hits, {} misses, {} bypassed)\n",
                        100.0 * memory["slc"]["hit_rate"].get<double>(), memory["slc"]["hits"].get<std::uint64_t>(),
                        memory["slc"]["misses"].get<std::uint64_t>(), memory["slc"]["bypassed"].get<std::uint64_t>());
  return text;
}

}  // namespace wakesim
