// The hand-written lexer (compiler/syntax/lexer.h) against the lexer ANTLR
// generates from grammar/Npl.g4: every token's type, channel, code-point
// indexes, line, column and text must be the same, on every .npl file of the
// repository, on cases written for each rule's edges, and on random texts
// made of the pieces where the rules compete.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "NplLexer.h"
#include "NplParser.h"
#include "antlr4-runtime.h"
#include "../test_support.h"
#include "syntax/tokens.h"

using nplc::syntax::lexerDifference;

TEST_CASE("lexer: the repository's .npl files lex as the generated lexer lexes them") {
  std::size_t files = 0;
  // Not a structured binding: clang 14 does not let doctest's lambdas capture one.
  for (const auto& file : nplc::test::repositoryNplTexts()) {
    const std::string path = file.first.string();
    const std::string& text = file.second;
    const std::string difference = lexerDifference(text);
    CHECK_MESSAGE(difference.empty(), (path + ": " + difference));
    ++files;
  }
  CHECK(files > 200);
}

TEST_CASE("lexer: each rule's edges") {
  const std::vector<std::string> cases = {
      "", "\xEF\xBB\xBF", "\xEF\xBB\xBFnamespace n {}", "a\xEF\xBB\xBF b", "é", "\"é\" é # é\n é",
      "deny-all deny-allx deny- deny-all- selector-key selector-keys namespaces namespace",
      "GET /a GET  /b*/c:d GET x GETX /a GET\t/ PATCH /%41 PUT/ DELETEx /a OPTIONS /",
      "10.0.0.0/8 10.0.0.1 10.0.0.1.2 1.2.3/4 1.2.3.4/ 1.2.3.4/x 1.2.3.4.5/6 01.02.03.04/032",
      "::/0 ::1/128 fe80::1/64 2001:db8::/32 a:b:/1 a:b:c ab:cd:ef:/7 :: ::/ svc:53/udp x:y:z/1",
      "1-2 1- -1 12 1 1a 1.0 2024-01-01 1_ 1. 1.- 9x-y 0", "a a- a. a.b a-b _ _x a__ x-> a->b a-->b",
      "\"a\" \"\" \"a\\\"b\" \"a\\\\\" \"a\\\" \"unterminated\n\"x\\\n\" \"\\é\" \"a\r\"",
      "# comment\n#\r\n#x# y \"z\n", "{}(),:=/*!- -> - > @ $ % ^ & ~ ` ' ; ? < [ ] | \\ + .",
      "\t\r\n\f \r\r\n\n\n x", "ns/* */* ns/name:80/tcp pods { a: b, c in (d, e), !f, g notin (h) }",
  };
  for (const std::string& text : cases) {
    const std::string difference = lexerDifference(text);
    CHECK_MESSAGE(difference.empty(), ("[" + text + "]: " + difference));
  }
}

TEST_CASE("lexer: random texts from the pieces where rules compete") {
  const std::vector<std::string> pieces = {
      "a", "f", "x", "G", "GET", "PUT", "deny", "deny-all", "in", "ns", "_", " ", "  ", "\t", "\n", "\r", "\f",
      "0", "1", "9", "10.0.0.1", ".", ":", "::", "/", "-", ">", "->", "\"", "\\", "#", "{", "}", "*", "=", "!",
      "(", ")", "%", "'", "@", ",", "é", "\xEF\xBB\xBF", "\xF0\x9F\x98\x80"};
  std::mt19937 random(20261205);
  std::uniform_int_distribution<std::size_t> length(0, 24), piece(0, pieces.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n) text += pieces[piece(random)];
    const std::string difference = lexerDifference(text);
    REQUIRE_MESSAGE(difference.empty(), ("[" + text + "]: " + difference));
  }
}

// tokenize() names token types by the generated parser's vocabulary, since
// nplc does not link the generated lexer (compiler/syntax/lexer_difference.cpp):
// the two must name every type alike, the lexer-only ones (comments, blanks,
// unreadable characters) included.
TEST_CASE("lexer: the parser's vocabulary names every token type as the generated lexer's does") {
  antlr4::ANTLRInputStream input("");
  nplc::gen::NplLexer lexer(&input);
  antlr4::CommonTokenStream stream(&lexer);
  nplc::gen::NplParser parser(&stream);
  const auto& want = lexer.getVocabulary();
  const auto& got = parser.getVocabulary();
  REQUIRE(want.getMaxTokenType() > 40);
  CHECK(got.getMaxTokenType() == want.getMaxTokenType());
  for (std::size_t t = 1; t <= want.getMaxTokenType(); ++t) CHECK(got.getSymbolicName(t) == want.getSymbolicName(t));
  std::vector<std::string> kinds;
  for (const auto& token : nplc::syntax::tokenize("# note\nservice a$")) kinds.push_back(token.kind);
  CHECK(kinds == std::vector<std::string>{"COMMENT", "SERVICE", "IDENT", "ERROR_CHAR"});
}
