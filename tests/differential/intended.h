#pragma once
// What an NPL program means, stated a second time: from the resolved model's
// declarations (namespaces, services, baselines, `deny-all`, edges, bundle
// edges, deny intents), following docs/language.md and the brief, WITHOUT
// the policy plan or a backend. The differential test compares it with what
// the evaluators (compiler/eval/) find in the generated objects.
//
// Targets differ only where the language says so: HTTP rules are enforced on
// Cilium only; DNS names and entities are peers on Cilium only; CIDRs match
// pods on NetworkPolicy only (nplc refuses a CIDR over the pod ranges for
// Cilium, E0402); a pod with a DNS-name destination may query kube-dns on
// Cilium (the rule generated with toFQDNs).
#include <string>
#include <vector>

#include "eval/cluster.h"
#include "eval/verdict.h"
#include "model/model.h"

namespace nplc::differential {

enum class Target { Kubernetes, Cilium };

class Intended {
 public:
  Intended(const model::Program& program, const eval::Cluster& cluster) : p_(program), cluster_(cluster) {}

  // `request` is judged on Cilium only; nullptr judges the connection.
  bool allowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port, const std::string& protocol,
               const eval::HttpRequest* request = nullptr) const;

  // The deny intents that name this connection (sema refuses a program whose
  // policies allow one, so none of them may be allowed).
  std::vector<const model::Edge*> deniesOf(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                                           const std::string& protocol) const;

 private:
  // `ruleNs`: the namespace of the policy whose rule names the peer.
  bool standsFor(Target t, const model::Peer& peer, const eval::Endpoint& end, model::Index ruleNs) const;
  bool egressAllowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                     const std::string& protocol, const eval::HttpRequest* request) const;
  bool ingressAllowed(Target t, const eval::Endpoint& from, const eval::Endpoint& to, int port,
                      const std::string& protocol, const eval::HttpRequest* request) const;
  bool egressRuleReaches(const model::Edge& e, const eval::Pod& pod) const;
  bool ingressRuleReaches(const model::Edge& e, const eval::Pod& pod) const;
  bool targeted(const model::Peer& peer) const;
  bool isPolicySubject(const model::Peer& peer) const;
  model::Index subjectNamespace(const model::Peer& peer) const;  // a policy subject's namespace
  model::Index namespaceOf(const eval::Pod& pod) const;  // kNone: not declared by the program

  const model::Program& p_;
  const eval::Cluster& cluster_;
};

// Exposed for the generator's and the test's own checks.
bool selectorMatches(const model::LabelSelector& s, const eval::Labels& labels);
// Every set of labels `inner` matches, `outer` matches too, as far as the
// requirements show it (a sound, incomplete test).
bool selectorContains(const model::LabelSelector& outer, const model::LabelSelector& inner);
// An HTTP rule's glob path: `*` is any run of characters, `/` included.
bool globMatches(const std::string& glob, const std::string& text);

}  // namespace nplc::differential
