#include "lsp/diagnostics.h"

#include <fmt/format.h>

#include "diag/render_text.h"

namespace nplc::lsp {

Json convert(const diag::Diagnostic& d, Locator& loc) {
  std::string message = diag::clip(d.message);
  if (loc.pathOf(d.span).empty() && d.span.valid()) message = loc.where(d.span) + ": " + message;
  Json related = Json::array();
  for (const auto& l : d.labels) {
    if (auto where = loc.location(l.span)) {
      related.push_back({{"location", *where}, {"message", diag::clip(l.message)}});
    } else {
      message += fmt::format("\nnote: {}: {}", loc.where(l.span), diag::clip(l.message));
    }
  }
  for (const auto& n : d.notes) message += "\nnote: " + diag::clip(n);
  if (!d.help.empty()) message += "\nhelp: " + diag::clip(d.help);
  Json out = {{"range", toJson(loc.range(d.span))},
              {"severity", d.severity == diag::Severity::Error ? 1 : 2},
              {"code", d.code},
              {"source", "nplc"},
              {"message", message}};
  if (!related.empty()) out["relatedInformation"] = std::move(related);
  return out;
}

namespace {

Json plainError(const std::string& message) {
  return {{"range", toJson(Range{})}, {"severity", 1}, {"source", "nplc"}, {"message", message}};
}

}  // namespace

std::map<std::string, Json> lspDiagnostics(const Analysis& a, const FileLinks& links) {
  std::map<std::string, Json> out;
  for (const auto& [path, id] : a.fileByPath) out[path] = Json::array();
  out[""] = Json::array();
  Locator loc(a, links);
  for (const auto& d : a.c.sink.sorted()) out[loc.pathOf(d.span)].push_back(convert(d, loc));
  for (const auto& e : a.c.ioErrors) out[""].push_back(plainError("nplc: " + e));
  for (const auto& e : a.projectErrors) out[""].push_back(plainError(e));
  if (!a.internalError.empty()) {
    out[""].push_back(
        plainError("nplc: " + a.internalError + " (this is a bug in nplc; please report it with the input)"));
  }
  return out;
}

}  // namespace nplc::lsp
