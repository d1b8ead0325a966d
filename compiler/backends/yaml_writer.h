#pragma once
// A direct writer of the block YAML documents nplc generates: text goes into
// one buffer per document, in the layout yaml-cpp's Emitter produced (two
// spaces per level, sequences indented under their key, `{}` and `[]` for
// empty collections), so the output did not change when it replaced it.
// Hand-written because YAML::Emitter checks every scalar with a regular
// expression interpreter and was most of a build's time; yaml-cpp still reads.
//
// Scalars follow yaml_scalars.h: plain only when every YAML 1.1 and 1.2 reader
// takes them as that string, otherwise double-quoted with every character
// YAML does not allow as is (or would fold) escaped.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nplc::backends {

class YamlWriter {
 public:
  // The document is a block map: begin with beginMap(), end with endMap().
  void beginMap();
  void endMap();
  void beginSeq();
  void endSeq();
  void emptyMap() {  // `{}`
    beginMap();
    endMap();
  }

  // The next node is the value of this key (written by the scalar rules).
  void key(std::string_view k);
  // A string scalar: plain when needsQuotes() allows it, else double-quoted.
  void string(std::string_view s);
  // Always double-quoted (CIDRs, Cilium's port numbers).
  void quoted(std::string_view s);
  void number(std::int64_t n);
  void boolean(bool b);

  // The document's text, ending with a newline.
  std::string finish();

 private:
  struct Group {
    bool map;
    int indent;        // the column of the group's entries
    int count = 0;     // entries so far
    bool inlineFirst;  // a map in a sequence item: its first key follows `- `
    bool afterKey;     // the group is the value of a key (`key: {}` vs `- {}`)
  };
  std::string out_;
  std::vector<Group> stack_;

  void beginNode();  // where the next node starts (after `key:` or `- `)
  void beginScalar();
  void beginGroup(bool map);
  void endGroup(bool map);
  void newline(int indent);
  void writeScalar(std::string_view s, bool quote);
};

// `s` double-quoted, as YamlWriter writes it.
void appendDoubleQuoted(std::string& out, std::string_view s);

}  // namespace nplc::backends
