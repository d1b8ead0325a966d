#include "fuzz_input.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "backends/yaml_scalars.h"
#include "diag/catalog.h"
#include "diag/render_text.h"
#include "driver/compile.h"
#include "format_check.h"
#include "source/project_root.h"
#include "syntax/parser.h"
#include "syntax/tokens.h"
#include "util/utf8.h"

namespace nplc::fuzz {

namespace {

[[noreturn]] void fail(const std::string& what, std::string_view data) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n--- input (%zu bytes) ---\n%.*s\n---\n", what.c_str(), data.size(),
               static_cast<int>(data.size()), data.data());
  std::abort();
}

// Every scalar of a generated document is a string, a number nplc meant as a
// number (ports), or a map/sequence; a YAML reader must read back exactly the
// strings nplc wrote. yaml-cpp is a YAML 1.2 reader: check that no string came
// out unquoted where a YAML 1.1 reader would take it for something else.
void checkScalars(const YAML::Node& n, std::string_view data) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      for (const auto& kv : n) {
        checkScalars(kv.first, data);
        checkScalars(kv.second, data);
      }
      break;
    case YAML::NodeType::Sequence:
      for (const auto& item : n) checkScalars(item, data);
      break;
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      const bool quoted = n.Tag() == "!";  // yaml-cpp tags quoted scalars "!"
      const bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
      if (!quoted && !digits && backends::needsQuotes(s)) fail("plain scalar a YAML 1.1 reader misreads: " + s, data);
      break;
    }
    default:
      fail("null or undefined node in generated YAML", data);
  }
}

// A name the loader takes as a source of the in-memory project: relative,
// staying inside it, ending in ".npl" (issue 17's rules). Any other marker
// line stays text of the current file, so that a mutated marker tests the
// parser rather than ending the run as an I/O error.
bool sourceName(const std::string& name) {
  const std::filesystem::path p(name);
  if (p.is_absolute() || !source::hasNplExtension(p)) return false;
  const std::filesystem::path norm = p.lexically_normal();
  return !norm.empty() && *norm.begin() != "..";
}

}  // namespace

std::vector<load::MemoryFile> splitInput(std::string_view data) {
  std::vector<load::MemoryFile> files{{"main.npl", ""}};
  std::set<std::string> names{"main.npl"};
  std::size_t pos = 0;
  while (pos <= data.size()) {
    const std::size_t eol = data.find('\n', pos);
    const std::size_t end = eol == std::string_view::npos ? data.size() : eol + 1;
    const std::string_view line = data.substr(pos, end - pos);
    if (line.substr(0, kFileMarker.size()) == kFileMarker) {
      std::string name(line.substr(kFileMarker.size()));
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
      // A repeated name, or one that is not a source name, continues the current file.
      if (sourceName(name) && names.insert(name).second) {
        files.push_back({name, ""});
        pos = end;
        if (eol == std::string_view::npos) break;
        continue;
      }
    }
    files.back().text.append(line);
    if (eol == std::string_view::npos) break;
    pos = end;
  }
  return files;
}

void runOne(std::string_view data) {
  // ANTLR's caches grow with every new input shape; a session of millions of
  // inputs would end as an out-of-memory "finding" that no compilation can
  // reach. Clearing them every 2000 inputs bounds them; it costs a slower
  // parse afterwards. (scripts/fuzz.sh also restarts its worker process.)
  static unsigned long runs = 0;
  static const unsigned long kClearEvery =
      std::getenv("NPLC_FUZZ_CLEAR_EVERY") ? std::strtoul(std::getenv("NPLC_FUZZ_CLEAR_EVERY"), nullptr, 10) : 2000;
  if (kClearEvery != 0 && ++runs % kClearEvery == 0) syntax::clearParserCaches();

  driver::Compilation c;
  const auto& all = driver::allTargets();
  const auto inputs = splitInput(data);
  // The hand-written lexer must read every text as the generated one does,
  // and the direct parser build what ANTLR's parser builds (or decline).
  for (const auto& file : inputs) {
    if (file.text.find('\0') != std::string::npos || util::firstInvalidUtf8(file.text) != std::string::npos) continue;
    if (const std::string difference = syntax::lexerDifference(file.text); !difference.empty()) {
      fail("lexers differ on " + file.path + ": " + difference, data);
    }
    if (const std::string difference = syntax::parserDifference(file.text); !difference.empty()) {
      fail("parsers differ on " + file.path + ": " + difference, data);
    }
  }
  driver::compileMemory(c, inputs, std::set<std::string>(all.begin(), all.end()));

  // Rendering touches every span: line tables, columns, carets.
  std::ostringstream rendered;
  diag::renderText(rendered, c.sm, c.sink.sorted(), {c.sm.size() % 2 == 0});

  for (const auto& d : c.sink.all()) {
    if (diag::lookup(d.code) == nullptr) fail("code not in the catalog: " + d.code, data);
    if (d.span.valid() && d.span.file >= c.sm.size()) fail("span in an unknown file: " + d.code, data);
    if (d.span.valid() && d.span.end < d.span.begin) fail("reversed span: " + d.code, data);
  }
  if (!c.ioErrors.empty()) fail("I/O error from memory: " + c.ioErrors.front(), data);
  if (c.sink.hasErrors()) {
    if (!c.files.empty()) fail("files generated despite errors", data);
    checkFormatting(inputs, c, fail, data);
    return;
  }
  if (!c.program) fail("no program and no error", data);
  if (c.files.empty()) fail("no files and no error", data);
  for (const auto& [path, text] : c.files) {
    if (path.find("..") != std::string::npos || path.empty() || path.front() == '/') fail("unsafe path " + path, data);
    // The docs and dot targets write Markdown and Graphviz, not YAML.
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".yaml") != 0) continue;
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
      fail(path + " is not YAML: " + e.what(), data);
    }
    for (const auto& doc : docs) checkScalars(doc, data);
  }
  checkFormatting(inputs, c, fail, data);
}

}  // namespace nplc::fuzz
