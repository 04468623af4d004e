// The IOMMU's keys added for issue 17 (clock, walk cache, register costs,
// save_context, unbound_stream, fault_log_capacity, sync_on_arrival, ...) and
// the other parameters that no file could set: their values reach the specs,
// their absence keeps the structs' defaults, bad values fail at file:line.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform_reader.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;
using sc_core::SC_US;

namespace {

PlatformSpec read_with(const std::string& iommu_keys, const std::string& dma_keys = "",
                       const std::string& interconnect_keys = "") {
  const std::string yaml =
      "platform:\n"
      "  name: tiny\n"
      "  interconnect: {hop_latency: 5ns" +
      interconnect_keys +
      "}\n"
      "  dram: {base: 0x80000000, size: 64MiB}\n"
      "  dma:\n"
      "    - name: dma0\n"
      "      ports: [{iommu: mmu}]\n"
      "      channels: 1\n" +
      dma_keys +
      "  iommus:\n"
      "    - name: mmu\n"
      "      page_tables: {base: 0x83000000, size: 1MiB}\n" +
      iommu_keys;
  ConfigDocument doc = ConfigDocument::load_string(yaml, "p.yaml");
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  return spec;
}

}  // namespace

TEST_CASE("absent, every parameter keeps its struct's default", "[platforms][parameter_keys][iommu_keys]") {
  const PlatformSpec spec = read_with("");
  const IommuParams defaults;
  const IommuParams& p = spec.iommus.at(0).params;
  CHECK(p.tlb.clock_period == defaults.tlb.clock_period);
  CHECK(p.tlb.random_seed == defaults.tlb.random_seed);
  CHECK(p.walker.walk_cache.entries == defaults.walker.walk_cache.entries);
  CHECK(p.walker.walk_cache.ways == defaults.walker.walk_cache.ways);
  CHECK(p.walker.walk_cache.lookup_latency_cycles == defaults.walker.walk_cache.lookup_latency_cycles);
  CHECK(p.walker.stream_id == defaults.walker.stream_id);
  CHECK(p.registers.write_latency == defaults.registers.write_latency);
  CHECK(p.registers.context_save_reads == defaults.registers.context_save_reads);
  CHECK(p.power.save_context == defaults.power.save_context);
  CHECK(p.unbound_stream == defaults.unbound_stream);
  CHECK(p.fault_log_capacity == defaults.fault_log_capacity);
  CHECK(p.sync_on_arrival == defaults.sync_on_arrival);
  CHECK(spec.iommus.at(0).driver.pte_write_cost == IommuDriverParams{}.pte_write_cost);
  CHECK(spec.iommus.at(0).power.use_autosuspend == IommuPowerManagerParams{}.use_autosuspend);
  CHECK(spec.segments.front().params.sync_on_arrival == InterconnectParams{}.sync_on_arrival);
  CHECK_FALSE(spec.dmas.at(0).params.quantum.has_value());
}

