#pragma once
// How Cilium merges the rules of every policy that selects a pod, and where
// that loses what the user wrote:
// - E0405: an HTTP rule and an L4-only rule for the same pod, peer and port —
//   Cilium merges them and the L4 rule lets every request through (sema's
//   E0303 catches the same destination; this catches overlapping ones, such
//   as `*` and a service, or two selectors one pod can match);
// - W0102: the same, when the two ports meet only if a named port is the
//   numbered one (nplc cannot know: the pod's spec resolves the name);
// - E0406: HTTP rules on port 53 of kube-dns for a pod that also gets the DNS
//   visibility rule (HTTP and DNS rules cannot share a port);
// - E0302: a deny intent that the generated DNS visibility rule violates.
#include "backends/cilium/context.h"

namespace nplc::backends::cilium {

void checkL7Merges(Context& cx);

}  // namespace nplc::backends::cilium
