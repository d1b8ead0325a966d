// Loading YAML text into yaml-cpp nodes with libyaml's parser (see yaml_load.h).
#include "eval/yaml_load.h"

#include <yaml.h>

#include <cstring>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace nplc::eval::yaml {

namespace {

[[noreturn]] void failAt(const yaml_mark_t& mark, const std::string& msg) {
  YAML::Mark m;
  m.pos = static_cast<int>(mark.index);
  m.line = static_cast<int>(mark.line);
  m.column = static_cast<int>(mark.column);
  throw YAML::ParserException(m, msg);
}

std::string text(const yaml_char_t* s, std::size_t n) { return std::string(reinterpret_cast<const char*>(s), n); }

// yaml-cpp's reading of a scalar: a plain `~`, `null`, `Null`, `NULL` or
// nothing is null; a quoted or block scalar carries the tag "!", which the
// strict readers use to tell `port: "80"` (a string) from `port: 80`.
YAML::Node scalarNode(const yaml_event_t& e) {
  const auto& s = e.data.scalar;
  std::string value = text(s.value, s.length);
  const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
  if (plain && s.tag == nullptr &&
      (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")) {
    return YAML::Node(YAML::NodeType::Null);
  }
  YAML::Node n(value);
  n.SetTag(s.tag != nullptr ? text(s.tag, std::strlen(reinterpret_cast<const char*>(s.tag))) : plain ? "?" : "!");
  return n;
}

class Loader {
 public:
  explicit Loader(const std::string& yamlText) {
    if (yaml_parser_initialize(&parser_) == 0) throw YAML::Exception(YAML::Mark::null_mark(), "out of memory");
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(yamlText.data()), yamlText.size());
  }
  ~Loader() { yaml_parser_delete(&parser_); }
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  std::vector<YAML::Node> all() {
    std::vector<YAML::Node> docs;
    for (;;) {
      Event e = next();
      if (e.get().type == YAML_STREAM_END_EVENT) return docs;
      if (e.get().type != YAML_DOCUMENT_START_EVENT) continue;  // STREAM_START
      anchors_.clear();
      Event first = next();
      if (first.get().type == YAML_DOCUMENT_END_EVENT) {
        docs.emplace_back();
        continue;
      }
      docs.push_back(node(first));
      if (next().get().type != YAML_DOCUMENT_END_EVENT) failAt(parser_.mark, "expected the end of the document");
    }
  }

 private:
  // Owns one libyaml event.
  class Event {
   public:
    explicit Event(yaml_parser_t& p) {
      if (yaml_parser_parse(&p, &e_) == 0) {
        failAt(p.problem_mark, p.problem != nullptr ? p.problem : "invalid YAML");
      }
    }
    ~Event() { yaml_event_delete(&e_); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    const yaml_event_t& get() const { return e_; }

   private:
    yaml_event_t e_{};
  };

  Event next() { return Event(parser_); }

  void remember(const yaml_char_t* anchor, const YAML::Node& n) {
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = n;
  }

  YAML::Node node(const Event& ev) {
    const yaml_event_t& e = ev.get();
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        YAML::Node n = scalarNode(e);
        remember(e.data.scalar.anchor, n);
        return n;
      }
      case YAML_ALIAS_EVENT: {
        const auto it = anchors_.find(reinterpret_cast<const char*>(e.data.alias.anchor));
        if (it == anchors_.end()) failAt(e.start_mark, "unknown anchor");
        return it->second;
      }
      case YAML_SEQUENCE_START_EVENT: {
        YAML::Node seq(YAML::NodeType::Sequence);
        remember(e.data.sequence_start.anchor, seq);
        for (;;) {
          Event item = next();
          if (item.get().type == YAML_SEQUENCE_END_EVENT) return seq;
          seq.push_back(node(item));
        }
      }
      case YAML_MAPPING_START_EVENT: {
        YAML::Node map(YAML::NodeType::Map);
        remember(e.data.mapping_start.anchor, map);
        // A repeated key is an error here (yaml-cpp kept both pairs and
        // readers saw the first): the API server's reader refuses it too.
        std::unordered_set<std::string> keys;
        for (;;) {
          Event k = next();
          if (k.get().type == YAML_MAPPING_END_EVENT) return map;
          const yaml_mark_t at = k.get().start_mark;
          YAML::Node key = node(k);
          if (key.IsScalar() && !keys.insert(key.Scalar()).second) failAt(at, "duplicate key '" + key.Scalar() + "'");
          Event v = next();
          // force_insert: no lookup per pair (operator[] compares with every key).
          map.force_insert(key, node(v));
        }
      }
      default:
        failAt(e.start_mark, "unexpected YAML event");
    }
  }

  yaml_parser_t parser_{};
  std::unordered_map<std::string, YAML::Node> anchors_;
};

}  // namespace

std::vector<YAML::Node> loadAll(const std::string& yamlText) { return Loader(yamlText).all(); }

}  // namespace nplc::eval::yaml
