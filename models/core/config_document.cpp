#include "core/config_document.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/spelling.h"

namespace wakesim {
namespace {

using Kind = ConfigTreeNode::Kind;

// Deeper nesting than any real configuration; also stops a self-referencing alias.
constexpr int kMaxDepth = 64;
// "valid keys: ..." is listed when there are at most this many.
constexpr std::size_t kMaxListedKeys = 12;

std::string join_path(const std::string& parent, const std::string& segment) {
  return parent.empty() ? segment : parent + "." + segment;
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

std::string describe_map(const std::string& path) {
  return path.empty() ? "at the top level" : "in " + in_quotes(path);
}

// Where the nodes being built come from: positions in a file, or one override.
struct Origin {
  std::string file;
  std::optional<ConfigLocation> override_location;

  ConfigLocation at(const YAML::Mark& mark) const {
    if (override_location) return *override_location;
    if (mark.line < 0) return ConfigLocation::in_file(file, 0, 0);
    return ConfigLocation::in_file(file, mark.line + 1, mark.column + 1);
  }
};

std::unique_ptr<ConfigTreeNode> build_node(const YAML::Node& yaml, const Origin& origin,
                                           const std::string& path, int depth);

std::string describe_duplicate(const std::string& key, const ConfigLocation& first,
                               const ConfigLocation& again) {
  if (first.from_override()) return fmt::format("duplicate key {}", in_quotes(key));
  return fmt::format("duplicate key {} (first at line {}, again at line {})", in_quotes(key),
                     first.line, again.line);
}

// The key's text; refuses keys that are not plain names.
std::string map_key(const YAML::Node& key, const Origin& origin, const std::string& path) {
  if (!key.IsScalar() || key.Scalar().empty())
    throw ConfigError(origin.at(key.Mark()), path,
                      "a key must be a non-empty name, not a collection or an empty value");
  // yaml-cpp does not implement merge keys: it would keep "<<" as an ordinary key.
  if (key.Scalar() == "<<" && key.Tag() == "?")
    throw ConfigError(origin.at(key.Mark()), path,
                      "merge keys ('<<') are not supported; write the values out");
  return key.Scalar();
}

void build_map(const YAML::Node& yaml, const Origin& origin, const std::string& path, int depth,
               ConfigTreeNode& node) {
  for (auto it = yaml.begin(); it != yaml.end(); ++it) {
    std::string key = map_key(it->first, origin, path);
    const std::string key_path = join_path(path, key);
    const ConfigLocation key_location = origin.at(it->first.Mark());
    // yaml-cpp silently keeps duplicate keys (lookups see the first).
    if (const ConfigTreeNode::MapEntry* first = node.find(key))
      throw ConfigError(key_location, key_path,
                        describe_duplicate(key, first->key_location, key_location));
    std::unique_ptr<ConfigTreeNode> value = build_node(it->second, origin, key_path, depth + 1);
    // yaml-cpp marks an empty value at the token after it, often on a later line.
    if (value->kind == Kind::null) value->location = key_location;
    node.entries.push_back({std::move(key), key_location, std::move(value), false});
  }
}

std::unique_ptr<ConfigTreeNode> build_node(const YAML::Node& yaml, const Origin& origin,
                                           const std::string& path, int depth) {
  if (depth > kMaxDepth)
    throw ConfigError(origin.at(yaml.Mark()), path,
                      fmt::format("nested more than {} levels deep", kMaxDepth));
  auto node = std::make_unique<ConfigTreeNode>();
  node->location = origin.at(yaml.Mark());
  switch (yaml.Type()) {
    case YAML::NodeType::Scalar:
      node->kind = Kind::scalar;
      node->text = yaml.Scalar();
      node->plain = yaml.Tag() == "?";  // "!" when quoted, the tag when tagged
      break;
    case YAML::NodeType::Sequence:
      node->kind = Kind::sequence;
      for (std::size_t i = 0; i < yaml.size(); ++i)
        node->elements.push_back(
            build_node(yaml[i], origin, join_path(path, std::to_string(i)), depth + 1));
      break;
    case YAML::NodeType::Map:
      node->kind = Kind::map;
      build_map(yaml, origin, path, depth, *node);
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      node->kind = Kind::null;
      break;
  }
  return node;
}

ConfigLocation syntax_error_location(const std::string& name, const YAML::Mark& mark) {
  return Origin{name, std::nullopt}.at(mark);
}

std::vector<YAML::Node> parse_yaml(const std::string& text, const std::string& name) {
  try {
    return YAML::LoadAll(text);
  } catch (const YAML::Exception& error) {
    throw ConfigError(syntax_error_location(name, error.mark), "", error.msg);
  }
}

std::string read_file(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw ConfigError(ConfigLocation::in_file(path, 0, 0), "", "cannot read: it is a directory");
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    throw ConfigError(ConfigLocation::in_file(path, 0, 0), "",
                      fmt::format("cannot read: {}", std::strerror(errno)));
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad())
    throw ConfigError(ConfigLocation::in_file(path, 0, 0), "", "cannot read: I/O error");
  return contents.str();
}

// --- Overrides ------------------------------------------------------------------

struct Override {
  ConfigLocation location;
  std::string key;                    // "a.b.c"
  std::vector<std::string> segments;  // a, b, c
  std::string value_text;
};

[[noreturn]] void override_error(const ConfigLocation& location, const std::string& key,
                                 const std::string& message) {
  throw ConfigError(location, key, message);
}

std::vector<std::string> split_key(const ConfigLocation& location, const std::string& key) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (segments.back().empty())
      override_error(location, key, fmt::format("empty segment in key {}", in_quotes(key)));
    if (dot == std::string::npos) return segments;
    start = dot + 1;
  }
}

