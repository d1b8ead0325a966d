#include "backends/yaml_writer.h"

#include <fmt/format.h>

#include "backends/yaml_scalars.h"
#include "util/check.h"

namespace nplc::backends {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// The next code point of `s` from `i`, advancing `i`. Malformed UTF-8, a
// surrogate or a noncharacter gives U+FFFD (what yaml-cpp wrote for them):
// the compiler accepts only UTF-8 sources, but a file name may be anything.
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  int more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (more < 0) return kReplacement;  // a continuation byte where a character starts
  char32_t cp = lead & (0x3F >> more);
  for (; more > 0; --more) {
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
    return kReplacement;
  return cp;
}

// Characters a double-quoted scalar must not hold as they are: YAML's
// non-printable ones (C0 but tab, DEL, C1, surrogates — replaced above), the
// byte order mark, and the YAML 1.1 line breaks NEL, LS and PS, which a 1.1
// reader folds into a space.
bool mustEscape(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xFEFF || cp == 0x2028 || cp == 0x2029;
}

void appendCodePoint(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

void appendDoubleQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = nextCodePoint(s, i);
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      default:
        if (!mustEscape(cp)) appendCodePoint(out, cp);
        else if (cp < 0xFF) fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned>(cp));
        else fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(cp));
    }
  }
  out += '"';
}

void YamlWriter::newline(int indent) {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(indent), ' ');
}

void YamlWriter::beginNode() {
  if (stack_.empty()) return;
  Group& g = stack_.back();
  if (g.map) return;  // after `key:`; a scalar adds its space, a group its lines
  newline(g.indent);
  out_ += "- ";
  ++g.count;
}

void YamlWriter::beginGroup(bool map) {
  if (stack_.empty()) {
    NPLC_CHECK(map && out_.empty(), "a YAML document is one block map");
    stack_.push_back({true, 0, 0, false, false});
    return;
  }
  const Group parent = stack_.back();
  NPLC_CHECK(parent.map || map, "no sequence directly in a sequence");
  beginNode();
  stack_.push_back({map, parent.indent + 2, 0, !parent.map, parent.map});
}

void YamlWriter::endGroup(bool map) {
  NPLC_CHECK(!stack_.empty() && stack_.back().map == map, "unbalanced YAML collection");
  const Group g = stack_.back();
  stack_.pop_back();
  if (g.count > 0) return;
  if (g.afterKey) out_ += ' ';
  out_ += map ? "{}" : "[]";
}

void YamlWriter::beginMap() { beginGroup(true); }
void YamlWriter::endMap() { endGroup(true); }
void YamlWriter::beginSeq() { beginGroup(false); }
void YamlWriter::endSeq() { endGroup(false); }

void YamlWriter::key(std::string_view k) {
  NPLC_CHECK(!stack_.empty() && stack_.back().map, "a YAML key outside a map");
  Group& g = stack_.back();
  if (!(g.count == 0 && g.inlineFirst) && !out_.empty()) newline(g.indent);
  ++g.count;
  writeScalar(k, false);
  out_ += ':';
}

void YamlWriter::beginScalar() {
  beginNode();
  if (!stack_.empty() && stack_.back().map) out_ += ' ';  // `key: value`
}

void YamlWriter::writeScalar(std::string_view s, bool quote) {
  if (quote || needsQuotes(s)) appendDoubleQuoted(out_, s);
  else out_ += s;
}

void YamlWriter::string(std::string_view s) {
  beginScalar();
  writeScalar(s, false);
}

void YamlWriter::quoted(std::string_view s) {
  beginScalar();
  writeScalar(s, true);
}

void YamlWriter::number(std::int64_t n) {
  beginScalar();
  out_ += fmt::format_int(n).c_str();
}

void YamlWriter::boolean(bool b) {
  beginScalar();
  out_ += b ? "true" : "false";
}

std::string YamlWriter::finish() {
  NPLC_CHECK(stack_.empty(), "an unfinished YAML document");
  out_ += '\n';
  return std::move(out_);
}

}  // namespace nplc::backends
