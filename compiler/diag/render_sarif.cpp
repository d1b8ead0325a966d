// --format sarif: a SARIF 2.1.0 log with one run, shaped for GitHub code
// scanning: every catalog code is a rule (with help text and a default
// level), results carry relative URIs under %SRCROOT%, 1-based regions in
// code points, and partialFingerprints that do not change when lines move.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "diag/catalog.h"
#include "diag/examples.h"
#include "diag/locate.h"
#include "diag/render_formats.h"

namespace nplc::diag {

namespace {

using Json = nlohmann::ordered_json;

// RFC 3986: keep unreserved characters and '/', percent-encode every other byte.
std::string uriEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

Json physical(const source::SourceManager& sm, source::Span span) {
  const auto p = locate(sm, span);
  if (!p || p->stdlib) return nullptr;
  Json artifact;
  if (!p->relative.empty()) {
    artifact = {{"uri", uriEncode(p->relative)}, {"uriBaseId", "%SRCROOT%"}};
  } else {
    std::error_code ec;
    const auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(p->path, ec), ec);
    artifact = {{"uri", "file://" + uriEncode(abs.generic_string())}};
  }
  return {{"artifactLocation", artifact},
          {"region",
           {{"startLine", p->line}, {"startColumn", p->column}, {"endLine", p->endLine}, {"endColumn", p->endColumn}}}};
}

std::string ruleName(const CatalogEntry& e) {
  if (!e.name.empty()) return std::string(e.name);
  std::string out;
  for (char c : e.title) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

Json rule(const CatalogEntry& e) {
  const std::string_view example = exampleFor(e.code);
  std::string text = std::string(e.explain);
  std::string markdown = std::string(e.explain);
  if (!example.empty()) {
    text += "\n\nExample:\n\n" + std::string(example);
    markdown += "\n\nExample:\n\n```\n" + std::string(example) + "```";
  }
  const std::string more =
      fmt::format("\n\n`nplc explain {}` prints this with what nplc reports on the example.", e.code);
  text += more;
  markdown += more;
  if (!e.name.empty()) {
    const std::string flags = fmt::format(
        "\n\nDisable with -Wno-{0}, make an error with -Werror={0}, or suppress one "
        "occurrence with `# nplc:ignore {1}: <reason>`.",
        e.name, e.code);
    text += flags;
    markdown += flags;
  }
  const char* level = e.severity == Severity::Error ? "error" : "warning";
  return {{"id", std::string(e.code)},
          {"name", ruleName(e)},
          {"shortDescription", {{"text", std::string(e.title)}}},
          {"fullDescription", {{"text", std::string(e.explain)}}},
          {"help", {{"text", text}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", level}}},
          {"properties", {{"tags", Json::array({"nplc", level})}}}};
}

}  // namespace

void renderSarif(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                 const RunInfo& run) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> ruleIndex;
  for (const auto& e : catalog()) {
    ruleIndex[std::string(e.code)] = rules.size();
    rules.push_back(rule(e));
  }
  Json results = Json::array();
  std::map<std::string, int> occurrences;
  for (const auto& d : diags) {
    Json r = {{"ruleId", d.code},
              {"ruleIndex", ruleIndex.at(d.code)},
              {"level", d.severity == Severity::Error ? "error" : "warning"},
              {"message", {{"text", fullMessage(d)}}}};
    Json loc = physical(sm, d.span);
    r["locations"] = loc.is_null() ? Json::array() : Json::array({{{"physicalLocation", loc}}});
    Json related = Json::array();
    for (const auto& l : d.labels) {
      Json pl = physical(sm, l.span);
      if (pl.is_null()) continue;
      related.push_back({{"id", related.size()}, {"physicalLocation", pl}, {"message", {{"text", l.message}}}});
    }
    if (!related.empty()) r["relatedLocations"] = related;
    // Stable across edits elsewhere: the code, the file and the text of the
    // line and span, not their numbers; identical ones are counted apart.
    std::string key = d.code;
    // Not the text of a file that is not text (E0002, E0003): a fingerprint
    // of a short secret could be reversed by trying candidates.
    if (const auto p = locate(sm, d.span)) {
      key += "\n" + (p->relative.empty() ? p->path : p->relative);
      if (sm.file(d.span.file).isText)
        key += "\n" + trimmed(sm.lineText(d.span.file, p->line)) + "\n" + std::string(sm.text(d.span));
    }
    key += "\n" + d.message;
    const int n = ++occurrences[key];
    r["partialFingerprints"] = {{"nplcFingerprint/v1", fmt::format("{:016x}:{}", fnv1a(key), n)}};
    results.push_back(std::move(r));
  }
  Json notifications = Json::array();
  for (const auto& e : run.ioErrors) notifications.push_back({{"level", "error"}, {"message", {{"text", e}}}});
  std::error_code ec;
  std::string root = std::filesystem::current_path(ec).generic_string();
  if (root.empty() || root.back() != '/') root += '/';
  const Json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       Json::array({{
           {"tool",
            {{"driver",
              {{"name", "nplc"}, {"version", NPLC_VERSION}, {"semanticVersion", NPLC_VERSION}, {"rules", rules}}}}},
           {"invocations", Json::array({{{"executionSuccessful", run.ioErrors.empty()},
                                         {"toolExecutionNotifications", notifications}}})},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + uriEncode(root)}}}}},
           {"columnKind", "unicodeCodePoints"},
           {"results", results},
       }})},
  };
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace nplc::diag
