#pragma once
// Writing scalars that every YAML reader takes as strings. Kubernetes reads
// YAML 1.1, where unquoted on/off/yes/no/y/n, 1.0, 0755, 1e3 or 0x1F are not
// strings; yaml-cpp left several of them unquoted, so nplc decides itself
// (backends/yaml_writer.h writes the scalars).
#include <string_view>

namespace nplc::backends {

bool needsQuotes(std::string_view s);

}  // namespace nplc::backends
