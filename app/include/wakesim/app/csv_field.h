#pragma once
// One CSV field as RFC 4180 wants it: quoted (with quotes doubled) when it holds
// a comma, a quote or a line break, as is otherwise.
#include <string>

namespace wakesim {

inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace wakesim
