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
  virtual bool judgesHttp() const = 0;
  // The number of objects read.
  virtual std::size_t objects() const = 0;
};

// The evaluator of `target`'s objects among `files` (other targets' files
// are skipped), judging in `cluster`; nullptr for a target that writes no
// policy objects (docs, dot). The cluster-network-policy target's evaluator
// also reads the kubernetes target's objects among `files`. Throws PolicyError for an object the
// evaluator does not read entirely (a backend bug).
std::unique_ptr<TargetEvaluator> evaluatorFor(const std::string& target, const Cluster& cluster,
                                              const backends::OutputFiles& files);

}  // namespace nplc::eval