Override parse_override(std::string_view assignment) {
  Override parsed{ConfigLocation::in_override(std::string(assignment)), {}, {}, {}};
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0)
    override_error(parsed.location, "", "expected KEY=VALUE (e.g. dma0.autosuspend_delay=5ms)");
  parsed.key = std::string(assignment.substr(0, equals));
  parsed.segments = split_key(parsed.location, parsed.key);
  parsed.value_text = std::string(assignment.substr(equals + 1));
  if (parsed.value_text.empty())
    override_error(parsed.location, parsed.key,
                   "no value after '=' (write KEY=\"\" for an empty string)");
  return parsed;
}

std::unique_ptr<ConfigTreeNode> parse_override_value(const Override& assignment) {
  YAML::Node yaml;
  try {
    yaml = YAML::Load(assignment.value_text);
  } catch (const YAML::Exception& error) {
    override_error(assignment.location, assignment.key, "invalid YAML value: " + error.msg);
  }
  // "a: b" or "- a" would silently become a block collection.
  if ((yaml.IsMap() || yaml.IsSequence()) && yaml.Style() != YAML::EmitterStyle::Flow)
    override_error(assignment.location, assignment.key,
                   "the value must be a scalar or a flow collection ([...] or {...}); "
                   "quote it to keep it a string");
  return build_node(yaml, Origin{{}, assignment.location}, assignment.key, 0);
}

std::optional<std::size_t> parse_index(const std::string& segment) {
  std::size_t index = 0;
  const char* end = segment.data() + segment.size();
  auto [stop, error] = std::from_chars(segment.data(), end, index);
  if (error != std::errc() || stop != end) return std::nullopt;
  return index;
}

// The slot that `segment` names under `parent` (whose path is `parent_path`):
// a map entry, added (empty) when absent, or an existing sequence element.
std::unique_ptr<ConfigTreeNode>& override_slot(ConfigTreeNode& parent,
                                               const std::string& parent_path,
                                               const std::string& segment,
                                               const Override& assignment) {
  const std::string parent_name = parent_path.empty() ? "the document" : in_quotes(parent_path);
  if (parent.kind == Kind::null) parent.kind = Kind::map;  // `dma0:` with nothing under it
  switch (parent.kind) {
    case Kind::map:
      if (ConfigTreeNode::MapEntry* entry = parent.find(segment)) return entry->value;
      parent.entries.push_back({segment, assignment.location,
                                std::make_unique<ConfigTreeNode>(), false});
      parent.entries.back().value->location = assignment.location;
      return parent.entries.back().value;
    case Kind::sequence: {
      const std::optional<std::size_t> index = parse_index(segment);
      if (!index)
        override_error(assignment.location, assignment.key,
                       fmt::format("{} is a sequence and {} is not an element number",
                                   parent_name, in_quotes(segment)));
      if (*index >= parent.elements.size())
        override_error(assignment.location, assignment.key,
                       fmt::format("{} has {} elements, so there is no element {}", parent_name,
                                   parent.elements.size(), *index));
      return parent.elements[*index];
    }
    default:
      override_error(assignment.location, assignment.key,
                     fmt::format("{} is a scalar, not a map", parent_name));
  }
}

