#pragma once
// textDocument/documentSymbol: the outline of one document — namespaces with
// their services, externals, baselines, allows and edges; top-level externals;
// bundles with their edges; uses. Parsed from the document's current text
// alone, so it needs no program; a text with syntax errors has no outline.
#include "lsp/document_store.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

Json documentSymbols(const Document& doc);

}  // namespace nplc::lsp
