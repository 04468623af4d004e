#pragma once
// The `wakesim` command line as a library function, so that the executable
// (app/main.cpp) and a test binary wrapping it with a run hook
// (tests/support/fault_injecting_wakesim.cpp) run the same code.

namespace wakesim {

// Parses argv and runs the subcommand: its exit code (0 ok, 1 failure, 2 bad input).
int run_command_line(int argc, char* argv[]);
// run_command_line with the process-wide safety nets: a memory reserve for
// reporting exhaustion, and any exception that escapes reported in one line.
int wakesim_main(int argc, char* argv[]);

}  // namespace wakesim
