#include "lint/lint.h"

namespace nplc::lint {

namespace {

util::Cidr cidr(const char* text) { return *util::parseCidr(text).cidr; }

}  // namespace

std::vector<util::Cidr> Options::defaultPodCidrs() { return model::defaultPodCidrs(); }
std::vector<util::Cidr> Options::defaultServiceCidrs() { return {cidr("10.96.0.0/12"), cidr("10.43.0.0/16")}; }

void runLints(const Input& in) {
  lintNamespaces(in);
  lintAddresses(in);
  lintRedundancy(in);
  lintDeclarations(in);
  lintPolicies(in);
  lintCluster(in);
  keepMostSpecific(in.sink);
}

bool inStdlib(const source::SourceManager& sm, source::Span span) {
  return span.valid() && sm.file(span.file).isStdlib;
}

EdgeSides edgeSides(const model::Program& p) {
  EdgeSides out;
  out.ingress.assign(p.edges.size(), false);
  out.egress.assign(p.edges.size(), false);
  for (const auto& pol : p.policies) {
    for (const auto& r : pol.ingressRules) {
      for (auto e : r.edges) out.ingress[e] = true;
    }
    for (const auto& r : pol.egressRules) {
      for (auto e : r.edges) out.egress[e] = true;
    }
  }
  return out;
}

bool blockOverlaps(const model::IpBlock& block, const util::Cidr& range) {
  if (!util::overlaps(block.cidr, range)) return false;
  // Two overlapping prefixes: one contains the other; the overlap is the longer.
  const util::Cidr& common = block.cidr.prefix >= range.prefix ? block.cidr : range;
  for (const auto& e : block.except) {
    if (util::contains(e, common)) return false;
  }
  return true;
}

}  // namespace nplc::lint
