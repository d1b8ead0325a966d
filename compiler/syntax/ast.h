#pragma once
// The AST: what was written, with spans, before any name is resolved.
// Owned plain structs; the parse tree is dropped once this is built.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/source_manager.h"
#include "util/npl_terms.h"

namespace nplc::ast {

using source::Span;

struct Ident {
  std::string text;
  Span span;
  bool operator==(const Ident&) const = default;
};

struct Requirement {
  ReqOp op = ReqOp::Equals;
  Ident key;
  std::vector<Ident> values;  // Equals: one; In/NotIn: one or more
  Span span;
  bool operator==(const Requirement&) const = default;
};

struct Selector {
  std::vector<Requirement> reqs;
  Span span;
  bool operator==(const Selector&) const = default;
};

enum class Direction { Both, Ingress, Egress };

struct PortItem {
  enum class Kind { Number, Range, Named, AllOfProtocol };
  Kind kind = Kind::Number;
  std::uint64_t lo = 0, hi = 0;  // Number: lo; Range: lo..hi (unvalidated)
  std::string name;              // Named
  std::optional<Ident> protocol;
  Span span;
  Span valueSpan;
  bool operator==(const PortItem&) const = default;
};

struct HttpRule {
  std::string method;
  std::string path;
  Span span;
  Span pathSpan;
  bool operator==(const HttpRule&) const = default;
};

struct PortSpec {
  std::vector<PortItem> ports;
  std::vector<HttpRule> http;
  Span span;
  bool operator==(const PortSpec&) const = default;
};

struct Peer {
  enum class Kind {
    Any,            // any
    AllPods,        // */*
    LocalPods,      // *
    NamespacePods,  // ns/*
    Qualified,      // ns/name
    Pods,           // pods { sel } [in nsRef]
    Namespaces,     // namespaces { sel }
    Nodes,          // nodes { sel }: cluster blocks' egress only
    Entity,         // entity NAME
    Cidr,           // inline CIDR
    Name,           // bare name
  };
  enum class NsRef { None, Named, Selector, All };
  Kind kind = Kind::Any;
  Ident ns;    // NamespacePods, Qualified, Pods+Named
  Ident name;  // Qualified, Name, Entity; Cidr: the text
  Selector selector;    // Pods, Namespaces, Nodes
  NsRef nsRef = NsRef::None;
  Selector nsSelector;  // Pods + NsRef::Selector
  Span span;
  bool operator==(const Peer&) const = default;
};

struct Edge {
  Sides sides = Sides::Both;
  bool deny = false;
  Peer from, to;
  std::optional<PortSpec> ports;
  Span span;
  bool operator==(const Edge&) const = default;
};

// `name: 8080[/udp]` in a service's `ports { }`.
struct ContainerPort {
  Ident name;
  std::uint64_t port = 0;  // unvalidated
  Span portSpan;
  std::optional<Ident> protocol;
  Span span;
  bool operator==(const ContainerPort&) const = default;
};

struct Service {
  Ident name;
  std::optional<Selector> selector;
  std::vector<ContainerPort> ports;
  Span span;
  bool operator==(const Service&) const = default;
};

// One end of an `expect`: a peer as in edges, or a DNS name as a string.
struct ExpectEnd {
  std::optional<Ident> dnsName;  // set for a string
  Peer peer;                     // otherwise
  Span span;
  bool operator==(const ExpectEnd&) const = default;
};

// `expect FROM -> TO[:PORT] [METHOD /path] allowed|denied [on TARGET, ...]`.
struct Expect {
  ExpectEnd from, to;
  std::optional<PortSpec> ports;
  bool allowed = true;
  Span verdictSpan;
  std::vector<Ident> targets;  // empty: every target
  Span span;
  bool operator==(const Expect&) const = default;
};

struct Labels {
  Selector selector;
  Span span;
  bool operator==(const Labels&) const = default;
};

// `selector-key KEY`: services of the block without a selector select KEY: NAME.
struct SelectorKey {
  Ident key;
  Span span;
  bool operator==(const SelectorKey&) const = default;
};

struct Baseline {
  Direction dir = Direction::Both;
  std::optional<Ident> service;  // nullopt: the whole namespace (`baseline`)
  Span span;
  bool operator==(const Baseline&) const = default;
};

struct Allow {
  Ident bundle;
  Span span;
  bool operator==(const Allow&) const = default;
};

struct CidrRef {
  bool isName = false;
  std::string text;
  Span span;
  bool operator==(const CidrRef&) const = default;
};

struct External {
  enum class Kind { Cidr, Fqdn, Entity };
  Ident name;
  Kind kind = Kind::Cidr;
  std::vector<CidrRef> blocks, excepts;
  std::vector<Ident> fqdns;  // without quotes
  Ident entity;
  Span span;
  bool operator==(const External&) const = default;
};

struct Namespace {
  Ident name;
  bool external = false;
  std::vector<Labels> labels;
  std::vector<SelectorKey> selectorKeys;  // more than one is an error (E0105)
  std::vector<Service> services;
  std::vector<Baseline> baselines;
  std::vector<Allow> allows;
  std::vector<External> externals;
  // Allow and deny edges, in source order; a list form (`a, b -> c, d`) is one
  // edge per source and destination, each with the statement's span.
  std::vector<Edge> edges;
  std::vector<Expect> expects;
  Span span;
  bool operator==(const Namespace&) const = default;
};

// The label key of the services of `ns` written without a selector.
inline std::string selectorKeyOf(const Namespace& ns) {
  return ns.selectorKeys.empty() ? std::string("app") : ns.selectorKeys.front().key.text;
}

struct Bundle {
  Ident name;
  std::vector<Edge> edges;
  Span span;
  bool operator==(const Bundle&) const = default;
};

// A statement of a cluster-scope block (`admin { }`, `baseline { }`).
struct ClusterRule {
  enum class Kind { Allow, Deny, Pass, DenyAll, Bundle };
  Kind kind = Kind::Allow;
  Peer from, to;                   // Allow, Deny, Pass
  std::optional<PortSpec> ports;   // Allow, Deny, Pass
  Direction dir = Direction::Both; // DenyAll
  Ident bundle;                    // Bundle
  std::optional<std::uint64_t> priority;  // `priority N` (unvalidated)
  Span prioritySpan;
  Span span;
  bool operator==(const ClusterRule&) const = default;
};

struct ClusterBlock {
  enum class Tier { Admin, Baseline };
  Tier tier = Tier::Admin;
  std::vector<ClusterRule> rules;  // in source order
  Span span;
  bool operator==(const ClusterBlock&) const = default;
};

struct Use {
  std::string path;  // std/dns or a relative file path
  bool quoted = false;
  Span span;
  Span pathSpan;  // the quoted path or the module name
  bool operator==(const Use&) const = default;
};

// A `# ...` comment (the lexer's HIDDEN channel), kept for directives such as
// `# nplc:ignore CODE: reason`.
struct Comment {
  std::string text;  // from '#' to the end of the line
  Span span;
  bool operator==(const Comment&) const = default;
};

struct File {
  source::FileId file = source::kNoFile;
  std::vector<Comment> comments;
  std::vector<Use> uses;
  std::vector<Namespace> namespaces;
  std::vector<External> externals;
  std::vector<Bundle> bundles;
  std::vector<ClusterBlock> clusterBlocks;
  std::vector<Expect> expects;  // outside any namespace: ends are qualified
  bool operator==(const File&) const = default;
};

}  // namespace nplc::ast
