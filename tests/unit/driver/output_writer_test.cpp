// Unit tests for driver/output_writer: all-or-nothing writes, the manifest,
// pruning of files an earlier build wrote, and refusing to touch anything else.
#include "driver/output_writer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include "../test_support.h"

using namespace nplc;
using driver::writeOutputs;
using test::readFile;
namespace fs = std::filesystem;
using Tree = std::map<std::string, std::string>;
using Strings = std::vector<std::string>;

namespace {

const std::set<std::string> kKube = {"kubernetes"};

// Every regular file below `root`, by relative path, with its content.
Tree snapshot(const fs::path& root) {
    Tree out;
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file()) out[fs::relative(e.path(), root).generic_string()] = readFile(e.path());
    }
    return out;
}

// Every folder below `root`, as "path/".
Strings folders(const fs::path& root) {
    Strings out;
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_directory()) out.push_back(fs::relative(e.path(), root).generic_string() + "/");
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The entries of the manifest (without its comment header).
Strings manifest(const fs::path& out) {
    Strings entries;
    std::istringstream in(readFile(out / driver::kManifestName));
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '#') entries.push_back(line);
    }
    return entries;
}

driver::WriteResult write(const fs::path& out, const backends::OutputFiles& files,
                          const std::set<std::string>& targets = kKube) {
    auto r = writeOutputs(out.string(), files, targets);
    std::string errors;
    for (const auto& e : r.errors) errors += e + "\n";
    INFO(errors);
    return r;
}

void checkCounts(const driver::WriteResult& r, std::size_t written, std::size_t unchanged, std::size_t removed) {
    CHECK(r.ok);
    CHECK(r.errors.empty());
    CHECK(r.written == written);
    CHECK(r.unchanged == unchanged);
    CHECK(r.removed == removed);
}

const backends::OutputFiles kFiles = {
    {"kubernetes/kustomization.yaml", "K\n"},
    {"kubernetes/prod/api-ingress.yaml", "A\n"},
    {"kubernetes/shop/db-ingress.yaml", "D\n"},
};

}  // namespace

TEST_CASE("output writer: first write") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out" / "nested";  // created as needed
    checkCounts(write(out, kFiles), 3, 0, 0);
    Tree want(kFiles.begin(), kFiles.end());
    Tree got = snapshot(out);
    CHECK(got.count(driver::kManifestName) == 1);
    CHECK(readFile(out / driver::kManifestName).rfind("#", 0) == 0);
    got.erase(driver::kManifestName);
    CHECK(got == want);  // and no temporary file left behind
    CHECK(manifest(out) ==
          Strings{"kubernetes/kustomization.yaml", "kubernetes/prod/api-ingress.yaml", "kubernetes/shop/db-ingress.yaml"});
}

TEST_CASE("output writer: unchanged and changed files") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    write(out, kFiles);
    const auto mtimeBefore = fs::last_write_time(out / "kubernetes/prod/api-ingress.yaml");
    checkCounts(write(out, kFiles), 0, 3, 0);
    CHECK(fs::last_write_time(out / "kubernetes/prod/api-ingress.yaml") == mtimeBefore);

    auto changed = kFiles;
    changed["kubernetes/prod/api-ingress.yaml"] = "A2\n";
    checkCounts(write(out, changed), 1, 2, 0);
    CHECK(readFile(out / "kubernetes/prod/api-ingress.yaml") == "A2\n");
}

TEST_CASE("output writer: files no longer generated are pruned, with their empty folders") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    write(out, kFiles);
    auto fewer = kFiles;
    fewer.erase("kubernetes/shop/db-ingress.yaml");
    checkCounts(write(out, fewer), 0, 2, 1);
    CHECK_FALSE(fs::exists(out / "kubernetes/shop/db-ingress.yaml"));
    CHECK_FALSE(fs::exists(out / "kubernetes/shop"));
    CHECK(fs::exists(out / "kubernetes/prod/api-ingress.yaml"));
    CHECK(manifest(out) == Strings{"kubernetes/kustomization.yaml", "kubernetes/prod/api-ingress.yaml"});

    // A folder that still holds a file of the user's is kept.
    write(out, kFiles);
    dir.write("out/kubernetes/shop/README.md", "mine");
    checkCounts(write(out, fewer), 0, 2, 1);
    CHECK(readFile(out / "kubernetes/shop/README.md") == "mine");

    // Nothing generated at all: everything goes, the output folder and manifest stay.
    checkCounts(write(out, {}), 0, 0, 2);
    CHECK(snapshot(out) == Tree{{driver::kManifestName, readFile(out / driver::kManifestName)},
                                {"kubernetes/shop/README.md", "mine"}});
    CHECK(manifest(out).empty());
}

TEST_CASE("output writer: pruning with a trailing slash on the output folder") {
    test::TempDir dir;
    const std::string out = (dir.path() / "out").string() + "/";
    write(out, kFiles);
    auto fewer = kFiles;
    fewer.erase("kubernetes/shop/db-ingress.yaml");
    checkCounts(write(out, fewer), 0, 2, 1);
    CHECK_FALSE(fs::exists(dir.path() / "out/kubernetes/shop"));
    CHECK(fs::exists(dir.path() / "out" / driver::kManifestName));
}

TEST_CASE("output writer: a file it did not write is never deleted") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    dir.write("out/kubernetes/prod/handmade.yaml", "H");
    dir.write("out/notes.txt", "N");
    checkCounts(write(out, kFiles), 3, 0, 0);
    checkCounts(write(out, {{"kubernetes/kustomization.yaml", "K\n"}}), 0, 1, 2);
    CHECK(readFile(out / "kubernetes/prod/handmade.yaml") == "H");
    CHECK(readFile(out / "notes.txt") == "N");
}

