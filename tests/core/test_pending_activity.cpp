// other_process_may_act_within() against the kernel's own
// sc_time_to_pending_activity(): the same answer in every situation a
// decoupled initiator meets (nothing pending, a timed, delta or immediate
// notification, a runnable process, a cancelled notification); sync_on_arrival(),
// delay_until() and wait_until() built on them.
#include <catch2/catch.hpp>
#include <systemc>

#include <vector>

#include "wakesim/core/pending_activity.h"
#include "wakesim/core/sim_time.h"

using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

struct Probe : sc_core::sc_module {
  struct Answer {
    const char* situation;
    sc_time offset;
    bool ours;
    bool kernel;
  };
  std::vector<Answer> answers;
  sc_core::sc_event timed, delta, wake;

  SC_HAS_PROCESS(Probe);
  explicit Probe(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_THREAD(sleeper);
    SC_THREAD(waiter);
    SC_THREAD(probe);
  }

  void sleeper() { wait(sc_time(100, SC_NS)); }
  void waiter() { wait(wake); }

  void ask(const char* situation, const sc_time& offset) {
    answers.push_back({situation, offset, wakesim::other_process_may_act_within(offset),
                       sc_core::sc_time_to_pending_activity() <= offset});
  }

  void probe() {
    wait(sc_core::SC_ZERO_TIME);  // the other threads have started and wait
    for (double ns : {0.0, 99.0, 100.0, 1000.0}) ask("sleeper at 100 ns", sc_time(ns, SC_NS));
    timed.notify(sc_time(30, SC_NS));
    for (double ns : {29.0, 30.0}) ask("timed notification at 30 ns", sc_time(ns, SC_NS));
    timed.cancel();
    for (double ns : {30.0, 99.0, 100.0}) ask("cancelled, sleeper at 100 ns", sc_time(ns, SC_NS));
    delta.notify(sc_core::SC_ZERO_TIME);
    ask("delta notification", sc_core::SC_ZERO_TIME);
    wait(sc_core::SC_ZERO_TIME);
    wake.notify();  // immediate: the waiter becomes runnable now
    ask("runnable process", sc_core::SC_ZERO_TIME);
    wait(sc_time(200, SC_NS));  // the sleeper and the waiter have finished
    for (double ns : {0.0, 1e9}) ask("nothing pending", sc_time(ns, SC_NS));
  }
};

}  // namespace

TEST_CASE("other_process_may_act_within answers as sc_time_to_pending_activity does", "[core][pending]") {
  Probe probe("probe");
  sc_core::sc_start();
  // situation, offset in ns, expected
  const std::vector<bool> expected{false, false, true, true,  // sleeper
                                   false, true,               // timed
                                   false, false, true,        // cancelled
                                   true,                      // delta
                                   true,                      // runnable
                                   false, false};             // nothing
  REQUIRE(probe.answers.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Probe::Answer& a = probe.answers[i];
    CAPTURE(a.situation, a.offset.to_string());
    CHECK(a.ours == a.kernel);
    CHECK(a.ours == expected[i]);
  }
}

namespace {

// A target thread at 0 ns meeting transactions annotated 50 ns and 150 ns
// ahead, with another thread due to act at 100 ns.
struct Arrivals : sc_core::sc_module {
  struct Seen {
    sc_time delay_after;
    sc_time now_after;
  };
  std::vector<Seen> seen;
  sc_time until_past, until_ahead, waited_to;

  SC_HAS_PROCESS(Arrivals);
  explicit Arrivals(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_THREAD(other);
    SC_THREAD(target);
  }

  void other() { wait(sc_time(100, SC_NS)); }

  void arrive(sc_time delay) {
    wakesim::sync_on_arrival(delay);
    seen.push_back({delay, sc_core::sc_time_stamp()});
  }

  void target() {
    wait(sc_core::SC_ZERO_TIME);  // the other thread waits for 100 ns
    arrive(sc_time(50, SC_NS));   // nothing acts before 50 ns: no wait, the delay stays
    arrive(sc_time(150, SC_NS));  // the other thread acts at 100 ns: waits to 150 ns, delay zero
    arrive(sc_core::SC_ZERO_TIME);
    wait(sc_time(200, SC_NS));  // now 350 ns
    until_past = wakesim::delay_until(sc_time(300, SC_NS));
    until_ahead = wakesim::delay_until(sc_time(420, SC_NS));
    wakesim::wait_until(sc_time(300, SC_NS));  // passed: no wait
    wakesim::wait_until(sc_time(420, SC_NS));
    waited_to = sc_core::sc_time_stamp();
  }
};

}  // namespace

TEST_CASE("sync_on_arrival waits out a delay only when another process could act first", "[core][pending]") {
  Arrivals arrivals("arrivals");
  sc_core::sc_start();
  REQUIRE(arrivals.seen.size() == 3);
  CHECK(arrivals.seen[0].delay_after == sc_time(50, SC_NS));
  CHECK(arrivals.seen[0].now_after == sc_core::SC_ZERO_TIME);
  CHECK(arrivals.seen[1].delay_after == sc_core::SC_ZERO_TIME);
  CHECK(arrivals.seen[1].now_after == sc_time(150, SC_NS));
  CHECK(arrivals.seen[2].delay_after == sc_core::SC_ZERO_TIME);
  CHECK(arrivals.seen[2].now_after == sc_time(150, SC_NS));
}

TEST_CASE("delay_until is zero for a passed time and wait_until waits only for one ahead", "[core][pending]") {
  Arrivals arrivals("arrivals");
  sc_core::sc_start();
  CHECK(arrivals.until_past == sc_core::SC_ZERO_TIME);
  CHECK(arrivals.until_ahead == sc_time(70, SC_NS));
  CHECK(arrivals.waited_to == sc_time(420, SC_NS));
}
