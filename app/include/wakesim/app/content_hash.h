#pragma once
// A short, stable name for a text: 16 hex digits of its 64-bit FNV-1a hash. A
// sweep names its points (their effective configuration) and its definition by
// it, so the names are the same on every machine and in every run.
#include <string>

namespace wakesim {

std::string content_hash(const std::string& text);

}  // namespace wakesim
