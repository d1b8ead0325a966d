#include "nplc_run.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace nplc::eval::test {

namespace {

std::string nplcPath() {
  const char* env = std::getenv("NPLC");
  return env && *env ? env : NPLC_PATH;
}

}  // namespace

Build run(const std::string& program, const std::string& target, std::vector<std::string> extra) {
  std::string tmpl = (fs::temp_directory_path() / "npl-run-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  const fs::path dir = tmpl;
  std::ofstream(dir / "main.npl") << program;
  const std::string log = (dir / "log").string();
  std::vector<std::string> argv = {
      nplcPath(), "build", (dir / "main.npl").string(), "-o", (dir / "out").string(), "--target", target,
      "--color",  "never"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Build b;
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  b.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  b.log = readFile(log);
  // `target` may list several (`cluster-network-policy,kubernetes`): each one's folder, in that order.
  std::size_t from = 0;
  while (from <= target.size()) {
    const std::size_t comma = std::min(target.find(',', from), target.size());
    const fs::path out = dir / "out" / target.substr(from, comma - from);
    from = comma + 1;
    if (!fs::is_directory(out)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(out)) {
      if (e.is_regular_file() && e.path().filename() != "kustomization.yaml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) b.yaml.push_back(readFile(f.string()));
  }
  fs::remove_all(dir);
  return b;
}

Build build(const std::string& program, const std::string& target, std::vector<std::string> extra) {
  Build b = run(program, target, std::move(extra));
  INFO(b.log);
  REQUIRE(b.exitCode == 0);
  return b;
}

cilium::Evaluator ciliumEval(const Cluster& cluster, const Build& b, const std::string& extraYaml) {
  std::vector<cilium::CiliumPolicy> policies;
  for (const auto& y : b.yaml) {
    for (auto& p : cilium::parseCiliumPolicies(y)) policies.push_back(std::move(p));
  }
  if (!extraYaml.empty()) {
    for (auto& p : cilium::parseCiliumPolicies(extraYaml)) policies.push_back(std::move(p));
  }
  return cilium::Evaluator(cluster, std::move(policies));
}

NetworkPolicyEvaluator kubernetesEval(const Cluster& cluster, const Build& b) {
  std::vector<NetworkPolicy> policies;
  for (const auto& y : b.yaml) {
    for (auto& p : parsePolicies(y)) policies.push_back(std::move(p));
  }
  return NetworkPolicyEvaluator(cluster, std::move(policies));
}

void addPod(Cluster& c, const std::string& ns, const std::string& name, Labels labels,
            std::vector<ContainerPort> ports) {
  static int n = 0;
  c.addPod({ns, name, std::move(labels), "10.244.9." + std::to_string(++n), std::move(ports)});
}

}  // namespace nplc::eval::test
