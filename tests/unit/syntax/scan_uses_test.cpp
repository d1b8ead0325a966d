// syntax::scanUses: the `use` statements the loader predicts FileIds from
// (compiler/load/loader.cpp, preparse), found by the lexer alone.
#include <doctest/doctest.h>

#include "syntax/parser.h"

using nplc::syntax::scanUses;

TEST_CASE("scanUses: every top-level use, quoted or not, in order") {
  const auto uses = scanUses("# use \"not/this.npl\"\nuse std/dns\nnamespace a { service use-me }\nuse \"x/y.npl\"  # c\n");
  REQUIRE(uses.size() == 2);
  CHECK_FALSE(uses[0].quoted);
  CHECK(uses[0].path == "std/dns");
  CHECK(uses[1].quoted);
  CHECK(uses[1].path == "\"x/y.npl\"");
}

TEST_CASE("scanUses: nothing in a text the parser would not read") {
  CHECK(scanUses(std::string("use std/dns\n\0", 13)).empty());
  CHECK(scanUses("use std/dns\n\xff").empty());
  CHECK(scanUses("").empty());
}
