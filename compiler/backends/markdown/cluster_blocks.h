#pragma once
// The cluster-scope blocks on the docs pages: the index lists the guardrails
// (`admin`) and defaults (`baseline`) with their source lines, and each
// namespace page the ones that may apply to its pods.
#include "backends/markdown/docs_view.h"
#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

void clusterBlocksIndex(Document& doc, const View& v);
void clusterBlocksOfNamespace(Document& doc, const View& v, model::Index ns);

}  // namespace nplc::backends::markdown
