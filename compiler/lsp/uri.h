#pragma once
// file: URIs <-> paths (RFC 8089, with percent-encoding). Only local files:
// a URI with another scheme or a remote host has no path.
#include <optional>
#include <string>

namespace nplc::lsp {

std::optional<std::string> uriToPath(const std::string& uri);
std::string pathToUri(const std::string& path);

}  // namespace nplc::lsp
