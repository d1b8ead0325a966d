// eval/yaml_load.h: libyaml's reading gives the nodes yaml-cpp's LoadAll gave
// (the strict readers were written against those), and refuses what a
// policy's YAML must not hold.
#include <doctest/doctest.h>

#include <functional>

#include "eval/yaml_load.h"

using nplc::eval::yaml::loadAll;

namespace {

// The same tree: kinds, scalars, tags (which tell "80" from 80), key order.
bool same(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar() && a.Tag() == b.Tag();
  if (a.IsSequence()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.IsMap()) {
    if (a.size() != b.size()) return false;
    auto i = a.begin();
    auto j = b.begin();
    for (; i != a.end(); ++i, ++j) {
      if (!same(i->first, j->first) || !same(i->second, j->second)) return false;
    }
    return true;
  }
  return true;  // null, undefined
}

void checkLikeYamlCpp(const std::string& text) {
  const auto ours = loadAll(text);
  const auto theirs = YAML::LoadAll(text);
  REQUIRE(ours.size() == theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) CHECK_MESSAGE(same(ours[i], theirs[i]), text);
}

}  // namespace

TEST_CASE("yaml_load: the nodes of yaml-cpp's LoadAll") {
  checkLikeYamlCpp("");
  checkLikeYamlCpp("---\n");
  checkLikeYamlCpp("a: 1\n---\nb: [x, \"y\", 'z']\n---\n");
  checkLikeYamlCpp(
      "apiVersion: networking.k8s.io/v1\n"
      "kind: NetworkPolicy\n"
      "metadata:\n  name: web\n  annotations:\n    nplc.dev/source: \"main.npl:3\"\n"
      "spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n"
      "              app: web\n      ports:\n        - port: 80\n        - port: \"80\"\n        - port: http\n");
  checkLikeYamlCpp("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: \"null\"\ng: ''\nh: |\n  text\n");
  checkLikeYamlCpp("a: &x {k: v}\nb: *x\nc: !!str 80\n");
}

TEST_CASE("yaml_load: what it refuses, with the position") {
  CHECK_THROWS_AS(loadAll("a: [1, 2\n"), YAML::ParserException);
  CHECK_THROWS_AS(loadAll("a: *nowhere\n"), YAML::ParserException);
  try {
    loadAll("spec:\n  podSelector: {}\n  podSelector: {matchLabels: {app: x}}\n");
    FAIL("a repeated key was accepted");
  } catch (const YAML::ParserException& e) {
    CHECK(e.mark.line == 2);
    CHECK(std::string(e.what()).find("duplicate key 'podSelector'") != std::string::npos);
  }
}
