// A small cluster model for the reachability evaluator: namespaces with labels,
// pods with labels, an IP and container ports. Test-only code (not part of nplc).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace npl::eval {

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

  // "ns/name"
  std::string key() const { return ns + "/" + name; }
};

class Cluster {
 public:
  void addNamespace(Namespace ns);
  // The pod's namespace must have been added first.
  void addPod(Pod pod);

  const std::vector<Namespace>& namespaces() const { return namespaces_; }
  const std::vector<Pod>& pods() const { return pods_; }

  const Namespace* findNamespace(const std::string& name) const;
  // key = "ns/name"
  const Pod* findPod(const std::string& key) const;

 private:
  std::vector<Namespace> namespaces_;
  std::vector<Pod> pods_;
};

// An IPv4 or IPv6 prefix. Host bits beyond the prefix length are masked away
// when parsing (e2e scenarios 35/36 of 9db638c0 write "<pod IP>/4").
struct Cidr {
  bool v6 = false;
  unsigned char addr[16] = {};
  int prefix = 0;

  // Accepts "a.b.c.d/n" and IPv6 "x::y/n"; nullopt if malformed.
  static std::optional<Cidr> parse(const std::string& text);
  // An address (no prefix) as a full-length prefix; nullopt if malformed.
  static std::optional<Cidr> parseAddress(const std::string& text);
  bool contains(const Cidr& address) const;
  std::string str() const;
};

}  // namespace npl::eval
