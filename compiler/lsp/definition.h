#pragma once
// textDocument/definition: where a service, namespace, external or bundle
// name is declared (every block of a namespace declared in several), and the
// file a `use "file.npl"` imports. Declarations inside std/ modules have no
// file to open and are left out.
#include "lsp/analysis.h"
#include "lsp/document_store.h"
#include "lsp/locator.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

// An array of Locations, or null.
Json definition(const Document& doc, const Analysis& a, Locator& loc, Position pos);

}  // namespace nplc::lsp
