#pragma once
// Bad input to `wakesim sweep`, `merge` or `validate` of a sweep, as one line
// that names the file or directory at fault: the command exits 2 and creates
// nothing.
#include <stdexcept>

namespace wakesim {

class SweepInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace wakesim
