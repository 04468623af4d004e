// The wakesim command line.
#include <systemc>

#include "core/quiet_systemc_banner.h"
#include <iostream>

int sc_main(int, char*[]) {
  std::cout << "wakesim " << WAKESIM_VERSION << "\n";
  return 0;
}
