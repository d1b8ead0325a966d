#include "diag/catalog.h"

namespace nplc::diag {

namespace {
constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
}  // namespace

const std::vector<CatalogEntry>& catalog() {
  static const std::vector<CatalogEntry> entries = {
      // ---- E00xx: input and syntax
      {"E0001", E, "syntax error", "The file does not follow the NPL grammar. The message names what was found and what was expected there."},
      {"E0002", E, "invalid UTF-8", "NPL files are UTF-8 text. The byte at the reported position is not valid UTF-8."},
      {"E0003", E, "NUL byte in source", "A NUL byte in an .npl file is almost always a binary file passed by mistake."},
      {"E0004", E, "nothing declared", "No input file declares a namespace, an external or a bundle: the files are empty or hold only comments and `use` lines. Building such a program would write no policy and remove the ones an earlier build wrote, so it is refused; check the path."},
      {"E0005", E, "imports nested too deeply", "A chain of `use` lines (a file that imports a file that imports a file...) is more than 256 levels deep. Import the files from one place instead of each from the previous one."},
      {"E0006", E, "unknown escape sequence", "Strings know two escapes: `\\\"` for a double quote and `\\\\` for a backslash. Any other backslash sequence (`\\n`, `\\t`, `\\u0041`) is an error, so that `\"a\\nb\"` never silently becomes `anb`."},
      // ---- E01xx: imports and names
      {"E0101", E, "module not found", "A `use` names a file or a std/ module that does not exist. Files are relative to the importing file; std/ modules ship with nplc."},
      {"E0102", E, "import cycle", "Files import each other in a cycle. NPL imports form a tree (a DAG): move the shared declarations into a module both import."},
      {"E0103", E, "unknown name", "A peer, bundle or namespace name does not resolve. A bare name resolves in the current namespace first, then among global externals; `ns/name` names a service of another namespace."},
      {"E0104", E, "ambiguous name", "A bare name matches more than one declaration. Qualify it."},
      {"E0105", E, "duplicate declaration", "The same name is declared twice in one scope."},
      {"E0106", E, "unknown namespace", "`ns/...` names a namespace that is neither declared with `namespace ns { }` nor with `external namespace ns`."},
      {"E0107", E, "wrong kind of name", "The name resolves, but to something that cannot be used here (for example a bundle used as a peer)."},
      // ---- E02xx: rules the Kubernetes API server (and Cilium) enforce
      {"E0201", E, "invalid name", "Namespace and service names are DNS-1123 labels: at most 63 characters, lower-case letters, digits and '-', starting and ending with a letter or digit."},
      {"E0202", E, "invalid label key", "A label key is [prefix/]name: the prefix a DNS-1123 subdomain (at most 253 characters), the name at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit."},
      {"E0203", E, "invalid label value", "A label value is empty or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit."},
      {"E0204", E, "invalid port number", "Ports are integers from 1 to 65535."},
      {"E0205", E, "invalid named port", "A named port is an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no '--', not starting or ending with '-'."},
      {"E0206", E, "invalid port range", "A port range start-end needs start <= end, both in 1..65535."},
      {"E0207", E, "unknown protocol", "Protocols are tcp, udp and sctp."},
      {"E0208", E, "invalid CIDR", "A CIDR is address/prefix-length with no leading zeros and no address bits set beyond the prefix (the API server's strict validation)."},
      {"E0209", E, "except not inside its CIDR", "Every `except` block must be strictly inside the CIDR it is taken from (a longer prefix within it), as the API server requires."},
      {"E0210", E, "generated name invalid", "A generated policy name must be a DNS-1123 subdomain of at most 253 characters; shorten the service name."},
      {"E0211", E, "invalid selector", "A selector requirement is malformed (for example an empty value list)."},
      {"E0212", E, "invalid namespace labels", "`labels { }` of a namespace lists the namespace's labels: only `key: value` pairs."},
      {"E0213", E, "invalid DNS name", "An FQDN external is a host name or a pattern with '*' (letters, digits, '-', '.', '*')."},
      {"E0214", E, "unknown entity", "Entities are Cilium's: all, world, cluster, host, remote-node, kube-apiserver, init, ingress, health, unmanaged, none, cluster-mesh."},
      {"E0215", E, "invalid port form", "`*` stands for every port of one protocol and needs one: `:*/udp`. A named port cannot be a range."},
      // ---- E03xx: semantics
      {"E0301", E, "L7 rule on a non-TCP port", "HTTP rules apply to TCP only; the edge has a UDP or SCTP port."},
      {"E0302", E, "deny intent violated", "A `deny a -> b` intent says that traffic must never be allowed, but an edge, a bundle or the absence of isolation allows it."},
      {"E0303", E, "L4 and L7 edges overlap", "The same source, destination and port are allowed once without and once with HTTP rules: the L4 edge makes the HTTP restriction meaningless (Cilium drops it)."},
      {"E0304", E, "selector cannot carry a policy", "An inline `pods { }` peer in a managed namespace whose direction is enforced needs its own policy; declare it as a service so the policy has a name."},
      {"E0305", E, "edge generates nothing", "Neither end of the edge is a pod of a managed namespace, so no policy can carry it."},
      {"E0306", E, "deny-all target is not a service", "`deny-all [ingress|egress] NAME` isolates one service of the namespace; NAME must be a service."},
      {"E0307", E, "bundle edge must start or end at *", "A bundle is expanded in the namespace that allows it; its edges use `*` for that namespace's pods."},
      {"E0308", E, "HTTP rules in a deny intent", "Deny intents are about connections; they cannot carry HTTP rules (Cilium's deny rules have none either)."},
      // ---- W0xxx: warnings
      {"W0001", W, "L7 rule broader on the Kubernetes target", "NetworkPolicy cannot express HTTP rules: the Kubernetes output allows the whole port. CiliumNetworkPolicy can enforce them."},
      {"W0002", W, "FQDN external left out of the Kubernetes target", "NetworkPolicy cannot express DNS names: the edge is left out of the Kubernetes output, so that traffic stays denied there. CiliumNetworkPolicy can express them."},
      {"W0003", W, "entity left out of the Kubernetes target", "NetworkPolicy cannot express Cilium entities: the edge is left out of the Kubernetes output (never widened)."},
      {"W0004", W, "edge without ports", "An edge with no port allows every port and protocol. Name the ports."},
      {"W0005", W, "over-broad peer", "`ns/*` and `*/*` allow every pod of a namespace or of the cluster. Prefer a service."},
      {"W0006", W, "bundle has no effect here", "The bundle only opens egress, and egress is not enforced in this namespace, so nothing is generated for it."},
      {"W0007", W, "deny intent cannot be proven", "A named port cannot be compared with a numbered one at compile time."},
      {"W0008", W, "one-sided edge generates nothing", "An `egress` edge adds a rule only where the source's egress is enforced; here it is not, so the edge has no effect (that traffic is already allowed)."},
  };
  return entries;
}

const CatalogEntry* lookup(std::string_view code) {
  for (const auto& e : catalog()) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace nplc::diag
