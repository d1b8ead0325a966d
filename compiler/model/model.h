#pragma once
// The resolved model: what the user means, with every name resolved and every
// value validated. Every backend reads only this (and the policy plan in it).
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <map>
#include <string>
#include <vector>

#include "source/source_manager.h"
#include "util/npl_terms.h"
#include "util/cidr.h"

namespace nplc::model {

using source::Span;
using Index = std::size_t;
inline constexpr Index kNone = static_cast<Index>(-1);

enum class Protocol { TCP, UDP, SCTP };
const char* protocolName(Protocol p);  // "TCP", "UDP", "SCTP"

struct Requirement {
  ast::ReqOp op = ast::ReqOp::Equals;
  std::string key;
  std::vector<std::string> values;
};

// Requirements are ANDed. Empty = every pod (or every namespace).
struct LabelSelector {
  std::vector<Requirement> reqs;
  bool empty() const { return reqs.empty(); }
};

struct Namespace {
  std::string name;
  bool external = false;
  LabelSelector selector;  // how other namespaces select this one
  bool enforceIngress = false, enforceEgress = false;  // from a baseline
  Span ingressBaseline, egressBaseline;
  std::vector<Index> services;
  Span span;
};

// A container port of a service's pods, by name (`ports { http: 8080 }`):
// what a named port of an edge or an expectation is on those pods.
struct ContainerPort {
  std::string name;
  std::uint16_t port = 0;
  Protocol protocol = Protocol::TCP;
  Span span;
};

struct Service {
  Index ns = kNone;
  std::string name;
  LabelSelector selector;
  std::vector<ContainerPort> ports;  // empty: not declared
  bool isolateIngress = false, isolateEgress = false;  // deny-all on the service
  Span isolateSpan;
  Span span;
};

struct IpBlock {
  util::Cidr cidr;
  std::vector<util::Cidr> except;
  // An external's whole value when it is this one CIDR, written literally:
  // where a fix can add `except` (lint W0202). Invalid otherwise.
  source::Span soleValue;
};

struct Peer {
  enum class Kind {
    Any,                // everything: the rule has no from/to
    Service,            // service
    NamespacePods,      // every pod of namespace ns
    AllPods,            // every pod of every namespace
    Pods,               // pods matching `pods` in namespace ns
    PodsInNamespaces,   // pods matching `pods` in namespaces matching `namespaces` (empty = all)
    Namespaces,         // every pod of namespaces matching `namespaces`
    IpBlocks,           // ipBlock per block
    Fqdn,               // DNS names (Cilium only)
    Entity,             // Cilium entity
    Nodes,              // the cluster's nodes matching `nodes` (ClusterNetworkPolicy egress only)
  };
  Kind kind = Kind::Any;
  Index service = kNone;
  Index ns = kNone;
  LabelSelector pods, namespaces;
  LabelSelector nodes;  // Nodes: node labels
  std::vector<IpBlock> blocks;
  std::vector<std::string> fqdns;
  std::string entity;
  std::string text;  // as written, for messages and docs
  Span span;

