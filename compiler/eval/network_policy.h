#pragma once
// Kubernetes NetworkPolicy (networking.k8s.io/v1) objects as the evaluator sees
// them, after API defaulting. Parsed from YAML text with yaml-cpp; anything the
// API would refuse is a PolicyError, so no part of an object is ignored.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/cluster.h"

namespace nplc::eval {

struct Requirement {
  enum class Op { In, NotIn, Exists, DoesNotExist };
  std::string key;
  Op op = Op::In;
  std::vector<std::string> values;
};

// matchLabels AND matchExpressions; an empty selector matches everything.
struct LabelSelector {
  Labels matchLabels;
  std::vector<Requirement> matchExpressions;
  bool matches(const Labels& labels) const;
};

struct IPBlock {
  util::Cidr cidr;
  std::vector<util::Cidr> except;
};

struct Peer {
  std::optional<LabelSelector> podSelector;
  std::optional<LabelSelector> namespaceSelector;
  std::optional<IPBlock> ipBlock;
};

struct PolicyPort {
  std::string protocol = "TCP";     // defaulted
  std::optional<int> port;          // numeric port
  std::optional<std::string> name;  // named port
  std::optional<int> endPort;
};

struct Rule {
  std::vector<PolicyPort> ports;  // empty = every port and protocol
  std::vector<Peer> peers;        // empty = every peer
};

struct NetworkPolicy {
  std::string name;
  std::string ns;
  LabelSelector podSelector;
  bool isolatesIngress = false;  // policyTypes after defaulting
  bool isolatesEgress = false;
  std::vector<Rule> ingress;
  std::vector<Rule> egress;
};

// Thrown for YAML that is not a valid NetworkPolicy (unknown field, bad
// operator, ipBlock combined with a selector, …). `what()` names the field.
struct PolicyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every non-empty document of `yamlText` must be a networking.k8s.io/v1
// NetworkPolicy with metadata.name and metadata.namespace. `origin` prefixes
// error messages (e.g. a file name).
std::vector<NetworkPolicy> parsePolicies(const std::string& yamlText, const std::string& origin = "<yaml>");

}  // namespace nplc::eval
