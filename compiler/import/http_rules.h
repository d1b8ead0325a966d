#pragma once
// Cilium's HTTP rules (Go regexps matched against the whole method and
// path) read back into NPL's (`GET /v1/*`): only the regexps the Cilium
// target writes for an NPL rule (backends/cilium/http_regex.h), and
// alternatives of methods, have an NPL form.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nplc::import {

// `/v1/.*` -> `/v1/*`, `/v1\.0/x` -> `/v1.0/x`; an optional leading `^` and
// trailing `$` are dropped. nullopt for any other regexp, for a path that
// does not start with `/`, or one with a character NPL's paths do not have.
std::optional<std::string> globOfRegex(std::string_view regex);

// `GET` -> {GET}, `GET|HEAD` or `(GET|HEAD)` -> {GET, HEAD}; nullopt when an
// alternative is not one of NPL's methods.
std::optional<std::vector<std::string>> methodsOfRegex(std::string_view regex);

}  // namespace nplc::import
