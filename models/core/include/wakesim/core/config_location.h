#pragma once
// Where a configuration value came from: a position in a YAML file, or a
// command-line override (`--set key.path=value`).
#include <string>
#include <utility>

namespace wakesim {

struct ConfigLocation {
  std::string file;           // the file (or the name given to load_string); empty for an override
  int line = 0;               // 1-based; 0 when there is no position (e.g. an unreadable file)
  int column = 0;             // 1-based; 0 when there is no position
  bool command_line = false;  // the value came from a command-line override
  std::string override_text;  // that override, "key.path=value" as given

  static ConfigLocation in_file(std::string file, int line, int column) {
    return ConfigLocation{std::move(file), line, column, false, {}};
  }
  static ConfigLocation in_override(std::string text) { return ConfigLocation{{}, 0, 0, true, std::move(text)}; }

  bool from_override() const { return command_line; }
  // "FILE:LINE:COL", "FILE" when there is no position, or "--set KEY=VALUE".
  std::string describe() const {
    if (from_override()) return "--set " + override_text;
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace wakesim
