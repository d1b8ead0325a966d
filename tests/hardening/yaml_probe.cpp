// Test helper for yaml_scalars_test.py: reads strings (hex-encoded, one per
// line) and writes two YAML documents: the strings as nplc emits scalars
// (backends::emitString), then for each "q" or "p": whether needsQuotes()
// said it must be quoted.
#include <iostream>
#include <string>

#include "backends/yaml_scalars.h"

int main() {
  std::string line;
  YAML::Emitter values, flags;
  values << YAML::BeginSeq;
  flags << YAML::BeginSeq;
  while (std::getline(std::cin, line)) {
    std::string s;
    for (std::size_t i = 0; i + 1 < line.size(); i += 2)
      s += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
    nplc::backends::emitString(values, s);
    flags << (nplc::backends::needsQuotes(s) ? "q" : "p");
  }
  values << YAML::EndSeq;
  flags << YAML::EndSeq;
  std::cout << values.c_str() << "\n---\n" << flags.c_str() << "\n";
  return values.good() && flags.good() ? 0 : 1;
}
