// Conformance driver: for every step of the upstream Kubernetes e2e
// NetworkPolicy scenarios, compile scenarios/NNN-*/stepK.npl with nplc, load
// the generated NetworkPolicies and check with the reachability evaluator that
// they allow exactly what the upstream expected tables say.
//
// With --target cilium the same steps are compiled to CiliumNetworkPolicies
// and checked with the Cilium evaluator against the same tables — except the
// steps that have a stepK.cilium.stderr beside them: there nplc must fail
// (exit 1) with exactly those diagnostics (the step file named by its base
// name), because the Cilium target cannot mean what the step says.
//
//   conformance_tests [--nplc PATH] [--scenarios DIR] [--fixture JSON]
//                     [--target kubernetes|cilium] [--filter TEXT] [--keep] [--verbose]
//                     [--python PYTHON --validator tests/schemas/validate.py]
//
// nplc defaults to $NPLC; the fixture to DIR/../e2e_scenarios.json. Exit status
// 0 when every step passes, 1 when one fails, 2 on a usage or fixture error.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "eval/cilium_eval.h"
#include "eval/generated.h"
#include "eval/network_policy.h"
#include "scenario.h"

namespace fs = std::filesystem;
using namespace nplc::eval;

namespace {

struct Options {
  std::string nplc;
  std::string scenarios;
  std::string fixture;
  std::string filter;
  std::string target = "kubernetes";
  bool keep = false;
  bool verbose = false;
  int timeoutSeconds = 60;
  std::string python, validator;  // with both, every generated file is schema-validated
};

struct RunResult {
  int exitCode = -1;  // -1: did not exit normally (signal, timeout, exec failure)
  std::string description;
};

// Runs argv[0] with stdout and stderr sent to `logPath`, without a shell.
RunResult run(const std::vector<std::string>& argv, const std::string& logPath, int timeoutSeconds) {
  pid_t pid = fork();
  if (pid < 0) return {-1, "fork failed"};
  if (pid == 0) {
    int fd = open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    std::perror("execv");
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  int status = 0;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return {-1, "waitpid failed"};
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return {-1, "timed out after " + std::to_string(timeoutSeconds) + "s"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) return {WEXITSTATUS(status), "exit status " + std::to_string(WEXITSTATUS(status))};
  if (WIFSIGNALED(status)) return {-1, "killed by signal " + std::to_string(WTERMSIG(status))};
  return {-1, "abnormal termination"};
}

std::string indent(const std::string& text, std::size_t maxLines = 40) {
  std::istringstream in(text);
  std::string line, out;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ == maxLines) {
      out += "      ...\n";
      break;
    }
    out += "      " + line + "\n";
  }
  return out;
}

// scenarios/NNN-*/stepK.npl, or "" when absent.
std::string findStepFile(const std::string& scenariosDir, const Step& step) {
  char prefix[8];
  std::snprintf(prefix, sizeof prefix, "%03d-", step.scenarioId);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scenariosDir, ec)) {
    if (!entry.is_directory() || entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    fs::path f = entry.path() / ("step" + std::to_string(step.index) + ".npl");
    if (fs::exists(f)) return f.string();
  }
  return "";
}

// Every policy of the generated files, each in a namespace of the model and
// named once; throws std::runtime_error with the reason otherwise.
template <typename Policy, typename Parse>
std::vector<Policy> load(const Options& opt, const Step& step, const fs::path& out, const std::vector<fs::path>& files,
                         std::string& details, Parse parse) {
  std::vector<Policy> policies;
  std::set<std::string> seen;
  for (const auto& f : files) {
    std::string rel = fs::relative(f, out).string();
    std::vector<Policy> parsed;
    try {
      parsed = parse(readFile(f.string()), rel);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("invalid generated YAML: ") + e.what());
    }
    for (auto& p : parsed) {
      if (!step.cluster.findNamespace(p.ns)) throw std::runtime_error(rel + ": policy in namespace '" + p.ns + "', not in the model");
      if (!seen.insert(p.ns + "/" + p.name).second) throw std::runtime_error(rel + ": duplicate policy " + p.ns + "/" + p.name);
      if (opt.verbose) details += "    loaded " + rel + " (" + p.ns + "/" + p.name + ")\n";
      policies.push_back(std::move(p));
    }
  }
  return policies;
}

