// Unit tests for lsp/document_store: edits in UTF-16 ranges, the overlay.
#include "lsp/document_store.h"

#include <doctest/doctest.h>

using nplc::lsp::DocumentStore;
using nplc::lsp::Json;

namespace {

Json edit(int l1, int c1, int l2, int c2, const std::string& text) {
    return {{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
            {"text", text}};
}

}  // namespace

TEST_CASE("ranged and full edits apply in order") {
    DocumentStore store;
    auto& doc = store.open("file:///tmp/nplc-unit-store/a.npl", "service api\n", 1);
    store.change(doc, Json::array({edit(0, 8, 0, 11, "web"), edit(1, 0, 1, 0, "x 🙂 y")}), 2);
    CHECK(doc.text == "service web\nx 🙂 y");
    // After the emoji (2 units), replace " y" by "!".
    store.change(doc, Json::array({edit(1, 4, 1, 6, "!")}), 3);
    CHECK(doc.text == "service web\nx 🙂!");
    store.change(doc, Json::array({Json{{"text", "all new"}}}), 4);
    CHECK(doc.text == "all new");
    CHECK(doc.version == 4);
    CHECK(store.overlay().at(doc.path) == "all new");
}

TEST_CASE("a malformed change leaves the document as it was") {
    DocumentStore store;
    auto& doc = store.open("file:///tmp/nplc-unit-store/b.npl", "abc", 1);
    CHECK_THROWS(store.change(doc, Json::array({edit(0, 1, 0, 2, "x"), Json{{"range", 5}, {"text", "y"}}}), 2));
    CHECK(doc.text == "abc");
    CHECK_THROWS(store.change(doc, Json::object(), 2));
}

TEST_CASE("documents that are not files get a virtual path; closing removes the overlay") {
    DocumentStore store;
    const auto& doc = store.open("untitled:Untitled-1", "x", 1);
    CHECK_FALSE(doc.isFile);
    CHECK(doc.path == "/nplc-virtual/untitled_Untitled-1.npl");
    CHECK(store.findByPath(doc.path) != nullptr);
    store.close("untitled:Untitled-1");
    CHECK(store.overlay().empty());
    CHECK(store.find("untitled:Untitled-1") == nullptr);
}
