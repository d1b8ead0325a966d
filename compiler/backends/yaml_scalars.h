#pragma once
// Writing scalars that every YAML reader takes as strings. Kubernetes reads
// YAML 1.1, where unquoted on/off/yes/no/y/n, 1.0, 0755, 1e3 or 0x1F are not
// strings; yaml-cpp leaves several of them unquoted, so nplc decides itself.
#include <yaml-cpp/yaml.h>

#include <string_view>

namespace nplc::backends {

bool needsQuotes(std::string_view s);
void emitString(YAML::Emitter& out, std::string_view s);

}  // namespace nplc::backends
