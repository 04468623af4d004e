#pragma once
// The one exception of the configuration reader. what() reads
//   "FILE:LINE:COL: KEY.PATH: message"       for a value from a file,
//   "--set KEY.PATH=VALUE: message"          for a value from a command-line override
// (the key path is left out where it is empty, or where it is the override's own key).
#include <stdexcept>
#include <string>

#include "wakesim/core/config_location.h"

namespace wakesim {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(ConfigLocation location, std::string key_path, std::string message);

  const ConfigLocation& location() const { return location_; }
  const std::string& file() const { return location_.file; }
  int line() const { return location_.line; }
  int column() const { return location_.column; }
  // Dotted path of the offending key; sequence elements are numbered from 0
  // ("platform.domains.2.name"). Empty for whole-document errors.
  const std::string& key_path() const { return key_path_; }
  // The message alone, without location and key path.
  const std::string& message() const { return message_; }

 private:
  ConfigLocation location_;
  std::string key_path_;
  std::string message_;
};

}  // namespace wakesim
