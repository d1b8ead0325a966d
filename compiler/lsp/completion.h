#pragma once
// textDocument/completion: keywords that may come at the cursor and the names
// in scope there — services and externals of the enclosing namespace, global
// externals, namespaces (completing `ns/` then the services of ns), bundles
// after `allow`, std/ modules after `use`, entities after `entity`. The
// context comes from the tokens before the cursor, so it works while the text
// does not parse; names come from the last analysis (and, for a document that
// does not parse now, from the last time it did).
#include <vector>

#include "lsp/analysis.h"
#include "lsp/document_store.h"
#include "lsp/protocol.h"
#include "lsp/symbols.h"

namespace nplc::lsp {

Json completion(const Document& doc, const Analysis& a, const std::vector<Decl>& lastDecls, Position pos);

}  // namespace nplc::lsp
