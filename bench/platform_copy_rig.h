#pragma once
// The benchmark's modelled platform: platforms/exynos_like.yaml (a PL330-style
// DMA controller behind an Exynos SysMMU, the interconnect and LPDDR4) with
// every device ACTIVE, and `channels` DMA channels copying back to back until
// they have issued `transactions` bus transactions (one read and one write per
// 64-byte burst) between them.
//   warm: each channel copies 16 KiB within its own 8 mapped pages, so after the
//         first pass every translation hits the 64-entry TLB;
//   cold: each channel copies 64-byte pieces one page apart over 1024 pages
//         (scatter-gather), so every access misses the TLB and walks.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/platforms/platform.h"

namespace wakesim::bench {

enum class TlbMode { warm, cold };

class PlatformCopyRig : public sc_core::sc_module {
 public:
  // `with_cpus` false takes the platform's CPU side away (docs/cpu.md).
  PlatformCopyRig(const sc_core::sc_module_name& name, const std::string& platform_file, unsigned channels,
                  std::uint64_t transactions, TlbMode mode, bool with_cpus = true);

  // Data transactions the channels completed (2 per burst).
  std::uint64_t transactions() const;
  std::uint64_t tlb_misses() const;
  std::uint64_t errors() const;

 private:
  void copy_loop(unsigned channel);
  DmaDescriptor* next_descriptor(DmaChannel& channel, unsigned index);

  EnergyLedger ledger_;
  std::unique_ptr<Platform> platform_;
  TlbMode mode_;
  std::uint64_t bursts_per_channel_;
  std::vector<sc_core::sc_event> done_;
  std::vector<std::uint64_t> errors_;
};

}  // namespace wakesim::bench
