// --format json: one document per run, described in docs/ci.md and by the
// JSON Schema docs/nplc-diagnostics.schema.json. Keys never change meaning
// within a "version"; new keys may be added.
#include <nlohmann/json.hpp>

#include "diag/catalog.h"
#include "diag/locate.h"
#include "diag/render_formats.h"

namespace nplc::diag {

namespace {

using Json = nlohmann::ordered_json;

Json location(const source::SourceManager& sm, source::Span span) {
  const auto p = locate(sm, span);
  if (!p) return nullptr;
  return Json{{"file", p->path},
              {"line", p->line},
              {"column", p->column},
              {"endLine", p->endLine},
              {"endColumn", p->endColumn}};
}

Json fixJson(const source::SourceManager& sm, const std::vector<Edit>& fix) {
  Json out = Json::array();
  for (const auto& e : fix) {
    Json where = location(sm, e.span);
    if (e.span.begin == e.span.end && where.is_object()) {  // an insertion: locate() widens empty spans to a character
      where["endLine"] = where["line"];
      where["endColumn"] = where["column"];
    }
    out.push_back({{"location", where}, {"replacement", e.replacement}});
  }
  return out;
}

}  // namespace

std::string fullMessage(const Diagnostic& d) {
  std::string out = d.message;
  for (const auto& n : d.notes) out += "\nnote: " + n;
  if (!d.help.empty()) out += "\nhelp: " + d.help;
  return out;
}

void renderJson(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                const RunInfo& run) {
  Json list = Json::array();
  for (const auto& d : diags) {
    const auto* entry = lookup(d.code);
    Json labels = Json::array();
    for (const auto& l : d.labels) labels.push_back({{"message", l.message}, {"location", location(sm, l.span)}});
    list.push_back({
        {"code", d.code},
        {"name", entry != nullptr && !entry->name.empty() ? Json(std::string(entry->name)) : Json(nullptr)},
        {"severity", d.severity == Severity::Error ? "error" : "warning"},
        {"message", d.message},
        {"location", location(sm, d.span)},
        {"labels", labels},
        {"notes", d.notes},
        {"help", d.help.empty() ? Json(nullptr) : Json(d.help)},
        {"fix", fixJson(sm, d.fix)},
    });
  }
  const Json doc = {
      {"format", "nplc-diagnostics"}, {"version", 1},
      {"nplc", NPLC_VERSION},         {"diagnostics", list},
      {"ioErrors", run.ioErrors},     {"summary", {{"errors", run.errors}, {"warnings", run.warnings}}},
  };
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace nplc::diag
