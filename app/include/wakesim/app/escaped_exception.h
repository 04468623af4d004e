#pragma once
// The last line of defence of the command line: an exception a command did not
// handle becomes one clear line on stderr and an exit code, never SystemC's
// "(E549) uncaught exception". A place the user named that cannot be written (a
// regular file given as a directory, a read-only or unwritable place) is bad
// input (2); anything else, a full disk or memory exhausted included, is a
// runtime failure (1). An exception a SystemC process threw (memory exhausted in
// the middle of a run, say) arrives as SystemC's "uncaught exception" report and
// is unwrapped to its own message, with the process and the simulated time.
#include <iosfwd>
#include <string>
#include <system_error>

namespace wakesim {

// Sets aside a few MiB that the first failed allocation gives back before
// std::bad_alloc is thrown: memory exhausted mid-run (inside a SystemC process,
// whose exception SystemC wraps in a report) must leave room for the report and
// this line to be made. Call once at start.
void keep_memory_for_failure_reports();

// Call inside a catch block: reports the exception in flight, returns the exit code.
int report_escaped_exception(std::ostream& errors);

// The first line of an exception's message: SystemC's reports (a thread stack
// that could not be allocated, say) add "In file: ..." lines that name its own
// sources, not the user's input.
std::string first_line(const char* message);

// Whether a file system error means the place itself is wrong (not a directory,
// unwritable, read-only, missing): bad input rather than a runtime failure.
bool names_a_bad_place(const std::error_code& code);

}  // namespace wakesim
