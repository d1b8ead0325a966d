#pragma once
// The "Effective access" section of a namespace page: what the generated
// policies allow, from the reachability matrix (backends/access_matrix.h).
#include "backends/access_matrix.h"
#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

// The cells with an end in namespace `ns`: one "allowed ports" column when
// every target agrees on them, a column per target otherwise. `clusterTiers`:
// the targets were judged with the program's ClusterNetworkPolicies.
void effectiveAccess(Document& doc, const AccessMatrix& m, model::Index ns, bool clusterTiers);

}  // namespace nplc::backends::markdown
