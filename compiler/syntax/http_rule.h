#pragma once
// An HTTP rule's parts as the lexer reads them (HTTP_RULE in grammar/Npl.g4;
// defined in lexer.cpp): one of the methods, in upper case, and the
// characters a path may have.
#include <string_view>

namespace nplc::syntax {

bool isHttpMethod(std::string_view text);
bool isHttpPathChar(char c);

}  // namespace nplc::syntax