  // Whether it stands for pods (a service, `ns/*`, `*/*`, pods or namespaces
  // by labels), not addresses, DNS names, an entity or `any`.
  bool isPods() const {
    return kind == Kind::Service || kind == Kind::NamespacePods || kind == Kind::AllPods || kind == Kind::Pods ||
           kind == Kind::PodsInNamespaces || kind == Kind::Namespaces;
  }
};

struct Port {
  enum class Kind { Number, Range, Named, AllOfProtocol };
  Kind kind = Kind::Number;
  std::uint16_t port = 0, endPort = 0;
  std::string name;
  Protocol protocol = Protocol::TCP;
  Span span;
};

struct HttpRule {
  std::string method, path;
  Span span;
};

struct Edge {
  Peer from, to;
  std::vector<Port> ports;  // empty: every port and protocol
  std::vector<HttpRule> http;
  ast::Sides sides = ast::Sides::Both;
  Index ns = kNone;     // namespace it was written (or expanded) in
  std::string bundle;   // set when it came from `allow BUNDLE`
  Span allowSpan;       // the `allow` line, for bundle edges
  Span span;
};

// `expect FROM -> TO:PORT [METHOD /path] allowed|denied [on TARGET, ...]`:
// what every target's objects must allow or deny. The ends are peers as in
// edges (a service, `ns/*`, an address or external, a DNS name, an entity);
// the port is a number or a name the destination service declares.
struct Expect {
  Peer from, to;
  Port port;  // Number or Named
  bool hasHttp = false;
  HttpRule http;
  bool allowed = true;
  std::vector<std::string> targets;  // as written, checked by the driver; empty: every target
  std::vector<Span> targetSpans;
  Index ns = kNone;  // where it was written (kNone: top level)
  Span span;
};

// ---------------------------------------------------------------- policy plan
// Target-independent: which policies exist and which rules each carries.

// A peer of a rule with the edges (or bundle edges, whose `allow` line is
// Edge::allowSpan) that put it there: "which source line put this peer on
// this port in this policy" is a lookup, never a re-match.
//
// `peer` is the remote end of its first edge, in Program::edges (copies were
// 341 MB of the 1M-line bench check's 2.86 GB heap peak): a Program is
// move-only, and its edges never change after the resolve-edges pass, so it
// stays valid for the Program's life.
struct RulePeer {
  const Peer* peer = nullptr;
  std::vector<Index> edges;
};

struct Rule {
  std::vector<RulePeer> peers;  // ORed; empty with anyPeer = every peer
  bool anyPeer = false;
  std::vector<Index> anyPeerEdges;  // the edges whose peer is `any`
  std::vector<Index> edges;  // every edge it came from, in source order
  // The edge that made it, in Program::edges (as RulePeer::peer): every edge
  // of a rule has the same ports and HTTP rules (copies per rule were 174 MB
  // of the 1M-line bench check's peak resident memory).
  const Edge* first = nullptr;
  const std::vector<Port>& ports() const { return first->ports; }  // empty: every port
  const std::vector<HttpRule>& http() const { return first->http; }
};

// What a policy stands for, as data: its name and pods follow from it.
struct PolicySubject {
  enum class Kind {
    Baseline,  // default-deny-*: every pod of the namespace
    Service,   // SERVICE-ingress / SERVICE-egress
    AllPods,   // all-pods-*: `*` of the namespace
    Bundle,    // allow-BUNDLE
  };
  Kind kind = Kind::Baseline;
  Index service = kNone;  // Kind::Service
  std::string bundle;     // Kind::Bundle
  bool operator==(const PolicySubject&) const = default;
};

struct Policy {
  std::string name;
  Index ns = kNone;
  PolicySubject subject;
  LabelSelector podSelector;
  bool ingress = false, egress = false;  // policyTypes
  std::vector<Rule> ingressRules, egressRules;
  Span span;  // the declaration it comes from
};

// ---------------------------------------------------------------- cluster scope
// A statement of an `admin { }` or `baseline { }` block, resolved: one
// connection rule of a ClusterNetworkPolicy tier. `*` and `deny-all` stand
// for the namespaces the program manages (a Namespaces peer selecting them
// by name); a bundle's edges keep their direction.
struct ClusterRule {
  enum class Tier { Admin, Baseline };
  enum class Action { Allow, Deny, Pass };
  Tier tier = Tier::Admin;
  Action action = Action::Allow;
  Peer from, to;
  std::vector<Port> ports;               // empty: all traffic
  ast::Sides sides = ast::Sides::Both;   // bundle edges and deny-all keep one side
  int priority = -1;                     // `priority N`; -1: allocated by the target
  std::string bundle;                    // set when it came from `allow BUNDLE`
  Span span;                             // the statement
};

// The pod ranges nplc assumes when --pod-cidr is not given.
std::vector<util::Cidr> defaultPodCidrs();  // 10.244.0.0/16, 10.42.0.0/16

// Each edge's keys as numbers, one element per Program::edges (equal
// analysis::peerKey or portsKey, equal numbers): set once by the planner
// (analysis::edgeKeys), read by it and by lint's W0204, whose tables they key.
struct EdgeKeys {
  std::vector<std::uint32_t> from, to;  // peerKey of each end
  std::vector<std::uint32_t> ports;     // portsKey of its ports and HTTP rules
};

// Move-only: its rules' peers point into its edges (RulePeer).
struct Program {
  Program() = default;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  Program(Program&&) = default;
  Program& operator=(Program&&) = default;
  std::vector<Namespace> namespaces;
  std::vector<Service> services;
  std::vector<Edge> edges;
  std::vector<Edge> denies;
  std::vector<Expect> expects;
  std::vector<Policy> policies;  // sorted by (namespace, name); immutable once planned
  std::vector<ClusterRule> clusterRules;  // source order (files in load order)
  EdgeKeys edgeKeys;                      // set by the planner
};

// Plan order, which is also file order: by namespace name, then policy name.
template <class P>
void sortPolicies(const Program& p, std::vector<P>& policies) {
  std::sort(policies.begin(), policies.end(), [&](const P& a, const P& b) {
    return std::tie(p.namespaces[a.ns].name, a.name) < std::tie(p.namespaces[b.ns].name, b.name);
  });
}

}  // namespace nplc::model
