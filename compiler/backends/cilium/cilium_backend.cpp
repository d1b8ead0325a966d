#include "backends/cilium/cilium_backend.h"

#include "backends/policy_yaml.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "backends/cilium/clusterwide.h"
#include "backends/cilium/context.h"
#include "backends/cilium/deny_rules.h"
#include "backends/cilium/emit_yaml.h"
#include "backends/cilium/l7_checks.h"
#include "backends/cilium/named_ports.h"
#include "backends/cilium/translate.h"
#include "analysis/policy_names.h"
#include "model/plan_text.h"
#include "util/k8s_names.h"

namespace nplc::backends::cilium {

namespace {

// Deny policies get names of their own; they must not meet the plan's.
void addDenyPolicies(Context& cx, std::vector<Policy>& policies) {
  std::map<std::pair<model::Index, std::string>, const Policy*> byName;
  for (const auto& pol : policies) byName[{pol.ns, pol.name}] = &pol;
  for (auto& pol : denyPolicies(cx)) {
    if (!analysis::checkPolicyName(cx.sink, pol.name, pol.span, "service name")) continue;
    if (auto it = byName.find({pol.ns, pol.name}); it != byName.end()) {
      cx.sink
          .report(
              "E0210", pol.span,
              fmt::format("two policies would be named '{}' in namespace '{}'", pol.name, cx.p.namespaces[pol.ns].name))
          .label(it->second->span, fmt::format("the other one comes from here ({})",
                                              model::describeSubject(cx.p, it->second->subject)))
          .withHelp("rename the service whose deny policy this is");
      continue;
    }
    policies.push_back(std::move(pol));
  }
}

// Where each rule of each object comes from, as laid out above.
void recordOrigins(const model::Program& p, const std::vector<Policy>& policies, RuleOrigins& origins) {
  for (const auto& pol : policies) {
    for (const auto& [section, rules] : {std::pair{"ingress", &pol.ingressRules}, {"egress", &pol.egressRules},
                                         {"ingressDeny", &pol.ingressDeny}, {"egressDeny", &pol.egressDeny}}) {
      for (std::size_t i = 0; i < rules->size(); ++i) {
        const Rule& r = (*rules)[i];
        RuleOrigin o{{r.edges.begin(), r.edges.end()}, "", {}};
        if (pol.clusterRule != model::kNone) {
          o.clusterRule = pol.clusterRule;
        } else if (o.edges.empty()) {
          o.added = r.kind == Rule::L3::None ? "the empty rule nplc writes so that the section isolates"
                                             : kDnsLookupsRule;
        }
        origins[{"cilium", pol.ns == model::kNone ? "" : p.namespaces[pol.ns].name, pol.name, section, i}] =
            std::move(o);
      }
    }
  }
}

}  // namespace

OutputFiles generate(const BackendInput& in) {
  const source::SourceManager& sm = in.sm;
  const model::Program& program = in.program;
  Context cx(sm, program, in.options, in.sink);
  auto policies = translatePlan(cx);
  checkL7Merges(cx);
  checkEgressNamedPorts(cx);
  if (in.options.ciliumDenyRules) addDenyPolicies(cx, policies);
  // Without the ClusterNetworkPolicy target, the cluster-scope blocks are ours.
  auto clusterwide = in.options.clusterTier ? std::vector<Policy>{} : clusterwidePolicies(cx);
  if (!in.options.render) return {};  // every check above ran; writing the YAML reports nothing
  model::sortPolicies(program, policies);
  policies.insert(policies.begin(), std::make_move_iterator(clusterwide.begin()),
                  std::make_move_iterator(clusterwide.end()));
  if (in.origins) recordOrigins(program, policies, *in.origins);

  OutputFiles files;
  addPolicyFiles(files, "cilium", program, policies,
                 [&](const Policy& pol) { return emitPolicy(program, pol, sourceAnnotation(sm, pol.span)); });
  return files;
}

}  // namespace nplc::backends::cilium
