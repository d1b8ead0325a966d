#pragma once
// The cluster a program describes, built from the resolved model, to judge
// its generated objects in: for each service a representative pod whose
// labels satisfy its selector (set-based requirements included), in each
// namespace a pod no service selects (when one exists), a namespace nplc does
// not manage with a pod, every namespace with its declared labels (and
// kubernetes.io/metadata.name), and the ends outside the pods: an address
// inside, one outside and one in each `except` of every CIDR external, each
// DNS name, each entity.
//
// A service's pod has the container ports its `ports { }` declares; other
// pods have none, so a named port matches no other pod of the model.
#include <string>
#include <vector>

#include "eval/cluster.h"
#include "eval/network_policy.h"
#include "model/model.h"

namespace nplc::eval {

// An end outside the pods, and why it is in the model.
struct ExternalEnd {
  enum class Role { Inside, Outside, Excepted, DnsName, Entity };
  Role role = Role::Inside;
  std::string peer;  // the peer as written (an external's name, a CIDR list, a DNS name, an entity)
  Endpoint end;
};

struct ProgramCluster {
  Cluster cluster;
  // By model service index: the key ("ns/name") of its representative pod.
  std::vector<std::string> servicePods;
  // By model namespace index: a pod no service of the namespace selects, or
  // "" when every possible pod is selected (a service with `{}`, say).
  std::vector<std::string> otherPods;
  std::string unmanagedNamespace;  // not declared by the program
  std::string unmanagedPod;        // its one pod
  std::vector<ExternalEnd> externals;
};

ProgramCluster buildProgramCluster(const model::Program& program);

// A model selector as a NetworkPolicy label selector (the evaluator's
// matcher decides which pods it selects).
LabelSelector toLabelSelector(const model::LabelSelector& selector);

// An address of `block` outside every `except` (the model's "inside"
// address); nullopt when the excepts cover it all.
std::optional<std::string> addressInside(const model::IpBlock& block);

// Labels satisfying every requirement of `selector` and carrying no other
// key; nullopt when none does (sema reports such selectors).
std::optional<Labels> labelsSatisfying(const model::LabelSelector& selector);

}  // namespace nplc::eval
