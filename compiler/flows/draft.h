#pragma once
// `nplc import --flows`: NPL drafted from observed connections
// (docs/flows.md, "Drafting sources"). One file per namespace that has pods
// in the capture: `deny-all baseline` and `allow dns` (zero trust), a service
// per workload, an external per address group and per DNS name, and an edge
// per connection with its ports, HTTP requests and flow counts. What NPL
// cannot allow (ICMP, pods without labels) is a warning at the flow's line.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "flows/connections.h"

namespace nplc::flows {

struct DraftOptions {
  // A method's paths that share a parent folder become `METHOD /folder/*`
  // when at least this many distinct ones do.
  std::size_t httpGlobThreshold = 3;
};

// What the draft leaves out, and why; `at` is the capture's "FILE:LINE", or
// empty for a count of more of the same.
struct DraftWarning {
  std::string at, message;
};

struct Draft {
  std::map<std::string, std::string> files;  // namespace -> NPL text, in `nplc fmt` layout
  std::vector<DraftWarning> warnings;
};

Draft draftSources(const Connections& conns, const DraftOptions& options = {});

// The workload a pod belongs to, from its name: the name without the suffixes
// a Deployment (ReplicaSet hash, pod suffix), a StatefulSet (ordinal) or a
// DaemonSet (pod suffix) adds. `templateHash`: the pod's pod-template-hash label.
std::string workloadOfPod(const std::string& pod, const std::string& templateHash = "");

}  // namespace nplc::flows
