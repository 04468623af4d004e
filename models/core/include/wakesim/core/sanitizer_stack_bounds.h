#pragma once
// SystemC 2.3.4 tells AddressSanitizer about its coroutine stack switches (weak
// __sanitizer_start/finish_switch_fiber calls in its QuickThreads package), but
// announces the main coroutine's stack with an empty range. Once sc_start has
// switched back to the main thread, ASan therefore believes that stack ends at
// address 0, and the first exception thrown there (a report that cannot be
// written after a run, say) is reported as a stack-buffer-overflow inside
// __asan_handle_no_return: a false positive (google/sanitizers issue 189).

namespace wakesim {

// Re-announces the calling thread's real stack to AddressSanitizer. Call it on
// the main thread after sc_start returns. Does nothing in a build without ASan.
void restore_sanitizer_stack_bounds();

}  // namespace wakesim
