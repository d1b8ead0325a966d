// `nplc query SRC -> DST:PORT [METHOD PATH]`: the verdict of each policy
// target on one connection, with the chain of deciding source lines of each
// pair of model ends it stands for (driver/connection_judge.h), as text or
// JSON. Each query is an `expect` line of the in-memory file <query>, read by
// the program's parser and resolver.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "driver/commands.h"
#include "driver/connection_judge.h"
#include "driver/expectations.h"

namespace nplc::driver {

namespace {

using Json = nlohmann::ordered_json;

const char* kindName(eval::Reason::Kind k) {
  switch (k) {
    case eval::Reason::Kind::NotIsolated: return "not-isolated";
    case eval::Reason::Kind::Isolated: return "isolated";
    case eval::Reason::Kind::Allowed: return "allowed";
    case eval::Reason::Kind::Denied: return "denied";
    case eval::Reason::Kind::NoRule: return "no-rule";
  }
  return "";
}

const char* ignoredRequest = "this target does not see HTTP requests: the connection is judged";

void printText(std::ostream& out, const Compilation& c, const model::Expect& x, const std::vector<TargetAnswer>& answers) {
  out << describeConnection(*c.program, x) << "\n";
  for (const auto& a : answers) {
    out << fmt::format("  {}: {}{}\n", a.target, a.verdict(), a.requestIgnored ? fmt::format(" ({})", ignoredRequest) : "");
    const bool several = a.pairs.size() > 1;
    for (const auto& pair : a.pairs) {
      if (several)
        out << fmt::format("    {} -> {}: {}\n", pair.from, pair.to, pair.verdict.allowed() ? "allowed" : "denied");
      for (const auto& r : pair.reasons) out << (several ? "      " : "    ") << locatedReason(c.sm, r) << "\n";
    }
  }
}

Json toJson(const Compilation& c, const model::Expect& x, const std::vector<TargetAnswer>& answers) {
  Json targets = Json::array();
  for (const auto& a : answers) {
    Json pairs = Json::array();
    for (const auto& pair : a.pairs) {
      Json reasons = Json::array();
      for (const auto& r : pair.reasons) {
        Json j = {{"kind", kindName(r.kind)}, {"side", r.egress ? "egress" : "ingress"}, {"text", r.text}};
        if (r.span.valid()) {
          j["file"] = c.sm.file(r.span.file).path;
          j["line"] = c.sm.lineCol(r.span.file, r.span.begin).line;
        }
        reasons.push_back(std::move(j));
      }
      pairs.push_back({{"from", pair.from},
                       {"to", pair.to},
                       {"verdict", pair.verdict.allowed() ? "allowed" : "denied"},
                       {"reasons", std::move(reasons)}});
    }
    Json t = {{"target", a.target}, {"verdict", a.verdict()}};
    if (x.hasHttp) t["requestJudged"] = !a.requestIgnored;
    t["pairs"] = std::move(pairs);
    targets.push_back(std::move(t));
  }
  Json q = {{"from", x.from.text},
            {"to", x.to.text},
            {"port", expectPort(*c.program, x)},
            {"protocol", model::protocolName(x.port.protocol)}};
  if (x.hasHttp) q["request"] = {{"method", x.http.method}, {"path", x.http.path}};
  q["targets"] = std::move(targets);
  return q;
}

}  // namespace

int printPairs(const Compilation& c, const QueryOptions& opts, source::FileId queryFile) {
  const auto judged = judgedTargets(opts.targets);
  if (judged.empty()) {
    std::cerr << "nplc: error: a query needs a target that writes policies: --target kubernetes, cilium or both\n";
    return kUsageError;
  }
  const ConnectionJudge judge(c, judged);
  Json all = Json::array();
  bool first = true;
  for (const auto& x : c.program->expects) {
    if (x.span.file != queryFile) continue;
    std::vector<TargetAnswer> answers;
    for (std::size_t t = 0; t < judged.size(); ++t) answers.push_back(judge.judge(x, t));
    if (opts.common.format == "json") {
      all.push_back(toJson(c, x, answers));
      continue;
    }
    if (!first) std::cout << "\n";
    first = false;
    printText(std::cout, c, x, answers);
  }
  if (opts.common.format == "json") std::cout << Json{{"queries", std::move(all)}}.dump(2) << "\n";
  return kOk;
}

}  // namespace nplc::driver