// --- Unknown keys -----------------------------------------------------------------

ConfigError unknown_key_error(const ConfigTreeNode& map, const ConfigTreeNode::MapEntry& entry,
                              const std::string& map_path) {
  std::string message = fmt::format("unknown key {} {}", in_quotes(entry.key), describe_map(map_path));
  // A key the reader only tested with has() may be the unknown key itself.
  std::vector<std::string> others;
  for (const std::string& key : map.requested_keys)
    if (key != entry.key) others.push_back(key);
  if (auto suggestion = closest_match(entry.key, others))
    message += fmt::format("; did you mean {}?", in_quotes(*suggestion));
  if (map.requested_keys.empty()) {
    message += " (no keys are read here)";
  } else if (map.requested_keys.size() <= kMaxListedKeys) {
    std::string listed;
    for (const std::string& key : map.requested_keys) listed += (listed.empty() ? "" : ", ") + key;
    message += " (valid keys: " + listed + ")";
  }
  return ConfigError(entry.key_location, join_path(map_path, entry.key), message);
}

void collect_unknown_keys(const ConfigTreeNode& node, const std::string& path,
                          std::vector<ConfigError>& unknown) {
  if (node.kind == Kind::map) {
    for (const ConfigTreeNode::MapEntry& entry : node.entries) {
      if (entry.consumed)
        collect_unknown_keys(*entry.value, join_path(path, entry.key), unknown);
      else
        unknown.push_back(unknown_key_error(node, entry, path));
    }
  } else if (node.kind == Kind::sequence) {
    for (std::size_t i = 0; i < node.elements.size(); ++i)
      collect_unknown_keys(*node.elements[i], join_path(path, std::to_string(i)), unknown);
  }
}

}  // namespace

ConfigDocument ConfigDocument::load_file(const std::string& path) {
  return load_string(read_file(path), path);
}

ConfigDocument ConfigDocument::load_string(std::string_view text, std::string name) {
  const std::vector<YAML::Node> documents = parse_yaml(std::string(text), name);
  if (documents.size() > 1)
    throw ConfigError(syntax_error_location(name, documents[1].Mark()), "",
                      "a second YAML document; a configuration file holds only one");
  std::unique_ptr<ConfigTreeNode> root =
      documents.empty() ? std::make_unique<ConfigTreeNode>()
                        : build_node(documents.front(), Origin{name, std::nullopt}, "", 0);
  if (root->location.line <= 0) root->location = ConfigLocation::in_file(name, 1, 1);
  return ConfigDocument(std::move(name), std::move(root));
}

void ConfigDocument::apply_override(std::string_view assignment) {
  if (reading_started_)
    throw std::logic_error("ConfigDocument::apply_override after root(): apply overrides first");
  const Override parsed = parse_override(assignment);
  std::unique_ptr<ConfigTreeNode> value = parse_override_value(parsed);

  ConfigTreeNode* parent = root_.get();
  std::string parent_path;
  for (std::size_t i = 0; i + 1 < parsed.segments.size(); ++i) {
    parent = override_slot(*parent, parent_path, parsed.segments[i], parsed).get();
    parent_path = join_path(parent_path, parsed.segments[i]);
  }
  override_slot(*parent, parent_path, parsed.segments.back(), parsed) = std::move(value);
}

ConfigNode ConfigDocument::root() {
  reading_started_ = true;
  return ConfigNode(*root_, "", effective_.get());
}

std::vector<ConfigError> ConfigDocument::unknown_keys() const {
  std::vector<ConfigError> unknown;
  collect_unknown_keys(*root_, "", unknown);
  return unknown;
}

void ConfigDocument::finish() const {
  const std::vector<ConfigError> unknown = unknown_keys();
  if (!unknown.empty()) throw unknown.front();
}

}  // namespace wakesim
