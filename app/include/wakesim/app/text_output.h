#pragma once
// Where a trace writer (chrome_trace_writer.h, vcd_trace_writer.h) puts its text,
// piece by piece as it goes: a file being written (atomic_output_file.h), or a
// string in tests.
#include <string_view>

namespace wakesim {

class TextOutput {
 public:
  virtual ~TextOutput() = default;
  virtual void write(std::string_view text) = 0;
};

}  // namespace wakesim
