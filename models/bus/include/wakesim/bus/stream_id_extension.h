#pragma once
// Who issued a transaction, carried beside the TLM-2.0 generic payload: the
// initiator's stream ID (what an IOMMU translates by, like an SMMU StreamID or a
// SysMMU master port) and the DMA channel, if any. Ignorable: a target that does
// not care never looks at it.
#include <cstdint>

#include <tlm>

namespace wakesim {

class StreamIdExtension : public tlm::tlm_extension<StreamIdExtension> {
 public:
  static constexpr std::uint32_t kNoChannel = 0xffffffffu;

  StreamIdExtension() = default;
  StreamIdExtension(std::uint32_t stream_id, std::uint32_t channel) : stream_id_(stream_id), channel_(channel) {}

  std::uint32_t stream_id() const { return stream_id_; }
  std::uint32_t channel() const { return channel_; }
  void set(std::uint32_t stream_id, std::uint32_t channel) {
    stream_id_ = stream_id;
    channel_ = channel;
  }

  tlm::tlm_extension_base* clone() const override { return new StreamIdExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    const auto& source = static_cast<const StreamIdExtension&>(other);
    stream_id_ = source.stream_id_;
    channel_ = source.channel_;
  }

 private:
  std::uint32_t stream_id_ = 0;
  std::uint32_t channel_ = kNoChannel;
};

}  // namespace wakesim
