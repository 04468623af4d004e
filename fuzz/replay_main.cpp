// fuzz_replay FILE_OR_DIR ...: feeds every file (directories: every file in
// them, in name order; dot files and *.md skipped) to the fuzz target's
// LLVMFuzzerTestOneInput once, as the libFuzzer binary does when given files.
// Built with the normal compiler, so the seed corpus and every regression
// input run in each test build (and under the sanitizers in build-asan/).
//
// Each input's name is printed before it runs: when one crashes, the last name
// in ctest's output is the culprit. An exception escaping the target is a
// failure: exit 1 after the remaining inputs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "wakesim/core/quiet_systemc_banner.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool replayed(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() != '.' && path.extension() != ".md";
}

std::vector<fs::path> inputs_of(const std::vector<std::string>& arguments) {
  std::vector<fs::path> inputs;
  for (const std::string& argument : arguments) {
    if (!fs::is_directory(argument)) {
      inputs.emplace_back(argument);
      continue;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(argument))
      if (entry.is_regular_file() && replayed(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    inputs.insert(inputs.end(), files.begin(), files.end());
  }
  return inputs;
}

}  // namespace

// libsystemc's main() calls it (declared extern "C" in sysc/kernel/sc_externs.h).
extern "C" int sc_main(int argc, char* argv[]) {
  if (argc < 2) {
    std::cerr << "usage: fuzz_replay FILE_OR_DIR ...\n";
    return 2;
  }
  LLVMFuzzerInitialize(&argc, &argv);
  const std::vector<fs::path> inputs = inputs_of(std::vector<std::string>(argv + 1, argv + argc));
  int failed = 0;
  for (const fs::path& input : inputs) {
    std::cout << "fuzz_replay: " << input.string() << std::endl;
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::cerr << "fuzz_replay: cannot read " << input.string() << "\n";
      ++failed;
      continue;
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& error) {
      std::cerr << "fuzz_replay: " << input.string() << ": unexpected exception: " << error.what() << "\n";
      ++failed;
    } catch (...) {
      std::cerr << "fuzz_replay: " << input.string() << ": unexpected exception of unknown type\n";
      ++failed;
    }
  }
  std::cout << "fuzz_replay: " << inputs.size() << " inputs, " << failed << " failed" << std::endl;
  return failed == 0 && !inputs.empty() ? 0 : 1;
}
