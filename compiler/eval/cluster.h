#pragma once
// The cluster the evaluators judge connections in: namespaces with labels,
// pods with labels, an address and container ports, and the ends of a
// connection that are not pods (an address, a DNS name, a Cilium entity).
#include <map>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "util/cidr.h"

namespace nplc::eval {

using Labels = std::map<std::string, std::string>;

struct ContainerPort {
  std::string name;  // may be empty (an unnamed port)
  int port = 0;
  std::string protocol;  // "TCP", "UDP" or "SCTP"
};

struct Namespace {
  std::string name;
  Labels labels;
};

struct Pod {
  std::string ns;
  std::string name;
  Labels labels;
  std::string ip;
  std::vector<ContainerPort> ports;
  // A host-network pod has its node's address (`ip`); NetworkPolicy and
  // ClusterNetworkPolicy never select it, and only address-based peers
  // (ipBlock, networks, nodes) match it.
  bool hostNetwork = false;

  // "ns/name"
  std::string key() const { return ns + "/" + name; }
};

// A node, for ClusterNetworkPolicy's `nodes` peers: its labels and the
// addresses of Node.Status.Addresses.
struct Node {
  std::string name;
  Labels labels;
  std::vector<std::string> addresses;
};

class Cluster {
 public:
  void addNamespace(Namespace ns);
  // The pod's namespace must have been added first.
  void addPod(Pod pod);

  void addNode(Node node) { nodes_.push_back(std::move(node)); }

  const std::vector<Namespace>& namespaces() const { return namespaces_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Pod>& pods() const { return pods_; }

  const Namespace* findNamespace(const std::string& name) const;
  // key = "ns/name"
  const Pod* findPod(const std::string& key) const;

 private:
  std::vector<Namespace> namespaces_;
  std::vector<Pod> pods_;
  std::vector<Node> nodes_;
  // By name and by key, for clusters of thousands of pods (the matrix of a
  // large program).
  std::unordered_map<std::string, std::size_t> namespaceIndex_, podIndex_;
};

// One end of a connection. A pod is judged by the policies that select it;
// the other kinds are outside every policy's selection and only matched as
// peers: an address by ipBlock and CIDR rules (and Cilium's `world`), a DNS
// name by toFQDNs (and, on NetworkPolicy, through the address it resolves
// to, when it has one), an entity by Cilium entity rules.
struct Endpoint {
  enum class Kind { Pod, Address, DnsName, Entity };
  Kind kind = Kind::Pod;
  const Pod* pod = nullptr;  // Kind::Pod, owned by the cluster
  std::string address;       // Address; DnsName: an address it resolves to, or empty
  std::string name;          // DnsName: the name; Entity: Cilium's entity name (host, kube-apiserver, world, …)

  Endpoint(const Pod& p) : pod(&p) {}  // NOLINT: a pod is an end
  static Endpoint ofAddress(std::string ip);
  static Endpoint ofDnsName(std::string name, std::string resolvedAddress = "");
  static Endpoint ofEntity(std::string entity);

  bool isPod() const { return kind == Kind::Pod; }
  // The address the end has (a pod's IP included), or empty.
  const std::string& ip() const { return pod ? pod->ip : address; }
  // "ns/name", the address, the DNS name or "entity:NAME".
  std::string str() const;

 private:
  Endpoint() = default;
};

// A prefix as the API server's older validation took it: host bits beyond
// the prefix are masked away (e2e scenarios 35/36 write "<pod IP>/4"); nplc's
// own parser (util/cidr.h) rejects them. nullopt when not a CIDR.
std::optional<util::Cidr> parseLenientCidr(const std::string& text);
// `ip` is an address inside `block` and inside none of `except`.
bool inBlock(const std::string& ip, const util::Cidr& block, const std::vector<util::Cidr>& except);

}  // namespace nplc::eval
