#pragma once
// textDocument/hover: what a name stands for. On a service: its declaration,
// namespace, selector and the policies generated for it (from the compiled
// model; while the program has errors there is no model, and the hover says
// so rather than show policies that may be wrong). On namespaces, externals
// and bundles: their declaration.
#include "lsp/analysis.h"
#include "lsp/document_store.h"
#include "lsp/locator.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

// A Hover, or null when there is nothing to say at `pos`.
Json hover(const Document& doc, const Analysis& a, Locator& loc, Position pos);

}  // namespace nplc::lsp
