// Command-line overrides (--set key.path=value): replacing, creating, indexing
// sequences, malformed overrides, and errors that report the override.
#include <catch2/catch.hpp>

#include <stdexcept>
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

const char* const kPlatform =
    "dma0:\n"
    "  autosuspend_delay: 20ms\n"
    "  channels:\n"
    "    - {burst: 4}\n"
    "    - {burst: 8}\n"
    "  name: pl330\n"
    "  options:\n";

ConfigDocument platform() { return ConfigDocument::load_string(kPlatform, "platform.yaml"); }

}  // namespace

TEST_CASE("an override replaces an existing value", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.autosuspend_delay=5ms");
  CHECK(doc.root().child("dma0").duration("autosuspend_delay").picoseconds == 5'000'000'000ULL);
}

TEST_CASE("an error on an overridden value reports the --set", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.autosuspend_delay=5");
  const ConfigNode dma = doc.root().child("dma0");
  REQUIRE_THROWS_WITH(dma.duration("autosuspend_delay"),
                      StartsWith("--set dma0.autosuspend_delay=5: '5' has no unit; "));
  const ConfigError error = thrown_config_error([&] { dma.duration("autosuspend_delay"); });
  CHECK(error.location().from_override());
  CHECK(error.location().override_text == "dma0.autosuspend_delay=5");
  CHECK(error.key_path() == "dma0.autosuspend_delay");
  CHECK(error.line() == 0);
}

TEST_CASE("an override creates a new key and the maps leading to it", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.resume_latency=2us");
  doc.apply_override("iommu0.tlb.entries=64");
  doc.apply_override("dma0.options.retention=true");  // `options:` was empty
  const ConfigNode root = doc.root();
  CHECK(root.child("dma0").duration("resume_latency").picoseconds == 2'000'000);
  CHECK(root.child("iommu0").child("tlb").integer("entries") == 64);
  CHECK(root.child("dma0").child("options").boolean("retention") == true);
  CHECK(root.child("dma0").keys() ==
        std::vector<std::string>{"autosuspend_delay", "channels", "name", "options", "resume_latency"});
}

TEST_CASE("an override of an unknown key is caught by finish and reports --set", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.autosuspend_dely=5ms");
  doc.apply_override("dmaa0.channels=2");
  const ConfigNode dma = doc.root().child("dma0");
  dma.duration("autosuspend_delay");
  for (const ConfigNode& channel : dma.sequence("channels")) channel.integer("burst");
  dma.string("name");
  dma.child("options");
  const std::vector<ConfigError> unknown = doc.unknown_keys();
  REQUIRE(unknown.size() == 2);
  CHECK(std::string(unknown[0].what()) ==
        "--set dma0.autosuspend_dely=5ms: unknown key 'autosuspend_dely' in 'dma0'; did you "
        "mean 'autosuspend_delay'? (valid keys: autosuspend_delay, channels, name, options)");
  // The override created 'dmaa0': the unknown key is that map, named with its path.
  CHECK(std::string(unknown[1].what()) ==
        "--set dmaa0.channels=2: dmaa0: unknown key 'dmaa0' at the top level; did you mean "
        "'dma0'? (valid keys: dma0)");
  REQUIRE_THROWS_WITH(doc.finish(), StartsWith("--set dma0.autosuspend_dely=5ms: "));
}

TEST_CASE("an override indexes an existing sequence element from 0", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.channels.1.burst=64");
  doc.apply_override("dma0.channels.0={burst: 2, priority: 1}");
  const std::vector<ConfigNode> channels = doc.root().child("dma0").sequence("channels");
  REQUIRE(channels.size() == 2);
  CHECK(channels[1].integer("burst") == 64);
  CHECK(channels[0].integer("burst") == 2);
  CHECK(channels[0].integer("priority") == 1);
}

TEST_CASE("an override cannot index past a sequence or go through a scalar", "[config]") {
  ConfigDocument doc = platform();
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.channels.2.burst=64"),
                      "--set dma0.channels.2.burst=64: 'dma0.channels' has 2 elements, so there "
                      "is no element 2");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.channels.first.burst=64"),
                      "--set dma0.channels.first.burst=64: 'dma0.channels' is a sequence and "
                      "'first' is not an element number");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.name.vendor=arm"),
                      "--set dma0.name.vendor=arm: 'dma0.name' is a scalar, not a map");
}

