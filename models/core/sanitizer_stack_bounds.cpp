#include "wakesim/core/sanitizer_stack_bounds.h"

#if defined(__SANITIZE_ADDRESS__)
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>

#include <cstddef>
#endif

namespace wakesim {

#if defined(__SANITIZE_ADDRESS__)
void restore_sanitizer_stack_bounds() {
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
  void* lowest = nullptr;
  std::size_t size = 0;
  const bool known = pthread_attr_getstack(&attributes, &lowest, &size) == 0;
  pthread_attr_destroy(&attributes);
  if (!known) return;
  // A "switch" from this stack to itself, with its true bounds.
  void* fake_stack = nullptr;
  __sanitizer_start_switch_fiber(&fake_stack, lowest, size);
  __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
}
#else
void restore_sanitizer_stack_bounds() {}
#endif

}  // namespace wakesim
