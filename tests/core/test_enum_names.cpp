// EnumNames: one name per enumerator, looked up both ways, without allocating.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/core/enum_names.h"

using namespace wakesim;

namespace {

enum class Fruit { apple, banana, cherry, durian };

// durian is left out on purpose: an unlisted value.
constexpr auto kFruitNames =
    make_enum_names<Fruit>({{Fruit::banana, "banana"}, {Fruit::apple, "apple"}, {Fruit::cherry, "cherry_red"}});

// The table works at compile time: names are looked up without a run-time step.
static_assert(kFruitNames.size() == 3);
static_assert(kFruitNames.parse("cherry_red") == Fruit::cherry);
static_assert(!kFruitNames.parse("cherry"));

}  // namespace

TEST_CASE("enum names give each listed value its name", "[core][enum_names]") {
  CHECK(std::string(kFruitNames.name(Fruit::apple)) == "apple");
  CHECK(std::string(kFruitNames.name(Fruit::banana)) == "banana");
  CHECK(std::string(kFruitNames.name(Fruit::cherry)) == "cherry_red");
}

TEST_CASE("enum names give an unlisted value a question mark", "[core][enum_names]") {
  CHECK(std::string(kFruitNames.name(Fruit::durian)) == "?");
  CHECK(std::string(kFruitNames.name(static_cast<Fruit>(17))) == "?");
}

TEST_CASE("enum names parse each name back to its value", "[core][enum_names]") {
  CHECK(kFruitNames.parse("apple") == Fruit::apple);
  CHECK(kFruitNames.parse("banana") == Fruit::banana);
  CHECK(kFruitNames.parse("cherry_red") == Fruit::cherry);
  for (const auto& [fruit, name] : kFruitNames.entries()) CHECK(kFruitNames.parse(kFruitNames.name(fruit)) == fruit);
}

TEST_CASE("enum names parse nothing from an unknown or inexact name", "[core][enum_names]") {
  CHECK(kFruitNames.parse("durian") == std::nullopt);
  CHECK(kFruitNames.parse("Apple") == std::nullopt);
  CHECK(kFruitNames.parse("apple ") == std::nullopt);
  CHECK(kFruitNames.parse("appl") == std::nullopt);
  CHECK(kFruitNames.parse("") == std::nullopt);
  CHECK(kFruitNames.parse("?") == std::nullopt);
}

TEST_CASE("enum names list the names in table order", "[core][enum_names]") {
  CHECK(kFruitNames.names() == std::vector<std::string>{"banana", "apple", "cherry_red"});
}

TEST_CASE("a config node reads an enum by its table's names", "[core][enum_names][config]") {
  ConfigDocument doc = ConfigDocument::load_string("first: cherry_red\nsecond: banana\n", "fruit.yaml");
  const ConfigNode root = doc.root();
  CHECK(root.enum_value("first", kFruitNames) == Fruit::cherry);
  CHECK(root.enum_or("second", kFruitNames, Fruit::apple) == Fruit::banana);
  CHECK(root.enum_or("third", kFruitNames, Fruit::apple) == Fruit::apple);
  CHECK(root.value("first").as_enum(kFruitNames) == Fruit::cherry);
}

TEST_CASE("a config node refuses a name its enum table lacks, as a choice would", "[core][enum_names][config]") {
  ConfigDocument doc = ConfigDocument::load_string("fruit: aple\n", "fruit.yaml");
  const ConfigNode root = doc.root();
  const char* expected =
      "fruit.yaml:1:8: fruit: 'aple' is not one of: banana, apple, cherry_red; did you mean 'apple'?";
  REQUIRE_THROWS_WITH(root.enum_or("fruit", kFruitNames, Fruit::banana), expected);
  REQUIRE_THROWS_WITH(root.enum_value("fruit", kFruitNames), expected);
  REQUIRE_THROWS_WITH(root.choice("fruit", kFruitNames.names()), expected);
}
