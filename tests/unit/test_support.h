#pragma once
// Shared helpers for the unit tests: temporary folders, "compile this text"
// through the same stages the driver runs, and lookups into the result.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "diag/diagnostic.h"
#include "model/model.h"
#include "load/loader.h"
#include "sema/pipeline.h"
#include "source/source_manager.h"
#include "syntax/parser.h"
#include "util/utf8.h"

namespace nplc::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("nplc-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    std::string str() const { return path_.string(); }

    // Writes `text` at `rel` (creating folders) and returns the full path.
    std::string write(const std::string& rel, const std::string& text) const {
        const fs::path p = path_ / rel;
        fs::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << text;
        return p.string();
    }

 private:
    fs::path path_;
};

inline std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every .npl file of the repository that a parser reads (UTF-8, no NUL
// byte; the others stop at E0002/E0003 before any lexer), with its path;
// build trees, node_modules and .git left out.
inline std::vector<std::pair<fs::path, std::string>> repositoryNplTexts() {
    std::vector<std::pair<fs::path, std::string>> out;
    const fs::path root = fs::path(NPLC_TEST_DIR).parent_path();
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name == "node_modules" || name == ".git" || name.rfind("build", 0) == 0)) {
            it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file() || it->path().extension() != ".npl") continue;
        std::string text = readFile(it->path());
        if (text.find('\0') != std::string::npos || util::firstInvalidUtf8(text) != std::string::npos) continue;
        out.emplace_back(it->path(), std::move(text));
    }
    return out;
}

// The codes of every diagnostic, in the sink's sorted order.
inline std::vector<std::string> codes(const diag::Sink& sink) {
    std::vector<std::string> out;
    for (const auto& d : sink.sorted()) out.push_back(d.code);
    return out;
}

inline bool hasCode(const diag::Sink& sink, const std::string& code) {
    const auto all = codes(sink);
    return std::find(all.begin(), all.end(), code) != all.end();
}

// The diagnostics with `code`, sorted.
inline std::vector<diag::Diagnostic> withCode(const diag::Sink& sink, const std::string& code) {
    std::vector<diag::Diagnostic> out;
    for (const auto& d : sink.sorted()) {
        if (d.code == code) out.push_back(d);
    }
    return out;
}

inline std::string joinCodes(const diag::Sink& sink) {
    std::string out;
    for (const auto& d : sink.sorted()) out += d.code + " " + d.message + "\n";
    return out;
}

// One text parsed on its own (syntax::parseFile), as "test.npl".
struct Parsed {
    source::SourceManager sm;
    diag::Sink sink;
    source::FileId id = source::kNoFile;
    std::optional<ast::File> file;

    std::string_view text(source::Span s) const { return sm.text(s); }
    source::LineCol at(source::Span s) const { return sm.lineCol(s.file, s.begin); }
};

inline std::unique_ptr<Parsed> parse(const std::string& text) {
    auto p = std::make_unique<Parsed>();
    p->id = p->sm.add("test.npl", text);
    p->file = syntax::parseFile(p->sm, p->id, p->sink);
    return p;
}

// Parses text that must be valid.
inline std::unique_ptr<Parsed> ok(const std::string& text) {
    auto p = parse(text);
    INFO("input:\n", text, "\ndiagnostics:\n", joinCodes(p->sink));
    REQUIRE(p->file.has_value());
    REQUIRE_FALSE(p->sink.hasErrors());
    return p;
}

// A program compiled from files in a temporary folder: load + analyze, as the
// driver runs them (analysis only when loading reported no error).
struct Compiled {
    TempDir dir;
    source::SourceManager sm;
    diag::Sink sink;
    std::optional<model::Program> program;
    std::map<std::string, std::string> paths;  // relative name -> full path

    const model::Program& prog() const {
        REQUIRE_MESSAGE(program.has_value(), joinCodes(sink));
        return *program;
    }

    const model::Policy* findPolicy(const std::string& ns, const std::string& name) const {
        if (!program) return nullptr;
        for (const auto& p : program->policies) {
            if (program->namespaces[p.ns].name == ns && p.name == name) return &p;
        }
        return nullptr;
    }

    const model::Policy& policy(const std::string& ns, const std::string& name) const {
        const model::Policy* p = findPolicy(ns, name);
        REQUIRE_MESSAGE(p != nullptr, "no policy ", ns, "/", name, "; have: ", policyNames());
        return *p;
    }

    // "ns/name" of every policy, in plan order.
    std::vector<std::string> policyList() const {
        std::vector<std::string> out;
        if (!program) return out;
        for (const auto& p : program->policies) out.push_back(program->namespaces[p.ns].name + "/" + p.name);
        return out;
    }

    std::string policyNames() const {
        std::string out;
        for (const auto& n : policyList()) out += n + " ";
        return out;
    }

    // 1-based line of a span.
    std::uint32_t line(source::Span s) const { return sm.lineCol(s.file, s.begin).line; }
    std::uint32_t col(source::Span s) const { return sm.lineCol(s.file, s.begin).col; }
    std::string_view text(source::Span s) const { return sm.text(s); }
};

// Compiles several files (relative name -> text); every one is an input.
inline std::unique_ptr<Compiled> compileFiles(const std::map<std::string, std::string>& files,
                                              const std::vector<std::string>& only = {}) {
    auto c = std::make_unique<Compiled>();
    std::vector<std::string> inputs;
    for (const auto& [rel, text] : files) {
        c->paths[rel] = c->dir.write(rel, text);
        if (only.empty() || std::find(only.begin(), only.end(), rel) != only.end()) inputs.push_back(c->paths[rel]);
    }
    // The temporary folder is the project root, as `nplc check DIR` makes it.
    source::Roots roots;
    roots.add(c->dir.path(), "the folder given on the command line");
    auto loaded = load::loadProgram(inputs, c->sm, c->sink, roots);
    REQUIRE_FALSE(loaded.ioError);
    if (!c->sink.hasErrors()) c->program = sema::analyze(c->sm, loaded.files, c->sink);
    return c;
}

inline std::unique_ptr<Compiled> compileText(const std::string& text) { return compileFiles({{"main.npl", text}}); }

// Requirement constructors for comparing selectors.
inline model::Requirement eq(std::string key, std::string value) {
    return {ast::ReqOp::Equals, std::move(key), {std::move(value)}};
}

inline bool sameSelector(const model::LabelSelector& s, const std::vector<model::Requirement>& want) {
    if (s.reqs.size() != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (s.reqs[i].op != want[i].op || s.reqs[i].key != want[i].key || s.reqs[i].values != want[i].values) {
            return false;
        }
    }
    return true;
}

}  // namespace nplc::test
