#include "eval/program_cluster.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "analysis/well_known.h"

namespace nplc::eval {
namespace {

// The value given to a label that must exist (or must break a `!key`), when
// no requirement names one; another one when a `notin` forbids it.
std::string freeValue(const std::set<std::string>& forbidden) {
  std::string v = "present";
  for (int n = 2; forbidden.count(v); ++n) v = "present-" + std::to_string(n);
  return v;
}

// `base`, or base-2, base-3, … : the first that `taken` does not hold.
template <class Taken>
std::string uniqueName(const std::string& base, Taken taken) {
  std::string name = base;
  for (int n = 2; taken(name); ++n) name = base + "-" + std::to_string(n);
  return name;
}

// ---------------------------------------------------------------- addresses

using Bytes = std::array<std::uint8_t, 16>;

int byteCount(const util::Cidr& c) { return c.v6 ? 16 : 4; }

// a + delta (delta is +1 or -1) over the family's bytes; nullopt on overflow.
std::optional<Bytes> step(Bytes a, int len, int delta) {
  for (int i = len - 1; i >= 0; --i) {
    const int v = a[i] + delta;
    a[i] = static_cast<std::uint8_t>(v & 0xFF);
    if (v >= 0 && v <= 0xFF) return a;
  }
  return std::nullopt;
}

Bytes lastAddress(const util::Cidr& c) {
  Bytes a = c.addr;
  for (int bit = c.prefix; bit < byteCount(c) * 8; ++bit) a[bit / 8] |= static_cast<std::uint8_t>(0x80 >> (bit % 8));
  return a;
}

std::string addressText(const Bytes& a, bool v6) {
  util::Cidr c;
  c.v6 = v6;
  c.addr = a;
  c.prefix = v6 ? 128 : 32;
  const std::string s = c.str();
  return s.substr(0, s.find('/'));
}

// A host address of `c`: its second address when it has more than two.
std::string hostOf(const util::Cidr& c) {
  const int len = byteCount(c);
  const auto second = step(c.addr, len, +1);
  return addressText(c.prefix < len * 8 - 1 && second ? *second : c.addr, c.v6);
}

// An address of the block outside every `except`: the block's host address,
// else the one right after an `except`.
std::optional<std::string> insideOf(const model::IpBlock& b) {
  std::vector<std::string> candidates = {hostOf(b.cidr), addressText(b.cidr.addr, b.cidr.v6)};
  for (const auto& ex : b.except) {
    if (auto next = step(lastAddress(ex), byteCount(ex), +1)) candidates.push_back(addressText(*next, ex.v6));
  }
  for (const auto& ip : candidates) {
    if (inBlock(ip, b.cidr, b.except)) return ip;
  }
  return std::nullopt;
}

// The address right after the block, else right before; none for /0.
std::optional<std::string> outsideOf(const util::Cidr& c) {
  if (auto after = step(lastAddress(c), byteCount(c), +1)) return addressText(*after, c.v6);
  if (auto before = step(c.addr, byteCount(c), -1)) return addressText(*before, c.v6);
  return std::nullopt;
}

// ---------------------------------------------------------------- pods

class Builder {
 public:
  explicit Builder(const model::Program& p) : p_(p) {}

  ProgramCluster build() {
    for (const auto& ns : p_.namespaces) addNamespace(ns);
    out_.servicePods.resize(p_.services.size());
    for (std::size_t i = 0; i < p_.services.size(); ++i) addServicePod(i);
    out_.otherPods.resize(p_.namespaces.size());
    for (std::size_t i = 0; i < p_.namespaces.size(); ++i) addOtherPod(i);
    addUnmanagedNamespace();
    for (const auto& e : p_.edges) addPeers(e);
    for (const auto& e : p_.denies) addPeers(e);
    for (const auto& r : p_.clusterRules) {
      addPeer(r.from);
      addPeer(r.to);
    }
    return std::move(out_);
  }

 private:
  void addNamespace(const model::Namespace& ns) {
    Labels labels = labelsSatisfying(ns.selector).value_or(Labels{});
    labels[analysis::kNamespaceNameLabel] = ns.name;
    out_.cluster.addNamespace({ns.name, std::move(labels)});
  }

  std::string addPod(const std::string& ns, const std::string& name, Labels labels,
                     std::vector<ContainerPort> ports = {}) {
    ++pods_;
    // Inside the first default pod range (10.244.0.0/16).
    const std::string ip = "10.244." + std::to_string(pods_ / 254) + "." + std::to_string(pods_ % 254 + 1);
    Pod pod{ns, name, std::move(labels), ip, std::move(ports)};
    const std::string key = pod.key();
    out_.cluster.addPod(std::move(pod));
    return key;
  }

  void addServicePod(std::size_t i) {
    const auto& s = p_.services[i];
    auto labels = labelsSatisfying(s.selector);
    if (!labels) return;  // unsatisfiable: sema reported it
    std::vector<ContainerPort> ports;
    for (const auto& cp : s.ports) ports.push_back({cp.name, cp.port, model::protocolName(cp.protocol)});
    out_.servicePods[i] = addPod(p_.namespaces[s.ns].name, s.name, std::move(*labels), std::move(ports));
  }

  const model::Service* selectingService(model::Index ns, const Labels& labels) const {
    for (model::Index s : p_.namespaces[ns].services) {
      if (toLabelSelector(p_.services[s].selector).matches(labels)) return &p_.services[s];
    }
    return nullptr;
  }

