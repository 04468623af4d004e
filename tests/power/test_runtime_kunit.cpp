// Ports of the kernel's runtime PM KUnit tests (drivers/base/power/runtime-test.c,
// revision R4 of docs/kernel-semantics.md, 'KUnit conformance': e7572e381d04 + be5755f023e7). Each kernel test
// uses fresh devices without driver, callbacks, parent or PM domain; so do these.
// The numbers in the comments are the assertion numbers of docs/kernel-semantics.md, 'KUnit conformance'.
#include <catch2/catch.hpp>

#include "support/run_in_thread.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using wakesim::test::run_in_thread;

TEST_CASE("kunit pm_runtime_depth_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.suspended());      // 1.1
    CHECK(dev.get_sync() == 0);  // 1.2
    CHECK(dev.active());         // 1.3
    CHECK(dev.get_sync() == 1);  // 1.4 already active, usage 2
    CHECK(dev.put_sync() == 0);  // 1.5 usage 1
    CHECK(dev.put_sync() == 0);  // 1.6 usage 0: idle, then suspend
    CHECK(dev.suspended());      // 1.7
  });
}

TEST_CASE("kunit pm_runtime_already_suspended_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.suspended());  // 2.1
    dev.get_noresume();
    CHECK(dev.put_sync() == 1);             // 2.3 (R2 and later; R1 expected -EAGAIN)
    CHECK(dev.suspend() == 1);              // 2.4
    CHECK(dev.autosuspend() == 1);          // 2.5
    CHECK(dev.request_autosuspend() == 1);  // 2.6
    dev.get_noresume();
    CHECK(dev.put_sync_autosuspend() == 1);  // 2.7
    dev.get_noresume();
    dev.put_autosuspend();  // 2.8 (not checked by the kernel either)
    dev.get_noresume();
    dev.get_noresume();
    CHECK(dev.put_sync_autosuspend() == 0);  // 2.9 usage 2 -> 1
    CHECK(dev.put_sync_autosuspend() == 1);  //     usage 0, already suspended
    CHECK(dev.suspended());                  // 2.10 never resumed
    CHECK(dev.resumes() == 0);
    CHECK(dev.usage_count() == 0);
  });
}

TEST_CASE("kunit pm_runtime_idle_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.suspended());                // 3.1
    CHECK(dev.get_sync() == 0);            // 3.2
    CHECK(dev.active());                   // 3.3
    CHECK(dev.idle() == -EAGAIN);          // 3.4 usage 1
    CHECK(dev.active());                   // 3.5
    dev.put_noidle();                      // usage 0, no idle
    CHECK(dev.active());                   // 3.6
    CHECK(dev.idle() == 0);                // 3.7
    CHECK(dev.suspended());                // 3.8
    CHECK(dev.idle() == -EAGAIN);          // 3.9 not ACTIVE
    CHECK(dev.request_idle() == -EAGAIN);  // 3.10
  });
}

TEST_CASE("kunit pm_runtime_disabled_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    CHECK_FALSE(dev.enabled());    // 4.1
    CHECK(dev.active());           // 4.2 a disabled device counts as active
    CHECK_FALSE(dev.suspended());  // 4.3
    CHECK(dev.get() == -EACCES);   // 4.4
    dev.put();
    CHECK(dev.get_sync() == -EACCES);  // 4.5
    CHECK(dev.put_sync() == -EACCES);  // 4.6
    CHECK(dev.get() == -EACCES);       // 4.7
    dev.put_autosuspend();
    CHECK(dev.resume_and_get() == -EACCES);  // 4.8
    CHECK(dev.usage_count() == 0);
    CHECK(dev.idle() == -EACCES);                 // 4.9
    CHECK(dev.request_idle() == -EACCES);         // 4.10
    CHECK(dev.request_resume() == -EACCES);       // 4.11
    CHECK(dev.request_autosuspend() == -EACCES);  // 4.12
    CHECK(dev.suspend() == -EACCES);              // 4.13
    CHECK(dev.resume() == -EACCES);               // 4.14
    CHECK(dev.autosuspend() == -EACCES);          // 4.15
    CHECK(dev.active());                          // 4.16
    CHECK_FALSE(dev.enabled());                   // 4.17
  });
}

