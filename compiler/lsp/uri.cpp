#include "lsp/uri.h"

#include <cctype>

#include "util/hex.h"

namespace nplc::lsp {

namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> uriToPath(const std::string& uri) {
  const auto colon = uri.find(':');
  if (colon == std::string::npos || !equalsIgnoreCase(uri.substr(0, colon), "file")) return std::nullopt;
  std::string rest = uri.substr(colon + 1);
  if (rest.rfind("//", 0) == 0) {
    const auto slash = rest.find('/', 2);
    const std::string host = rest.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
    if (!host.empty() && !equalsIgnoreCase(host, "localhost")) return std::nullopt;
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  // A query or fragment is not part of the path.
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string path;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && util::hexValue(rest[i + 1]) >= 0 && util::hexValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(util::hexValue(rest[i + 1]) * 16 + util::hexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string pathToUri(const std::string& path) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace nplc::lsp
