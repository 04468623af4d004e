#pragma once
// The last line of defence of the command line: an exception a command did not
// handle becomes one clear line on stderr and an exit code, never SystemC's
// "(E549) uncaught exception". A place the user named that cannot be written (a
// regular file given as a directory, a read-only or unwritable place) is bad
// input (2); anything else, a full disk or memory exhausted included, is a
// runtime failure (1).
#include <iosfwd>
#include <system_error>

namespace wakesim {

// Call inside a catch block: reports the exception in flight, returns the exit code.
int report_escaped_exception(std::ostream& errors);

// Whether a file system error means the place itself is wrong (not a directory,
// unwritable, read-only, missing): bad input rather than a runtime failure.
bool names_a_bad_place(const std::error_code& code);

}  // namespace wakesim
