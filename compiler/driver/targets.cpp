#include "driver/targets.h"

#include "backends/cilium/cilium_backend.h"
#include "backends/cluster_network_policy/cnp_backend.h"
#include "backends/dot/dot_backend.h"
#include "backends/kubernetes/kubernetes_backend.h"
#include "backends/markdown/markdown_backend.h"

namespace nplc::driver {

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"kubernetes", "NetworkPolicy", backends::kubernetes::generate},
      {"cilium", "CiliumNetworkPolicy", backends::cilium::generate},
      {"cluster-network-policy", "ClusterNetworkPolicy", backends::cluster_network_policy::generate},
      {"docs", "Markdown", backends::markdown::generate},
      {"dot", "Graphviz", backends::dot::generate},
  };
  return all;
}

const Target* findTarget(const std::string& name) {
  for (const auto& t : targets()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

std::string targetsHelp() {
  std::string out;
  for (const auto& t : targets()) out += (out.empty() ? "" : ", ") + std::string(t.name) + " (" + t.what + ")";
  return out;
}

}  // namespace nplc::driver
