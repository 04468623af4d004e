#pragma once
// What wakesim accepts as an input file (platform, scenario, sweep, trace,
// baseline): a regular file of at most max_input_bytes(). A FIFO would block the
// read forever and a device such as /dev/zero never ends, so both are refused
// before they are opened; the size limit keeps a wrong file from exhausting
// memory. The command line raises the limit with --max-input-size.
#include <cstdint>
#include <optional>
#include <string>

namespace wakesim {

inline constexpr std::uint64_t kDefaultMaxInputBytes = std::uint64_t{256} << 20;  // 256 MiB

std::uint64_t max_input_bytes();
void set_max_input_bytes(std::uint64_t bytes);

// Why `path` cannot be read as input ("it is a directory", ...), or nothing when
// it can (or when it does not exist: opening it then says so with errno).
std::optional<std::string> input_file_problem(const std::string& path);

// As input_file_problem, and also why a file that is missing or may not be
// opened cannot be read ("No such file or directory", "Permission denied").
std::optional<std::string> unreadable_input_problem(const std::string& path);

}  // namespace wakesim
