#pragma once
// Control characters in configuration text: a byte below 0x20 (NUL, tab, line
// breaks, escape ...) or DEL (0x7f). The text of keys and values ends up in
// SystemC object names, key paths, CSV cells, report.json and the one-line
// error messages on stderr, none of which can carry a NUL or a line break, so
// the configuration reader refuses them (scenarios/README.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace wakesim {

// Where the first control character of `text` is, if it has one.
inline std::optional<std::size_t> first_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) return i;
  }
  return std::nullopt;
}

// "the key contains the control character 0x0a at offset 5: ...". The text itself
// is not repeated: printing it would break the message's line.
inline std::string describe_control_character(const char* what, std::string_view text, std::size_t at) {
  return fmt::format(
      "{} contains the control character {:#04x} at offset {}: names and values must be "
      "printable text",
      what, static_cast<unsigned char>(text[at]), at);
}

}  // namespace wakesim
