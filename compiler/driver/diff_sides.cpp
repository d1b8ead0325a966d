#include "driver/diff_sides.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <variant>

#include "driver/project_file.h"
#include "driver/targets.h"

namespace nplc::driver {
namespace {

namespace fs = std::filesystem;

// Runs a program (no shell: a revision is passed as one argument, whatever
// it holds) in the working folder; its stdout into `out` when given, stderr
// into `err` when given. The exit status, or -1 when it could not run.
// Hand-written: the few lines of fork/exec cost less than a process library.
int run(const std::vector<std::string>& argv, std::string* out, std::string* err = nullptr) {
  int outPipe[2], errPipe[2];
  if (pipe(outPipe) != 0) return -1;
  if (pipe(errPipe) != 0) {
    close(outPipe[0]);
    close(outPipe[1]);
    return -1;
  }
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(outPipe[1], STDOUT_FILENO);
    dup2(errPipe[1], STDERR_FILENO);
    for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]}) close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(outPipe[1]);
  close(errPipe[1]);
  // Both pipes are read to the end, stdout first; git's stderr is short.
  for (auto [fd, into] : {std::pair{outPipe[0], out}, std::pair{errPipe[0], err}}) {
    char buf[8192];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) {
      if (into) into->append(buf, static_cast<std::size_t>(n));
    }
    close(fd);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// A temporary folder, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nplc-diff-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// Restores the working folder when leaving a side's folder.
struct WorkIn {
  fs::path back;
  explicit WorkIn(const fs::path& dir, std::error_code& ec) : back(fs::current_path(ec)) {
    if (!ec) fs::current_path(dir, ec);
  }
  ~WorkIn() {
    std::error_code ec;
    fs::current_path(back, ec);
  }
};

// Extracts revision `rev` of the repository of the working folder into
// `into`; the folder to work from there (the working folder's place in the
// repository), or an error message.
std::variant<fs::path, std::string> extractRevision(const std::string& rev, const fs::path& into) {
  std::string commit, err;
  if (run({"git", "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"}, &commit) != 0) {
    return fmt::format("'{}' is neither a folder nor a revision of the repository here", rev);
  }
  std::string prefix, top;
  run({"git", "rev-parse", "--show-prefix"}, &prefix);
  run({"git", "rev-parse", "--show-toplevel"}, &top);
  prefix = trimmed(prefix);
  const fs::path tree = into / "tree";
  const fs::path tar = into / "tree.tar";
  std::error_code ec;
  fs::create_directories(tree, ec);
  if (ec || run({"git", "-C", trimmed(top), "archive", "--format=tar", "-o", tar.string(), trimmed(commit)}, nullptr, &err) != 0) {
    return fmt::format("cannot read revision '{}': {}", rev, ec ? ec.message() : trimmed(err));
  }
  if (run({"tar", "-xf", tar.string(), "-C", tree.string()}, nullptr, &err) != 0) {
    return fmt::format("cannot extract revision '{}': {}", rev, trimmed(err));
  }
  // (git archive from a subfolder would archive only that subfolder.)
  // The repository's top level, for the project file's search and the
  // project root of `use` (both stop at a folder holding .git).
  fs::create_directory(tree / ".git", ec);
  const fs::path dir = tree / prefix;
  if (!fs::is_directory(dir, ec)) {
    return fmt::format("the folder '{}' does not exist at revision '{}'", prefix, rev);
  }
  return dir;
}

}  // namespace

std::optional<int> compileSide(const std::string& given, const DiffOptions& opts, DiffSide& side) {
  std::error_code ec;
  side.label = given.empty() ? "working tree" : given;
  TempDir tmp;
  fs::path dir = ".";
  bool folder = given.empty() || fs::is_directory(given, ec);
  if (!given.empty() && folder) dir = given;
  if (!folder) {
    if (tmp.path.empty()) {
      std::cerr << "nplc: error: cannot create a temporary folder for revision '" << given << "'\n";
      return kUsageError;
    }
    auto where = extractRevision(given, tmp.path);
    if (auto* why = std::get_if<std::string>(&where)) {
      std::cerr << "nplc: error: diff: " << *why << "\n";
      return kUsageError;
    }
    dir = std::get<fs::path>(where);
  }
  WorkIn in(dir, ec);
  if (ec) {
    std::cerr << fmt::format("nplc: error: cannot work from {}: {}\n", dir.generic_string(), ec.message());
    return kUsageError;
  }
  CommonOptions common = opts.common;
  common.format = "text";  // a side's diagnostics go to stderr; stdout holds the diff
  std::vector<std::string> targets = opts.targets;
  if (targets.empty()) targets = {"kubernetes", "cilium"};
  // nplc.yaml decides the sources as for check: a folder given is read
  // alone unless it holds the project file itself.
  if (!(folder && !given.empty()) || fs::is_regular_file(kProjectFileName, ec)) {
    GivenOnCommandLine cli;
    cli.targets = !opts.targets.empty();
    cli.podCidrs = !common.podCidrs.empty();
    if (auto code = useProjectFile(cli, common, nullptr, targets)) return code;
  }
  if (common.paths.empty()) common.paths = {"."};
  for (const auto& t : allTargets()) {
    if (std::find(targets.begin(), targets.end(), t) != targets.end()) side.targets.push_back(t);
  }
  for (const auto& t : targets) {
    if (!findTarget(t)) {
      std::cerr << fmt::format("nplc: error: unknown target '{}' (available: {})\n", t, fmt::join(allTargets(), ", "));
      return kUsageError;
    }
  }
  Compilation& c = *side.c;
  if (!compileInMemory(c, common, {side.targets.begin(), side.targets.end()})) return kUsageError;
  if (c.sink.hasErrors() || !c.ioErrors.empty() || !c.program) {
    report(c, common);
    std::cerr << fmt::format("nplc: error: diff: {} does not compile: nothing compared\n", side.label);
    return kUsageError;
  }
  return std::nullopt;
}

}  // namespace nplc::driver
