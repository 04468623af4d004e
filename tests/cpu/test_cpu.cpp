// One CPU and its cluster: wakeups pay the idle state's exit latency, busy work
// queues, energy is power x time per state, all worked by hand (docs/cpu.md).
#include <catch2/catch.hpp>

#include "support/cpu_params.h"
#include "support/run_in_thread.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/cpu/cpu_system.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

double ledger_joules(const EnergyLedger& ledger, const std::string& component, const std::string& detail) {
  for (const EnergyLedger::AccountReport& a : ledger.accounts())
    if (a.component == component && a.detail == detail) return a.energy.joules;
  return -1.0;
}

}  // namespace

TEST_CASE("work on a CPU idle in core off starts after the state's exit latency", "[cpu]") {
  EnergyLedger ledger;
  CpuSystem cpus("cpus", wakesim::test::test_cpus(1), &ledger);
  Cpu& cpu = cpus.cpu(0);
  run_in_thread([&] {
    cpus.bind_current(cpu);
    sc_core::wait(us(1000));
    CHECK(cpu.idle());
    CHECK(cpu.idle_state() == 1);  // no timer: the deepest state
    run_code(&cpus, CpuCause::client, us(5));
    CHECK(sc_time_stamp() == us(1015));  // 10 us exit + 5 us of code
    // Work that follows at once finds the CPU running: no second wakeup.
    run_code(&cpus, CpuCause::client, us(5));
    CHECK(sc_time_stamp() == us(1020));
    sc_core::wait(us(980));
    cpus.close_accounting();
  });
  const CpuStats& s = cpu.stats();
  CHECK(s.wakeups[index_of(CpuCause::client)] == 1);
  CHECK(s.busy[index_of(CpuCause::client)] == us(10));
  CHECK(s.waking == us(10));
  CHECK(s.residency[1] == us(1000 + 980));  // 0..1000 and 1020..2000 in core off
  CHECK(s.entries[1] == 2);
  // Energy: busy 10 us at 100 mW; the 10 us exit and two 10 us entries at the
  // transition power (WFI's 20 mW); the rest of core off (1980 - 20 us) at 1 mW.
  const std::string name = cpu.name();
  CHECK(ledger_joules(ledger, name, "busy:client") == Approx(10e-6 * 0.1));
  CHECK(ledger_joules(ledger, name, "wake:client") == Approx(10e-6 * 0.02));
  CHECK(ledger_joules(ledger, name, "idle_entry") == Approx(20e-6 * 0.02));
  CHECK(ledger_joules(ledger, name, "state:core_off") == Approx(1960e-6 * 0.001));
}

TEST_CASE("work placed on a busy CPU waits for the work before it", "[cpu]") {
  CpuSystem cpus("cpus", wakesim::test::test_cpus(1));
  Cpu& cpu = cpus.cpu(0);
  sc_time second_end;
  sc_core::sc_spawn([&] {
    sc_core::wait(us(1000));
    cpus.bind_current(cpu);
    run_code(&cpus, CpuCause::irq, us(10));  // 1000 + 10 exit -> runs 1010..1020
  });
  sc_core::sc_spawn([&] {
    sc_core::wait(us(1002));
    cpus.bind_current(cpu);
    run_code(&cpus, CpuCause::kworker, us(3));
    second_end = sc_time_stamp();
  });
  sc_core::sc_start(us(2000));
  CHECK(second_end == us(1023));
  CHECK(cpu.stats().wakeups[index_of(CpuCause::irq)] == 1);
  CHECK(cpu.stats().wakeups_total() == 1);
}

TEST_CASE("short sleeps use WFI, long ones core off", "[cpu][a_sleep_lets_the_governor_see_its_timer]") {
  CpuSystem cpus("cpus", wakesim::test::test_cpus(1));
  Cpu& cpu = cpus.cpu(0);
  run_in_thread([&] {
    cpus.bind_current(cpu);
    sc_core::wait(us(1000));
    run_code(&cpus, CpuCause::client, us(1));  // wakes from core off: 10 us + 1 us
    CHECK(sc_time_stamp() == us(1011));
    sleep_code(&cpus, CpuCause::pm_callback, us(50));  // WFI (core off needs 100 us): exit 1 us
    CHECK(sc_time_stamp() == us(1011 + 50 + 1));
    sleep_code(&cpus, CpuCause::pm_callback, us(200));  // core off: exit 10 us
    CHECK(sc_time_stamp() == us(1062 + 200 + 10));
  });
  CHECK(cpu.stats().entries[0] == 1);
  CHECK(cpu.stats().entries[1] == 3);  // at 0, during the 200 us sleep, at the end
  CHECK(cpu.stats().wakeups[index_of(CpuCause::pm_callback)] == 2);
}

