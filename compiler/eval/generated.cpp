#include "eval/generated.h"

#include "eval/cilium_eval.h"
#include "eval/cluster_network_policy_eval.h"
#include "eval/network_policy_eval.h"

namespace nplc::eval {

bool isObjectFile(const std::string& target, const std::string& path) {
  return path.size() > target.size() && path.compare(0, target.size(), target) == 0 && path[target.size()] == '/' &&
         path.ends_with(".yaml") && !path.ends_with("/kustomization.yaml");
}

namespace {

template <class Parse>
auto objectsOf(const std::string& target, const backends::OutputFiles& files, Parse parse) {
  decltype(parse(std::string(), std::string())) out;
  for (const auto& [path, text] : files) {
    if (!isObjectFile(target, path)) continue;
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
  bool mayAllow(const Endpoint& from, const Endpoint& to) const override { return ev_.mayAllow(from, to); }
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
  bool mayAllow(const Endpoint& from, const Endpoint& to) const override { return ev_.mayAllow(from, to); }
  bool judgesHttp() const override { return true; }
  bool onlyBeyondNetworkPolicy(const RuleRef& rule, const Endpoint& remote) const override {
    return ev_.onlyByEntityOrName(rule, remote);
  }
  std::size_t objects() const override { return count_; }

 private:
  std::size_t count_;
  cilium::Evaluator ev_;
};

// A namespace-policy target's objects with the ClusterNetworkPolicies of the
// same build (cluster-network-policy/), as a cluster applies both: Admin,
// the target's own objects, Baseline, allow.
class TieredJudge : public TargetEvaluator {
 public:
  TieredJudge(const Cluster& cluster, std::vector<ClusterNetworkPolicy> cnps, std::unique_ptr<TargetEvaluator> inner)
      : count_(cnps.size() + inner->objects()),
        inner_(std::move(inner)),
        ev_(cluster, std::move(cnps),
            [judge = inner_.get()](const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                                   const HttpRequest* request) {
              return judge->evaluate(from, to, port, protocol, request);
            }),
        adminAccepts_(ev_.adminAccepts()) {}
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest* request) const override {
    return ev_.evaluate(from, to, port, protocol, request);
  }
  // Baseline denies only what the namespace tier leaves open; Admin Accepts
  // may open what it isolates.
  bool mayAllow(const Endpoint& from, const Endpoint& to) const override {
    return adminAccepts_ || inner_->mayAllow(from, to);
  }
  bool judgesHttp() const override { return inner_->judgesHttp(); }
  bool onlyBeyondNetworkPolicy(const RuleRef& rule, const Endpoint& remote) const override {
    return rule.policy.kind != "ClusterNetworkPolicy" && inner_->onlyBeyondNetworkPolicy(rule, remote);
  }
  std::size_t objects() const override { return count_; }

 private:
  std::size_t count_;
  std::unique_ptr<TargetEvaluator> inner_;
  TieredEvaluator ev_;
  bool adminAccepts_;
};

std::unique_ptr<TargetEvaluator> namespaceTier(const std::string& target, const Cluster& cluster,
                                               const backends::OutputFiles& files) {
  if (target == "kubernetes") {
    return std::make_unique<KubernetesJudge>(cluster, objectsOf(target, files, parsePolicies));
  }
  if (target == "cilium") {
    return std::make_unique<CiliumJudge>(cluster, objectsOf(target, files, cilium::parseCiliumPolicies));
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<TargetEvaluator> evaluatorFor(const std::string& target, const Cluster& cluster,
                                              const backends::OutputFiles& files) {
  auto judge = namespaceTier(target, cluster, files);
  if (!judge) return nullptr;
  auto cnps = objectsOf(kClusterTier, files, parseClusterNetworkPolicies);
  if (cnps.empty()) return judge;
  return std::make_unique<TieredJudge>(cluster, std::move(cnps), std::move(judge));
}

bool hasEvaluator(const std::string& target) { return evaluatorFor(target, Cluster{}, {}) != nullptr; }

}  // namespace nplc::eval
