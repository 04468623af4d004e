// Result files are written whole or not at all.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "atomic_file.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("wakesim-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("app: an atomic write replaces the file and leaves no temporary behind", "[app]") {
  const fs::path dir = fresh_directory("atomic");
  const fs::path target = dir / "report.json";
  wakesim::write_file_atomically(target.string(), "first");
  wakesim::write_file_atomically(target.string(), "second, longer content");
  CHECK(read(target) == "second, longer content");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  CHECK((fs::status(target).permissions() & fs::perms::others_read) != fs::perms::none);
  fs::remove_all(dir);
}

TEST_CASE("app: a failed atomic write names the path and keeps the old file", "[app]") {
  const fs::path dir = fresh_directory("atomic-fail");
  const fs::path target = dir / "missing-dir" / "report.json";
  REQUIRE_THROWS_WITH(wakesim::write_file_atomically(target.string(), "x"),
                      Catch::Contains("missing-dir/report.json"));
  CHECK_FALSE(fs::exists(target));
  fs::remove_all(dir);
}
