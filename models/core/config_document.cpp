#include "wakesim/core/config_document.h"

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
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "wakesim/core/input_file.h"
#include "wakesim/core/printable_text.h"
#include "wakesim/core/spelling.h"

namespace wakesim {
namespace {

using Kind = ConfigTreeNode::Kind;

// Deeper nesting than any real configuration; also stops a self-referencing alias.
constexpr int kMaxDepth = 64;
// More values than any real configuration holds. Aliases are copied where they
// are used, so a few hundred bytes of nested aliases ("billion laughs") would
// otherwise expand to billions of values.
constexpr std::size_t kMaxNodes = 100'000;
// "valid keys: ..." is listed when there are at most this many.
constexpr std::size_t kMaxListedKeys = 12;

std::string join_path(const std::string& parent, const std::string& segment) {
  return parent.empty() ? segment : parent + "." + segment;
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

std::string describe_map(const std::string& path) {
  return path.empty() ? "at the top level" : "in " + in_quotes(path);
}

// Where the nodes being built come from: positions in a file, or one override;
// and how many were built so far.
struct Origin {
  std::string file;
  std::optional<ConfigLocation> override_location;
  std::size_t nodes = 0;

  ConfigLocation at(const YAML::Mark& mark) const {
    if (override_location) return *override_location;
    if (mark.line < 0) return ConfigLocation::in_file(file, 0, 0);
    return ConfigLocation::in_file(file, mark.line + 1, mark.column + 1);
  }
};

std::unique_ptr<ConfigTreeNode> build_node(const YAML::Node& yaml, Origin& origin, const std::string& path, int depth);

std::string describe_duplicate(const std::string& key, const ConfigLocation& first, const ConfigLocation& again) {
  if (first.from_override()) return fmt::format("duplicate key {}", in_quotes(key));
  return fmt::format("duplicate key {} (first at line {}, again at line {})", in_quotes(key), first.line, again.line);
}

// Where `text` stops being valid UTF-8, if it does: a stray byte, a cut sequence,
// an overlong form, a surrogate or a code point past U+10FFFF. yaml-cpp passes
// such bytes through; report.json (and a sweep's point ids) could not be written.
std::optional<std::size_t> invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // the bounds of the second byte
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (text.size() - i < length) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return std::nullopt;
}

void require_utf8(const std::string& text, const char* what, const ConfigLocation& location, const std::string& path) {
  if (const std::optional<std::size_t> at = invalid_utf8(text))
    throw ConfigError(location, path,
                      fmt::format("{} is not valid UTF-8 text (byte {:#04x} at offset {})", what,
                                  static_cast<unsigned char>(text[*at]), *at));
}

// Keys name things (scenario.iommus.NAME, a sweep's axes) and are segments of
// every key path an error message prints.
void require_printable_key(const std::string& key, const ConfigLocation& location, const std::string& path) {
  if (const std::optional<std::size_t> at = first_control_character(key))
    throw ConfigError(location, path, describe_control_character("the key", key, *at));
}

// The key's text; refuses keys that are not plain names.
std::string map_key(const YAML::Node& key, const Origin& origin, const std::string& path) {
  if (!key.IsScalar() || key.Scalar().empty())
    throw ConfigError(origin.at(key.Mark()), path,
                      "a key must be a non-empty name, not a collection or an empty value");
  require_utf8(key.Scalar(), "the key", origin.at(key.Mark()), path);
  require_printable_key(key.Scalar(), origin.at(key.Mark()), path);
  // yaml-cpp does not implement merge keys: it would keep "<<" as an ordinary key.
  if (key.Scalar() == "<<" && key.Tag() == "?")
    throw ConfigError(origin.at(key.Mark()), path, "merge keys ('<<') are not supported; write the values out");
  return key.Scalar();
}

void build_map(const YAML::Node& yaml, Origin& origin, const std::string& path, int depth, ConfigTreeNode& node) {
  for (auto it = yaml.begin(); it != yaml.end(); ++it) {
    std::string key = map_key(it->first, origin, path);
    const std::string key_path = join_path(path, key);
    const ConfigLocation key_location = origin.at(it->first.Mark());
    // yaml-cpp silently keeps duplicate keys (lookups see the first).
    if (const ConfigTreeNode::MapEntry* first = node.find(key))
      throw ConfigError(key_location, key_path, describe_duplicate(key, first->key_location, key_location));
    std::unique_ptr<ConfigTreeNode> value = build_node(it->second, origin, key_path, depth + 1);
    // yaml-cpp marks an empty value at the token after it, often on a later line.
    if (value->kind == Kind::null) value->location = key_location;
    node.entries.push_back({std::move(key), key_location, std::move(value), false});
  }
}

std::unique_ptr<ConfigTreeNode> build_node(const YAML::Node& yaml, Origin& origin, const std::string& path, int depth) {
  if (depth > kMaxDepth)
    throw ConfigError(origin.at(yaml.Mark()), path, fmt::format("nested more than {} levels deep", kMaxDepth));
  if (++origin.nodes > kMaxNodes)
    throw ConfigError(origin.at(yaml.Mark()), path,
                      fmt::format("more than {} values (aliases count each time they are used)", kMaxNodes));
  auto node = std::make_unique<ConfigTreeNode>();
  node->location = origin.at(yaml.Mark());
  switch (yaml.Type()) {
    case YAML::NodeType::Scalar:
      node->kind = Kind::scalar;
      node->text = yaml.Scalar();
      node->plain = yaml.Tag() == "?";  // "!" when quoted, the tag when tagged
      require_utf8(node->text, "the value", node->location, path);
      break;
    case YAML::NodeType::Sequence:
      node->kind = Kind::sequence;
      for (std::size_t i = 0; i < yaml.size(); ++i)
        node->elements.push_back(build_node(yaml[i], origin, join_path(path, std::to_string(i)), depth + 1));
      break;
    case YAML::NodeType::Map:
      node->kind = Kind::map;
      build_map(yaml, origin, path, depth, *node);
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: node->kind = Kind::null; break;
  }
  return node;
}

ConfigLocation syntax_error_location(const std::string& name, const YAML::Mark& mark) {
  return Origin{name, std::nullopt}.at(mark);
}

// Where the root node of each document of a stream starts; the parser emits one
// root event per document.
class DocumentRoots : public YAML::EventHandler {
 public:
  const std::vector<YAML::Mark>& marks() const { return marks_; }

