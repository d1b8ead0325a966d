#include "backends/cilium/deny_rules.h"

#include <fmt/format.h>

#include <map>

#include "backends/cilium/translate.h"

namespace nplc::backends::cilium {

namespace {

using K = model::Peer::Kind;
using model::Index;

class DenyBuilder {
 public:
  explicit DenyBuilder(Context& cx) : cx_(cx), p_(cx.p) {}

  std::vector<Policy> run() {
    for (Index i = 0; i < p_.denies.size(); ++i) {
      const model::Edge& d = p_.denies[i];
      side(i, d.to, d.from, true);
      side(i, d.from, d.to, false);
    }
    std::vector<Policy> out;
    for (auto& [_, pol] : byName_) out.push_back(std::move(pol));
    return out;
  }

 private:
  Context& cx_;
  const model::Program& p_;
  std::map<std::pair<std::string, std::string>, Policy> byName_;  // (namespace, name)

  // `subject` gets the rule; `remote` is what it denies.
  void side(Index deny, const model::Peer& subject, const model::Peer& remote, bool ingress) {
    const model::Edge& d = p_.denies[deny];
    const bool podSide = subject.kind == K::Service || subject.kind == K::NamespacePods || subject.kind == K::Pods;
    if (!podSide || p_.namespaces[subject.ns].external) return;  // nplc writes nothing there
    if (subject.kind == K::Pods) {
      auto* diag = cx_.once("E0409", fmt::format("{}:{}", subject.span.file, subject.span.begin), subject.span,
                            fmt::format("`{}` cannot carry a Cilium deny rule", subject.text));
      if (diag) {
        diag->label(d.span, "in this deny intent")
            .note(
                "with --cilium-deny-rules each side of a deny intent in a managed namespace gets a deny policy, "
                "named after its service")
            .withHelp("declare the pods as a service, e.g. `service NAME { selector }`, and deny with its name");
      }
      return;
    }
    if (remote.kind == K::Fqdn) {
      auto* diag = cx_.once("E0404", fmt::format("{}:{}", remote.span.file, remote.span.begin), remote.span,
                            fmt::format("`{}` is a DNS name: Cilium's deny rules cannot match DNS names", remote.text));
      if (diag) {
        diag->label(d.span, "in this deny intent")
            .note("egressDeny has no toFQDNs, and no rule matches a source by name")
            .withHelp(
                "deny the name's addresses (an external with CIDRs), or build without --cilium-deny-rules to keep "
                "the deny intent a compile-time check");
      }
      return;
    }
    checkRemotePeer(cx_, remote, model::kNone, d.span);
    Rule rules[4];
    const Rule::L3 kinds[4] = {Rule::L3::Endpoints, Rule::L3::CidrSet, Rule::L3::Entities, Rule::L3::Fqdns};
    const auto toPorts = portRules(d.ports, {});
    for (int i = 0; i < 4; ++i) {
      rules[i].kind = kinds[i];
      rules[i].toPorts = toPorts;
      rules[i].edges = {deny};
    }
    addPeer(cx_, remote, subject.ns, ingress, rules[0], rules[1], rules[2], rules[3]);

    const std::string base = subject.kind == K::Service ? p_.services[subject.service].name : std::string("all-pods");
    const std::string name = base + (ingress ? "-ingress-deny" : "-egress-deny");
    auto [it, fresh] = byName_.try_emplace({p_.namespaces[subject.ns].name, name});
    Policy& pol = it->second;
    const model::PolicySubject who = subject.kind == K::Service
                                         ? model::PolicySubject{model::PolicySubject::Kind::Service, subject.service, {}}
                                         : model::PolicySubject{model::PolicySubject::Kind::AllPods, model::kNone, {}};
    if (!fresh && pol.subject != who) {
      // Two subjects, one name: merging them would apply one deny to the
      // other's pods. The plan reserves the names of `*`; this keeps any
      // other clash from ever being merged silently.
      cx_.sink.report("E0210", d.span, fmt::format("two Cilium deny policies would be named '{}' in namespace '{}'",
                                                   name, p_.namespaces[subject.ns].name))
          .label(pol.span, "the other one comes from this deny intent")
          .withHelp("rename the service whose policy name clashes");
      return;
    }
    if (fresh) {
      pol.name = name;
      pol.ns = subject.ns;
      if (subject.kind == K::Service) pol.endpointSelector = p_.services[subject.service].selector;
      pol.noDefaultDeny = true;
      pol.subject = who;
      pol.span = d.span;
    }
    for (auto& r : rules) {
      if (!r.endpoints.empty() || !r.cidrs.empty() || !r.entities.empty()) {
        (ingress ? pol.ingressDeny : pol.egressDeny).push_back(std::move(r));
      }
    }
  }
};

}  // namespace

std::vector<Policy> denyPolicies(Context& cx) { return DenyBuilder(cx).run(); }

}  // namespace nplc::backends::cilium
