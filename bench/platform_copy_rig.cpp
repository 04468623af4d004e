#include "platform_copy_rig.h"

#include <algorithm>
#include <stdexcept>

#include "wakesim/core/config_document.h"
#include "wakesim/platforms/platform_reader.h"

namespace wakesim::bench {
namespace {

constexpr std::uint64_t kPage = 0x1000;
constexpr std::uint64_t kBurst = 64;
constexpr std::uint64_t kWarmSpan = 16 * 1024;      // bytes copied per warm descriptor (8 pages with dst)
constexpr std::uint64_t kColdPages = 1024;          // pages per cold buffer: 16x the TLB
constexpr std::uint64_t kColdSegments = 256;        // 64-byte pieces per cold descriptor
constexpr std::uint64_t kRegion = 8 * 1024 * 1024;  // DRAM per channel: source then destination

const char* const kDma = "pl330";
const char* const kIommu = "sysmmu_pl330";

PlatformSpec load(const std::string& file, bool with_cpus) {
  ConfigDocument doc = ConfigDocument::load_file(file);
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  if (!with_cpus) spec.cpus.reset();
  return spec;
}

}  // namespace

PlatformCopyRig::PlatformCopyRig(const sc_core::sc_module_name& name, const std::string& platform_file,
                                 unsigned channels, std::uint64_t transactions, TlbMode mode, bool with_cpus)
    : sc_core::sc_module(name),
      platform_(std::make_unique<Platform>("soc", load(platform_file, with_cpus), ledger_)),
      mode_(mode),
      bursts_per_channel_(transactions / 2 / channels),
      done_(channels),
      errors_(channels, 0) {
  DmaController& dma = platform_->dma(kDma);
  if (channels > dma.params().channels) throw std::invalid_argument("the platform's DMA has too few channels");
  IommuDriver& driver = platform_->iommu_driver(kIommu);
  if (driver.create_context(0, PageTableFormatKind::exynos_sysmmu, 1) != 0 ||
      driver.attach_stream(0, Iommu::kAnyStream, 0) != 0)
    throw std::runtime_error("cannot set up the SysMMU context");
  // Identity mappings page by page (4 KiB pages, never sections, so the cold
  // run really needs a TLB entry per page).
  const std::uint64_t dram = platform_->spec().dram.base;
  const std::uint64_t mapped = mode == TlbMode::warm ? kWarmSpan : kColdPages * kPage;
  for (unsigned c = 0; c < channels; ++c)
    for (std::uint64_t half : {std::uint64_t{0}, kRegion / 2})
      for (std::uint64_t offset = 0; offset < mapped; offset += kPage) {
        const std::uint64_t address = dram + c * kRegion + half + offset;
        if (driver.map(0, address, address, kPage, AccessPermissions::read_write()) != 0)
          throw std::runtime_error("cannot map the copy buffers");
      }
  for (RpmDevice* device : platform_->devices()) device->set_active();
  for (unsigned c = 0; c < channels; ++c) {
    dma.channel(c).set_callback([this, c](const DmaCompletion& completion) {
      errors_[c] += !completion.ok();
      done_[c].notify(sc_core::SC_ZERO_TIME);
    });
    sc_core::sc_spawn([this, c] { copy_loop(c); });
  }
}

void PlatformCopyRig::copy_loop(unsigned index) {
  DmaChannel& channel = platform_->dma(kDma).channel(index);
  const std::uint64_t source = platform_->spec().dram.base + index * kRegion;
  const std::uint64_t destination = source + kRegion / 2;
  std::vector<DmaSegment> segments;
  std::uint64_t page = 0;
  for (std::uint64_t left = bursts_per_channel_; left > 0;) {
    const std::uint64_t bursts = std::min(left, mode_ == TlbMode::warm ? kWarmSpan / kBurst : kColdSegments);
    DmaDescriptor* descriptor = nullptr;
    if (mode_ == TlbMode::warm) {
      descriptor = channel.prep_memcpy(destination, source, bursts * kBurst);
    } else {
      segments.clear();
      for (std::uint64_t i = 0; i < bursts; ++i, page = (page + 1) % kColdPages)
        segments.push_back({source + page * kPage, destination + page * kPage, kBurst});
      descriptor = channel.prep_sg(segments);
    }
    channel.submit(descriptor);
    channel.issue_pending();
    sc_core::wait(done_[index]);
    left -= bursts;
  }
}

std::uint64_t PlatformCopyRig::transactions() const {
  std::uint64_t bursts = 0;
  const DmaController& dma = platform_->dma(kDma);
  for (std::size_t c = 0; c < done_.size(); ++c) bursts += dma.channel(static_cast<unsigned>(c)).stats().bursts;
  return 2 * bursts;
}

std::uint64_t PlatformCopyRig::tlb_misses() const { return platform_->iommu(kIommu).port_stats(0).tlb_misses; }

std::uint64_t PlatformCopyRig::errors() const {
  std::uint64_t total = 0;
  for (std::uint64_t e : errors_) total += e;
  return total;
}

}  // namespace wakesim::bench