// A step the Cilium target must refuse: exit 1 and exactly the expected
// diagnostics, with the step file named by its base name.
std::string expectDiagnostics(const std::string& npl, const std::string& expectedPath, const RunResult& r,
                              std::string output, std::string& details) {
  for (std::size_t pos; (pos = output.find(npl)) != std::string::npos;) {
    output.replace(pos, npl.size(), fs::path(npl).filename().string());
  }
  if (r.exitCode != 1) {
    details += indent(output);
    return "nplc should have failed with exit 1 (" + r.description + ")";
  }
  const std::string expected = readFile(expectedPath);
  if (output != expected) {
    details += "    expected (" + fs::path(expectedPath).filename().string() + "):\n" + indent(expected, 80) +
               "    got:\n" + indent(output, 80);
    return "the diagnostics differ from " + fs::path(expectedPath).filename().string();
  }
  details += "    refused as expected: " + fs::path(expectedPath).filename().string() + "\n";
  return "";
}

// Returns "" on success, else the reason of the failure; `details` gets the
// mismatching pairs or the compiler output.
std::string checkStep(const Options& opt, const Step& step, std::string& details) {
  std::string npl = findStepFile(opt.scenarios, step);
  if (npl.empty()) return "no scenarios/" + step.label().substr(0, 3) + "-*/step" + std::to_string(step.index) + ".npl";

  std::string tmpl = (fs::temp_directory_path() / "npl-conformance-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return "mkdtemp failed";
  fs::path tmp = tmpl;
  fs::path out = tmp / "out";
  std::string log = (tmp / "nplc.log").string();
  struct Cleanup {
    fs::path dir;
    bool keep;
    ~Cleanup() {
      std::error_code ec;
      if (!keep) fs::remove_all(dir, ec);
    }
  } cleanup{tmp, opt.keep};
  if (opt.keep) details += "    output kept in " + tmp.string() + "\n";

  RunResult r =
      run({opt.nplc, "build", npl, "-o", out.string(), "--target", opt.target, "--color", "never"}, log, opt.timeoutSeconds);
  std::string compilerOutput;
  try {
    compilerOutput = readFile(log);
  } catch (const std::exception&) {
  }
  const fs::path expectedStderr = fs::path(npl).replace_extension(".cilium.stderr");
  if (opt.target == "cilium" && fs::exists(expectedStderr)) {
    return expectDiagnostics(npl, expectedStderr.string(), r, compilerOutput, details);
  }
  if (r.exitCode != 0) {
    details += "    nplc build " + npl + ": " + r.description + "\n" + indent(compilerOutput);
    return "nplc failed (" + r.description + ")";
  }
  if (opt.verbose && !compilerOutput.empty()) details += "    nplc output:\n" + indent(compilerOutput);

  std::vector<fs::path> files;
  fs::path k8s = out / opt.target;
  std::error_code ec;
  if (fs::is_directory(k8s)) {
    for (const auto& e : fs::recursive_directory_iterator(k8s, ec)) {
      auto name = e.path().filename().string();
      bool yaml = name.size() > 5 && (name.ends_with(".yaml") || name.ends_with(".yml"));
      if (e.is_regular_file() && yaml && name != "kustomization.yaml") files.push_back(e.path());
    }
  } else {
    details += "    note: no " + k8s.string() + " folder (taken as no policies)\n";
  }
  std::sort(files.begin(), files.end());
  if (!opt.python.empty() && !opt.validator.empty() && !files.empty()) {
    std::vector<std::string> argv = {opt.python, opt.validator};
    for (const auto& f : files) argv.push_back(f.string());
    const std::string vlog = (tmp / "validate.log").string();
    RunResult v = run(argv, vlog, opt.timeoutSeconds);
    if (v.exitCode != 0) {
      try {
        details += indent(readFile(vlog), 60);
      } catch (const std::exception&) {
      }
      return "schema validation failed (" + v.description + ")";
    }
  }

  std::vector<Mismatch> mismatches;
  try {
    // Every object in a namespace of the model, no name twice; then the
    // target's evaluator judges the files as the backend returned them.
    if (opt.target == "cilium")
      load<cilium::CiliumPolicy>(opt, step, out, files, details, cilium::parseCiliumPolicies);
    else
      load<NetworkPolicy>(opt, step, out, files, details, parsePolicies);
    nplc::backends::OutputFiles generated;
    for (const auto& f : files) generated[fs::relative(f, out).string()] = readFile(f.string());
    auto judge = evaluatorFor(opt.target, step.cluster, generated);
    if (!judge) return "no evaluator for target " + opt.target;
    mismatches = compare(step, [&](const Pod& from, const Pod& to, int port, const std::string& protocol) {
      return judge->evaluate(from, to, port, protocol);
    });
  } catch (const std::exception& e) {
    return e.what();
  }
  if (mismatches.empty()) return "";
  const std::size_t shown = 24;
  for (std::size_t i = 0; i < mismatches.size() && i < shown; ++i) details += "    " + mismatches[i].str() + "\n";
  if (mismatches.size() > shown) details += "    ... and " + std::to_string(mismatches.size() - shown) + " more\n";
  details += "    generated policies: " + std::to_string(files.size()) + " file(s)";
  for (const auto& f : files) details += " " + fs::relative(f, out).string();
  details += "\n";
  return std::to_string(mismatches.size()) + " pair(s) differ from the expected reachability";
}

int usage(const char* msg) {
  std::cerr << "conformance_tests: " << msg << "\n"
            << "usage: conformance_tests [--nplc PATH] [--scenarios DIR] [--fixture JSON] [--filter TEXT]"
               " [--target kubernetes|cilium] [--timeout SECONDS] [--keep] [--verbose]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (const char* env = std::getenv("NPLC")) opt.nplc = env;
#ifdef NPL_CONFORMANCE_DIR
  opt.scenarios = NPL_CONFORMANCE_DIR "/scenarios";
#endif
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    std::string timeout;
    if (a == "--nplc") {
      if (!value(opt.nplc)) return usage("--nplc needs a value");
    } else if (a == "--scenarios") {
      if (!value(opt.scenarios)) return usage("--scenarios needs a value");
    } else if (a == "--fixture") {
      if (!value(opt.fixture)) return usage("--fixture needs a value");
    } else if (a == "--python") {
      if (!value(opt.python)) return usage("--python needs a value");
    } else if (a == "--validator") {
      if (!value(opt.validator)) return usage("--validator needs a value");
    } else if (a == "--target") {
      if (!value(opt.target) || (opt.target != "kubernetes" && opt.target != "cilium")) {
        return usage("--target is kubernetes or cilium");
      }
    } else if (a == "--filter") {
      if (!value(opt.filter)) return usage("--filter needs a value");
    } else if (a == "--timeout") {
      if (!value(timeout) || (opt.timeoutSeconds = std::atoi(timeout.c_str())) <= 0) return usage("bad --timeout");
    } else if (a == "--keep")
      opt.keep = true;
    else if (a == "--verbose" || a == "-v")
      opt.verbose = true;
    else
      return usage(("unknown argument " + a).c_str());
  }
  if (opt.nplc.empty()) return usage("no compiler: pass --nplc PATH or set NPLC");
  if (opt.scenarios.empty()) return usage("no scenarios folder: pass --scenarios DIR");
  if (opt.fixture.empty()) opt.fixture = (fs::path(opt.scenarios) / ".." / "e2e_scenarios.json").lexically_normal();
  opt.nplc = fs::absolute(opt.nplc).string();
  if (access(opt.nplc.c_str(), X_OK) != 0) return usage(("not an executable: " + opt.nplc).c_str());

  std::vector<Step> steps;
  try {
    steps = loadSteps(opt.fixture);
  } catch (const std::exception& e) {
    std::cerr << "conformance_tests: " << e.what() << "\n";
    return 2;
  }

  int passed = 0, failed = 0;
  for (const auto& step : steps) {
    if (!opt.filter.empty() && step.label().find(opt.filter) == std::string::npos) continue;
    std::string details;
    std::string reason = checkStep(opt, step, details);
    if (reason.empty()) {
      ++passed;
      std::cout << "PASS " << step.label() << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << step.label() << ": " << reason << "\n";
    }
    std::cout << details << std::flush;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  if (passed + failed == 0) {
    std::cerr << "conformance_tests: no step selected\n";
    return 2;
  }
  return failed == 0 ? 0 : 1;
}
