// `nplc fmt [--check] [PATHS...]`: every file in the layout of
// docs/language.md ("Layout"); `-` formats stdin to stdout.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "diag/render_text.h"
#include "driver/commands.h"
#include "driver/compile.h"
#include "layout/layout.h"

namespace nplc::driver {

namespace {

bool readAll(std::istream& in, std::string& text) {
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return !in.bad();
}

// Replaces `path` by `text` through a temporary file in the same folder, so
// that an interrupted run leaves the old file or the new one, never half.
std::optional<std::string> replaceFile(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const std::string tmp = fmt::format("{}.nplc-fmt-{}", path, getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return fmt::format("cannot write {}", tmp);
    }
  }
  std::error_code ec;
  fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return fmt::format("cannot replace {}: {}", path, ec.message());
  }
  return std::nullopt;
}

}  // namespace

int runFmt(const FmtOptions& opts) {
  std::vector<std::string> ioErrors;
  std::vector<std::string> paths;
  bool stdinToo = false;
  std::vector<std::string> fileArgs;
  for (const auto& p : opts.paths) {
    if (p == "-")
      stdinToo = true;
    else
      fileArgs.push_back(p);
  }
  if (!fileArgs.empty() || !stdinToo) paths = collectInputs(fileArgs.empty() ? std::vector<std::string>{"."} : fileArgs, ioErrors);
  bool failed = false, changed = false;
  auto one = [&](const std::string& path, const std::string& text, bool toStdout) {
    source::SourceManager sm;
    diag::Sink sink;
    const auto id = sm.add(path, text);
    const auto out = layout::formatFile(sm, id, sink);
    if (!out) {
      diag::renderText(std::cerr, sm, sink.sorted(), {useColor(opts.color)});
      failed = true;
      return;
    }
    if (toStdout && !opts.check) {
      std::cout << *out;
      return;
    }
    if (*out == text) return;
    changed = true;
    if (opts.check) {
      std::cout << path << "\n";
      return;
    }
    if (auto error = replaceFile(path, *out)) ioErrors.push_back(*error);
  };
  if (stdinToo) {
    std::string text;
    if (!readAll(std::cin, text))
      ioErrors.emplace_back("cannot read stdin");
    else
      one("<stdin>", text, true);
  }
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::string text;
    if (!in || !readAll(in, text)) {
      ioErrors.push_back(fmt::format("cannot read {}", path));
      continue;
    }
    one(std::filesystem::path(path).lexically_normal().string(), text, false);
  }
  for (const auto& e : ioErrors) std::cerr << "nplc: error: " << e << "\n";
  if (opts.check && changed) std::cerr << "nplc: these files are not formatted; `nplc fmt` rewrites them\n";
  if (!ioErrors.empty()) return kUsageError;
  return failed || (opts.check && changed) ? kInputErrors : kOk;
}

}  // namespace nplc::driver
