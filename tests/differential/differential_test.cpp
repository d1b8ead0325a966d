// Differential test (issue 19, point 7): random programs (generator.h),
// compiled in memory for kubernetes and cilium; for every pair of ends of the
// program's cluster (eval/program_cluster.h) and every port the program
// names (and some it does not), the verdict of the evaluators on the
// generated objects must be the one intended.h states from the model alone.
// Programs with deny intents are also built with --cilium-deny-rules, whose
// Cilium output must give the same verdicts. A mismatch prints the program,
// the pair and the three verdicts.
//
//   differential_test [--first SEED] [--count N] [--show SEED]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "driver/commands.h"
#include "driver/compile.h"
#include "eval/generated.h"
#include "eval/program_cluster.h"
#include "generator.h"
#include "intended.h"
#include "util/check.h"

using namespace nplc;
using differential::Target;

namespace {

struct Probe {
  int port;
  std::string protocol;
};

// Every port the program names, on its protocol and on another one, the
// ends of ranges and the numbers just outside them, and ports nothing names.
std::vector<Probe> probes(const model::Program& p) {
  std::set<std::pair<int, std::string>> out = {{9, "TCP"}, {9, "UDP"}, {53, "TCP"}, {53, "UDP"}, {9090, "TCP"}};
  const auto add = [&](const std::vector<model::Port>& ports) {
    for (const auto& port : ports) {
      const std::string proto = model::protocolName(port.protocol);
      const std::string other = proto == "TCP" ? "UDP" : "TCP";
      switch (port.kind) {
        case model::Port::Kind::Number:
          out.insert({port.port, proto});
          out.insert({port.port, other});
          break;
        case model::Port::Kind::Range:
          for (int n : {port.port - 1, int(port.port), int(port.endPort), port.endPort + 1}) out.insert({n, proto});
          out.insert({port.port, other});
          break;
        case model::Port::Kind::AllOfProtocol: out.insert({1234, proto}); break;
        case model::Port::Kind::Named: break;
      }
    }
  };
  for (const auto& e : p.edges) add(e.ports);
  for (const auto& e : p.denies) add(e.ports);
  std::vector<Probe> v;
  for (const auto& [port, proto] : out) v.push_back({port, proto});
  return v;
}

// For each HTTP rule: a request it allows, the same path with a query and
// with another method. Judged on the TCP ports of HTTP edges.
std::vector<eval::HttpRequest> requests(const model::Program& p, std::set<int>& ports) {
  std::vector<eval::HttpRequest> out;
  for (const auto& e : p.edges) {
    for (const auto& h : e.http) {
      std::string path;
      for (char ch : h.path) path += ch == '*' ? std::string("x/y") : std::string(1, ch);
      out.push_back({h.method, path});
      out.push_back({h.method, path + "?q=1"});
      out.push_back({h.method == "DELETE" ? "GET" : "DELETE", path});
      for (const auto& port : e.ports) ports.insert(port.port);
    }
  }
  return out;
}

std::string verdictText(bool v) { return v ? "allowed" : "denied"; }

std::string rules(const eval::Verdict& v) {
  std::string s;
  for (const auto* side : {&v.egress, &v.ingress}) {
    s += side == &v.egress ? " egress:" : " ingress:";
    s += side->isolated ? "isolated" : "open";
    for (const auto& r : side->allowedBy) s += " +" + r.str();
    for (const auto& r : side->deniedBy) s += " -" + r.str();
  }
  return s;
}

struct Stats {
  std::size_t programs = 0, compiled = 0, denyRules = 0, connections = 0, mismatchedPrograms = 0;
  std::map<std::string, std::size_t> refusals;  // first error code
};

class ProgramCheck {
 public:
  // `denyRules`: the cilium output of --cilium-deny-rules, when the program
  // has deny intents and that build succeeded (empty otherwise).
  ProgramCheck(std::uint64_t seed, const std::string& text, const model::Program& program,
               const backends::OutputFiles& files, const backends::OutputFiles& denyRules)
      : seed_(seed), text_(text), pc_(eval::buildProgramCluster(program)), intended_(program, pc_.cluster) {
    kubernetes_ = eval::evaluatorFor("kubernetes", pc_.cluster, files);
    cilium_ = eval::evaluatorFor("cilium", pc_.cluster, files);
    if (!denyRules.empty()) ciliumDenyRules_ = eval::evaluatorFor("cilium", pc_.cluster, denyRules);
    for (const auto& pod : pc_.cluster.pods()) ends_.emplace_back(pod);
    for (const auto& x : pc_.externals) ends_.push_back(x.end);
    probes_ = probes(program);
    requests_ = requests(program, httpPorts_);
  }

  // The number of mismatches.
  std::size_t run(std::size_t& connections) {
    for (const auto& from : ends_) {
      for (const auto& to : ends_) {
        if ((!from.isPod() && !to.isPod()) || &from == &to) continue;
        for (const auto& probe : probes_) {
          ++connections;
          compare(from, to, probe, nullptr);
          if (probe.protocol != "TCP" || !httpPorts_.count(probe.port)) continue;
          for (const auto& r : requests_) compare(from, to, probe, &r);
        }
      }
    }
    return mismatches_;
  }

