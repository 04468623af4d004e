#pragma once
// Whether this test binary was built with AddressSanitizer: its shadow memory
// makes resident sizes meaningless and forbids an address-space limit, so the
// tests that measure or limit memory skip themselves under it.
namespace wakesim::test {

constexpr bool built_with_address_sanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace wakesim::test