TEST_CASE("an override value may be a flow collection", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.clients=[uart0, spi1]");
  doc.apply_override("dma0.limits={max: 4, timeout: 5}");
  const ConfigNode dma = doc.root().child("dma0");
  const std::vector<ConfigNode> clients = dma.sequence("clients");
  REQUIRE(clients.size() == 2);
  CHECK(clients[1].as_string() == "spi1");
  CHECK(dma.child("limits").integer("max") == 4);
  // A key inside the value is named, since the override's own key does not say it.
  REQUIRE_THROWS_WITH(dma.child("limits").duration("timeout"),
                      StartsWith("--set dma0.limits={max: 4, timeout: 5}: dma0.limits.timeout: "
                                 "'5' has no unit"));
}

TEST_CASE("a quoted override value stays a string", "[config]") {
  ConfigDocument doc = platform();
  doc.apply_override("dma0.name=\"a: b\"");
  doc.apply_override("dma0.label=\"\"");
  const ConfigNode dma = doc.root().child("dma0");
  CHECK(dma.string("name") == "a: b");
  CHECK(dma.string("label").empty());
}

TEST_CASE("malformed overrides are errors", "[config]") {
  ConfigDocument doc = platform();
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.channels"),
                      "--set dma0.channels: expected KEY=VALUE (e.g. dma0.autosuspend_delay=5ms)");
  REQUIRE_THROWS_WITH(doc.apply_override("=5ms"), "--set =5ms: expected KEY=VALUE (e.g. dma0.autosuspend_delay=5ms)");
  REQUIRE_THROWS_WITH(doc.apply_override(""), "--set : expected KEY=VALUE (e.g. dma0.autosuspend_delay=5ms)");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0..delay=5ms"),
                      "--set dma0..delay=5ms: empty segment in key 'dma0..delay'");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.=5ms"), "--set dma0.=5ms: empty segment in key 'dma0.'");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.delay="),
                      "--set dma0.delay=: no value after '=' (write KEY=\"\" for an empty "
                      "string)");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.delay=[1, 2"),
                      StartsWith("--set dma0.delay=[1, 2: invalid YAML value: "));
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.name=a: b"),
                      "--set dma0.name=a: b: the value must be a scalar or a flow collection "
                      "([...] or {...}); quote it to keep it a string");
  REQUIRE_THROWS_WITH(doc.apply_override("dma0.x={a: 1, a: 2}"),
                      "--set dma0.x={a: 1, a: 2}: dma0.x.a: duplicate key 'a'");
}

TEST_CASE("overrides must come before reading starts", "[config]") {
  ConfigDocument doc = platform();
  doc.root();
  REQUIRE_THROWS_AS(doc.apply_override("dma0.autosuspend_delay=5ms"), std::logic_error);
}

TEST_CASE("the value of an overridden key keeps the key's position", "[config]") {
  // The key itself is in the file, so an unknown key is reported at its line.
  ConfigDocument doc = ConfigDocument::load_string("seed: 1\nsede: 2\n", "s.yaml");
  doc.apply_override("sede=3");
  doc.root().integer("seed");
  REQUIRE_THROWS_WITH(doc.finish(), StartsWith("s.yaml:2:1: sede: unknown key 'sede'"));
}

TEST_CASE("copies of one loaded document take their own overrides and read alike otherwise", "[config]") {
  const ConfigDocument loaded = platform();
  ConfigDocument first = loaded.copy();
  ConfigDocument second = loaded.copy();
  first.apply_override("dma0.autosuspend_delay=5ms");
  second.apply_override("dma0.channels.1.burst=16");
  CHECK(first.root().child("dma0").duration("autosuspend_delay").picoseconds == 5'000'000'000ULL);
  CHECK(second.root().child("dma0").duration("autosuspend_delay").picoseconds == 20'000'000'000ULL);
  CHECK(second.root().child("dma0").sequence("channels")[1].integer("burst") == 16);
  // Positions and unknown keys are the original's: reading one copy leaves the
  // other's keys unread.
  ConfigDocument third = loaded.copy();
  third.root().child("dma0").duration("autosuspend_delay");
  REQUIRE_THROWS_WITH(third.finish(), StartsWith("platform.yaml:3:3: dma0.channels: unknown key 'channels'"));
  REQUIRE_THROWS_AS(third.copy(), std::logic_error);
}