  void OnDocumentStart(const YAML::Mark&) override { awaiting_root_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { node(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (awaiting_root_) marks_.push_back(mark);
    awaiting_root_ = false;
  }

  std::vector<YAML::Mark> marks_;
  bool awaiting_root_ = false;
};

// yaml-cpp's own message for its nesting limit is "bad file".
std::string yaml_error_message(const YAML::Exception& error) {
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&error))
    return fmt::format(
        "the nesting is too deep for the YAML parser (at {} levels it gives up; a configuration "
        "nests at most {})",
        deep->depth(), kMaxDepth);
  return error.msg;
}

// "unexpected ','": the text where the parser stopped making progress.
std::string unexpected_text(const std::string& text, const YAML::Mark& mark) {
  const auto at = static_cast<std::size_t>(mark.pos);
  if (mark.pos < 0 || at >= text.size()) return "unexpected end of the file";
  return fmt::format("unexpected '{}'", text[at]);
}

// The stream's one document, if any. Not YAML::LoadAll: yaml-cpp 0.7 (Debian 12)
// loops there for ever, allocating, on a ',' where a document starts (",", or
// "[a] ," at the top level: jbeder/yaml-cpp#1040, fixed after 0.8): its parser
// reports an empty document without consuming the token, again and again. So
// the documents are counted first, up to a third one, which tells a real second
// document from the stuck parser's (a document that starts where the one before
// did), and then the first is loaded.
std::optional<YAML::Node> parse_yaml(const std::string& text, const std::string& name) {
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentRoots roots;
    while (roots.marks().size() < 3 && parser.HandleNextDocument(roots)) {
      const std::vector<YAML::Mark>& marks = roots.marks();
      if (marks.size() >= 2 && marks.back().pos == marks[marks.size() - 2].pos)
        throw ConfigError(syntax_error_location(name, marks.back()), "", unexpected_text(text, marks.back()));
    }
    if (roots.marks().size() >= 2)
      throw ConfigError(syntax_error_location(name, roots.marks()[1]), "",
                        "a second YAML document; a configuration file holds only one");
    if (roots.marks().empty()) return std::nullopt;
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw ConfigError(syntax_error_location(name, error.mark), "", yaml_error_message(error));
  }
}

std::string read_file(const std::string& path) {
  if (const std::optional<std::string> problem = input_file_problem(path))
    throw ConfigError(ConfigLocation::in_file(path, 0, 0), "", "cannot read: " + *problem);
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    throw ConfigError(ConfigLocation::in_file(path, 0, 0), "", fmt::format("cannot read: {}", std::strerror(errno)));
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad()) throw ConfigError(ConfigLocation::in_file(path, 0, 0), "", "cannot read: I/O error");
  return contents.str();
}

// --- Overrides ------------------------------------------------------------------

struct Override {
  ConfigLocation location;
  std::string key;                    // "a.b.c"
  std::vector<std::string> segments;  // a, b, c
  std::string value_text;
};

