#include "lsp/edits.h"

#include <tuple>

#include "diag/render_text.h"
#include "layout/layout.h"
#include "lsp/diagnostics.h"
#include "lsp/positions.h"

namespace nplc::lsp {

namespace {

bool before(Position a, Position b) { return std::tie(a.line, a.character) < std::tie(b.line, b.character); }

bool meets(const Range& a, const Range& b) { return !before(a.end, b.start) && !before(b.end, a.start); }

}  // namespace

Json formatting(const Document& doc) {
  diag::Sink sink;
  const auto formatted = layout::formatText(doc.path, doc.text, sink);
  if (!formatted) return nullptr;
  Json edits = Json::array();
  if (*formatted == doc.text) return edits;
  const LineIndex index(doc.text, false);
  edits.push_back({{"range", toJson(index.range(0, static_cast<std::uint32_t>(doc.text.size())))},
                   {"newText", *formatted}});
  return edits;
}

Json rangeFormatting(const Document& doc, const Range& range) {
  const LineIndex index(doc.text, false);
  diag::Sink sink;
  const auto edit = layout::formatRange(doc.path, doc.text, index.offset(range.start), index.offset(range.end), sink);
  if (!edit) return nullptr;
  Json edits = Json::array();
  if (doc.text.compare(edit->begin, edit->end - edit->begin, edit->replacement) == 0) return edits;
  edits.push_back({{"range", toJson(index.range(edit->begin, edit->end))}, {"newText", edit->replacement}});
  return edits;
}

Json quickFixes(const Document& doc, const Analysis& a, const FileLinks& links, const Range& range) {
  Json actions = Json::array();
  Locator loc(a, links);
  for (const auto& d : a.c.sink.sorted()) {
    if (d.fix.empty() || loc.pathOf(d.span) != doc.path || !meets(loc.range(d.span), range)) continue;
    Json changes = Json::object();
    bool placed = true;
    for (const auto& e : d.fix) {
      const auto where = loc.location(e.span);
      if (!where) {
        placed = false;  // an edit in std/: nothing the editor can change
        break;
      }
      changes[(*where)["uri"].get<std::string>()].push_back(
          {{"range", (*where)["range"]}, {"newText", e.replacement}});
    }
    if (!placed) continue;
    actions.push_back({{"title", diag::clip(d.help)},
                       {"kind", "quickfix"},
                       {"diagnostics", Json::array({convert(d, loc)})},
                       {"isPreferred", true},
                       {"edit", {{"changes", std::move(changes)}}}});
  }
  return actions;
}

}  // namespace nplc::lsp
