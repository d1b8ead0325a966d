#pragma once
// NPL HTTP paths are globs; Cilium wants Go regexps matched against the whole
// path. `*` becomes `.*` and every other regexp metacharacter is escaped, so
// the result is always a valid regexp that means exactly the glob.
#include <string>
#include <string_view>

namespace nplc::backends::cilium {

// RE2's metacharacters; '*' is the only one NPL gives a meaning.
inline constexpr std::string_view kRegexMeta = "\\.+?()|[]{}^$";

std::string globToRegex(std::string_view glob);

}  // namespace nplc::backends::cilium