TEST_CASE("kunit pm_runtime_error_test", "[rpm][kunit]") {
  PmCore core("pm");
  TimedCallbacks callbacks(TimedCallbacksParams{});
  RpmDevice dev("dev", core, nullptr, &callbacks);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.suspended());  // 5.1
    // The kernel test writes runtime_error = -EIO directly; here a resume
    // callback really fails with -EIO, which leaves the same state.
    callbacks.fail_next_resume(-EIO);
    CHECK(dev.get_sync() == -EIO);
    dev.put_noidle();
    REQUIRE(dev.runtime_error() == -EIO);
    REQUIRE(dev.usage_count() == 0);

    CHECK(dev.get() == -EINVAL);  // 5.2
    dev.put();
    CHECK(dev.get_sync() == -EINVAL);  // 5.3
    CHECK(dev.put_sync() == -EINVAL);  // 5.4
    CHECK(dev.get() == -EINVAL);       // 5.5
    dev.put_autosuspend();
    CHECK(dev.get() == -EINVAL);                   // 5.6
    CHECK(dev.put_sync_autosuspend() == -EINVAL);  // 5.7
    CHECK(dev.resume_and_get() == -EINVAL);        // 5.8
    CHECK(dev.idle() == -EINVAL);                  // 5.9
    CHECK(dev.request_idle() == -EINVAL);          // 5.10
    CHECK(dev.request_resume() == -EINVAL);        // 5.11
    CHECK(dev.request_autosuspend() == -EINVAL);   // 5.12
    CHECK(dev.suspend() == -EINVAL);               // 5.13
    CHECK(dev.resume() == -EINVAL);                // 5.14
    CHECK(dev.autosuspend() == -EINVAL);           // 5.15
    CHECK(dev.suspended());                        // 5.16
    CHECK(dev.runtime_error() == -EIO);            // 5.17
    CHECK(dev.usage_count() == 0);

    CHECK(dev.set_suspended() == 0);  // 5.18 allowed while enabled: an error is set
    CHECK(dev.runtime_error() == 0);  // 5.19
    CHECK(dev.suspended());           // 5.20

    CHECK(dev.get() == 0);  // 5.21 resume queued
    dev.barrier();
    dev.put();
    dev.suspend();               // flushes
    CHECK(dev.suspended());      // 5.22
    CHECK(dev.get_sync() == 0);  // 5.23
    CHECK(dev.put_sync() == 0);  // 5.24
    CHECK(dev.get_sync() == 0);  // 5.25
    dev.put_autosuspend();
    CHECK(dev.resume_and_get() == 0);  // 5.26
    // usage > 0 and ACTIVE
    CHECK(dev.idle() == -EAGAIN);                 // 5.27
    CHECK(dev.request_idle() == -EAGAIN);         // 5.28
    CHECK(dev.request_resume() == 1);             // 5.29
    CHECK(dev.request_autosuspend() == -EAGAIN);  // 5.30
    CHECK(dev.suspend() == -EAGAIN);              // 5.31
    CHECK(dev.resume() == 1);                     // 5.32
    CHECK(dev.autosuspend() == -EAGAIN);          // 5.33
    CHECK(dev.put_sync() == 0);                   // 5.34
    CHECK(dev.suspended());                       // 5.35
  });
}

TEST_CASE("kunit pm_runtime_probe_active_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    CHECK(dev.status_suspended());  // 6.1
    CHECK(dev.set_active() == 0);   // 6.2 still disabled
    CHECK(dev.active());            // 6.3
    dev.enable();
    CHECK(dev.active());  // 6.4 ACTIVE, usage 0, not suspended yet
    dev.barrier();
    CHECK(dev.active());     // 6.5
    CHECK(dev.idle() == 0);  // 6.6
    CHECK(dev.suspended());  // 6.7
  });
}

TEST_CASE("kunit pm_runtime_supplier_suspend_test", "[rpm][kunit]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  RpmDevice supplier("supplier", core);
  RpmDevice norpm("norpm", core);
  run_in_thread([&] {
    CHECK(core.device_link_add(dev, supplier, kDlPmRuntime) != nullptr);  // 7.1
    CHECK(core.device_link_add(dev, norpm, 0) != nullptr);                // 7.2
    dev.enable();
    supplier.enable();
    norpm.enable();
    CHECK(dev.suspended());        // 7.3
    CHECK(supplier.suspended());   // 7.4
    CHECK(norpm.suspended());      // 7.5
    CHECK(dev.get_sync() == 0);    // 7.6
    CHECK(dev.active());           // 7.7
    CHECK(supplier.active());      // 7.8 resumed through the link
    CHECK(norpm.suspended());      // 7.9 not an RPM link
    CHECK(norpm.get_sync() == 0);  // 7.10
    CHECK(norpm.active());         // 7.11
    norpm.put_noidle();
    CHECK(norpm.active());        // 7.12
    CHECK(dev.put_sync() == 0);   // 7.13
    core.workqueue().flush();     // the supplier's suspend is asynchronous
    CHECK(dev.suspended());       // 7.14
    CHECK(supplier.suspended());  // 7.15
    CHECK(norpm.active());        // 7.16 no idle check for a non-RPM supplier
    CHECK(norpm.suspend() == 0);  // 7.17
    CHECK(dev.suspended());       // 7.18
    CHECK(supplier.suspended());  // 7.19
    CHECK(norpm.suspended());     // 7.20
  });
}