 private:
  void compare(const eval::Endpoint& from, const eval::Endpoint& to, const Probe& probe,
               const eval::HttpRequest* request) {
    const bool wantK = intended_.allowed(Target::Kubernetes, from, to, probe.port, probe.protocol, request);
    const bool wantC = intended_.allowed(Target::Cilium, from, to, probe.port, probe.protocol, request);
    const eval::Verdict k = kubernetes_->evaluate(from, to, probe.port, probe.protocol, request);
    const eval::Verdict c = cilium_->evaluate(from, to, probe.port, probe.protocol, request);
    std::string problem;
    if (k.allowed() != wantK || c.allowed() != wantC) problem = "the evaluators disagree with the intended meaning";
    // Deny rules only refuse what the deny intents name, which nplc checked
    // no allow rule opens: the same verdicts.
    if (ciliumDenyRules_ && ciliumDenyRules_->evaluate(from, to, probe.port, probe.protocol, request).allowed() != wantC)
      problem = "the cilium output of --cilium-deny-rules disagrees with the intended meaning";
    for (Target t : {Target::Kubernetes, Target::Cilium}) {
      const bool want = t == Target::Kubernetes ? wantK : wantC;
      if (want && !intended_.deniesOf(t, from, to, probe.port, probe.protocol).empty())
        problem = "a deny intent names a connection the program allows, and nplc accepted it";
    }
    if (problem.empty()) return;
    if (mismatches_++ == 0) std::printf("--- seed %llu ---\n%s---\n", (unsigned long long)seed_, text_.c_str());
    if (mismatches_ > 8) return;
    std::printf("%s: %s -> %s :%d/%s%s\n  intended: kubernetes %s, cilium %s\n  kubernetes objects: %s%s\n"
                "  cilium objects:     %s%s\n",
                problem.c_str(), from.str().c_str(), to.str().c_str(), probe.port, probe.protocol.c_str(),
                request ? (" " + request->method + " " + request->path).c_str() : "", verdictText(wantK).c_str(),
                verdictText(wantC).c_str(), verdictText(k.allowed()).c_str(), rules(k).c_str(),
                verdictText(c.allowed()).c_str(), rules(c).c_str());
  }

  std::uint64_t seed_;
  const std::string& text_;
  eval::ProgramCluster pc_;
  differential::Intended intended_;
  std::unique_ptr<eval::TargetEvaluator> kubernetes_, cilium_, ciliumDenyRules_;
  std::vector<eval::Endpoint> ends_;
  std::vector<Probe> probes_;
  std::set<int> httpPorts_;
  std::vector<eval::HttpRequest> requests_;
  std::size_t mismatches_ = 0;
};

void checkSeed(std::uint64_t seed, Stats& stats) {
  const std::string text = differential::generateProgram(seed);
  ++stats.programs;
  driver::Compilation c;
  driver::compileMemory(c, {{"main.npl", text}}, {"kubernetes", "cilium"});
  if (c.sink.hasErrors() || !c.program) {
    for (const auto& d : c.sink.sorted()) {
      if (d.severity == diag::Severity::Error) {
        ++stats.refusals[d.code];
        break;
      }
    }
    return;
  }
  ++stats.compiled;
  driver::Compilation withDenyRules;
  if (!c.program->denies.empty()) {
    backends::TargetOptions options;
    options.ciliumDenyRules = true;
    driver::compileMemory(withDenyRules, {{"main.npl", text}}, {"cilium"}, options);
    // Refused when Cilium's deny rules cannot state an intent (E0404, E0409).
    if (withDenyRules.sink.hasErrors()) withDenyRules.files.clear();
    else ++stats.denyRules;
  }
  try {
    ProgramCheck check(seed, text, *c.program, c.files, withDenyRules.files);
    if (check.run(stats.connections) > 0) ++stats.mismatchedPrograms;
  } catch (const std::exception& e) {
    std::printf("--- seed %llu ---\n%s---\nthe evaluators cannot read the output: %s\n", (unsigned long long)seed,
                text.c_str(), e.what());
    ++stats.mismatchedPrograms;
  }
  // The two targets' objects agree, but for the differences the language
  // defines (eval/equivalence.h): anything else is an internal error.
  try {
    driver::checkEquivalence(c, {"kubernetes", "cilium"}, false);
  } catch (const util::InternalError& e) {
    std::printf("--- seed %llu ---\n%s---\n%s\n", (unsigned long long)seed, text.c_str(), e.what());
    ++stats.mismatchedPrograms;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t first = 1, count = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    const std::uint64_t value = std::strtoull(argv[i + 1], nullptr, 10);
    if (arg == "--first") first = value;
    else if (arg == "--count") count = value;
    else if (arg == "--show") {
      std::printf("%s", differential::generateProgram(value).c_str());
      return 0;
    } else {
      std::fprintf(stderr, "usage: differential_test [--first SEED] [--count N] [--show SEED]\n");
      return 2;
    }
  }
  Stats stats;
  for (std::uint64_t seed = first; seed < first + count; ++seed) checkSeed(seed, stats);
  std::string refused;
  std::size_t refusedCount = 0;
  for (const auto& [code, n] : stats.refusals) {
    refused += " " + code + "x" + std::to_string(n);
    refusedCount += n;
  }
  std::printf("%zu programs (seeds %llu..%llu): %zu compiled (%zu also with --cilium-deny-rules), %zu refused by nplc "
              "(%s ), %zu connections compared, %zu programs with mismatches\n",
              stats.programs, (unsigned long long)first, (unsigned long long)(first + count - 1), stats.compiled,
              stats.denyRules, refusedCount, refused.c_str(), stats.connections, stats.mismatchedPrograms);
  // Most generated programs must be valid, or the test would test little.
  if (stats.compiled * 2 < stats.programs) {
    std::printf("too many programs refused: make the generator write valid programs\n");
    return 1;
  }
  return stats.mismatchedPrograms == 0 ? 0 : 1;
}
