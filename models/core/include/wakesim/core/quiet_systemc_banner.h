#pragma once
// libsystemc prints its copyright banner from its own main(), before sc_main runs,
// unless SYSTEMC_DISABLE_COPYRIGHT_MESSAGE is set. Including this header in the
// file that defines sc_main sets it during static initialisation, which happens
// before main(), so reports and test listings stay free of the banner. A value the
// user set already is kept.
#include <cstdlib>

namespace wakesim::detail {
inline const bool kSystemcBannerQuiet = [] {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return true;
}();
}  // namespace wakesim::detail
