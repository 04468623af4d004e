#pragma once
// A configuration document (platform, scenario, sweep): one YAML file or string,
// plus command-line overrides, read strictly through ConfigNode.
//
// Usage:
//   ConfigDocument doc = ConfigDocument::load_file("scenario.yaml");
//   doc.apply_override("dma0.autosuspend_delay=5ms");    // every --set, before reading
//   ConfigNode root = doc.root();
//   ... read typed values ...
//   doc.finish();                                         // unknown keys are errors
//
// Loading rejects YAML syntax errors, duplicate keys, non-scalar or empty keys,
// merge keys ("<<", which yaml-cpp does not implement) and files holding more
// than one document. All errors are ConfigError.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wakesim/core/config_error.h"
#include "wakesim/core/config_node.h"
#include "wakesim/core/config_tree_node.h"
#include "wakesim/core/effective_config.h"

namespace wakesim {

class ConfigDocument {
 public:
  static ConfigDocument load_file(const std::string& path);
  // `name` stands for the file name in error messages.
  static ConfigDocument load_string(std::string_view text, std::string name);

  ConfigDocument(ConfigDocument&&) noexcept = default;
  ConfigDocument& operator=(ConfigDocument&&) noexcept = default;
  ConfigDocument(const ConfigDocument&) = delete;
  ConfigDocument& operator=(const ConfigDocument&) = delete;
  ~ConfigDocument() = default;

  const std::string& name() const { return name_; }

  // A copy of this document as loaded, overrides included, before anything is
  // read: one file parsed once, then read under many sets of overrides (a
  // sweep's points). Throws std::logic_error after root().
  ConfigDocument copy() const;

  // Applies "key.path=value": the value is read as YAML (a scalar, or a flow
  // collection such as [1, 2] or {a: 1}) and replaces or adds the key; missing
  // intermediate maps are created, and a numeric segment indexes an existing
  // sequence element ("channels.2.burst=64"). Errors on overridden values later
  // report "--set key.path=value". Overrides must all come before root():
  // afterwards this throws std::logic_error (views would dangle).
  void apply_override(std::string_view assignment);

  ConfigNode root();
  // Every value read through root() so far, with the defaults used for absent
  // keys: the effective configuration a report records.
  const EffectiveConfig& effective() const { return *effective_; }

  // Every key nobody read, in document order, each with a "did you mean" when a
  // key the reader looked up at the same level is close, and the valid keys
  // there when they are few. The keys inside an unread key are not listed.
  std::vector<ConfigError> unknown_keys() const;
  // Throws the first of unknown_keys(), if any. Call it once everything is read.
  void finish() const;

 private:
  ConfigDocument(std::string name, std::unique_ptr<ConfigTreeNode> root)
      : name_(std::move(name)), root_(std::move(root)), effective_(std::make_unique<EffectiveConfig>()) {}

  std::string name_;
  std::unique_ptr<ConfigTreeNode> root_;
  bool reading_started_ = false;
  std::unique_ptr<EffectiveConfig> effective_;  // stable address for the nodes
};

}  // namespace wakesim
