#pragma once
// What `nplc import` builds while it reads the policies, whatever their
// kind: per namespace, its services, baselines, `deny-all`s, externals,
// edges and deny intents, and the gaps' comments where they belong; then
// the NPL text of each namespace. network_policy.cpp and cilium.cpp read
// the objects into it (docs/import.md, "What it writes").
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "eval/network_policy.h"
#include "import/import.h"

namespace nplc::import {

// One end of an edge, resolved to text once every service has its name.
struct PeerRef {
  enum Kind { Any, Local, Service, NamespacePods, Literal } kind = Any;
  std::string ns;    // Local, Service, NamespacePods
  std::string sel;   // Service: the selector's text
  std::string text;  // Literal: a CIDR, an external's name, `entity NAME`, `*/*`, …
};

struct Edge {
  bool ingress = true;
  PeerRef src, dst;
  std::string ports;
  std::string http;  // `GET /v1/*, POST /v1/x`: after the ports
  std::string comment;
};

// An edge, a deny intent, or a gap's comment.
struct Item {
  std::optional<Edge> edge;
  bool deny = false;  // the edge is a deny intent
  std::string comment;
};

struct ServiceInfo {
  eval::LabelSelector sel;
  std::string name;
  bool fromApp = false;
  std::string written;  // the name nplc gave it, read from an object nplc wrote
};

struct Namespace {
  bool managed = false;  // holds a policy: a `namespace` block, else `external namespace`
  bool baselineIn = false, baselineOut = false;
  std::map<std::string, ServiceInfo> services;                 // by selector text
  std::set<std::string> denyIn, denyOut;                       // selector texts
  std::vector<std::pair<std::string, std::string>> externals;  // name, value, in order of use
  std::vector<Item> items;
};

// The policy's subject: the pods it selects, in a namespace of the output.
struct Subject {
  PeerRef ref;               // Local (`*`) or Service
  eval::LabelSelector sel;   // Service: its selector
};

class Importer {
 public:
  explicit Importer(Result& result) : result_(result) {}

  // A gap: reported, and a comment in the namespace's file.
  void gap(const std::string& ns, const Location& at, const std::string& object, const std::string& field,
           const std::string& reason);

  // The pods a policy of namespace `ns` selects (`written`: the service name
  // nplc gave them, or ""); the namespace becomes a `namespace` block.
  // nullopt, with `why`, when the selector cannot be written.
  std::optional<Subject> subject(const std::string& ns, const eval::LabelSelector& sel, const std::string& written,
                                 std::string& why);
  // The subject's pods are isolated in that direction.
  void isolate(const Subject& s, bool ingress);
  // Whether the subject is isolated in that direction by what was read so far.
  bool isolated(const Subject& s, bool ingress) const;

  // A NetworkPolicy peer seen from `policyNs`, as NPL; nullopt with `why`
  // when a selector cannot be written. `node` is the peer's YAML (an
  // ipBlock's CIDR as written, for its comment).
  std::optional<PeerRef> peer(const std::string& policyNs, const eval::Peer& p, const YAML::Node& node,
                              std::string& why, std::string& comment);
  // A CIDR and its excepts: the CIDR itself, or an external `block-N` of the
  // namespace holding them.
  PeerRef cidr(const std::string& ns, const eval::IPBlock& block);
  // An external of `ns` with this value (`dns "a.com"`), named after `hint`
  // (made unique); the same value twice is one external.
  PeerRef external(const std::string& ns, const std::string& hint, const std::string& value);

  // `ingress PEER -> SUBJECT:PORTS HTTP` or `egress SUBJECT -> PEER:…`,
  // written in namespace `ns`.
  void edge(const std::string& ns, bool ingress, const PeerRef& peer, const PeerRef& subject, const std::string& ports,
            const std::string& http = "", const std::string& comment = "");
  // `deny SRC -> DST:PORTS`, written in namespace `ns`.
  void deny(const std::string& ns, const PeerRef& src, const PeerRef& dst, const std::string& ports);

  // One NPL text per namespace, unformatted.
  std::map<std::string, std::string> render();

 private:
  void nameServices();
  std::string peerText(const PeerRef& p, const std::string& block) const;
  std::string renderExternal(const std::string& name, const Namespace& ns) const;
  std::string renderManaged(const std::string& name, const Namespace& ns) const;

  Result& result_;
  std::map<std::string, Namespace> namespaces_;
  std::vector<std::string> loose_;  // gaps of objects in a namespace NPL cannot name
};

}  // namespace nplc::import
