// Driver binding and managed device links (DL-03, DL-10, DL-11, AUTOREMOVE_*).
#include <catch2/catch.hpp>

#include "support/run_in_thread.h"
#include "wakesim/power/driver_core.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

using namespace wakesim;
using wakesim::test::run_in_thread;

namespace {
int probe_ok(RpmDevice&) { return 0; }
}  // namespace

TEST_CASE("a consumer probe defers until its supplier is bound and then activates the link", "[rpm][links][driver]") {
  PmCore core("pm");
  DriverCore drivers(core);
  RpmDevice sysmmu("sysmmu", core);
  RpmDevice master("master", core);
  run_in_thread([&] {
    DeviceLink* link = core.device_link_add(master, sysmmu, kDlPmRuntime);
    REQUIRE(link != nullptr);
    CHECK(link->state() == DeviceLinkState::dormant);
    CHECK(drivers.probe(master, probe_ok) == -kEprobeDefer);
    CHECK(master.driver_state() == DriverState::unbound);
    CHECK(drivers.probe(sysmmu, probe_ok) == 0);
    CHECK(link->state() == DeviceLinkState::available);
    CHECK(drivers.probe(master, probe_ok) == 0);
    CHECK(link->state() == DeviceLinkState::active);
    CHECK(drivers.probe(master, probe_ok) == -EBUSY);
  });
}

TEST_CASE("probe holds suppliers and parent active around the driver's probe", "[rpm][links][driver]") {
  PmCore core("pm");
  DriverCore drivers(core);
  RpmDevice bus("bus", core);
  RpmDevice iommu("iommu", core);
  RpmDevice dma("dma", core, &bus);
  bool seen_active = false;
  run_in_thread([&] {
    for (RpmDevice* d : {&bus, &iommu, &dma}) d->enable();
    REQUIRE(drivers.probe(iommu, probe_ok) == 0);
    REQUIRE(core.device_link_add(dma, iommu, kDlPmRuntime));
    CHECK(drivers.probe(dma, [&](RpmDevice&) {
      seen_active = iommu.active() && bus.active();
      return 0;
    }) == 0);
    core.workqueue().flush();
    CHECK(iommu.suspended());  // put_suppliers dropped the probe's reference
    CHECK(bus.suspended());
    CHECK(iommu.usage_count() == 0);
  });
  CHECK(seen_active);
}

TEST_CASE("a link added from the consumer's probe resumes the supplier without holding it", "[rpm][links][driver]") {
  PmCore core("pm");
  DriverCore drivers(core);
  RpmDevice smmu("smmu", core);
  RpmDevice gpu("gpu", core);
  bool resumed_during_probe = false;
  run_in_thread([&] {
    smmu.enable();
    gpu.enable();
    REQUIRE(drivers.probe(smmu, probe_ok) == 0);
    CHECK(drivers.probe(gpu, [&](RpmDevice& self) {
      DeviceLink* link = core.device_link_add(self, smmu, kDlPmRuntime | kDlAutoremoveConsumer);
      resumed_during_probe = link && link->state() == DeviceLinkState::consumer_probe && smmu.active();
      return 0;
    }) == 0);
    CHECK(smmu.usage_count() == 0);
    core.workqueue().flush();
    CHECK(smmu.suspended());
  });
  CHECK(resumed_during_probe);
}

TEST_CASE("unbinding purges AUTOREMOVE links and unbinds consumers first", "[rpm][links][driver]") {
  PmCore core("pm");
  DriverCore drivers(core);
  RpmDevice supplier("supplier", core);
  RpmDevice consumer("consumer", core);
  RpmDevice other("other", core);
  run_in_thread([&] {
    for (RpmDevice* d : {&supplier, &consumer, &other}) REQUIRE(drivers.probe(*d, probe_ok) == 0);
    DeviceLink* by_consumer = core.device_link_add(consumer, supplier, kDlAutoremoveConsumer);
    DeviceLink* by_supplier = core.device_link_add(other, supplier, kDlAutoremoveSupplier);
    REQUIRE(by_consumer);
    REQUIRE(by_supplier);
    CHECK(by_consumer->state() == DeviceLinkState::active);

    drivers.unbind(consumer);
    CHECK(consumer.supplier_links().empty());  // AUTOREMOVE_CONSUMER: gone
    CHECK(supplier.consumer_links().size() == 1);

    drivers.unbind(supplier);  // unbinds "other" first, then drops the SUPPLIER link
    CHECK(other.driver_state() == DriverState::unbound);
    CHECK(supplier.consumer_links().empty());
    CHECK(core.links().all().empty());
  });
}

TEST_CASE("a failed probe purges AUTOREMOVE_CONSUMER links and keeps the others available", "[rpm][links][driver]") {
  PmCore core("pm");
  DriverCore drivers(core);
  RpmDevice a("a", core);
  RpmDevice b("b", core);
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    REQUIRE(drivers.probe(a, probe_ok) == 0);
    REQUIRE(drivers.probe(b, probe_ok) == 0);
    REQUIRE(core.device_link_add(dev, a, kDlAutoremoveConsumer));
    DeviceLink* kept = core.device_link_add(dev, b, 0);
    REQUIRE(kept);
    CHECK(drivers.probe(dev, [](RpmDevice&) { return -ENODEV; }) == -ENODEV);
    CHECK(dev.supplier_links().size() == 1);
    CHECK(kept->state() == DeviceLinkState::available);
    CHECK(dev.driver_state() == DriverState::unbound);
  });
}