TEST_CASE("a cluster powers off when every CPU is idle and its residency fits, and its exit comes first",
          "[cpu][cluster]") {
  // genpd's cpu_power_down_ok(): the idle time must cover residency + entry,
  // 2000 + 500 us; with no timer it does.
  CpuSystem cpus("cpus", wakesim::test::test_cpus(2, /*cluster_off=*/true));
  const CpuCluster& cluster = *cpus.clusters().front();
  run_in_thread([&] {
    cpus.bind_current(cpus.cpu(0));
    sc_core::wait(us(5000));
    CHECK(cluster.idle_state() == std::optional<std::size_t>(0));
    run_code(&cpus, CpuCause::irq, us(1));
    CHECK(sc_time_stamp() == us(5000 + 500 + 10 + 1));  // cluster exit, then core exit
  });
  CHECK(cluster.entries()[0] == 2);  // at 0, and again once cpu0 went idle after 5511
}

TEST_CASE("a timer on any CPU of the cluster keeps the cluster on when it is due too soon", "[cpu][cluster]") {
  CpuSystem cpus("cpus", wakesim::test::test_cpus(2, /*cluster_off=*/true));
  const CpuCluster& cluster = *cpus.clusters().front();
  const int owner = 0;
  cpus.cpu(1).arm_timer(&owner, us(1000));  // 1000 us < 2000 us residency
  run_in_thread([&] {
    cpus.bind_current(cpus.cpu(0));
    sc_core::wait(us(500));
    run_code(&cpus, CpuCause::irq, us(0));
    CHECK(sc_time_stamp() == us(510));  // only the core's exit
  });
  CHECK(cluster.entries()[0] == 0);
}

TEST_CASE("the PM QoS CPU latency limit keeps a CPU out of states too slow to leave", "[cpu]") {
  CpuSystemParams params = wakesim::test::test_cpus(1);
  params.clusters[0].cpu.latency_limit = us(5);
  CpuSystem cpus("cpus", params);
  run_in_thread([&] {
    cpus.bind_current(cpus.cpu(0));
    sc_core::wait(us(1000));
    CHECK(cpus.cpu(0).idle_state() == 0);
    run_code(&cpus, CpuCause::client, us(0));
    CHECK(sc_time_stamp() == us(1001));
  });
}

TEST_CASE("a thread bound to no CPU waits exactly as it would without CPUs", "[cpu]") {
  CpuSystem cpus("cpus", wakesim::test::test_cpus(1));
  run_in_thread([&] {
    run_code(&cpus, CpuCause::client, us(7));
    sleep_code(&cpus, CpuCause::client, us(3));
    resume_on_cpu(&cpus, CpuCause::client);
    run_code(nullptr, CpuCause::client, us(5));
    CHECK(sc_time_stamp() == us(15));
  });
  CHECK(cpus.cpu(0).stats().wakeups_total() == 0);
}

TEST_CASE("a placement naming a CPU that does not exist is refused", "[cpu]") {
  CpuSystemParams params = wakesim::test::test_cpus(2);
  params.placement.pm_wq = 2;
  CHECK_THROWS_WITH(CpuSystem("cpus", params), Catch::Contains("cpu2"));
}

TEST_CASE("a cluster stays on when its residency fits but not with its entry latency added", "[cpu][cluster]") {
  CpuSystem cpus("cpus", wakesim::test::test_cpus(2, /*cluster_off=*/true));
  const CpuCluster& cluster = *cpus.clusters().front();
  const int owner = 0;
  cpus.cpu(1).arm_timer(&owner, us(2400));  // 2400 >= 2000 residency, < 2000 + 500 entry
  sc_core::sc_start(us(2300));
  CHECK_FALSE(cluster.idle_state().has_value());
  CHECK(cluster.entries()[0] == 0);
}

TEST_CASE("reset_stats mid-work keeps the part of the work after the reset and forgets the rest", "[cpu][warmup]") {
  EnergyLedger ledger;
  CpuSystem cpus("cpus", wakesim::test::test_cpus(1), &ledger);
  Cpu& cpu = cpus.cpu(0);
  run_in_thread([&] {
    sc_core::wait(us(1000));
    CHECK(cpu.run(CpuCause::client, us(100)) == us(1110));  // 10 us exit, then 1010 .. 1110
    sc_core::wait(us(50));
    // As Platform::reset_stats at 1050: close, the ledger, then the stats.
    cpus.close_accounting();
    ledger.reset_stats();
    cpus.reset_stats();
    sc_core::wait(us(950));  // 2000
    cpus.close_accounting();
  });
  const CpuStats& s = cpu.stats();
  CHECK(s.busy[index_of(CpuCause::client)] == us(60));  // 1050 .. 1110
  CHECK(s.wakeups[index_of(CpuCause::client)] == 0);    // woken before the reset
  CHECK(s.waking == sc_core::SC_ZERO_TIME);
  CHECK(s.residency[0] == sc_core::SC_ZERO_TIME);
  CHECK(s.residency[1] == us(890));  // core off from 1110, no timer
  CHECK(s.entries[1] == 1);
  CHECK(ledger_joules(ledger, cpu.name(), "busy:client") == Approx(60e-6 * 0.1));
  CHECK(ledger_joules(ledger, cpu.name(), "wake:client") == 0.0);
}
