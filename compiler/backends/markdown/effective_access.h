#pragma once
// The "Effective access" section of a namespace page: what the generated
// policies allow, from the reachability matrix (backends/access_matrix.h).
#include "backends/access_matrix.h"
#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

// The cells with an end in namespace `ns`: one "allowed ports" column when
// every target agrees on them, a column per target otherwise.
// `clusterBlocks`: the kind of objects that carry the cluster-scope blocks ("" without blocks).
void effectiveAccess(Document& doc, const AccessMatrix& m, model::Index ns, const std::string& clusterBlocks);

}  // namespace nplc::backends::markdown
