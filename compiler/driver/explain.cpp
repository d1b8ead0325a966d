// `nplc explain CODE`: the long explanation of a diagnostic, its example, and
// what nplc reports on that example (compiled on the spot, so the text can
// never drift from the compiler). `--list` lists the catalog.
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "diag/catalog.h"
#include "diag/examples.h"
#include "diag/render_text.h"
#include "driver/commands.h"
#include "driver/compile.h"
#include "util/suggest.h"
#include "util/utf8.h"

namespace nplc::driver {

namespace {

namespace fs = std::filesystem;

const char* level(const diag::CatalogEntry& e) { return e.severity == diag::Severity::Error ? "error" : "warning"; }

// Wraps `text` at 80 columns.
std::string wrap(std::string_view text) {
  std::string out, line;
  std::istringstream words{std::string(text)};
  std::string w;
  while (words >> w) {
    if (!line.empty() && line.size() + 1 + w.size() > 80) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + w;
  }
  return out + line + "\n";
}

std::string indent(std::string_view text) {
  std::string out;
  std::istringstream in{std::string(text)};
  for (std::string l; std::getline(in, l);) out += l.empty() ? "\n" : "    " + l + "\n";
  return out;
}

// Compiles the example of `code` as example.npl in a fresh folder and renders
// what nplc reports.
std::string reportOn(std::string_view code, std::string_view example) {
  char tmpl[] = "/tmp/nplc-explain-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return "(could not create a temporary folder)\n";
  const fs::path dir(tmpl);
  std::error_code ec;
  const fs::path back = fs::current_path(ec);
  { std::ofstream(dir / "example.npl", std::ios::binary) << example; }
  std::ostringstream out;
  fs::current_path(dir, ec);
  {
    Compilation c;
    // The Cilium target's codes (E04xx, W01xx) are shown on that target, the
    // others on the default one; an example that needs an option says so on a
    // line of its own.
    // (E06xx and examples with cluster-scope blocks: built with kubernetes
    // and cluster-network-policy; E0605-E0609, the blocks on Cilium alone,
    // with cilium.)
    const bool clusterwide = code >= "E0605" && code <= "E0609";
    const bool cilium = code.rfind("E04", 0) == 0 || code.rfind("W01", 0) == 0 || clusterwide;
    const bool cnp = (code.rfind("E06", 0) == 0 && !clusterwide) ||
                     example.find("# nplc:example cluster-network-policy") != std::string_view::npos;
    backends::TargetOptions options;
    options.ciliumDenyRules = example.find("# nplc:example --cilium-deny-rules") != std::string_view::npos;
    std::set<std::string> targets{cilium ? "cilium" : "kubernetes"};
    if (cnp) targets.insert("cluster-network-policy");
    compile(c, {"example.npl"}, targets, options);
    for (const auto& e : c.ioErrors) out << "nplc: error: " << e << "\n";
    diag::renderText(out, c.sm, c.sink.sorted(), {false});
  }
  fs::current_path(back, ec);
  fs::remove_all(dir, ec);
  return out.str();
}

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

int list(const ExplainOptions& opts) {
  if (opts.format == "json") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& e : diag::catalog()) {
      all.push_back(
          {{"code", std::string(e.code)},
           {"severity", level(e)},
           {"name", e.name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(e.name))},
           {"title", std::string(e.title)},
           {"explanation", std::string(e.explain)},
           {"example", std::string(diag::exampleFor(e.code))}});
    }
    std::cout << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return 0;
  }
  for (const auto& e : diag::catalog()) {
    std::cout << fmt::format("{}  {:<7}  {:<22}  {}\n", e.code, level(e), e.name.empty() ? "-" : e.name, e.title);
  }
  return 0;
}

}  // namespace

int runExplain(const ExplainOptions& opts) {
  if (opts.list) return list(opts);
  if (opts.code.empty()) {
    std::cerr << "nplc: error: name a diagnostic code, e.g. `nplc explain E0103`, or use --list\n";
    return 2;
  }
  const diag::CatalogEntry* e = diag::lookup(upper(opts.code));
  if (e == nullptr) e = diag::lookupWarning(opts.code);
  if (e == nullptr) {
    std::vector<std::string> codes;
    for (const auto& x : diag::catalog()) codes.emplace_back(x.code);
    const auto close = util::closestNames(upper(opts.code), codes);
    std::cerr << fmt::format(
        "nplc: error: no diagnostic '{}'{}\n", opts.code,
        close.empty() ? "; `nplc explain --list` lists them" : fmt::format(" (did you mean {}?)", close.front()));
    return 2;
  }
  const std::string_view example = diag::exampleFor(e->code);
  if (opts.example) {
    std::cout << example;
    return example.empty() ? 1 : 0;
  }
  std::cout << fmt::format("{}: {} ({})\n\n", e->code, e->title, level(*e));
  std::cout << wrap(e->explain);
  if (!example.empty()) {
    std::cout << "\nExample (example.npl):\n\n" << indent(util::sanitizeUtf8(example));
    // An example that needs several files is described, not compiled.
    if (example.find("# nplc:example needs-several-files") == std::string_view::npos) {
      std::cout << "\nnplc reports:\n\n" << indent(util::sanitizeUtf8(reportOn(e->code, example)));
    }
  }
  if (!e->name.empty()) {
    std::cout << fmt::format(
        "\nControls (docs/ci.md):\n\n"
        "    -Wno-{0}    turn it off\n"
        "    -Werror={0}    make it an error\n"
        "    # nplc:ignore {1}: <reason>    on its line, or the line before: suppress that one\n",
        e->name, e->code);
  }
  return 0;
}

}  // namespace nplc::driver
