// Unit tests for lsp/uri: file URIs <-> paths.
#include "lsp/uri.h"

#include <doctest/doctest.h>

using nplc::lsp::pathToUri;
using nplc::lsp::uriToPath;

TEST_CASE("file URIs decode percent-escapes") {
    CHECK(uriToPath("file:///home/a/shop.npl") == "/home/a/shop.npl");
    CHECK(uriToPath("file:///home/a%20b/caf%C3%A9.npl") == "/home/a b/café.npl");
    CHECK(uriToPath("file://localhost/x.npl") == "/x.npl");
    CHECK(uriToPath("FILE:///x.npl") == "/x.npl");
    CHECK(uriToPath("file:///x.npl#frag") == "/x.npl");
}

TEST_CASE("what is not a local file has no path") {
    CHECK_FALSE(uriToPath("untitled:Untitled-1").has_value());
    CHECK_FALSE(uriToPath("file://server/share/x.npl").has_value());
    CHECK_FALSE(uriToPath("file:///a%00b").has_value());
    CHECK_FALSE(uriToPath("").has_value());
}

TEST_CASE("paths encode to URIs that decode back") {
    CHECK(pathToUri("/home/a b/café.npl") == "file:///home/a%20b/caf%C3%A9.npl");
    for (const char* p : {"/x.npl", "/a b/#c%d?.npl", "/ü/🙂.npl"}) CHECK(uriToPath(pathToUri(p)) == p);
}
