#pragma once
// One way to ask every target the same question: the evaluator of the
// objects a target generated (backends/backend.h's OutputFiles, paths
// "TARGET/NAMESPACE/NAME.yaml"), behind one interface. The targets
// themselves are listed by the driver's registry (driver/targets.cpp); a
// unit test checks that every target that writes policy objects has an
// evaluator here.
#include <memory>
#include <string>

#include "backends/output.h"
#include "eval/cluster.h"
#include "eval/verdict.h"

namespace nplc::eval {

class TargetEvaluator {
 public:
  virtual ~TargetEvaluator() = default;
  // `request`: an HTTP request on the connection, for targets that judge L7
  // (NetworkPolicy judges the connection only and ignores it).
  virtual Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                           const HttpRequest* request = nullptr) const = 0;
  // False when no port and protocol can be allowed between the two ends
  // (each isolated end has no allow rule whose peer matches the other one).
  virtual bool mayAllow(const Endpoint& from, const Endpoint& to) const = 0;
  virtual bool judgesHttp() const = 0;
  // Whether `rule` (one of a verdict's allowedBy) matches `remote`, the other
  // end, only through a peer kind NetworkPolicy has no form for (a Cilium
  // entity or DNS name rule), not through a selector or a CIDR.
  virtual bool onlyBeyondNetworkPolicy(const RuleRef& rule, const Endpoint& remote) const {
    (void)rule, (void)remote;
    return false;
  }
  // The number of objects read.
  virtual std::size_t objects() const = 0;
};

// The target whose objects are a layer of every namespace-policy target's
// cluster: ClusterNetworkPolicy (Admin before a target's own objects,
// Baseline after). It has no evaluator of its own.
inline constexpr const char* kClusterTier = "cluster-network-policy";

// Whether `path` holds policy objects of `target` that its evaluator reads:
// a YAML file under TARGET/ other than the kustomization.
bool isObjectFile(const std::string& target, const std::string& path);

// The evaluator of `target`'s objects among `files` (other targets' files
// are skipped), judging in `cluster`, together with the cluster-network-policy
// objects among `files` when there are some; nullptr for a target that
// writes no namespace policy objects (cluster-network-policy, docs, dot).
// Throws PolicyError for an object the evaluator does not read entirely (a
// backend bug).
std::unique_ptr<TargetEvaluator> evaluatorFor(const std::string& target, const Cluster& cluster,
                                              const backends::OutputFiles& files);
// Whether evaluatorFor has an evaluator for `target` (it writes policy objects).
bool hasEvaluator(const std::string& target);

}  // namespace nplc::eval
