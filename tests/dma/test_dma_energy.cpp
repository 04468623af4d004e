// Dynamic energy of the DMA controller: exact event counts of bytes moved and of
// descriptor setups, each priced once (EnergyLedger).
#include <catch2/catch.hpp>

#include "dma_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/core/energy_ledger.h"

using namespace wakesim;
using wakesim::test::dma_params;
using wakesim::test::DmaRig;
using wakesim::test::fixed_latency_memory;
using wakesim::test::run_in_thread;

namespace {

const EnergyLedger::AccountReport& account(const std::vector<EnergyLedger::AccountReport>& all,
                                           const std::string& detail) {
  for (const auto& a : all)
    if (a.component == "dmac" && a.detail == detail) return a;
  FAIL("no account " << detail);
  return all.front();
}

}  // namespace

TEST_CASE("energy per byte and per descriptor sums exactly", "[dma][energy]") {
  // Moved: memcpy 1000 B; scatter-gather 100 + 65 + 1 + 200 = 366 B; two cyclic
  // periods of 128 B (terminated from the second interrupt); a memcpy whose
  // sixth 64 B read fails: with two bursts in flight the fifth was read at the
  // same time and is dropped unwritten, so 4 x 64 = 256 B. Bytes: 1000 + 366 +
  // 256 + 256 = 1878. Setups: 1 + 1 + 2 + 1 = 5.
  DmaControllerParams params = dma_params(3, 2, 10);
  params.energy_per_byte = Energy{2.5e-12};
  params.energy_per_descriptor = Energy{1.5e-9};
  test::DmaTestMemoryParams memory = fixed_latency_memory(20);
  memory.error_base = 0x7140;
  memory.error_size = 0x40;
  EnergyLedger ledger;
  DmaRig rig(params, memory, true, &ledger);
  run_in_thread([&] {
    rig.memcpy(0, 0x8000, 0x1000, 1000);
    DmaChannel& ch0 = rig.dmac.channel(0);
    ch0.submit(ch0.prep_sg({{0x2001, 0x9001, 100}, {0x3010, 0x9107, 65}, {0x4000, 0x9203, 1}, {0x5005, 0x9301, 200}}));
    ch0.issue_pending();
    DmaChannel& ch1 = rig.dmac.channel(1);
    ch1.set_callback([&](const DmaCompletion& c) {
      if (c.period == 1) ch1.terminate_all();
    });
    ch1.submit(ch1.prep_cyclic(0xA000, 256, 128, 0xF000, DmaDirection::mem_to_dev));
    ch1.issue_pending();
    rig.memcpy(2, 0xB000, 0x7000, 1024);
  });
  const DmaChannelStats total = rig.dmac.total_stats();
  CHECK(total.bytes == 1878);
  CHECK(total.setups == 5);
  CHECK(total.bus_errors == 1);
  CHECK(total.periods == 2);
  const auto accounts = ledger.accounts();
  const auto& bytes = account(accounts, "event:byte");
  const auto& descriptors = account(accounts, "event:descriptor");
  CHECK(bytes.category == EnergyCategory::dynamic);
  CHECK(bytes.events == 1878);
  CHECK(descriptors.events == 5);
  // One multiplication each, so the sums are exact, not accumulated per burst.
  CHECK(bytes.energy.joules == 1878 * 2.5e-12);
  CHECK(descriptors.energy.joules == 5 * 1.5e-9);
  CHECK(ledger.total("dmac").joules == 1878 * 2.5e-12 + 5 * 1.5e-9);
  CHECK(ledger.total(EnergyCategory::dynamic).joules == ledger.total("dmac").joules);
}
