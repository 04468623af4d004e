#pragma once
// A hop of the raw chain: forwards every transaction unchanged and adds a fixed
// latency. Stands where the IOMMU and the interconnect stand in the model. With
// sync_on_arrival it first waits out the annotated delay when another process
// could act before the arrival, as the model's interconnect does to arbitrate in
// time order (the cost of that design alone).
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/core/pending_activity.h"

namespace wakesim::bench {

class ForwardingStub : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<ForwardingStub> in;  // any number of initiators
  tlm_utils::simple_initiator_socket<ForwardingStub> out;

  ForwardingStub(const sc_core::sc_module_name& name, sc_core::sc_time latency, bool sync_on_arrival = false)
      : sc_core::sc_module(name), in("in"), out("out"), latency_(latency), sync_on_arrival_(sync_on_arrival) {
    in.register_b_transport(this, &ForwardingStub::b_transport);
  }

 private:
  void b_transport(int /*port*/, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    if (sync_on_arrival_) wakesim::sync_on_arrival(delay);
    delay += latency_;
    out->b_transport(tx, delay);
  }

  sc_core::sc_time latency_;
  bool sync_on_arrival_;
};

}  // namespace wakesim::bench
