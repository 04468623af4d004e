// The `wakesim` executable: libsystemc defines main(), so the entry point is
// sc_main, which runs the command line (app/command_line.cpp).
#include <systemc>  // declares sc_main extern "C", as libsystemc's main() calls it

#include "wakesim/app/command_line.h"

int sc_main(int argc, char* argv[]) { return wakesim::wakesim_main(argc, argv); }
