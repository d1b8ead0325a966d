#pragma once
// One connection written as an `expect` (its ends, port and HTTP request)
// judged on each target's generated objects, with the deciding source lines
// (eval/reasons.h) of every pair of model ends it stands for. What `nplc
// test`, `nplc query SRC -> DST:PORT` and the LSP hover on an `expect` or an
// edge answer from.
#include <memory>
#include <string>
#include <vector>

#include "driver/compile.h"
#include "eval/generated.h"
#include "eval/judges.h"
#include "eval/program_cluster.h"
#include "eval/reasons.h"

namespace nplc::driver {

// One pair of model ends: a service's pod or each pod of a namespace, an
// address, a DNS name, an entity.
struct PairAnswer {
  std::string from, to;  // as eval::Endpoint::str() shows them
  eval::Verdict verdict;
  std::vector<eval::Reason> reasons;
};

struct TargetAnswer {
  std::string target;
  bool requestIgnored = false;  // the connection has an HTTP request this target does not judge
  std::vector<PairAnswer> pairs;
  // "allowed", "denied", or "allowed for some pods" when the pairs differ.
  std::string verdict() const;
};

// The model's ends a peer of an expectation stands for: a service's pod,
// every pod of a namespace, an address inside each block, each DNS name, an
// entity.
std::vector<eval::Endpoint> expectEnds(const model::Program& p, const eval::ProgramCluster& pc, const model::Peer& peer);
// The port number an expectation tests: its number, or the number its
// destination service gives the name (sema checked that it does).
int expectPort(const model::Program& p, const model::Expect& x);
// "production/api -> production/db:5432/TCP", with " METHOD PATH" for a request.
std::string describeConnection(const model::Program& p, const model::Expect& x);
// "file:line: text" (or the text alone, for a reason no line states).
std::string locatedReason(const source::SourceManager& sm, const eval::Reason& r);

class ConnectionJudge {
 public:
  // `targets`: those with an evaluator (judgedTargets()); `c` holds their files and origins.
  ConnectionJudge(const Compilation& c, const std::vector<std::string>& targets);
  const std::vector<std::string>& targets() const { return targets_; }
  const eval::TargetEvaluator& evaluator(std::size_t target) const { return *evaluators_[target].second; }
  // `x` on targets()[target]; `firstMismatch`: stop at the first pair whose
  // verdict is not x.allowed (nplc test), else judge every pair.
  TargetAnswer judge(const model::Expect& x, std::size_t target, bool firstMismatch = false) const;

 private:
  const Compilation& c_;
  std::vector<std::string> targets_;
  // The docs pages' evaluators and model when they judged these objects
  // (sharedJudges), else this judge's own.
  std::shared_ptr<const DocsJudgement> shared_;
  std::unique_ptr<eval::Judges> own_;
  const eval::ProgramCluster* pc_ = nullptr;
  std::vector<eval::JudgedTarget> evaluators_;
};

}  // namespace nplc::driver