  // Starts from no labels and, while some service selects the pod, adds a
  // label that breaks one of its `notin` or `!key` requirements.
  void addOtherPod(std::size_t ns) {
    Labels labels;
    for (std::size_t round = 0; round <= p_.services.size(); ++round) {
      const model::Service* hit = selectingService(ns, labels);
      if (!hit) {
        const auto& services = p_.namespaces[ns].services;
        const std::string name = uniqueName("other", [&](const std::string& n) {
          return std::any_of(services.begin(), services.end(),
                             [&](model::Index s) { return p_.services[s].name == n; });
        });
        out_.otherPods[ns] = addPod(p_.namespaces[ns].name, name, std::move(labels));
        return;
      }
      bool changed = false;
      for (const auto& r : hit->selector.reqs) {
        if (labels.count(r.key)) continue;
        if (r.op == ast::ReqOp::NotIn || r.op == ast::ReqOp::DoesNotExist) {
          labels[r.key] = r.op == ast::ReqOp::NotIn ? r.values.front() : freeValue({});
          changed = true;
          break;
        }
      }
      if (!changed) return;  // every pod is selected (`{}`, or only requirements it already breaks)
    }
  }

  void addUnmanagedNamespace() {
    out_.unmanagedNamespace =
        uniqueName("unmanaged", [&](const std::string& n) { return out_.cluster.findNamespace(n) != nullptr; });
    out_.cluster.addNamespace({out_.unmanagedNamespace, {{analysis::kNamespaceNameLabel, out_.unmanagedNamespace}}});
    out_.unmanagedPod = addPod(out_.unmanagedNamespace, "pod", {});
  }

  // ---------------------------------------------------------------- externals

  void addEnd(ExternalEnd::Role role, const std::string& peer, Endpoint end) {
    const std::string key = std::to_string(static_cast<int>(role)) + " " + end.str();
    if (!seen_.insert(key).second) return;
    out_.externals.push_back({role, peer, std::move(end)});
  }

  void addPeer(const model::Peer& peer) {
    using Role = ExternalEnd::Role;
    switch (peer.kind) {
      case model::Peer::Kind::IpBlocks:
        for (const auto& b : peer.blocks) {
          if (auto in = insideOf(b)) addEnd(Role::Inside, peer.text, Endpoint::ofAddress(*in));
          if (auto out = outsideOf(b.cidr)) addEnd(Role::Outside, peer.text, Endpoint::ofAddress(*out));
          for (const auto& ex : b.except) addEnd(Role::Excepted, peer.text, Endpoint::ofAddress(hostOf(ex)));
        }
        break;
      case model::Peer::Kind::Fqdn:
        for (std::string name : peer.fqdns) {
          std::replace(name.begin(), name.end(), '*', 'x');  // a name the pattern matches
          addEnd(Role::DnsName, peer.text, Endpoint::ofDnsName(name));
        }
        break;
      case model::Peer::Kind::Entity:
        addEnd(Role::Entity, peer.text, Endpoint::ofEntity(peer.entity));
        break;
      default:
        break;  // pods: the services' and the other pods
    }
  }

  void addPeers(const model::Edge& e) {
    addPeer(e.from);
    addPeer(e.to);
  }

  const model::Program& p_;
  ProgramCluster out_;
  int pods_ = 0;
  std::set<std::string> seen_;
};

}  // namespace

LabelSelector toLabelSelector(const model::LabelSelector& selector) {
  LabelSelector out;
  for (const auto& r : selector.reqs) {
    switch (r.op) {
      case ast::ReqOp::Equals:
      case ast::ReqOp::In:
        out.matchExpressions.push_back({r.key, Requirement::Op::In, r.values});
        break;
      case ast::ReqOp::NotIn:
        out.matchExpressions.push_back({r.key, Requirement::Op::NotIn, r.values});
        break;
      case ast::ReqOp::Exists:
        out.matchExpressions.push_back({r.key, Requirement::Op::Exists, {}});
        break;
      case ast::ReqOp::DoesNotExist:
        out.matchExpressions.push_back({r.key, Requirement::Op::DoesNotExist, {}});
        break;
    }
  }
  return out;
}

std::optional<Labels> labelsSatisfying(const model::LabelSelector& selector) {
  struct KeyRule {
    std::optional<std::vector<std::string>> allowed;  // Equals and In, intersected, in written order
    std::set<std::string> forbidden;                  // NotIn
    bool exists = false, absent = false;
  };
  std::map<std::string, KeyRule> keys;
  for (const auto& r : selector.reqs) {
    KeyRule& k = keys[r.key];
    switch (r.op) {
      case ast::ReqOp::Equals:
      case ast::ReqOp::In:
        if (!k.allowed) {
          k.allowed = r.values;
        } else {
          std::erase_if(*k.allowed, [&](const std::string& v) {
            return std::find(r.values.begin(), r.values.end(), v) == r.values.end();
          });
        }
        break;
      case ast::ReqOp::NotIn:
        k.forbidden.insert(r.values.begin(), r.values.end());
        break;
      case ast::ReqOp::Exists:
        k.exists = true;
        break;
      case ast::ReqOp::DoesNotExist:
        k.absent = true;
        break;
    }
  }
  Labels labels;
  for (const auto& [key, rule] : keys) {
    const KeyRule& k = rule;  // a lambda may not capture a structured binding before C++20 in clang 14
    if (k.allowed) {
      auto it = std::find_if(k.allowed->begin(), k.allowed->end(),
                             [&](const std::string& v) { return !k.forbidden.count(v); });
      if (it == k.allowed->end() || k.absent) return std::nullopt;
      labels[key] = *it;
    } else if (k.exists) {
      if (k.absent) return std::nullopt;
      labels[key] = freeValue(k.forbidden);
    }  // else absent: `notin` and `!key` hold
  }
  return labels;
}

std::optional<std::string> addressInside(const model::IpBlock& block) { return insideOf(block); }

ProgramCluster buildProgramCluster(const model::Program& program) { return Builder(program).build(); }

}  // namespace nplc::eval
