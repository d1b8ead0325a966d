// The direct parser (compiler/syntax/direct_parser.h) against ANTLR's: when
// it accepts a text, ANTLR's parser must accept it too and build the same AST
// (parserDifference), on every .npl file of the repository, on the forms the
// grammar lets be read two ways, and on random texts made of them. And it
// must accept what real programs are made of, or nplc would be as slow as
// before without any test noticing.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "../test_support.h"
#include "syntax/direct_parser.h"
#include "syntax/parser.h"

using nplc::syntax::parseDirect;
using nplc::syntax::parserDifference;

namespace {

bool accepted(const std::string& text) { return parseDirect(text, 0).has_value(); }

// Whether the text parses without a syntax error (a bad escape, E0006, is
// not one). parseFile's answer: ANTLR's parser's where the direct one declines.
bool parses(const std::string& text) {
  nplc::source::SourceManager sm;
  const auto file = sm.add("t.npl", text);
  nplc::diag::Sink sink;
  if (nplc::syntax::parseFile(sm, file, sink)) return true;
  return !sink.all().empty() && sink.all().front().code == "E0006";
}

}  // namespace

TEST_CASE("direct parser: the repository's .npl files parse as ANTLR parses them") {
  std::size_t files = 0, direct = 0;
  std::string declined;
  // Not a structured binding: clang 14 does not let doctest's lambdas capture one.
  for (const auto& file : nplc::test::repositoryNplTexts()) {
    const std::string path = file.first.string();
    const std::string& text = file.second;
    const std::string difference = parserDifference(text);
    CHECK_MESSAGE(difference.empty(), (path + ": " + difference));
    ++files;
    if (accepted(text)) {
      ++direct;
    } else if (parses(text)) {
      declined += "\n" + path;
    }
  }
  CHECK(files > 200);
  CHECK(direct > 150);
  // Every file of the repository that parses is one the direct parser reads.
  CHECK_MESSAGE(declined.empty(), ("valid files the direct parser declines:" + declined));
}

// The places where the grammar lets a text be read two ways, each way round.
// ANTLR takes the first alternative that lets the rest parse; the direct
// parser either does the same or declines (and then ANTLR's parser reads it).
TEST_CASE("direct parser: the forms the grammar reads two ways") {
  struct Case {
    std::string text;
    bool direct;  // whether the direct parser reads it (else ANTLR's does)
  };
  auto ns = [](const std::string& body) { return "namespace n {\n  " + body + "\n}\n"; };
  const std::vector<Case> cases = {
      // After a port, `, x` is a port unless it cannot be one.
      {ns("a -> b:80, c"), true}, {ns("a -> b:80, c:90"), true}, {ns("a -> b:80, c/udp"), true},
      {ns("a -> b:80, c/d:90"), true}, {ns("a -> b:80, c/*"), true}, {ns("a -> b:80, */*"), true},
      {ns("a -> b:80, *"), true}, {ns("a -> b:80, *:90"), true}, {ns("a -> b:80, */udp"), true},
      {ns("a -> b:80, any"), true}, {ns("a -> b:80, 10.0.0.0/8:443"), true}, {ns("a -> b:80, pods { x: y }"), true},
      {ns("a -> b:80, namespaces { x: y }:53, nodes"), true}, {ns("a -> b:80, 1-2, c GET /x, d"), true},
      {ns("a -> b:80, entity world -> c"), true},  // the port `entity`, then an edge
      {ns("a -> b:80, entity world"), false},      // the destination `entity world`
      {ns("a -> b GET /x, GET /y, c POST /z"), true}, {ns("a, b -> c:http, d, e:1-2/udp"), true},
      // `deny-all ingress` and what follows.
      {ns("deny-all ingress web"), true}, {ns("deny-all ingress baseline"), true}, {ns("deny-all ingress"), true},
      {ns("deny-all egress *"), true}, {ns("deny-all *"), true}, {ns("deny-all baseline\n deny-all egress"), true},
      {ns("deny-all ingress web\n web -> api"), true},
      {ns("deny-all ingress web -> api"), false},  // the service `ingress`, then an edge
      // Soft keywords as names.
      {ns("ingress a -> b"), true}, {ns("ingress -> b"), true}, {ns("ingress, a -> b"), true},
      {ns("ingress/x -> b"), true}, {ns("egress ingress -> egress"), true},
      {ns("expect a -> b allowed"), true}, {ns("expect -> b"), true}, {ns("expect, a -> b"), true},
      {ns("expect/x -> b"), true}, {ns("expect a -> b:http allowed on kubernetes, cilium"), true},
      {ns("expect a -> b denied\n on -> c"), true}, {ns("expect a -> b:80/udp GET /x, GET /y denied"), true},
      {ns("labels { a: b }\n labels -> x"), true}, {ns("selector-key app\n selector-key -> x"), true},
      {ns("selector-key a/b/1"), true}, {ns("service s ports { http: 8080, dns: 53/udp }"), true},
      {ns("service s\n ports -> x"), true}, {ns("service s { a: b } ports { x: 1 y: 2 }"), true},
      {ns("a -> pods { x: y } in foo"), true}, {ns("a -> pods { x: y } in *"), true},
      {ns("a -> pods {} in namespaces { t: p }"), true}, {ns("a -> pods {} in namespaces"), true},
      {ns("in -> pods {} in in"), true}, {ns("pods -> pods"), true}, {ns("a -> entity world"), true},
      {ns("a -> entity"), true}, {ns("a -> entity\n x -> y"), false},
      {ns("allow dns\n dns -> any:53"), true}, {ns("deny a -> b:80, c"), true},
      {ns("external x = dns \"a.com\", \"b.com\""), true}, {ns("external x = dns"), true},
      {ns("external x = entity world"), true}, {ns("external x = 10.0.0.0/8, y except 10.1.0.0/16, z"), true},
      {ns("external x = entity\n world -> y"), false}, {ns("external x = ::1/128, 10.0.0.1"), true},
      // Selectors.
      {ns("service s { a in (x, y), b notin (), !c, d, e: \"s\", f/g: 1-2, 1: 2 }"), true},
      {ns("service s { a in }"), true}, {ns("service s { a in b }"), true}, {ns("service s { a: b c: d }"), true},
      // Top-level statements.
      {"admin {\n allow a -> b:80, 443 priority 5\n allow bundle1\n deny-all ingress priority 3\n"
       " pass ingress x -> y\n}\n", true},
      {"admin { allow ingress priority 5 }", true}, {"admin { allow ingress -> x }", true},
      {"admin { allow entity world -> x deny a -> b }", true}, {"baseline { deny-all }", true},
      {"admin { allow a -> entity priority 5 }", false},
      {"use std/dns\nuse \"../a.npl\"\nexternal namespace e\nexternal namespace f { labels { a: b } service s }", true},
      {"bundle b { a -> b:80\n ingress c -> d }", true}, {"expect a/b -> \"x.com\":443 denied", true},
      {"external x = 10.0.0.0/8\nexpect a/b -> x allowed on cilium", true},
      // Escapes, comments, a byte-order mark and characters of several bytes.
      {"expect a/b -> \"x\\n.com\":443 denied", true}, {"expect a/b -> \"x\\\".\\\\com\":443 denied", true},
      {"\xEF\xBB\xBF# é\nnamespace n { a -> b:80 } # ü\n# last", true},
      {ns("service s { a: \"ü\" }"), true}, {"", true}, {"# only a comment", true},
  };
  for (const Case& c : cases) {
    CHECK_MESSAGE(parses(c.text), c.text);
    CHECK_MESSAGE(accepted(c.text) == c.direct, c.text);
    const std::string difference = parserDifference(c.text);
    CHECK_MESSAGE(difference.empty(), (c.text + ": " + difference));
  }
}

