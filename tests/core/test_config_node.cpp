// Typed reading through ConfigNode: values, units, ranges, types, paths and the
// exact position and wording of each error.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config_test_support.h"
#include "wakesim/core/config_document.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using wakesim::ConfigDocument;
using wakesim::ConfigError;
using wakesim::ConfigNode;

namespace {

// Columns of values are 1-based: "  autosuspend_delay: 20ms" puts 20ms at column 22.
const char* const kDma =
    "dma0:\n"                      // 1
    "  autosuspend_delay: 20ms\n"  // 2
    "  buffer: 64KiB\n"            // 3
    "  clock: 400MHz\n"            // 4
    "  bandwidth: 12.8GB/s\n"      // 5
    "  idle_power: 2.5mW\n"        // 6
    "  energy_per_byte: 8.5pJ\n"   // 7
    "  channels: 8\n"              // 8
    "  utilisation: 0.75\n"        // 9
    "  irq_safe: false\n"          // 10
    "  name: pl330\n"              // 11
    "  policy: async\n";           // 12

const std::vector<std::string> kPolicies = {"sync", "async", "irq_safe", "always_on", "early"};

}  // namespace

TEST_CASE("typed values are read with their units", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(kDma, "scenario.yaml");
  const ConfigNode dma = doc.root().child("dma0");
  CHECK(dma.duration("autosuspend_delay").picoseconds == 20'000'000'000ULL);
  CHECK(dma.size("buffer").bytes == 65536);
  CHECK(dma.frequency("clock").hertz == Approx(400e6));
  CHECK(dma.bandwidth("bandwidth").bytes_per_second == Approx(12.8e9));
  CHECK(dma.power("idle_power").watts == Approx(2.5e-3));
  CHECK(dma.energy("energy_per_byte").joules == Approx(8.5e-12));
  CHECK(dma.integer("channels", 1, 32) == 8);
  CHECK(dma.real("utilisation", 0.0, 1.0) == 0.75);
  CHECK(dma.boolean("irq_safe") == false);
  CHECK(dma.string("name") == "pl330");
  CHECK(dma.choice("policy", kPolicies) == "async");
  CHECK_NOTHROW(doc.finish());
}

TEST_CASE("the _or forms return the fallback only for an absent key", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(kDma, "scenario.yaml");
  const ConfigNode dma = doc.root().child("dma0");
  // Present: the file's value wins.
  CHECK(dma.duration_or("autosuspend_delay", {5}).picoseconds == 20'000'000'000ULL);
  CHECK(dma.integer_or("channels", 1) == 8);
  CHECK(dma.boolean_or("irq_safe", true) == false);
  CHECK(dma.string_or("name", "other") == "pl330");
  CHECK(dma.choice_or("policy", kPolicies, "sync") == "async");
  // Absent: the fallback.
  CHECK(dma.duration_or("resume_latency", {7}).picoseconds == 7);
  CHECK(dma.size_or("fifo", {32}).bytes == 32);
  CHECK(dma.frequency_or("bus_clock", {1e9}).hertz == 1e9);
  CHECK(dma.bandwidth_or("peak", {2e9}).bytes_per_second == 2e9);
  CHECK(dma.power_or("active_power", {0.25}).watts == 0.25);
  CHECK(dma.energy_or("resume_energy", {1e-6}).joules == 1e-6);
  CHECK(dma.integer_or("burst", 16, 1, 256) == 16);
  CHECK(dma.real_or("jitter", 0.5) == 0.5);
  CHECK(dma.boolean_or("always_on", true) == true);
  CHECK(dma.string_or("label", "none") == "none");
  CHECK(dma.choice_or("iommu_binding", {"device_link", "always_on"}, "device_link") == "device_link");
  CHECK_FALSE(dma.optional_child("extra").has_value());
  CHECK(dma.sequence_or_empty("clients").empty());
}

TEST_CASE("a present but empty value is an error even with a fallback", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("a:\n  delay:\n  b: 1\n", "s.yaml");
  const ConfigNode a = doc.root().child("a");
  // An empty value is located at its key (yaml-cpp would point at the next line).
  REQUIRE_THROWS_WITH(a.duration_or("delay", {5}), "s.yaml:2:3: a.delay: expected a duration, found an empty value");
  REQUIRE_THROWS_WITH(a.string("delay"), "s.yaml:2:3: a.delay: expected a string, found an empty value");
}

TEST_CASE("durations are exact picoseconds", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("a: 1s\nb: 2.5us\nc: 1ps\nd: 3 ns\n", "units.yaml");
  const ConfigNode root = doc.root();
  CHECK(root.duration("a").picoseconds == 1'000'000'000'000ULL);
  CHECK(root.duration("b").picoseconds == 2'500'000ULL);
  CHECK(root.duration("c").picoseconds == 1);
  CHECK(root.duration("d").picoseconds == 3000);
}

TEST_CASE("a value without a unit is an error at the value's line and column", "[config]") {
  ConfigDocument doc =
      ConfigDocument::load_string("dma0:\n  autosuspend_delay: 20\n  buffer: 64 furlongs\n", "scenario.yaml");
  const ConfigNode dma = doc.root().child("dma0");
  REQUIRE_THROWS_WITH(dma.duration("autosuspend_delay"),
                      StartsWith("scenario.yaml:2:22: dma0.autosuspend_delay: '20' has no unit; "));
  REQUIRE_THROWS_WITH(dma.size("buffer"), StartsWith("scenario.yaml:3:11: dma0.buffer: '64 furlongs' "));
  const ConfigError error = thrown_config_error([&] { dma.duration("autosuspend_delay"); });
  CHECK(error.file() == "scenario.yaml");
  CHECK(error.line() == 2);
  CHECK(error.column() == 22);
  CHECK(error.key_path() == "dma0.autosuspend_delay");
  CHECK_THAT(error.message(), StartsWith("'20' has no unit; "));
}

TEST_CASE("each quantity reports unit errors at its value", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("f: 400\nb: 12.8\np: 2.5\ne: 8.5\nd: -5ms\n", "q.yaml");
  const ConfigNode root = doc.root();
  REQUIRE_THROWS_WITH(root.frequency("f"), StartsWith("q.yaml:1:4: f: '400' has no unit"));
  REQUIRE_THROWS_WITH(root.bandwidth("b"), StartsWith("q.yaml:2:4: b: '12.8' has no unit"));
  REQUIRE_THROWS_WITH(root.power("p"), StartsWith("q.yaml:3:4: p: '2.5' has no unit"));
  REQUIRE_THROWS_WITH(root.energy("e"), StartsWith("q.yaml:4:4: e: '8.5' has no unit"));
  REQUIRE_THROWS_WITH(root.duration("d"), StartsWith("q.yaml:5:4: d: '-5ms' is negative"));
}

TEST_CASE("a missing required key is reported at its map's position", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("platform:\n  dma0:\n    channels: 8\n", "scenario.yaml");
  const ConfigNode root = doc.root();
  const ConfigNode dma = root.child("platform").child("dma0");
  // The dma0 map starts at its first key, line 3 column 5.
  REQUIRE_THROWS_WITH(dma.duration("autosuspend_delay"),
                      "scenario.yaml:3:5: platform.dma0.autosuspend_delay: "
                      "missing key 'autosuspend_delay' in 'platform.dma0'");
  REQUIRE_THROWS_WITH(root.child("workload"), "scenario.yaml:1:1: workload: missing key 'workload' at the top level");
  REQUIRE_THROWS_WITH(dma.sequence("clients"), Contains("missing key 'clients' in 'platform.dma0'"));
}

TEST_CASE("a missing key in an empty document is reported at line 1", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("", "empty.yaml");
  REQUIRE_THROWS_WITH(doc.root().string("name"), "empty.yaml:1:1: name: missing key 'name' at the top level");
}

TEST_CASE("a node of the wrong kind is a type error at that node", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(
      "dma0:\n"
      "  delay: {value: 5}\n"
      "  channels: [1, 2]\n"
      "  name: pl330\n"
      "  clients:\n"
      "    a: 1\n",
      "types.yaml");
  const ConfigNode dma = doc.root().child("dma0");
  REQUIRE_THROWS_WITH(dma.duration("delay"), "types.yaml:2:10: dma0.delay: expected a duration, found a map");
  REQUIRE_THROWS_WITH(dma.integer("channels"), "types.yaml:3:13: dma0.channels: expected an integer, found a sequence");
  REQUIRE_THROWS_WITH(dma.child("name"), "types.yaml:4:9: dma0.name: expected a map, found a scalar");
  REQUIRE_THROWS_WITH(dma.sequence("clients"), "types.yaml:6:5: dma0.clients: expected a sequence, found a map");
  REQUIRE_THROWS_WITH(dma.choice("delay", {"a", "b"}),
                      "types.yaml:2:10: dma0.delay: expected one of (a, b), found a map");
}

TEST_CASE("key lookups on a scalar are type errors", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("name: pl330\n", "s.yaml");
  const ConfigNode name = doc.root().value("name");
  REQUIRE_THROWS_WITH(name.keys(), "s.yaml:1:7: name: expected a map, found a scalar");
  REQUIRE_THROWS_WITH(name.has("x"), "s.yaml:1:7: name: expected a map, found a scalar");
  REQUIRE_THROWS_WITH(name.integer_or("x", 1), "s.yaml:1:7: name: expected a map, found a scalar");
}

TEST_CASE("a document that is not a map says so at the top level", "[config]") {
  ConfigDocument list = ConfigDocument::load_string("- a\n- b\n", "list.yaml");
  REQUIRE_THROWS_WITH(list.root().child("scenario"),
                      "list.yaml:1:1: expected a map at the top level, found a sequence");
  ConfigDocument scalar = ConfigDocument::load_string("just text\n", "text.yaml");
  REQUIRE_THROWS_WITH(scalar.root().string("name"), "text.yaml:1:1: expected a map at the top level, found a scalar");
}

TEST_CASE("an integer out of range names the range", "[config]") {
  ConfigDocument doc =
      ConfigDocument::load_string("channels: 300\nburst: 0\ndepth: 11\nbig: 99999999999999999999\n", "range.yaml");
  const ConfigNode root = doc.root();
  REQUIRE_THROWS_WITH(root.integer("channels", 0, 255),
                      "range.yaml:1:11: channels: '300' is out of range: must be in [0, 255]");
  REQUIRE_THROWS_WITH(root.integer("burst", 1), "range.yaml:2:8: burst: '0' is out of range: must be >= 1");
  REQUIRE_THROWS_WITH(root.integer_or("depth", 4, ConfigNode::kIntegerMin, 10),
                      "range.yaml:3:8: depth: '11' is out of range: must be <= 10");
  REQUIRE_THROWS_WITH(root.integer("big"),
                      "range.yaml:4:6: big: '99999999999999999999' is out of range: must be in "
                      "[-9223372036854775808, 9223372036854775807]");
  // Beyond 64 bits the open end is the bound that matters, so both ends are named.
  REQUIRE_THROWS_WITH(root.integer("big", 0),
                      "range.yaml:4:6: big: '99999999999999999999' is out of range: must be in "
                      "[0, 9223372036854775807]");
  // The bounds themselves are in range.
  CHECK(root.integer("channels", 0, 300) == 300);
  CHECK(root.integer("burst", 0, 0) == 0);
}

TEST_CASE("an integer must be written as a plain whole number", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(
      "a: 1.5\nb: abc\nc: \"5\"\nd: 010\ne: 5ms\nf: 0x1F\ng: -0x10\nh: +7\n"
      "i: -9223372036854775808\nj: 9223372036854775808\n",
      "int.yaml");
  const ConfigNode root = doc.root();
  REQUIRE_THROWS_WITH(root.integer("a"), "int.yaml:1:4: a: '1.5' is not an integer");
  REQUIRE_THROWS_WITH(root.integer("b"), "int.yaml:2:4: b: 'abc' is not an integer");
  REQUIRE_THROWS_WITH(root.integer("c"),
                      "int.yaml:3:4: c: expected an integer, found the quoted string '5' "
                      "(remove the quotes)");
  REQUIRE_THROWS_WITH(root.integer("d"), "int.yaml:4:4: d: '010' is not an integer");
  REQUIRE_THROWS_WITH(root.integer("e"), "int.yaml:5:4: e: '5ms' is not an integer");
  CHECK(root.integer("f") == 31);
  CHECK(root.integer("g") == -16);
  CHECK(root.integer("h") == 7);
  CHECK(root.integer("i") == ConfigNode::kIntegerMin);
  REQUIRE_THROWS_WITH(root.integer("j"), Contains("'9223372036854775808' is out of range"));
}

TEST_CASE("a real must be a finite number within its range", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(
      "a: .nan\nb: .inf\nc: -.inf\nd: abc\ne: 1.5\nf: 1e999\ng: +2.5\nh: 1e-3\ni: -4\n"
      "j: \"0.5\"\nk: 1.5x\n",
      "real.yaml");
  const ConfigNode root = doc.root();
  REQUIRE_THROWS_WITH(root.real("a"), "real.yaml:1:4: a: '.nan' is not a finite number");
  REQUIRE_THROWS_WITH(root.real("b"), "real.yaml:2:4: b: '.inf' is not a finite number");
  REQUIRE_THROWS_WITH(root.real("c"), "real.yaml:3:4: c: '-.inf' is not a finite number");
  REQUIRE_THROWS_WITH(root.real("d"), "real.yaml:4:4: d: 'abc' is not a number");
  REQUIRE_THROWS_WITH(root.real("e", 0.0, 1.0), "real.yaml:5:4: e: '1.5' is out of range: must be in [0, 1]");
  REQUIRE_THROWS_WITH(root.real("f"), Contains("real.yaml:6:4: f: '1e999' is out of range"));
  REQUIRE_THROWS_WITH(root.real("j"), Contains("found the quoted string '0.5'"));
  REQUIRE_THROWS_WITH(root.real("k"), "real.yaml:11:4: k: '1.5x' is not a number");
  REQUIRE_THROWS_WITH(root.real("i", 0.0), "real.yaml:9:4: i: '-4' is out of range: must be >= 0");
  CHECK(root.real("g") == 2.5);
  CHECK(root.real("h") == 1e-3);
  CHECK(root.real("i") == -4.0);
}

TEST_CASE("a boolean is true or false and nothing else", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("a: true\nb: false\nc: yes\nd: True\ne: \"true\"\n", "bool.yaml");
  const ConfigNode root = doc.root();
  CHECK(root.boolean("a") == true);
  CHECK(root.boolean("b") == false);
  REQUIRE_THROWS_WITH(root.boolean("c"), "bool.yaml:3:4: c: expected true or false, found 'yes'");
  REQUIRE_THROWS_WITH(root.boolean("d"), "bool.yaml:4:4: d: expected true or false, found 'True'");
  REQUIRE_THROWS_WITH(root.boolean("e"),
                      "bool.yaml:5:4: e: expected true or false, found the quoted string 'true' "
                      "(remove the quotes)");
}

TEST_CASE("a string may be plain or quoted", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("a: pl330\nb: \"dma 0\"\nc: '5'\nd: 5\ne: ''\n", "str.yaml");
  const ConfigNode root = doc.root();
  CHECK(root.string("a") == "pl330");
  CHECK(root.string("b") == "dma 0");
  CHECK(root.string("c") == "5");
  CHECK(root.string("d") == "5");
  CHECK(root.string("e").empty());
}

TEST_CASE("a choice outside the list suggests the closest one", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("policy: asnyc\nbinding: zzz\nstyle: Sync\n", "choice.yaml");
  const ConfigNode root = doc.root();
  REQUIRE_THROWS_WITH(root.choice("policy", kPolicies),
                      "choice.yaml:1:9: policy: 'asnyc' is not one of: sync, async, irq_safe, "
                      "always_on, early; did you mean 'async'?");
  REQUIRE_THROWS_WITH(root.choice_or("binding", {"device_link", "while_mapped"}, "device_link"),
                      "choice.yaml:2:10: binding: 'zzz' is not one of: device_link, "
                      "while_mapped");
  // Choices are case-sensitive, but a case slip is a near miss.
  REQUIRE_THROWS_WITH(root.choice("style", kPolicies), Contains("did you mean 'sync'?"));
}

TEST_CASE("nested maps and sequences carry dotted paths with 0-based indices", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(
      "platform:\n"                // 1
      "  domains:\n"               // 2
      "    - name: pd_top\n"       // 3
      "      off_latency: 10us\n"  // 4
      "    - name: pd_dma\n"       // 5
      "      off_latency: 5us\n"   // 6
      "    - name: [pd_bad]\n"     // 7
      "      off_latency: 5\n",    // 8
      "platform.yaml");
  const std::vector<ConfigNode> domains = doc.root().child("platform").sequence("domains");
  REQUIRE(domains.size() == 3);
  CHECK(domains[0].path() == "platform.domains.0");
  CHECK(domains[2].path() == "platform.domains.2");
  CHECK(domains[0].string("name") == "pd_top");
  CHECK(domains[1].duration("off_latency").picoseconds == 5'000'000);
  CHECK(domains[2].value("off_latency").path() == "platform.domains.2.off_latency");
  REQUIRE_THROWS_WITH(domains[2].string("name"),
                      "platform.yaml:7:13: platform.domains.2.name: expected a string, "
                      "found a sequence");
  REQUIRE_THROWS_WITH(domains[2].duration("off_latency"),
                      StartsWith("platform.yaml:8:20: platform.domains.2.off_latency: '5' has "
                                 "no unit"));
  REQUIRE_THROWS_WITH(domains[1].string("kind"),
                      "platform.yaml:5:7: platform.domains.1.kind: missing key 'kind' in "
                      "'platform.domains.1'");
}

TEST_CASE("sequence elements are read with as_ getters", "[config]") {
  ConfigDocument doc =
      ConfigDocument::load_string("delays: [1ms, 2ms, 3]\nflags: [true, false]\nnames:\n  - a\n  - b\n", "seq.yaml");
  const ConfigNode root = doc.root();
  const std::vector<ConfigNode> delays = root.sequence("delays");
  REQUIRE(delays.size() == 3);
  CHECK(delays[1].as_duration().picoseconds == 2'000'000'000ULL);
  REQUIRE_THROWS_WITH(delays[2].as_duration(), StartsWith("seq.yaml:1:20: delays.2: '3' has no unit"));
  const std::vector<ConfigNode> flags = root.sequence("flags");
  REQUIRE(flags.size() == 2);
  CHECK(flags[0].as_boolean() == true);
  CHECK(flags[1].as_boolean() == false);
  const std::vector<ConfigNode> names = root.sequence("names");
  REQUIRE(names.size() == 2);
  CHECK(names[1].as_string() == "b");
  CHECK(names[1].path() == "names.1");
  CHECK(names[1].location().line == 5);
  CHECK(names[1].location().column == 5);
}

TEST_CASE("keys of a map come in document order", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string(
      "components:\n  dma0: {channels: 8}\n  iommu1:\n  bus: {}\n  dma10: {channels: 2}\n", "order.yaml");
  const ConfigNode components = doc.root().child("components");
  CHECK(components.keys() == std::vector<std::string>{"dma0", "iommu1", "bus", "dma10"});
  // An empty value reads as an empty map (a component with every default).
  const ConfigNode iommu = components.child("iommu1");
  CHECK(iommu.keys().empty());
  CHECK(iommu.integer_or("ports", 1) == 1);
  CHECK(components.has("bus"));
  CHECK_FALSE(components.has("dram"));
}

TEST_CASE("fail() raises an error at a node for checks the caller makes", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("dma0:\n  domain: pd_dsp\n", "s.yaml");
  const ConfigNode domain = doc.root().child("dma0").value("domain");
  REQUIRE_THROWS_WITH(domain.fail("no power domain named 'pd_dsp'"),
                      "s.yaml:2:11: dma0.domain: no power domain named 'pd_dsp'");
}

TEST_CASE("the effective configuration records values read and defaults used", "[config]") {
  ConfigDocument doc =
      ConfigDocument::load_string("dma0:\n  autosuspend_delay: 20ms\n  channels: 4\n  policy: async\n", "s.yaml");
  doc.apply_override("dma0.channels=8");
  ConfigNode root = doc.root();
  ConfigNode dma = root.child("dma0");
  CHECK(dma.duration("autosuspend_delay").picoseconds == 20'000'000'000ULL);
  CHECK(dma.integer("channels") == 8);
  CHECK(dma.choice("policy", {"sync", "async"}) == "async");
  CHECK(dma.boolean_or("irq_safe", false) == false);
  CHECK(dma.size_or("burst", wakesim::ByteSize{64}).bytes == 64);
  const auto json = doc.effective().to_json();
  CHECK(json.dump() ==
        R"({"dma0":{"autosuspend_delay":"20ms","channels":8,"policy":"async","irq_safe":false,"burst":"64B"}})");
}
