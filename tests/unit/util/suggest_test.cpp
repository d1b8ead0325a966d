// Unit tests for util/suggest: "did you mean" candidates by edit distance.
#include "util/suggest.h"

#include <doctest/doctest.h>

using nplc::util::closestNames;

TEST_CASE("suggest: one edit per three characters, best first") {
    const std::vector<std::string> kw = {"service", "deny-all", "deny", "allow", "namespace"};
    CHECK(closestNames("servce", kw) == std::vector<std::string>{"service"});
    CHECK(closestNames("denyall", kw) == std::vector<std::string>{"deny-all"});
    CHECK(closestNames("alow", kw) == std::vector<std::string>{"allow"});
    CHECK(closestNames("namspace", kw) == std::vector<std::string>{"namespace"});
    CHECK(closestNames("web", kw).empty());
    CHECK(closestNames("dny", kw) == std::vector<std::string>{"deny"});
    CHECK(closestNames("xy", {"xz", "ab"}) == std::vector<std::string>{"xz"});
    CHECK(closestNames("ab", {"ba"}) == std::vector<std::string>{"ba"});  // one swap is one edit
}

TEST_CASE("suggest: two swapped neighbouring characters are one edit") {
    CHECK(closestNames("sevrice", {"service"}) == std::vector<std::string>{"service"});
    CHECK(closestNames("alolw", {"allow"}) == std::vector<std::string>{"allow"});
    // Two swaps are two edits: too many for a name of five characters.
    CHECK(closestNames("lalwo", {"allow"}).empty());
}
