// other_process_may_act_within() against the kernel's own
// sc_time_to_pending_activity(): the same answer in every situation a
// decoupled initiator meets (nothing pending, a timed, delta or immediate
// notification, a runnable process, a cancelled notification).
#include <catch2/catch.hpp>
#include <systemc>

#include <vector>

#include "wakesim/core/pending_activity.h"

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
