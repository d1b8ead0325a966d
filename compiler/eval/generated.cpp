#include "eval/generated.h"

#include "eval/cilium_eval.h"
#include "eval/cluster_network_policy_eval.h"
#include "eval/network_policy_eval.h"

namespace nplc::eval {
namespace {

// The policy objects of `target`: every YAML file under TARGET/ but the
// kustomization.
template <class Parse>
auto objectsOf(const std::string& target, const backends::OutputFiles& files, Parse parse) {
  decltype(parse(std::string(), std::string())) out;
  const std::string prefix = target + "/";
  for (const auto& [path, text] : files) {
    if (path.rfind(prefix, 0) != 0 || !path.ends_with(".yaml") || path.ends_with("/kustomization.yaml")) continue;
    for (auto& object : parse(text, path)) out.push_back(std::move(object));
  }
  return out;
}

class KubernetesJudge : public TargetEvaluator {
 public:
  KubernetesJudge(const Cluster& cluster, std::vector<NetworkPolicy> policies)
      : count_(policies.size()), ev_(cluster, std::move(policies)) {}
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest*) const override {
    return ev_.evaluate(from, to, port, protocol);
  }
  bool judgesHttp() const override { return false; }
  std::size_t objects() const override { return count_; }

 private:
  std::size_t count_;
  NetworkPolicyEvaluator ev_;
};

class CiliumJudge : public TargetEvaluator {
 public:
  CiliumJudge(const Cluster& cluster, std::vector<cilium::CiliumPolicy> policies)
      : count_(policies.size()), ev_(cluster, std::move(policies)) {}
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest* request) const override {
    return ev_.evaluate(from, to, port, protocol, request);
  }
  bool judgesHttp() const override { return true; }
  std::size_t objects() const override { return count_; }

 private:
  std::size_t count_;
  cilium::Evaluator ev_;
};

// ClusterNetworkPolicy objects are judged with the NetworkPolicies of the
// same build (kubernetes/), as a cluster applies both: Admin, NetworkPolicy,
// Baseline, allow.
class TieredJudge : public TargetEvaluator {
 public:
  TieredJudge(const Cluster& cluster, std::vector<ClusterNetworkPolicy> cnps, std::vector<NetworkPolicy> nps)
      : count_(cnps.size()), ev_(cluster, std::move(cnps), std::move(nps)) {}
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest*) const override {
    return ev_.evaluate(from, to, port, protocol);
  }
  bool judgesHttp() const override { return false; }
  std::size_t objects() const override { return count_; }

 private:
  std::size_t count_;
  TieredEvaluator ev_;
};

}  // namespace

std::unique_ptr<TargetEvaluator> evaluatorFor(const std::string& target, const Cluster& cluster,
                                              const backends::OutputFiles& files) {
  if (target == "kubernetes") {
    return std::make_unique<KubernetesJudge>(cluster, objectsOf(target, files, parsePolicies));
  }
  if (target == "cilium") {
    return std::make_unique<CiliumJudge>(cluster, objectsOf(target, files, cilium::parseCiliumPolicies));
  }
  if (target == "cluster-network-policy") {
    return std::make_unique<TieredJudge>(cluster, objectsOf(target, files, parseClusterNetworkPolicies),
                                         objectsOf("kubernetes", files, parsePolicies));
  }
  return nullptr;
}

}  // namespace nplc::eval
