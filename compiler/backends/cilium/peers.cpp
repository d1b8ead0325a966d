#include "backends/cilium/peers.h"

#include <fmt/format.h>

namespace nplc::backends::cilium {

namespace {

using K = model::Peer::Kind;

void append(Selector& to, const model::LabelSelector& from) {
  to.reqs.insert(to.reqs.end(), from.reqs.begin(), from.reqs.end());
}

// Namespace labels as Cilium sees them on every pod of the namespace.
Selector namespaceLabels(const model::LabelSelector& s) {
  Selector out;
  for (auto r : s.reqs) {
    r.key = kNamespaceLabelsPrefix + r.key;
    out.reqs.push_back(std::move(r));
  }
  return out;
}

Selector anyNamespace() { return Selector{{{ast::ReqOp::Exists, kPodNamespaceKey, {}}}}; }

// One declared namespace: by name when it is selected by the label Kubernetes
// sets (kubernetes.io/metadata.name), else by its declared labels — the same
// namespaces the Kubernetes target's namespaceSelector matches.
Selector namespaceOf(const model::Program& p, model::Index n) {
  const model::Namespace& ns = p.namespaces[n];
  const auto& reqs = ns.selector.reqs;
  if (analysis::selectsNamespaceByName(ns.selector) && reqs[0].values == std::vector<std::string>{ns.name}) {
    return Selector{{{ast::ReqOp::Equals, kPodNamespaceKey, {ns.name}}}};
  }
  return namespaceLabels(ns.selector);
}

// Pods selected by namespace labels: the Exists requirement keeps the selector
// on pods (a NotIn or DoesNotExist on a namespace label alone would also match
// identities that have no namespace, such as world or host).
Selector inNamespaces(const model::LabelSelector& nsSel) {
  Selector out = namespaceLabels(nsSel);
  append(out, anyNamespace());
  return out;
}

}  // namespace

std::optional<Selector> endpointSelector(const model::Program& p, const model::Peer& peer, model::Index policyNs) {
  Selector out;
  switch (peer.kind) {
    case K::Service:
    case K::Pods:
      if (peer.ns != policyNs) out = namespaceOf(p, peer.ns);
      append(out, peer.kind == K::Service ? p.services[peer.service].selector : peer.pods);
      return out;
    case K::NamespacePods:
      if (peer.ns != policyNs) out = namespaceOf(p, peer.ns);
      return out;
    case K::AllPods:
      return anyNamespace();
    case K::Namespaces:
      return inNamespaces(peer.namespaces);
    case K::PodsInNamespaces:
      out = inNamespaces(peer.namespaces);
      append(out, peer.pods);
      return out;
    default:
      return std::nullopt;
  }
}

Selector kubeDnsSelector() {
  return Selector{
      {{ast::ReqOp::Equals, kPodNamespaceKey, {analysis::kKubeSystem}},
       {ast::ReqOp::Equals, analysis::kKubeDnsLabelKey, {analysis::kKubeDnsLabelValue}}}};
}

std::string selectorText(const Selector& s) {
  std::string out;
  for (const auto& r : s.reqs) out += fmt::format("{}:{}:{};", static_cast<int>(r.op), r.key, fmt::join(r.values, ","));
  return out;
}

namespace {

bool overlapsAny(const util::Cidr& c, const std::vector<util::Cidr>& parts) {
  for (const auto& e : parts) {
    if (util::overlaps(e, c)) return true;
  }
  return false;
}

// Every address of `c` is in one of `parts`. Prefixes either nest or are
// disjoint, so a part that overlaps `c` without containing it lies in one
// half: split until each half is contained or untouched.
bool covered(const util::Cidr& c, const std::vector<util::Cidr>& parts) {
  for (const auto& e : parts) {
    if (util::contains(e, c)) return true;
  }
  const int bits = c.v6 ? 128 : 32;
  if (!overlapsAny(c, parts) || c.prefix >= bits) return false;
  util::Cidr lo = c, hi = c;
  lo.prefix = hi.prefix = c.prefix + 1;
  hi.addr[static_cast<std::size_t>(c.prefix / 8)] |= static_cast<std::uint8_t>(0x80u >> (c.prefix % 8));
  return covered(lo, parts) && covered(hi, parts);
}

}  // namespace

std::vector<util::Cidr> podRangesReached(const model::IpBlock& block, const std::vector<util::Cidr>& podCidrs) {
  std::vector<util::Cidr> out;
  for (const auto& range : podCidrs) {
    if (!util::overlaps(block.cidr, range)) continue;
    // Overlapping prefixes nest: their common addresses are the longer one.
    const util::Cidr& common = block.cidr.prefix >= range.prefix ? block.cidr : range;
    if (!covered(common, block.except)) out.push_back(range);
  }
  return out;
}

}  // namespace nplc::backends::cilium
