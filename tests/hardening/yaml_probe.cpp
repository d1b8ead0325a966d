// Test helper for yaml_scalars_test.py: reads strings (hex-encoded, one per
// line) and writes two YAML documents with backends::YamlWriter: `values:`,
// the strings as nplc writes scalars, then `flags:`, for each "q" or "p":
// whether needsQuotes() said it must be quoted.
#include <iostream>
#include <string>

#include "backends/yaml_scalars.h"
#include "backends/yaml_writer.h"

int main() {
  std::string line;
  nplc::backends::YamlWriter values, flags;
  values.beginMap();
  values.key("values");
  values.beginSeq();
  flags.beginMap();
  flags.key("flags");
  flags.beginSeq();
  while (std::getline(std::cin, line)) {
    std::string s;
    for (std::size_t i = 0; i + 1 < line.size(); i += 2)
      s += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
    values.string(s);
    flags.string(nplc::backends::needsQuotes(s) ? "q" : "p");
  }
  values.endSeq();
  values.endMap();
  flags.endSeq();
  flags.endMap();
  std::cout << values.finish() << "---\n" << flags.finish();
}
