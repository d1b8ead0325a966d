#pragma once
// What both round-trip tests (NetworkPolicy and Cilium) say on failure.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "driver/compile.h"
#include "import/import.h"

namespace nplc::import_tests {

// Every error and gap of an import, one a line.
inline std::string gapsText(const import::Result& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.at.str() + ": " + e.message + "\n";
  for (const auto& g : r.gaps) out += g.at.str() + ": " + g.object + " " + g.field + ": " + g.reason + "\n";
  return out;
}

// The first 20 lines, for a failure's message.
inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < 20; ++i) out += lines[i] + "\n";
  return out;
}

struct Reimport {
  import::Result imported;
  driver::Compilation compiled;
  std::string all;  // the imported files, for messages
};

// Imports `inputs` and compiles the NPL for `target`; fails the test on any
// gap or compile error.
inline void reimport(const std::vector<import::Input>& inputs, const std::string& target,
                     const backends::TargetOptions& options, Reimport& r) {
  r.imported = import::importPolicies(inputs);
  INFO(gapsText(r.imported));
  REQUIRE(r.imported.errors.empty());
  REQUIRE(r.imported.gaps.empty());
  std::vector<load::MemoryFile> files;
  for (const auto& [ns, text] : r.imported.files) {
    files.push_back({ns + ".npl", text});
    r.all += "--- " + ns + ".npl\n" + text;
  }
  driver::compileMemory(r.compiled, files, {target}, options);
  std::string diags;
  for (const auto& d : r.compiled.sink.all()) diags += d.code + " " + d.message + "\n";
  INFO(r.all, diags);
  REQUIRE_FALSE(r.compiled.sink.hasErrors());
}

}  // namespace nplc::import_tests
