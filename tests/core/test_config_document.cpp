// Loading configuration documents: files, YAML syntax errors, duplicate keys and
// the other shapes the reader refuses; and how ConfigError composes its text.
#include <catch2/catch.hpp>

#include <string>

#include "config_test_support.h"
#include "wakesim/core/config_document.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using wakesim::ConfigDocument;
using wakesim::ConfigError;
using wakesim::ConfigLocation;

TEST_CASE("ConfigError reads FILE:LINE:COL: KEY.PATH: message", "[config]") {
  const ConfigError error(ConfigLocation::in_file("scenario.yaml", 12, 24), "dma0.autosuspend_delay",
                          "'20' has no unit");
  CHECK(std::string(error.what()) == "scenario.yaml:12:24: dma0.autosuspend_delay: '20' has no unit");
  CHECK(error.file() == "scenario.yaml");
  CHECK(error.line() == 12);
  CHECK(error.column() == 24);
  CHECK(error.key_path() == "dma0.autosuspend_delay");
  CHECK(error.message() == "'20' has no unit");
  CHECK_FALSE(error.location().from_override());
}

TEST_CASE("ConfigError leaves out an empty key path and a missing position", "[config]") {
  CHECK(std::string(ConfigError(ConfigLocation::in_file("a.yaml", 3, 1), "", "bad").what()) == "a.yaml:3:1: bad");
  CHECK(std::string(ConfigError(ConfigLocation::in_file("a.yaml", 0, 0), "", "bad").what()) == "a.yaml: bad");
}

TEST_CASE("ConfigError from an override reads --set KEY.PATH=VALUE: message", "[config]") {
  const ConfigError own_key(ConfigLocation::in_override("dma0.delay=5"), "dma0.delay", "'5' has no unit");
  CHECK(std::string(own_key.what()) == "--set dma0.delay=5: '5' has no unit");
  CHECK(own_key.location().from_override());
  // A key inside a flow value is named, since the override's key does not say it.
  const ConfigError inner_key(ConfigLocation::in_override("dma0={delay: 5}"), "dma0.delay", "'5' has no unit");
  CHECK(std::string(inner_key.what()) == "--set dma0={delay: 5}: dma0.delay: '5' has no unit");
}

TEST_CASE("a file is loaded and its errors name it", "[config]") {
  const std::string path = std::string(WAKESIM_TEST_DATA_DIR) + "/config/dma_with_typo.yaml";
  ConfigDocument doc = ConfigDocument::load_file(path);
  CHECK(doc.name() == path);
  const wakesim::ConfigNode dma = doc.root().child("dma0");
  CHECK(dma.duration("autosuspend_delay").picoseconds == 20'000'000'000ULL);
  CHECK(dma.integer("channels") == 8);
  REQUIRE_THROWS_WITH(doc.finish(), path +
                                        ":4:3: dma0.chanels: unknown key 'chanels' in 'dma0'; "
                                        "did you mean 'channels'? (valid keys: "
                                        "autosuspend_delay, channels)");
}

TEST_CASE("a missing file is an error naming it", "[config]") {
  const std::string path = std::string(WAKESIM_TEST_DATA_DIR) + "/config/no_such_file.yaml";
  REQUIRE_THROWS_WITH(ConfigDocument::load_file(path), path + ": cannot read: No such file or directory");
}

TEST_CASE("a directory is not a configuration file", "[config]") {
  const std::string path = std::string(WAKESIM_TEST_DATA_DIR) + "/config";
  REQUIRE_THROWS_WITH(ConfigDocument::load_file(path), path + ": cannot read: it is a directory");
}

TEST_CASE("a YAML syntax error reports yaml-cpp's position, 1-based", "[config]") {
  // yaml-cpp notices the unclosed '[' at line 2 column 2 (its 0-based mark is 1:1).
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: [1, 2\nb: 3\n", "bad.yaml"),
                      "bad.yaml:2:2: end of sequence flow not found");
  const ConfigError error = thrown_config_error([] { ConfigDocument::load_string("a: 1\n b: 2\n", "indent.yaml"); });
  CHECK(error.file() == "indent.yaml");
  CHECK(error.line() == 2);
  CHECK(error.column() == 3);
  CHECK(error.message() == "illegal map value");
  CHECK(error.key_path().empty());
}

TEST_CASE("an undefined alias is a syntax error", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: 1\nb: *nowhere\n", "alias.yaml"), StartsWith("alias.yaml:2:4: "));
}

TEST_CASE("a duplicate key is an error at the second one, naming both lines", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: 1\nb: 2\nc: 3\na: 4\n", "dup.yaml"),
                      "dup.yaml:4:1: a: duplicate key 'a' (first at line 1, again at line 4)");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("dma0:\n  burst: 4\n  channels: 8\n  burst: 8\n", "dup.yaml"),
                      "dup.yaml:4:3: dma0.burst: duplicate key 'burst' (first at line 2, again at line 4)");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("list:\n  - {x: 1, x: 2}\n", "dup.yaml"),
                      "dup.yaml:2:12: list.0.x: duplicate key 'x' (first at line 2, again at "
                      "line 2)");
}

