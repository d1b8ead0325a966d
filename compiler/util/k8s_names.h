// Validation of Kubernetes object names, label keys/values and port names,
// mirroring k8s.io/apimachinery/pkg/util/validation so nplc reports at
// compile time what the API server would reject.
//
// Every check returns nullopt when the value is valid, otherwise a short
// lower-case message in the spirit of apimachinery's (the caller adds the
// location and which field is meant). Only the first problem is reported.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nplc::util {

// RFC 1123 label: at most 63 characters of [a-z0-9-], starting and ending
// with an alphanumeric character (namespace names, for instance).
std::optional<std::string> checkDns1123Label(std::string_view s);

// RFC 1123 subdomain: at most 253 characters; dot-separated RFC 1123 labels.
// Like apimachinery, individual labels are not length-limited here.
std::optional<std::string> checkDns1123Subdomain(std::string_view s);

// Label (and annotation) key: "[prefix/]name". The optional prefix is a
// non-empty DNS-1123 subdomain; the name is 1-63 characters of
// [A-Za-z0-9-_.] starting and ending with an alphanumeric character.
std::optional<std::string> checkLabelKey(std::string_view s);

// Label value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting
// and ending with an alphanumeric character.
std::optional<std::string> checkLabelValue(std::string_view s);

// Named port (IANA_SVC_NAME, RFC 6335): at most 15 characters of [a-z0-9-],
// at least one letter, no "--", no leading or trailing '-'.
std::optional<std::string> checkPortName(std::string_view s);

// Numeric port: 1-65535.
std::optional<std::string> checkPortNumber(long n);

// NetworkPolicy metadata.name: a DNS-1123 subdomain.
std::optional<std::string> checkResourceName(std::string_view s);

}  // namespace nplc::util
