#pragma once
// Requests that answer with edits: `textDocument/formatting` and
// `rangeFormatting` (the layout of `nplc fmt`) and `textDocument/codeAction` (a quick fix for every
// diagnostic whose help comes with edits, diag::Diagnostic::fix).
#include "lsp/analysis.h"
#include "lsp/document_store.h"
#include "lsp/locator.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

// TextEdit[]: one edit replacing the whole text, none when it is formatted,
// null when it does not parse (the diagnostics say why).
Json formatting(const Document& doc);

// TextEdit[] for textDocument/rangeFormatting: the whole lines of the
// statements `range` touches, as `formatting` writes them (layout::formatRange).
Json rangeFormatting(const Document& doc, const Range& range);

// CodeAction[] for the diagnostics of `doc` whose range meets `range`.
Json quickFixes(const Document& doc, const Analysis& a, const FileLinks& links, const Range& range);

}  // namespace nplc::lsp
