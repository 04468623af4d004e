#include "wakesim/power/device_links.h"

#include <algorithm>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include "wakesim/power/rpm_device.h"

namespace wakesim {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

constexpr std::uint32_t kManagedOnlyFlags =
    kDlAutoremoveConsumer | kDlAutoremoveSupplier | kDlAutoprobeConsumer | kDlSyncStateOnly | kDlInferred | kDlCycle;
constexpr std::uint32_t kCallerFlags = kDlStateless | kDlPmRuntime | kDlRpmActive | kManagedOnlyFlags;

template <typename Container, typename Value>
void erase_value(Container& container, const Value& value) {
  container.erase(std::remove(container.begin(), container.end(), value), container.end());
}

}  // namespace

std::size_t DeviceLinks::index_of(const RpmDevice& device) const {
  return static_cast<std::size_t>(std::find(devices_.begin(), devices_.end(), &device) - devices_.begin());
}

bool DeviceLinks::flags_valid(std::uint32_t flags) {
  if (flags & ~kCallerFlags) return false;  // unknown, or the internal MANAGED bit
  if ((flags & kDlStateless) && (flags & kManagedOnlyFlags)) return false;
  if ((flags & kDlSyncStateOnly) && (flags & ~(kDlSyncStateOnly | kDlInferred | kDlCycle))) return false;
  if ((flags & kDlAutoprobeConsumer) && (flags & (kDlAutoremoveConsumer | kDlAutoremoveSupplier))) return false;
  return true;
}

DeviceLink* DeviceLinks::find(const RpmDevice& consumer, const RpmDevice& supplier) const {
  for (DeviceLink* link : consumer.supplier_links())
    if (&link->supplier() == &supplier) return link;
  return nullptr;
}

bool DeviceLinks::is_dependent(const RpmDevice& device, const RpmDevice& target) const {
  // Edges run from a device to what depends on it: its children and its consumers.
  Graph graph(devices_.size());
  for (std::size_t i = 0; i < devices_.size(); ++i)
    if (RpmDevice* parent = devices_[i]->parent()) boost::add_edge(index_of(*parent), i, graph);
  for (const auto& link : links_)
    if (!(link->flags() & kDlSyncStateOnly))
      boost::add_edge(index_of(link->supplier()), index_of(link->consumer()), graph);

  std::vector<boost::default_color_type> colors(devices_.size(), boost::white_color);
  const auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph));
  boost::breadth_first_visit(graph, index_of(device), boost::color_map(color_map));
  return colors[index_of(target)] != boost::white_color;
}

std::vector<RpmDevice*> DeviceLinks::dependency_order() const {
  Graph graph(devices_.size());
  for (std::size_t i = 0; i < devices_.size(); ++i)
    if (RpmDevice* parent = devices_[i]->parent()) boost::add_edge(index_of(*parent), i, graph);
  for (const auto& link : links_) boost::add_edge(index_of(link->supplier()), index_of(link->consumer()), graph);
  std::vector<std::size_t> reversed;
  boost::topological_sort(graph, std::back_inserter(reversed));  // acyclic by construction
  std::vector<RpmDevice*> order;
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) order.push_back(devices_[*it]);
  return order;
}

// device_link_init_status(): the link state follows both drivers.
DeviceLinkState DeviceLinks::initial_state(const RpmDevice& consumer, const RpmDevice& supplier) {
  if (supplier.driver_state() != DriverState::bound) return DeviceLinkState::dormant;
  switch (consumer.driver_state()) {
    case DriverState::probing: return DeviceLinkState::consumer_probe;
    case DriverState::bound: return DeviceLinkState::active;
    case DriverState::unbound: break;
  }
  return DeviceLinkState::available;
}

DeviceLink* DeviceLinks::add(RpmDevice& consumer, RpmDevice& supplier, std::uint32_t flags) {
  if (&consumer == &supplier || !flags_valid(flags)) return nullptr;
  if (!(flags & kDlPmRuntime)) flags &= ~kDlRpmActive;  // RPM_ACTIVE needs PM_RUNTIME
  if ((flags & kDlAutoremoveSupplier) && (flags & kDlAutoremoveConsumer))
    flags &= ~kDlAutoremoveConsumer;  // SUPPLIER wins
  const bool rpm_active = (flags & kDlRpmActive) != 0;

  if (rpm_active && supplier.get_sync() < 0) {  // -EACCES counts as failure here
    supplier.put_noidle();
    return nullptr;
  }

  if (DeviceLink* existing = find(consumer, supplier)) {  // merge into the existing link
    if ((flags & kDlPmRuntime) && !existing->pm_runtime()) {
      ++consumer.links_count_;
      existing->flags_ |= kDlPmRuntime;
    }
    if (rpm_active) ++existing->rpm_active_;
    return existing;
  }

  if (is_dependent(consumer, supplier)) {  // a cycle
    if (rpm_active) supplier.put();
    return nullptr;
  }

  if (!(flags & kDlStateless)) flags |= kDlManaged;
  links_.push_back(std::make_unique<DeviceLink>(consumer, supplier, flags));
  DeviceLink* link = links_.back().get();
  if (flags & kDlManaged) link->state_ = initial_state(consumer, supplier);
  if (rpm_active) ++link->rpm_active_;  // keeps the reference get_sync() took
  if (link->pm_runtime()) ++consumer.links_count_;
  consumer.supplier_links_.push_back(link);
  supplier.consumer_links_.push_back(link);
  // DL-03: a link added from the consumer's probe resumes the supplier, holding nothing.
  if (link->state_ == DeviceLinkState::consumer_probe && link->pm_runtime()) supplier.resume();
  return link;
}

void DeviceLinks::remove(DeviceLink* link) {
  if (!link) return;
  RpmDevice& consumer = link->consumer();
  RpmDevice& supplier = link->supplier();
  if (link->pm_runtime()) {  // DL-09
    --consumer.links_count_;
    RpmDevice::release_supplier(*link);
    supplier.request_idle();
  }
  erase_value(consumer.supplier_links_, link);
  erase_value(supplier.consumer_links_, link);
  links_.erase(std::remove_if(links_.begin(), links_.end(), [&](const auto& owned) { return owned.get() == link; }),
               links_.end());
}

}  // namespace wakesim