// Random programs made of the pieces above: most do not parse; of those the
// direct parser accepts, ANTLR's must build the same AST.
TEST_CASE("direct parser: random texts from the forms read two ways") {
  // A text is statements: a start, then pieces that may or may not go on with it.
  const std::vector<std::string> starts = {
      "a -> b", "a -> b:80", "a, b -> c:1-2", "deny a -> b:1", "ingress a -> b", "deny-all", "deny-all ingress",
      "deny-all egress", "expect a -> b", "expect a -> b:80", "service s", "labels", "selector-key", "external x =",
      "allow", "allow a -> b", "pass a -> b", "ingress", "entity", "pods { x: y }", "in", "expect", "ports"};
  const std::vector<std::string> pieces = {
      ", c", ", c:90", ", c/udp", ", c/d:1", ", */*", ", *", ":http", "GET /x", ", GET /y", "-> entity world",
      "entity", "world", "web", "baseline", "*", "-> c", ", 1-2", "allowed", "denied on k8s", "on a", "in",
      "namespaces", "{ a: b }", "pods { x: y }", "any", "app", "ports { p: 1 }", "dns", "\"s.com\"", ", \"t\"",
      "10.0.0.0/8", "except 10.0.0.0/9", "priority 3", "/", ":", ",", "->", "\n", "# c\n"};
  std::mt19937 random(20261205);
  std::uniform_int_distribution<std::size_t> statements(1, 3), more(0, 2), start(0, starts.size() - 1),
      piece(0, pieces.size() - 1), top(0, 3);
  std::size_t direct = 0, declinedValid = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string body;
    for (std::size_t n = statements(random); n > 0; --n) {
      body += starts[start(random)] + " ";
      for (std::size_t m = more(random); m > 0; --m) body += pieces[piece(random)] + " ";
    }
    static const char* const kOpen[] = {"namespace n { ", "admin { ", "bundle b { ", ""};
    const std::size_t where = top(random);
    const std::string text = std::string(kOpen[where]) + body + (where < 3 ? "}" : "");
    const std::string difference = parserDifference(text);
    REQUIRE_MESSAGE(difference.empty(), ("[" + text + "]: " + difference));
    if (accepted(text)) {
      ++direct;
    } else if (parses(text)) {
      ++declinedValid;
    }
  }
  // The comparison must not be empty: enough texts parse.
  CHECK(direct > 1000);
  MESSAGE("accepted ", direct, ", declined but valid ", declinedValid);
}