TEST_CASE("each value given reaches its field, in its unit", "[platforms][parameter_keys][iommu_keys]") {
  const PlatformSpec spec = read_with(
      "      clock: 250MHz\n"
      "      tlb: {entries: 32, random_seed: 7}\n"
      "      walk_cache: {entries: 16, ways: 2, lookup_latency_cycles: 3, lookup_energy: 7pJ}\n"
      "      walker_stream_id: 0x42\n"
      "      registers: {write_latency: 150ns, sync_latency: 2us, write_energy: 20pJ, context_writes: 5,\n"
      "                  stream_binding_writes: 3, writes_per_page_invalidation: 2, asid_invalidation_writes: 4,\n"
      "                  all_invalidation_writes: 6, sync_writes: 2, context_save_reads: 9}\n"
      "      save_context: true\n"
      "      unbound_stream: fault\n"
      "      fault_log_capacity: 8\n"
      "      sync_on_arrival: false\n"
      "      pte_write_cost: 30ns\n"
      "      power_binding: self_managed\n"
      "      use_autosuspend: false\n",
      "      quantum: 1us\n"
      "      channel_paths: [{stream_id: 3, port: 0, setup_latency: 250ns}]\n",
      ", sync_on_arrival: false");
  const IommuSpec& iommu = spec.iommus.at(0);
  const IommuParams& p = iommu.params;
  CHECK(p.tlb.clock_period == sc_time(4, SC_NS));  // 1 / 250 MHz
  CHECK(p.tlb.entries == 32);
  CHECK(p.tlb.random_seed == 7);
  CHECK(p.walker.walk_cache.entries == 16);
  CHECK(p.walker.walk_cache.ways == 2);
  CHECK(p.walker.walk_cache.lookup_latency_cycles == 3);
  CHECK(p.walker.walk_cache.lookup_energy.joules == Approx(7e-12));
  CHECK(p.walker.stream_id == 0x42);
  CHECK(p.registers.write_latency == sc_time(150, SC_NS));
  CHECK(p.registers.sync_latency == sc_time(2, SC_US));
  CHECK(p.registers.write_energy.joules == Approx(20e-12));
  CHECK(p.registers.context_writes == 5);
  CHECK(p.registers.stream_binding_writes == 3);
  CHECK(p.registers.writes_per_page_invalidation == 2);
  CHECK(p.registers.asid_invalidation_writes == 4);
  CHECK(p.registers.all_invalidation_writes == 6);
  CHECK(p.registers.sync_writes == 2);
  CHECK(p.registers.context_save_reads == 9);
  CHECK(p.power.save_context);
  CHECK(p.unbound_stream == IommuUnboundStream::fault);
  CHECK(p.fault_log_capacity == 8);
  CHECK_FALSE(p.sync_on_arrival);
  CHECK(iommu.driver.pte_write_cost == sc_time(30, SC_NS));
  CHECK_FALSE(iommu.power.use_autosuspend);
  CHECK_FALSE(spec.segments.front().params.sync_on_arrival);
  CHECK(spec.dmas.at(0).params.quantum == sc_time(1, SC_US));
  CHECK(spec.dmas.at(0).params.channel_params.at(0).setup_latency == sc_time(250, SC_NS));
}

TEST_CASE("a clock is rounded to whole picoseconds", "[platforms][parameter_keys][iommu_keys]") {
  CHECK(read_with("      clock: 3GHz\n").iommus.at(0).params.tlb.clock_period == sc_time(333, SC_PS));
}

TEST_CASE("bad values fail at their file line and key", "[platforms][parameter_keys][iommu_keys]") {
  CHECK_THROWS_WITH(read_with("      fault_log_capacity: 0\n"),
                    Contains("p.yaml:12:") && Contains("fault_log_capacity"));
  CHECK_THROWS_WITH(read_with("      fault_log_capacity: 65537\n"), Contains("fault_log_capacity"));
  CHECK_THROWS_WITH(read_with("      walk_cache: {entries: 6, ways: 4}\n"),
                    Contains("p.yaml:12:") && Contains("walk_cache.ways") && Contains("divide"));
  CHECK_THROWS_WITH(read_with("      walk_cache: {entries: 8193}\n"), Contains("walk_cache.entries"));
  CHECK_THROWS_WITH(read_with("      clock: 0Hz\n"), Contains("p.yaml:12:") && Contains("clock"));
  CHECK_THROWS_WITH(read_with("      clock: 1ns\n"), Contains("clock"));
  CHECK_THROWS_WITH(read_with("      registers: {context_writes: 1025}\n"), Contains("registers.context_writes"));
  CHECK_THROWS_WITH(read_with("      registers: {write_latency: 100}\n"), Contains("registers.write_latency"));
  CHECK_THROWS_WITH(read_with("      unbound_stream: drop\n"), Contains("unbound_stream"));
  CHECK_THROWS_WITH(read_with("      registers: {write_latncy: 1ns}\n"), Contains("write_latency"));
}
