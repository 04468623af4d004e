// wakesim's IOMMU between an embedding project's own initiator and memory
// (docs/embedding.md): the driver maps 64 KiB of IOVA at 0x10000000 onto the
// memory at 0x200000 with 4 KiB pages, the master resumes the IOMMU through its
// runtime-PM device and reads three words, and the program prints what each
// cost in time and what the run cost in energy.
#include <cstdio>

#include <wakesim/core/energy_ledger.h>
#include <wakesim/drivers/iommu_driver.h>
#include <wakesim/drivers/page_table_allocator.h>
#include <wakesim/iommu/iommu.h>
#include <wakesim/power/pm_core.h>
#include <wakesim/power/rpm_device.h>
#include <systemc>

#include "array_memory.h"
#include "reading_master.h"

namespace {

constexpr std::uint64_t kIova = 0x1000'0000;
constexpr std::uint64_t kPhys = 0x20'0000;
constexpr std::uint32_t kStream = 7;

wakesim::IommuParams iommu_params() {
  wakesim::IommuParams params;
  params.tlb.entries = 16;                                  // fully associative, LRU
  params.tlb.hit_latency_cycles = 2;                        // at the default 1 GHz: 2 ns
  params.tlb.lookup_energy = wakesim::Energy{1e-12};        // 1 pJ per lookup
  params.walker.walk_cache.entries = 0;                     // every miss walks all four levels
  params.walker.pte_read_energy = wakesim::Energy{10e-12};  // 10 pJ per PTE read
  return params;
}

}  // namespace

int sc_main(int, char*[]) {
  wakesim::PmCore pm("pm");
  wakesim::RpmDevice iommu_device("iommu_rpm", pm);
  wakesim::EnergyLedger ledger;
  wakesim::Iommu iommu("iommu", iommu_params(), iommu_device, &ledger);
  ArrayMemory memory("memory", 4 << 20, sc_core::sc_time(50, sc_core::SC_NS));
  wakesim::PageTableAllocator tables(0x10'0000, 0x10'0000);  // [1 MiB, 2 MiB) of the memory
  wakesim::IommuDriver driver(iommu, memory, tables);
  // The first word, the same word's neighbour (a TLB hit), then the next page.
  ReadingMaster master("master", iommu_device, {kIova, kIova + 64, kIova + 4096}, kStream);

  master.socket.bind(iommu.port[0]);
  iommu.out.bind(memory.data);
  iommu.walker.bind(memory.tables);

  iommu_device.enable();  // runtime PM on, the IOMMU suspended until the master needs it
  if (driver.create_context(0, wakesim::PageTableFormatKind::arm64_4k, 1) != 0 ||
      driver.attach_stream(0, kStream, 0) != 0 ||
      driver.map(0, kIova, kPhys, 64 << 10, wakesim::AccessPermissions::read_write()) != 0) {
    std::fprintf(stderr, "iommu_in_front: mapping failed\n");
    return 1;
  }

  sc_core::sc_start();

  std::printf("IOMMU resume: %.1f ns\n", master.resume_time.to_seconds() * 1e9);
  const char* what[] = {"first read (TLB miss, 4-level walk)", "same page (TLB hit)", "next page (TLB miss)"};
  for (std::size_t i = 0; i < master.read_times.size(); ++i)
    std::printf("%s: %.1f ns%s\n", what[i], master.read_times[i].to_seconds() * 1e9,
                master.responses[i] == tlm::TLM_OK_RESPONSE ? "" : " (error response)");
  std::printf("TLB: %llu hits, %llu misses; memory accesses: %llu\n",
              static_cast<unsigned long long>(iommu.total_port_stats().tlb_hits),
              static_cast<unsigned long long>(iommu.total_port_stats().tlb_misses),
              static_cast<unsigned long long>(memory.accesses()));
  std::printf("IOMMU dynamic energy: %.1f pJ\n", ledger.total("iommu", wakesim::EnergyCategory::dynamic).joules * 1e12);
  return 0;
}