TEST_CASE("a second YAML document in one file is refused", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: 1\n---\nb: 2\n", "two.yaml"),
                      "two.yaml:3:1: a second YAML document; a configuration file holds only "
                      "one");
}

TEST_CASE("a stray comma where a document starts is a syntax error, not a hang", "[config]") {
  // yaml-cpp 0.7's LoadAll loops for ever on these (found by fuzz/fuzz_config.cpp).
  REQUIRE_THROWS_WITH(ConfigDocument::load_string(",", "comma.yaml"), "comma.yaml:1:1: unexpected ','");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("[a] ,", "comma.yaml"), "comma.yaml:1:5: unexpected ','");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: 1\n...\n,\n", "comma.yaml"), "comma.yaml:3:1: unexpected ','");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: 1\n---\nb: 2\n---\n,\n", "comma.yaml"),
                      "comma.yaml:3:1: a second YAML document; a configuration file holds only one");
}

TEST_CASE("nested aliases that expand to too many values are refused", "[config]") {
  // 430 bytes that expand to 10^9 values ("billion laughs"): refused after 100000.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  REQUIRE_THROWS_WITH(ConfigDocument::load_string(text, "laughs.yaml"),
                      Catch::Matchers::StartsWith("laughs.yaml:") &&
                          Catch::Matchers::Contains(": more than 100000 values (aliases count each "
                                                    "time they are used)"));
  // Aliases used a few times are fine.
  ConfigDocument doc = ConfigDocument::load_string("a: &x [1, 2]\nb: *x\nc: *x\n", "few.yaml");
  CHECK(doc.root().sequence("c").size() == 2);
}

TEST_CASE("text that is not valid UTF-8 is refused where it is", "[config]") {
  // report.json could not hold it (found by fuzz/fuzz_config.cpp).
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: x\xff\n", "u.yaml"),
                      "u.yaml:1:4: a: the value is not valid UTF-8 text (byte 0xff at offset 1)");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("b:\n  \xc3: 1\n", "u.yaml"),
                      "u.yaml:2:3: b: the key is not valid UTF-8 text (byte 0xc3 at offset 0)");
  // A surrogate, an overlong form and a code point past U+10FFFF.
  for (const char* bad : {"\xed\xa0\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\xf5"}) {
    INFO(bad);
    CHECK_THROWS_WITH(ConfigDocument::load_string(std::string("a: \"") + bad + "\"\n", "u.yaml"),
                      Catch::Matchers::Contains("is not valid UTF-8 text"));
  }
  // Valid text of every length passes, and so do YAML escapes.
  ConfigDocument doc =
      ConfigDocument::load_string("a: \"\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80 \\xff \\u00e9\"\n", "u.yaml");
  CHECK(doc.root().string("a") == "\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xbf \xc3\xa9");
  ConfigDocument overridden = ConfigDocument::load_string("a: 1\n", "u.yaml");
  CHECK_THROWS_WITH(overridden.apply_override("a\xff=2"),
                    Catch::Matchers::Contains("the key is not valid UTF-8 text (byte 0xff at offset 1)"));
}

TEST_CASE("merge keys are refused rather than kept as an ordinary key", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("base: &b {x: 1}\ndma0:\n  <<: *b\n  y: 2\n", "merge.yaml"),
                      "merge.yaml:3:3: dma0: merge keys ('<<') are not supported; write the values out");
}

TEST_CASE("a key must be a non-empty name", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("dma0:\n  ? [a, b]\n  : 1\n", "key.yaml"),
                      "key.yaml:2:5: dma0: a key must be a non-empty name, not a collection or "
                      "an empty value");
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("~: 1\n", "key.yaml"),
                      StartsWith("key.yaml:1:1: a key must be a non-empty name"));
}

TEST_CASE("a self-referencing alias stops at the nesting limit", "[config]") {
  REQUIRE_THROWS_WITH(ConfigDocument::load_string("a: &x [*x]\n", "loop.yaml"),
                      Contains("nested more than 64 levels deep"));
}

TEST_CASE("aliases are copied where they are used", "[config]") {
  ConfigDocument doc = ConfigDocument::load_string("timing: &t {delay: 2ms}\ndma0: *t\n", "alias.yaml");
  CHECK(doc.root().child("dma0").duration("delay").picoseconds == 2'000'000'000ULL);
  CHECK(doc.root().child("timing").duration("delay").picoseconds == 2'000'000'000ULL);
  CHECK_NOTHROW(doc.finish());
}