TEST_CASE("output writer: a file it did not write is never overwritten, and nothing changes") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    write(out, kFiles);
    dir.write("out/kubernetes/prod/web-ingress.yaml", "USER");
    const Tree before = snapshot(out);

    auto next = kFiles;
    next.erase("kubernetes/shop/db-ingress.yaml");               // would be pruned
    next["kubernetes/prod/api-ingress.yaml"] = "CHANGED\n";     // would be rewritten
    next["kubernetes/prod/web-ingress.yaml"] = "GENERATED\n";   // is the user's
    auto r = write(out, next);
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("web-ingress.yaml") != std::string::npos);
    CHECK(r.errors[0].find("refusing") != std::string::npos);
    CHECK(r.written == 0);
    CHECK(r.removed == 0);
    CHECK(snapshot(out) == before);
    CHECK(folders(out) == Strings{"kubernetes/", "kubernetes/prod/", "kubernetes/shop/"});

    // On a first build too: nothing is written, no manifest appears.
    test::TempDir fresh;
    fresh.write("out/kubernetes/kustomization.yaml", "USER");
    const Tree fresh0 = snapshot(fresh.path() / "out");
    CHECK_FALSE(write(fresh.path() / "out", kFiles).ok);
    CHECK(snapshot(fresh.path() / "out") == fresh0);
}

TEST_CASE("output writer: manifest entries of other targets are kept") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    checkCounts(write(out, {{"cilium/prod/api.yaml", "C\n"}}, {"cilium"}), 1, 0, 0);
    checkCounts(write(out, kFiles, kKube), 3, 0, 0);
    CHECK(manifest(out) == Strings{"cilium/prod/api.yaml", "kubernetes/kustomization.yaml",
                                   "kubernetes/prod/api-ingress.yaml", "kubernetes/shop/db-ingress.yaml"});
    // Another kubernetes build prunes only kubernetes files.
    checkCounts(write(out, {}, kKube), 0, 0, 3);
    CHECK(readFile(out / "cilium/prod/api.yaml") == "C\n");
    CHECK(manifest(out) == Strings{"cilium/prod/api.yaml"});
    // And the cilium file, being in the manifest, may be rewritten by a cilium build.
    checkCounts(write(out, {{"cilium/prod/api.yaml", "C2\n"}}, {"cilium"}), 1, 0, 0);
}

TEST_CASE("output writer: manifest entries never lead out of the folder") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    const std::string victim = dir.write("victim.yaml", "V");
    dir.write("out/kubernetes/x.yaml", "X");
    dir.write(std::string("out/") + driver::kManifestName,
              "# header\nkubernetes/../../victim.yaml\n" + victim + "\nkubernetes/x.yaml\n");
    checkCounts(write(out, {}), 0, 0, 1);
    CHECK(readFile(victim) == "V");
    CHECK_FALSE(fs::exists(out / "kubernetes/x.yaml"));
}

TEST_CASE("output writer: an output path that is a file is refused") {
    test::TempDir dir;
    const std::string file = dir.write("out", "not a folder");
    auto r = writeOutputs(file, kFiles, kKube);
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("not a folder") != std::string::npos);
    CHECK(readFile(file) == "not a folder");
    CHECK(snapshot(dir.path()) == Tree{{"out", "not a folder"}});
}

TEST_CASE("output writer: a folder in the way of a file fails without leaving temporaries") {
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    dir.write("out/kubernetes/prod", "a file where a folder is needed");
    dir.write(std::string("out/") + driver::kManifestName, "# header\nkubernetes/prod\n");
    const Tree before = snapshot(out);
    auto r = write(out, kFiles);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.errors.empty());
    CHECK(snapshot(out) == before);
}

TEST_CASE("output writer: a file that cannot be renamed into place changes nothing") {
    // Regression (fixed): when renaming a staged file fails (here a folder now stands where an
    // earlier build wrote a file), writeOutputs still renames the other files,
    // replaces the manifest and prunes (api-ingress.yaml rewritten,
    // kustomization.yaml deleted), and leaves shop/.db-ingress.yaml.nplc-tmp.
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    write(out, kFiles);
    fs::remove(out / "kubernetes/shop/db-ingress.yaml");
    dir.write("out/kubernetes/shop/db-ingress.yaml/keep", "K");
    const Tree before = snapshot(out);
    auto next = kFiles;
    next.erase("kubernetes/kustomization.yaml");         // would be pruned
    next["kubernetes/prod/api-ingress.yaml"] = "A2\n";  // would be rewritten
    auto r = write(out, next);
    CHECK_FALSE(r.ok);
    CHECK(snapshot(out) == before);
}

TEST_CASE("output writer: a failed write leaves no new folders behind") {
    // Regression (fixed): output_writer.cpp creates each file's folders while staging; when a
    // later file cannot be staged, the temporaries are removed but the folders
    // created for the earlier ones stay (here out/kubernetes/aaa/), so a failed
    // build is not "all or nothing".
    test::TempDir dir;
    const fs::path out = dir.path() / "out";
    dir.write("out/kubernetes/zzz", "a file where a folder is needed");
    dir.write(std::string("out/") + driver::kManifestName, "# header\nkubernetes/zzz\n");
    const Tree before = snapshot(out);
    const Strings dirsBefore = folders(out);
    auto r = write(out, {{"kubernetes/aaa/x.yaml", "X"}, {"kubernetes/zzz/y.yaml", "Y"}});
    CHECK_FALSE(r.ok);
    CHECK(snapshot(out) == before);
    CHECK(folders(out) == dirsBefore);
}
