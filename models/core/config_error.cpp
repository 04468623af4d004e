#include "wakesim/core/config_error.h"

#include <utility>

namespace wakesim {
namespace {

// The key an override assigns: "a.b" in "a.b=5".
std::string override_key(const std::string& override_text) { return override_text.substr(0, override_text.find('=')); }

std::string compose(const ConfigLocation& location, const std::string& key_path, const std::string& message) {
  std::string text = location.describe() + ": ";
  const bool path_is_redundant =
      key_path.empty() || (location.from_override() && key_path == override_key(location.override_text));
  if (!path_is_redundant) text += key_path + ": ";
  return text + message;
}

}  // namespace

ConfigError::ConfigError(ConfigLocation location, std::string key_path, std::string message)
    : std::runtime_error(compose(location, key_path, message)),
      location_(std::move(location)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

}  // namespace wakesim
