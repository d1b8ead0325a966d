#include "model/model.h"

namespace nplc::model {

const char* protocolName(Protocol p) {
  switch (p) {
    case Protocol::TCP: return "TCP";
    case Protocol::UDP: return "UDP";
    case Protocol::SCTP: return "SCTP";
  }
  return "TCP";
}

std::vector<util::Cidr> defaultPodCidrs() {
  // The defaults of kind/kubeadm with flannel and Calico docs (10.244.0.0/16)
  // and of k3s/RKE2 (10.42.0.0/16). Clusters differ: docs/language.md says to
  // pass --pod-cidr.
  std::vector<util::Cidr> out;
  for (const char* text : {"10.244.0.0/16", "10.42.0.0/16"}) out.push_back(*util::parseCidr(text).cidr);
  return out;
}

std::vector<std::size_t> namespaceRanks(const Program& p) {
  std::vector<Index> order(p.namespaces.size());
  for (Index i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return p.namespaces[a].name < p.namespaces[b].name; });
  std::vector<std::size_t> rank(p.namespaces.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool same = i > 0 && p.namespaces[order[i]].name == p.namespaces[order[i - 1]].name;
    rank[order[i]] = same ? rank[order[i - 1]] : i;
  }
  return rank;
}

}  // namespace nplc::model
