#include "import/http_rules.h"

#include "backends/cilium/http_regex.h"
#include "syntax/http_rule.h"

namespace nplc::import {

namespace {

std::string_view unanchored(std::string_view r) {
  if (!r.empty() && r.front() == '^') r.remove_prefix(1);
  // A trailing `$` anchors unless it is escaped (an odd run of `\` before it).
  std::size_t slashes = 0;
  while (r.size() >= 2 + slashes && r[r.size() - 2 - slashes] == '\\') ++slashes;
  if (!r.empty() && r.back() == '$' && slashes % 2 == 0) r.remove_suffix(1);
  return r;
}

}  // namespace

std::optional<std::string> globOfRegex(std::string_view regex) {
  const std::string_view r = unanchored(regex);
  const std::string_view meta = backends::cilium::kRegexMeta;
  std::string out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const char c = r[i];
    if (c == '.' && i + 1 < r.size() && r[i + 1] == '*') {
      out += '*';
      ++i;
    } else if (c == '\\' && i + 1 < r.size() && meta.find(r[i + 1]) != std::string_view::npos) {
      out += r[++i];  // an escaped metacharacter: itself
    } else if (meta.find(c) == std::string_view::npos && c != '*') {
      out += c;
    } else {
      return std::nullopt;  // a regexp construct a glob cannot say
    }
  }
  if (out.empty() || out.front() != '/') return std::nullopt;
  for (char c : out)
    if (!syntax::isHttpPathChar(c)) return std::nullopt;
  // An escaped `*` would be a literal star, which an NPL path cannot say.
  if (backends::cilium::globToRegex(out) != r) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> methodsOfRegex(std::string_view regex) {
  std::string_view r = unanchored(regex);
  if (r.size() >= 2 && r.front() == '(' && r.back() == ')') r = r.substr(1, r.size() - 2);
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    const auto bar = r.find('|', start);
    const std::string_view m = r.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (!syntax::isHttpMethod(m)) return std::nullopt;
    out.emplace_back(m);
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

}  // namespace nplc::import