[[noreturn]] void override_error(const ConfigLocation& location, const std::string& key, const std::string& message) {
  throw ConfigError(location, key, message);
}

std::vector<std::string> split_key(const ConfigLocation& location, const std::string& key) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (segments.back().empty()) override_error(location, key, fmt::format("empty segment in key {}", in_quotes(key)));
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
  require_utf8(parsed.key, "the key", parsed.location, "");
  require_printable_key(parsed.key, parsed.location, "");
  parsed.segments = split_key(parsed.location, parsed.key);
  parsed.value_text = std::string(assignment.substr(equals + 1));
  if (parsed.value_text.empty())
    override_error(parsed.location, parsed.key, "no value after '=' (write KEY=\"\" for an empty string)");
  return parsed;
}

std::unique_ptr<ConfigTreeNode> parse_override_value(const Override& assignment) {
  YAML::Node yaml;
  try {
    yaml = YAML::Load(assignment.value_text);
  } catch (const YAML::Exception& error) {
    override_error(assignment.location, assignment.key, "invalid YAML value: " + yaml_error_message(error));
  }
  // "a: b" or "- a" would silently become a block collection.
  if ((yaml.IsMap() || yaml.IsSequence()) && yaml.Style() != YAML::EmitterStyle::Flow)
    override_error(assignment.location, assignment.key,
                   "the value must be a scalar or a flow collection ([...] or {...}); "
                   "quote it to keep it a string");
  Origin origin{{}, assignment.location};
  return build_node(yaml, origin, assignment.key, 0);
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
std::unique_ptr<ConfigTreeNode>& override_slot(ConfigTreeNode& parent, const std::string& parent_path,
                                               const std::string& segment, const Override& assignment) {
  const std::string parent_name = parent_path.empty() ? "the document" : in_quotes(parent_path);
  if (parent.kind == Kind::null) parent.kind = Kind::map;  // `dma0:` with nothing under it
  switch (parent.kind) {
    case Kind::map:
      if (ConfigTreeNode::MapEntry* entry = parent.find(segment)) return entry->value;
      parent.entries.push_back({segment, assignment.location, std::make_unique<ConfigTreeNode>(), false});
      parent.entries.back().value->location = assignment.location;
      return parent.entries.back().value;
    case Kind::sequence: {
      const std::optional<std::size_t> index = parse_index(segment);
      if (!index)
        override_error(
            assignment.location, assignment.key,
            fmt::format("{} is a sequence and {} is not an element number", parent_name, in_quotes(segment)));
      if (*index >= parent.elements.size())
        override_error(
            assignment.location, assignment.key,
            fmt::format("{} has {} elements, so there is no element {}", parent_name, parent.elements.size(), *index));
      return parent.elements[*index];
    }
    default: override_error(assignment.location, assignment.key, fmt::format("{} is a scalar, not a map", parent_name));
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

void collect_unknown_keys(const ConfigTreeNode& node, const std::string& path, std::vector<ConfigError>& unknown) {
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

ConfigDocument ConfigDocument::load_file(const std::string& path) { return load_string(read_file(path), path); }

ConfigDocument ConfigDocument::load_string(std::string_view text, std::string name) {
  const std::optional<YAML::Node> document = parse_yaml(std::string(text), name);
  Origin origin{name, std::nullopt};
  std::unique_ptr<ConfigTreeNode> root =
      document ? build_node(*document, origin, "", 0) : std::make_unique<ConfigTreeNode>();
  if (root->location.line <= 0) root->location = ConfigLocation::in_file(name, 1, 1);
  return ConfigDocument(std::move(name), std::move(root));
}

void ConfigDocument::apply_override(std::string_view assignment) {
  if (reading_started_) throw std::logic_error("ConfigDocument::apply_override after root(): apply overrides first");
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

namespace {

std::unique_ptr<ConfigTreeNode> clone(const ConfigTreeNode& node) {
  auto copy = std::make_unique<ConfigTreeNode>();
  copy->kind = node.kind;
  copy->location = node.location;
  copy->text = node.text;
  copy->plain = node.plain;
  for (const ConfigTreeNode::MapEntry& entry : node.entries)
    copy->entries.push_back({entry.key, entry.key_location, clone(*entry.value), entry.consumed});
  for (const std::unique_ptr<ConfigTreeNode>& element : node.elements) copy->elements.push_back(clone(*element));
  copy->requested_keys = node.requested_keys;
  return copy;
}

}  // namespace

ConfigDocument ConfigDocument::copy() const {
  if (reading_started_) throw std::logic_error("ConfigDocument::copy after root(): copy before reading");
  return ConfigDocument(name_, clone(*root_));
}

}  // namespace wakesim
