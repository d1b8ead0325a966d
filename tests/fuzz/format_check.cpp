#include "format_check.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "layout/layout.h"

namespace nplc::fuzz {

namespace {

// Formatting moves statements to other lines: the line numbers after
// `FILE.npl:` (the policies' source annotations) are left out.
std::string withoutLines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    out += text[i];
    if (text.compare(i, 4, ".npl") == 0 && i + 4 < text.size()) {
      std::size_t j = i + 4;
      if (text[j] == ':') ++j;
      if (j > i + 4 && j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
        out.append(text, i + 1, j - i - 1);
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        out += 'N';
        i = j;
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::multiset<std::string> warnings(const driver::Compilation& c) {
  std::multiset<std::string> out;
  for (const auto& d : c.sink.all()) out.insert(d.code);
  return out;
}

}  // namespace

void checkFormatting(const std::vector<load::MemoryFile>& inputs, const driver::Compilation& compiled,
                     void (*fail)(const std::string& what, std::string_view data), std::string_view data) {
  std::vector<load::MemoryFile> formatted;
  for (const auto& f : inputs) {
    diag::Sink sink;
    const auto once = layout::formatText(f.path, f.text, sink);
    if (!once) {
      if (!compiled.sink.hasErrors()) fail("a file of a program that compiles does not format: " + f.path, data);
      return;  // a syntax error: nothing to format, nothing to compare
    }
    diag::Sink again;
    const auto twice = layout::formatText(f.path, *once, again);
    if (!twice) fail("a formatted file does not parse: " + f.path + "\n" + *once, data);
    if (*twice != *once) fail("formatting twice changes " + f.path + ":\n" + *once + "---\n" + *twice, data);
    // Range formatting (the language server's) over the middle third of the
    // bytes: applied, the file formats to the same text.
    const auto third = static_cast<std::uint32_t>(f.text.size() / 3);
    diag::Sink ranged;
    const auto edit = layout::formatRange(f.path, f.text, third, 2 * third, ranged);
    if (!edit) fail("a file that formats does not range-format: " + f.path, data);
    std::string applied = f.text;
    applied.replace(edit->begin, edit->end - edit->begin, edit->replacement);
    diag::Sink after;
    const auto whole = layout::formatText(f.path, applied, after);
    if (!whole || *whole != *once)
      fail("range formatting " + f.path + " changes what formatting gives:\n" + applied + "---\n" + *once, data);
    formatted.push_back({f.path, *once});
  }
  if (compiled.sink.hasErrors()) return;
  driver::Compilation c;
  const auto& all = driver::allTargets();
  driver::compileMemory(c, formatted, std::set<std::string>(all.begin(), all.end()));
  if (warnings(c) != warnings(compiled)) fail("formatting changes the diagnostics", data);
  if (c.files.size() != compiled.files.size()) fail("formatting changes the files written", data);
  for (const auto& [path, text] : compiled.files) {
    // The policies; the docs and dot targets quote the source as written.
    if (path.rfind("kubernetes/", 0) != 0 && path.rfind("cilium/", 0) != 0) continue;
    const auto it = c.files.find(path);
    if (it == c.files.end()) fail("formatting loses " + path, data);
    if (withoutLines(it->second) != withoutLines(text))
      fail("formatting changes " + path + ":\n" + text + "---\n" + it->second, data);
  }
}

}  // namespace nplc::fuzz
