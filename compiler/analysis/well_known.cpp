#include "analysis/well_known.h"

#include "analysis/overlap.h"

namespace nplc::analysis {

bool isCiliumEntity(std::string_view name) {
  for (const char* e : kCiliumEntities)
    if (name == e) return true;
  return false;
}

model::Requirement namespaceNamed(const std::string& name) {
  return {ast::ReqOp::Equals, kNamespaceNameLabel, {name}};
}

bool selectsNamespaceByName(const model::LabelSelector& sel) {
  return sel.reqs.size() == 1 && sel.reqs[0].op == ast::ReqOp::Equals && sel.reqs[0].key == kNamespaceNameLabel;
}

model::Peer kubeDnsPeer(const model::Program& p) {
  model::Peer peer;
  peer.kind = model::Peer::Kind::PodsInNamespaces;
  peer.namespaces.reqs.push_back(namespaceNamed(kKubeSystem));
  for (const auto& ns : p.namespaces) {
    if (ns.name != kKubeSystem || selectsNamespaceByName(ns.selector)) continue;
    peer.namespaces.reqs.insert(peer.namespaces.reqs.end(), ns.selector.reqs.begin(), ns.selector.reqs.end());
  }
  peer.pods.reqs.push_back({ast::ReqOp::Equals, kKubeDnsLabelKey, {kKubeDnsLabelValue}});
  peer.text = "kube-system/kube-dns";
  return peer;
}

bool mayBeKubeDns(const model::Program& p, const model::Peer& peer) { return peersMayOverlap(p, peer, kubeDnsPeer(p)); }

}  // namespace nplc::analysis
