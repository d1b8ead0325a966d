// Cilium's HTTP regexps read back into NPL's globs and methods
// (compiler/import/http_rules.h): exactly the regexps the Cilium target
// writes for a glob come back as that glob; any other regexp has no glob.
#include <doctest/doctest.h>

#include "backends/cilium/http_regex.h"
#include "import/http_rules.h"

using nplc::backends::cilium::globToRegex;
using nplc::import::globOfRegex;
using nplc::import::methodsOfRegex;

TEST_CASE("import: every glob the Cilium target writes comes back") {
  for (const char* glob : {"/", "/*", "/api/v1/users/*", "/v1.0/x", "/a+b/(c)/$d", "/x*y*", "/~user/%20;a=b&c@d!e'f:g"}) {
    CAPTURE(glob);
    const auto back = globOfRegex(globToRegex(glob));
    REQUIRE(back.has_value());
    CHECK(*back == glob);
  }
}

TEST_CASE("import: anchors are dropped; other regexps have no glob") {
  CHECK(globOfRegex("^/v1/items$") == std::optional<std::string>("/v1/items"));
  CHECK(globOfRegex("/price\\$") == std::optional<std::string>("/price$"));
  for (const char* regex : {"/v[0-9]+/x", "/a.b", "/a?", "/a|/b", "api/.*", "", ".*", "/a\\*", "/a\\/b", "/a b"}) {
    CAPTURE(regex);
    CHECK_FALSE(globOfRegex(regex).has_value());
  }
}

TEST_CASE("import: methods and alternatives of methods") {
  CHECK(methodsOfRegex("GET") == std::optional<std::vector<std::string>>({"GET"}));
  CHECK(methodsOfRegex("GET|HEAD") == std::optional<std::vector<std::string>>({"GET", "HEAD"}));
  CHECK(methodsOfRegex("^(PUT|PATCH)$") == std::optional<std::vector<std::string>>({"PUT", "PATCH"}));
  for (const char* regex : {"", "get", "G.T", "GET|", "FETCH", ".*"}) {
    CAPTURE(regex);
    CHECK_FALSE(methodsOfRegex(regex).has_value());
  }
}
