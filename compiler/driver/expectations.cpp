#include "driver/expectations.h"

#include <fmt/format.h>

#include "driver/targets.h"
#include "driver/connection_judge.h"
#include "util/suggest.h"

namespace nplc::driver {

namespace {

class Runner {
 public:
  Runner(Compilation& c, const std::vector<std::string>& targets) : c_(c), p_(*c.program), judge_(c, targets) {}

  std::vector<ExpectResult> run() {
    std::vector<ExpectResult> out;
    for (std::size_t i = 0; i < p_.expects.size(); ++i) {
      const model::Expect& x = p_.expects[i];
      for (std::size_t t = 0; t < judge_.targets().size(); ++t) {
        if (!applies(x, judge_.targets()[t], judge_.evaluator(t))) continue;
        out.push_back(judge(i, t));
      }
    }
    return out;
  }

 private:
  Compilation& c_;
  const model::Program& p_;
  ConnectionJudge judge_;

  static bool applies(const model::Expect& x, const std::string& target, const eval::TargetEvaluator& ev) {
    if (!x.targets.empty()) return std::find(x.targets.begin(), x.targets.end(), target) != x.targets.end();
    return !x.hasHttp || ev.judgesHttp();  // a target that cannot judge a request is not asked about one
  }

  ExpectResult judge(std::size_t i, std::size_t target) {
    const model::Expect& x = p_.expects[i];
    const TargetAnswer answer = judge_.judge(x, target, true);
    if (answer.pairs.empty()) return {i, answer.target, true, ""};
    const PairAnswer& pair = answer.pairs.front();
    const std::string found =
        fmt::format("{} -> {}:{}/{}{} is {} on {}", pair.from, pair.to, expectPort(p_, x),
                    model::protocolName(x.port.protocol), x.hasHttp ? " " + x.http.method + " " + x.http.path : "",
                    pair.verdict.allowed() ? "allowed" : "denied", answer.target);
    auto& d = c_.sink.report("E0310", x.span, "expectation fails: " + found);
    std::string failure = found + "\n";
    for (const auto& r : pair.reasons) {
      failure += locatedReason(c_.sm, r) + "\n";
      if (r.span.valid()) d.label(r.span, r.text);
      else d.note(r.text);
    }
    d.withHelp(x.allowed ? "add an edge that allows it, or fix the expectation"
                         : "narrow the edge that allows it, add a `deny` intent, or fix the expectation");
    return {i, answer.target, false, failure};
  }
};

}  // namespace

void checkExpectTargets(Compilation& c) {
  std::vector<std::string> names;
  for (const auto& t : targets()) {
    if (eval::hasEvaluator(t.name)) names.emplace_back(t.name);
  }
  const auto check = [&](const std::vector<ast::Expect>& expects) {
    for (const auto& x : expects) {
      for (const auto& t : x.targets) {
        if (std::find(names.begin(), names.end(), t.text) != names.end()) continue;
        auto& d = c.sink.report("E0309", t.span, fmt::format("'{}' is not a target whose objects nplc can judge", t.text));
        const auto close = util::closestNames(t.text, names);
        if (!close.empty()) d.didYouMean(t.span, close.front());
        else d.withHelp(fmt::format("name one of: {}", fmt::join(names, ", ")));
      }
    }
  };
  // From the syntax trees: said with the analysis's other errors, even when
  // they leave no program.
  for (const auto& f : c.asts) {
    check(f.expects);
    for (const auto& ns : f.namespaces) check(ns.expects);
  }
}

std::vector<std::string> judgedTargets(const std::set<std::string>& targets) {
  std::vector<std::string> out;
  for (const auto& t : driver::targets()) {
    if (targets.count(t.name) != 0 && eval::hasEvaluator(t.name)) out.emplace_back(t.name);
  }
  return out;
}

std::vector<ExpectResult> checkExpectations(Compilation& c, const std::set<std::string>& targets) {
  if (!c.program || c.program->expects.empty()) return {};
  const auto judged = judgedTargets(targets);
  return Runner(c, judged).run();
}

}  // namespace nplc::driver
