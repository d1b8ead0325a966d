#include "backends/cilium/http_regex.h"

namespace nplc::backends::cilium {

std::string globToRegex(std::string_view glob) {
  std::string out;
  out.reserve(glob.size() + 8);
  for (char c : glob) {
    if (c == '*') {
      out += ".*";
    } else {
      if (kRegexMeta.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace nplc::backends::cilium
