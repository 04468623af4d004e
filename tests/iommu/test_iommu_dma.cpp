// A DMA copy through the IOMMU on the real fabric: the DmaController's port 0
// is bound to the IOMMU, whose `out` and `walker` are two initiator ports of the
// Interconnect in front of the Dram. Source and destination are contiguous IOVA
// ranges of 8 pages each, mapped to 16 shuffled physical pages; the copy is
// unaligned, so some 64-byte bursts cross a page and are split.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "iommu_rig.h"
#include "wakesim/dma/dma_controller.h"

using namespace wakesim;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::ns;
using wakesim::test::pattern;

namespace {

constexpr std::uint64_t kPage = 0x1000;
constexpr std::uint64_t kPool = 0x20'0000;  // 16 physical pages from 2 MiB
constexpr std::uint64_t kSrcIova = 0x1000'0000;
constexpr std::uint64_t kDstIova = 0x2000'0000;
constexpr std::array<unsigned, 16> kShuffle = {11, 3, 14, 6, 0, 9, 13, 4, 7, 15, 2, 10, 5, 12, 1, 8};

std::uint64_t src_page(std::uint64_t i) { return kPool + kShuffle[i] * kPage; }
std::uint64_t dst_page(std::uint64_t i) { return kPool + kShuffle[8 + i] * kPage; }
std::uint64_t src_phys(std::uint64_t iova) { return src_page((iova - kSrcIova) / kPage) + iova % kPage; }
std::uint64_t dst_phys(std::uint64_t iova) { return dst_page((iova - kDstIova) / kPage) + iova % kPage; }

DmaControllerParams one_channel(std::uint32_t stream) {
  DmaControllerParams params;
  params.channels = 1;
  params.channel_params = {wakesim::test::channel_on(stream, 0)};
  params.burst_size = ByteSize{64};
  params.max_outstanding = 4;
  params.setup_latency = ns(100);
  return params;
}

}  // namespace

TEST_CASE("a dma copy through the iommu with scattered physical pages produces the exact bytes", "[iommu][dma]") {
  // Copy 32704 B (511 bursts) from IOVA kSrcIova + 5 to kDstIova + 0x37. The
  // source bursts start at page offsets 5 + 64k, so exactly one burst straddles
  // each of the 7 inner page boundaries; the same for the destination (55 + 64k):
  // 14 split transactions. 16 pages, one walk each (the TLB holds 64).
  IommuRigOptions options;
  options.fabric = true;
  options.bus = wakesim::test::fabric_bus(5);
  options.dram = wakesim::test::lpddr4_dram();
  options.masters = 0;
  IommuRig rig(options);
  RpmDevice dma_device("dma_dev", rig.core);
  DmaController dmac("dmac", one_channel(5), dma_device);
  dmac.port[0].bind(rig.iommu.port[0]);
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 3) == 0);
  REQUIRE(rig.driver.attach_stream(0, 5, 0) == 0);
  for (std::uint64_t i = 0; i < 8; ++i) {
    REQUIRE(rig.driver.map(0, kSrcIova + i * kPage, src_page(i), kPage, AccessPermissions::read_only()) == 0);
    REQUIRE(rig.driver.map(0, kDstIova + i * kPage, dst_page(i), kPage, AccessPermissions::read_write()) == 0);
  }
  std::vector<std::uint8_t> bytes(kPage);
  for (std::uint64_t i = 0; i < 8; ++i) {
    for (std::uint64_t b = 0; b < kPage; ++b) bytes[b] = pattern(src_page(i) + b);
    rig.dram.backdoor_write(src_page(i), bytes.data(), kPage);
  }
  dma_device.set_active();
  rig.device.set_active();
  std::vector<DmaCompletion> completions;
  dmac.channel(0).set_callback([&](const DmaCompletion& c) { completions.push_back(c); });
  constexpr std::uint64_t kLength = 8 * kPage - 0x40;
  sc_core::sc_spawn([&] {
    DmaChannel& ch = dmac.channel(0);
    ch.submit(ch.prep_memcpy(kDstIova + 0x37, kSrcIova + 5, kLength));
    ch.issue_pending();
  });
  sc_core::sc_start();

  REQUIRE(completions.size() == 1);
  CHECK(completions[0].ok());
  CHECK(completions[0].bytes == kLength);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < kLength; ++i) {
    wrong += rig.byte(dst_phys(kDstIova + 0x37 + i)) != pattern(src_phys(kSrcIova + 5 + i));
  }
  CHECK(wrong == 0);
  CHECK(rig.byte(dst_page(0) + 0x36) == 0);                   // just before the destination
  CHECK(rig.byte(dst_phys(kDstIova + 0x37 + kLength)) == 0);  // just after it
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.transactions == 2 * 511);
  CHECK(s.split_transactions == 14);
  CHECK(s.tlb_misses == 16);
  CHECK(s.walks == 16);
  CHECK(s.faults() == 0);
  CHECK(s.bytes == 2 * kLength);
  CHECK(rig.dram.stats().bytes_written == kLength);
  CHECK(rig.dram.stats().writes == 511 + 7);
  CHECK(rig.bus->initiator_port(0).transactions == 2 * 511 + 14);  // data, pieces counted
}

TEST_CASE("a dma write to a read only page faults and the channel reports a bus error", "[iommu][dma]") {
  IommuRigOptions options;
  options.fabric = true;
  options.bus = wakesim::test::fabric_bus(5);
  options.masters = 0;
  IommuRig rig(options);
  RpmDevice dma_device("dma_dev", rig.core);
  DmaController dmac("dmac", one_channel(5), dma_device);
  dmac.port[0].bind(rig.iommu.port[0]);
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 3) == 0);
  REQUIRE(rig.driver.attach_stream(0, 5, 0) == 0);
  REQUIRE(rig.driver.map(0, kSrcIova, src_page(0), kPage, AccessPermissions::read_only()) == 0);
  REQUIRE(rig.driver.map(0, kDstIova, dst_page(0), kPage, AccessPermissions::read_only()) == 0);
  dma_device.set_active();
  rig.device.set_active();
  std::vector<DmaCompletion> completions;
  dmac.channel(0).set_callback([&](const DmaCompletion& c) { completions.push_back(c); });
  sc_core::sc_spawn([&] {
    DmaChannel& ch = dmac.channel(0);
    ch.submit(ch.prep_memcpy(kDstIova, kSrcIova, 256));
    ch.issue_pending();
  });
  sc_core::sc_start();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].error == DmaError::bus);
  CHECK(completions[0].response == tlm::TLM_COMMAND_ERROR_RESPONSE);
  CHECK(completions[0].bytes == 0);
  REQUIRE(rig.interrupts.size() == 1);
  CHECK(rig.interrupts[0].kind == IommuFaultKind::permission);
  CHECK(rig.interrupts[0].stream == 5);
  CHECK(rig.interrupts[0].channel == 0);
  CHECK(rig.interrupts[0].iova == kDstIova);
  CHECK(rig.dram.stats().bytes_written == 0);
}
