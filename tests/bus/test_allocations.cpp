// The hot path allocates nothing: a transaction through the interconnect and into
// the DRAM (decode, reservation, statistics, energy, the backing store once its
// pages exist) must not touch the heap. This executable counts every call of the
// global operator new (or, under AddressSanitizer, every allocation it reports).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/memory/dram.h"

namespace {
std::uint64_t allocations = 0;
}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer owns operator new; it reports every allocation to a hook.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace {
void count_allocation(const volatile void*, std::size_t) { ++allocations; }
void ignore_free(const volatile void*) {}  // both hooks are required
const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(count_allocation, ignore_free);
}  // namespace
#else
void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
// GCC cannot see that this operator new is the malloc behind this delete.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

TEST_CASE("Interconnect and Dram b_transport allocate nothing once the pages exist", "[bus][dram][allocation]") {
  InterconnectParams params;
  params.sync_on_arrival = false;  // SystemC's own wait() is not the bus's code
  Interconnect bus("bus", params);
  Dram dram("dram");
  wakesim::test::TestInitiator cpu("cpu");
  cpu.socket.bind(bus.in);
  bus.out.bind(dram.socket);
  bus.map(0, 0x0, 1 << 20);
  bus.map(0, 0x8000'0000, 0x1000);  // a second range, so the decode has a search to do
  std::uint64_t counted = ~std::uint64_t{0};
  std::uint64_t unmapped_before = 0;
  std::uint64_t warm_up = 0;
  wakesim::test::run_in_thread([&] {
    std::vector<unsigned char> data(256, 0x5a);
    tlm::tlm_generic_payload tx;
    tx.set_data_ptr(data.data());
    tx.set_data_length(256);
    tx.set_streaming_width(256);
    auto burst = [&](int count) {
      for (int i = 0; i < count; ++i) {
        tx.set_command(i % 2 == 0 ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        tx.set_address(static_cast<std::uint64_t>(i % 64) * 256);  // pages 0..3, rows of 4 banks
        tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay = SC_ZERO_TIME;
        cpu.socket->b_transport(tx, delay);
      }
      tx.set_address(0x4000'0000);  // unmapped
      sc_time delay = SC_ZERO_TIME;
      cpu.socket->b_transport(tx, delay);
    };
    const std::uint64_t start = allocations;
    burst(200);  // warm-up: pages allocated, timelines at their working size
    warm_up = allocations - start;
    unmapped_before = bus.unmapped_accesses();
    const std::uint64_t before = allocations;
    burst(10'000);
    counted = allocations - before;
  });
  CHECK(unmapped_before == 1);
  CHECK(bus.unmapped_accesses() == 2);
  CHECK(dram.stats().reads + dram.stats().writes == 10'200);
  CHECK(warm_up >= 4);  // the counter works: the four pages written were allocated
  CHECK(counted == 0);
}
