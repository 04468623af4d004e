#include "wakesim/drivers/iommu_driver.h"

#include <cerrno>
#include <stdexcept>

namespace wakesim {

IommuDriver::IommuDriver(Iommu& iommu, PhysicalMemory& memory, PageTableAllocator& allocator,
                         const IommuDriverParams& params)
    : iommu_(iommu), memory_(memory), allocator_(allocator), params_(params), domains_(iommu.params().contexts) {}

IommuDriver::Domain* IommuDriver::domain(unsigned context) {
  if (context >= domains_.size() || !domains_[context].table) return nullptr;
  return &domains_[context];
}

IommuPageTable* IommuDriver::page_table(unsigned context) {
  Domain* d = domain(context);
  return d ? d->table.get() : nullptr;
}

int IommuDriver::create_context(unsigned context, PageTableFormatKind kind, std::uint32_t asid,
                                std::uint64_t page_sizes) {
  if (context >= domains_.size()) return -EINVAL;
  if (domains_[context].table) return -EBUSY;
  Domain fresh;
  fresh.format = make_page_table_format(kind);
  try {
    fresh.table = std::make_unique<IommuPageTable>(*fresh.format, memory_, allocator_, page_sizes);
  } catch (const std::invalid_argument&) {
    return -EINVAL;  // page sizes the format does not have
  } catch (const std::runtime_error&) {
    return -ENOMEM;  // no room for the root table
  }
  const IommuContext bank{fresh.format.get(), fresh.table->root(), asid};
  domains_[context] = std::move(fresh);
  spend(iommu_.program_context(context, bank));
  return 0;
}

int IommuDriver::destroy_context(unsigned context) {
  if (!domain(context)) return -EINVAL;
  spend(iommu_.clear_context(context));
  domains_[context] = Domain{};
  return 0;
}

int IommuDriver::attach_stream(unsigned port, std::uint32_t stream, unsigned context) {
  if (port >= iommu_.params().ports || !domain(context)) return -EINVAL;
  spend(iommu_.bind_stream(port, stream, context));
  return 0;
}

int IommuDriver::detach_stream(unsigned port, std::uint32_t stream) {
  if (port >= iommu_.params().ports) return -EINVAL;
  spend(iommu_.unbind_stream(port, stream));
  return 0;
}

int IommuDriver::map(unsigned context, std::uint64_t iova, std::uint64_t phys, std::uint64_t size,
                     AccessPermissions perms) {
  Domain* d = domain(context);
  if (!d) return -EINVAL;
  const std::uint64_t writes_before = d->table->stats().pte_writes;
  const int ret = d->table->map(iova, phys, size, perms);
  ++stats_.maps;
  if (ret != 0) ++stats_.map_errors;
  spend_pte_writes(d->table->stats().pte_writes - writes_before);
  return ret;
}

UnmapResult IommuDriver::unmap(unsigned context, std::uint64_t iova, std::uint64_t size) {
  Domain* d = domain(context);
  if (!d) {
    UnmapResult refused;
    refused.error = -EINVAL;
    return refused;
  }
  const std::uint64_t writes_before = d->table->stats().pte_writes;
  UnmapResult result = d->table->unmap(iova, size);
  ++stats_.unmaps;
  spend_pte_writes(d->table->stats().pte_writes - writes_before);
  if (!result.invalidate.empty()) {
    ++stats_.invalidations;
    spend(iommu_.invalidate_ranges(context, result.invalidate));
  }
  return result;
}

int IommuDriver::flush_context(unsigned context) {
  if (!domain(context)) return -EINVAL;
  ++stats_.invalidations;
  spend(iommu_.invalidate_asid(iommu_.context(context).asid));
  return 0;
}

void IommuDriver::flush_all() {
  ++stats_.invalidations;
  spend(iommu_.invalidate_all());
}

void IommuDriver::spend(const IommuRegisterCost& cost) {
  stats_.register_writes += cost.writes;
  stats_.register_time += cost.time;
  wait_in_thread(cost.time);
}

void IommuDriver::spend_pte_writes(std::uint64_t writes) {
  const sc_core::sc_time time = sc_core::sc_time::from_value(params_.pte_write_cost.value() * writes);
  stats_.pte_write_time += time;
  wait_in_thread(time);
}

void IommuDriver::wait_in_thread(const sc_core::sc_time& time) {
  if (time == sc_core::SC_ZERO_TIME || !sc_core::sc_is_running()) return;
  const sc_core::sc_curr_proc_kind kind = sc_core::sc_get_current_process_handle().proc_kind();
  if (kind != sc_core::SC_THREAD_PROC_ && kind != sc_core::SC_CTHREAD_PROC_) {
    throw std::logic_error("IommuDriver: a call that costs time needs a SystemC thread");
  }
  sc_core::wait(time);
}

}  // namespace wakesim
