#pragma once
// Writes a result file whole or not at all: the content goes to a temporary file
// in the same directory, is flushed, and is renamed over the target only when
// complete, so a killed run or a full disk never leaves a half-written report and
// never destroys the previous one.
#include <string>

namespace wakesim {

// Throws std::runtime_error naming the path and the system error on failure; the
// target is then untouched and no temporary file is left behind.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace wakesim
