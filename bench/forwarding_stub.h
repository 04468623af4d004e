#pragma once
// A hop of the raw chain: forwards every transaction unchanged and adds a fixed
// latency. Stands where the IOMMU and the interconnect stand in the model.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace wakesim::bench {

class ForwardingStub : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<ForwardingStub> in;  // any number of initiators
  tlm_utils::simple_initiator_socket<ForwardingStub> out;

  ForwardingStub(const sc_core::sc_module_name& name, sc_core::sc_time latency)
      : sc_core::sc_module(name), in("in"), out("out"), latency_(latency) {
    in.register_b_transport(this, &ForwardingStub::b_transport);
  }

 private:
  void b_transport(int /*port*/, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    delay += latency_;
    out->b_transport(tx, delay);
  }

  sc_core::sc_time latency_;
};

}  // namespace wakesim::bench
