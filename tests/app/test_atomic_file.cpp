// Result files are written whole or not at all.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <csignal>
#include <stdexcept>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "wakesim/app/atomic_file.h"
#include "wakesim/app/atomic_output_file.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("wakesim-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  return names;
}

// While it lives, files of this process cannot grow beyond `bytes`: a write
// beyond fails with EFBIG (SIGXFSZ ignored), as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
    saved_handler_ = std::signal(SIGXFSZ, SIG_IGN);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, saved_handler_);
  }

 private:
  rlimit saved_{};
  void (*saved_handler_)(int) = nullptr;
};

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("an atomic write replaces the file and leaves no temporary behind", "[app]") {
  const fs::path dir = fresh_directory("atomic");
  const fs::path target = dir / "report.json";
  wakesim::write_file_atomically(target.string(), "first");
  wakesim::write_file_atomically(target.string(), "second, longer content");
  CHECK(read(target) == "second, longer content");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  CHECK((fs::status(target).permissions() & fs::perms::others_read) != fs::perms::none);
  fs::remove_all(dir);
}

TEST_CASE("a failed atomic write names the path and keeps the old file", "[app]") {
  const fs::path dir = fresh_directory("atomic-fail");
  const fs::path target = dir / "missing-dir" / "report.json";
  REQUIRE_THROWS_WITH(wakesim::write_file_atomically(target.string(), "x"), Catch::Contains("missing-dir/report.json"));
  CHECK_FALSE(fs::exists(target));
  fs::remove_all(dir);
}

TEST_CASE("a streamed output file appears whole, and only when committed", "[app]") {
  const fs::path dir = fresh_directory("atomic-stream");
  const fs::path target = dir / "trace.json";
  std::ofstream(target) << "previous";
  std::string expected;
  {
    wakesim::AtomicOutputFile file(target.string());
    for (int i = 0; i < 20000; ++i) {  // about 300 kB in small pieces, and one large one
      const std::string piece = "piece " + std::to_string(i) + "\n";
      file.write(piece);
      expected += piece;
    }
    const std::string large(200 * 1024, 'x');
    file.write(large);
    expected += large;
    CHECK(read(target) == "previous");
    file.complete();
    CHECK(read(target) == "previous");
    file.commit();
  }
  CHECK(read(target) == expected);
  CHECK(names_in(dir) == std::vector<std::string>{"trace.json"});
  fs::remove_all(dir);
}

TEST_CASE("a streamed output file dropped before it is committed leaves nothing", "[app]") {
  const fs::path dir = fresh_directory("atomic-drop");
  const fs::path target = dir / "trace.json";
  std::ofstream(target) << "previous";
  {
    wakesim::AtomicOutputFile file(target.string());
    file.write(std::string(300 * 1024, 'x'));
    CHECK(names_in(dir).size() == 2);  // the target and the temporary file
  }
  CHECK(read(target) == "previous");
  CHECK(names_in(dir) == std::vector<std::string>{"trace.json"});
  fs::remove_all(dir);
}

TEST_CASE("a streamed output file that cannot be written says so once, and complete names the target", "[app]") {
  const fs::path dir = fresh_directory("atomic-efbig");
  const fs::path target = dir / "trace.json";
  std::ofstream(target) << "previous";
  int failures = 0;
  {
    const FileSizeLimit limit(64 * 1024);
    wakesim::AtomicOutputFile file(target.string(), [&] { ++failures; });
    for (int i = 0; i < 100; ++i) file.write(std::string(4096, 'x'));  // no exception while writing
    CHECK(failures == 1);
    REQUIRE_THROWS_AS(file.complete(), std::runtime_error);
  }
  try {
    const FileSizeLimit limit(64 * 1024);
    wakesim::AtomicOutputFile file(target.string());
    file.write(std::string(100 * 1024, 'x'));
    file.complete();
    FAIL("complete() did not throw");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()) == "cannot write " + target.string() + ": File too large");
  }
  CHECK(read(target) == "previous");
  CHECK(names_in(dir) == std::vector<std::string>{"trace.json"});
  fs::remove_all(dir);
}
