#include "diag/catalog.h"

namespace nplc::diag {

namespace {
constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
}  // namespace

const std::vector<CatalogEntry>& catalog() {
  static const std::vector<CatalogEntry> entries = {
      // ---- E00xx: input and syntax
      {"E0001", E, "syntax error", "The file does not follow the NPL grammar. The message names what was found and what was expected there. A misspelt keyword gets the keyword meant (`servce api`: did you mean `service`?). A block or selector whose `}` is missing is reported where the parser noticed, with a note at its `{` and a help line saying where the `}` goes. Each statement reports only its first syntax error: the parser then skips to the next statement (the next line that starts outside the braces opened by the broken one), so one mistake is one error."},
      {"E0002", E, "invalid UTF-8", "NPL files are UTF-8 text. The byte at the reported position is not valid UTF-8."},
      {"E0003", E, "NUL byte in source", "A NUL byte in an .npl file is almost always a binary file passed by mistake."},
      {"E0004", E, "nothing declared", "No input file declares a namespace, an external or a bundle: the files are empty or hold only comments and `use` lines. Building such a program would write no policy and remove the ones an earlier build wrote, so it is refused; check the path."},
      {"E0005", E, "imports nested too deeply", "A chain of `use` lines (a file that imports a file that imports a file...) is more than 256 levels deep. Import the files from one place instead of each from the previous one."},
      {"E0006", E, "unknown escape sequence", "Strings know two escapes: `\\\"` for a double quote and `\\\\` for a backslash. Any other backslash sequence (`\\n`, `\\t`, `\\u0041`) is an error, so that `\"a\\nb\"` never silently becomes `anb`."},
      {"E0007", E, "absolute path in use", "A `use` names a file by an absolute path. Files are named relative to the importing file, and only files inside the project are read (the repository's top level, else the folder given on the command line, and folders given with `--allow-root`), so that a pull request cannot make nplc read /proc/self/environ or a runner's secrets and print them in a diagnostic."},
      {"E0008", E, "use outside the project root", "A `use` leads outside the project root, through `..` or a symbolic link. nplc reads sources only inside the repository's top level (the nearest folder above with .git), else the folder given on the command line; `--allow-root DIR` on the command line widens it on purpose, and a file in the repository cannot."},
      {"E0009", E, "use of a file that is not .npl", "A `use` names a file whose name does not end in .npl (or a symbolic link to one). Only .npl files are read as sources, so that no diagnostic can quote a file that is not NPL."},
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
      {"E0216", E, "container port declared twice", "A service's `ports { }` lists the container ports of its pods, by name: `ports { http: 8080, dns: 53/udp }`. A pod names each port once and gives each number (per protocol) one name, so a name or a number/protocol pair may appear only once."},
      {"E0301", E, "L7 rule on a non-TCP port", "HTTP rules apply to TCP only; the edge has a UDP or SCTP port."},
      {"E0302", E, "deny intent violated", "A `deny a -> b` intent says that traffic must never be allowed, but an edge, a bundle or the absence of isolation allows it."},
      {"E0303", E, "L4 and L7 edges overlap", "The same source, destination and port are allowed once without and once with HTTP rules: the L4 edge makes the HTTP restriction meaningless (Cilium drops it)."},
      {"E0304", E, "selector cannot carry a policy", "An inline `pods { }` peer in a managed namespace whose direction is enforced needs its own policy; declare it as a service so the policy has a name."},
      {"E0305", E, "edge generates nothing", "Neither end of the edge is a pod of a managed namespace, so no policy can carry it."},
      {"E0306", E, "deny-all target is not a service", "`deny-all [ingress|egress] NAME` isolates one service of the namespace; NAME must be a service."},
      {"E0307", E, "bundle edge must start or end at *", "A bundle is expanded in the namespace that allows it; its edges use `*` for that namespace's pods."},
      {"E0308", E, "HTTP rules in a deny intent", "Deny intents are about connections; they cannot carry HTTP rules (Cilium's deny rules have none either)."},
      {"E0309", E, "invalid expectation", "An `expect` tests one connection: FROM -> TO:PORT, optionally one HTTP request, then `allowed` or `denied`, optionally `on TARGET, ...`. Its ends are the pods of a service (`api`, `shop/api`), every pod of a namespace (`shop/*`, `*`), an address or an external, a DNS name as a string, or an entity; outside a namespace, pods are named with their namespace. The port is a number, or a name the destination service declares in `ports { }`; the targets are those whose objects nplc judges (kubernetes, cilium)."},
      {"E0310", E, "expectation failed", "An `expect` does not hold for the objects a target generated: nplc builds each target's objects in memory, evaluates the connection in the cluster the program describes, and reports the deciding lines: the baseline, `deny-all` or service policy that isolated an end, the edge or bundle that allowed it, the deny that denied it, or that no edge allows it. `nplc build` writes nothing while an expectation fails; `nplc test` lists every result."},
      {"E0311", E, "cluster-scope blocks need their target", "`admin { }` and `baseline { }` are ClusterNetworkPolicy tiers. Building for kubernetes without also building --target cluster-network-policy would silently drop them, so it is an error: add the target (`--target kubernetes,cluster-network-policy`). Cilium built alone writes them as CiliumClusterwideNetworkPolicy (E0606-E0609)."},
      // ---- E06xx: the ClusterNetworkPolicy target (`admin { }`, `baseline { }`)
      {"E0601", E, "ClusterNetworkPolicy priority", "A ClusterNetworkPolicy priority is 0 to 1000 and each object of a tier has its own. nplc gives a statement's objects the next multiple of 10 after the previous statement's (splits take the next numbers); `priority N` sets it. A `priority` past 1000, one already taken in the tier, or more statements than 1000 leaves room for is an error."},
      {"E0602", E, "not expressible as ClusterNetworkPolicy", "ClusterNetworkPolicy selects pods by namespace and pod labels; ingress peers are pods only; egress peers may also be `networks` (CIDRs, without `except`), `nodes` and `domainNames` (allow rules only); a named port cannot go with addresses. A cluster-scope statement that needs anything else (an address as a source, an entity, a deny of a DNS name, no pods at either end) is refused rather than widened."},
      {"E0606", E, "no CiliumClusterwideNetworkPolicy form", "Built for cilium without cluster-network-policy, the cluster-scope blocks become CiliumClusterwideNetworkPolicy objects. Cilium has no tiers, so `pass` (hand the decision to the namespaces' policies) has no form; nor has a DNS name in a deny or as a source, or a statement with no pods at either end. Remove the statement, or build the blocks as ClusterNetworkPolicy (`--target cilium,cluster-network-policy`)."},
      {"E0607", E, "an allow before an overlapping deny, on Cilium", "In a cluster-scope block the first matching statement decides; in Cilium a deny rule wins over every allow whatever the order. An allow that comes first (earlier in its block, or any `admin` allow before a `baseline` deny) and a later deny that may match the same pods, peers and ports would deny on Cilium what the blocks allow. Narrow one of them so that they cannot overlap, or build the blocks as ClusterNetworkPolicy."},
      {"E0608", E, "a baseline allow after a baseline deny-all, on Cilium", "A `baseline` allow after a `deny-all` (or a deny of everything) that may take the same traffic is never reached there. Cilium writes the deny-all as isolation, and its allows are a union: the allow would let the traffic through. Move the allow before the deny-all, or remove it."},
      {"E0609", E, "a baseline statement nplc cannot scope on Cilium", "A `baseline` statement applies only to pods that no NetworkPolicy selects for that direction. Cilium has no tiers, so nplc's objects select the statement's pods minus those its own policies select, which it can do only in the namespaces it manages (not `*/*`, label selectors of namespaces, or external namespaces) and for policies that select pods by one label. Name managed namespaces, or build the blocks as ClusterNetworkPolicy."},
      // ---- E05xx: directives in comments
      {"E0500", E, "invalid suppression", "A suppression is written `# nplc:ignore CODE[, CODE...]: reason`, on the line of the warning or on the line before it. It names warning codes (W...) or -W names, and it needs a reason after the colon: errors cannot be suppressed."},
      // ---- E04xx: the Cilium target (CiliumNetworkPolicy reads these differently or rejects them)
      {"E0401", E, "HTTP rule on a port range", "Cilium applies HTTP rules to single ports only: not to a range, nor to every port of a protocol (`*/tcp`, Cilium's port 0). List the ports one by one."},
      {"E0402", E, "CIDR covers pod addresses", "Cilium's CIDR rules never match pods: traffic to and from a pod is matched by the pod's labels, whatever its address (cilium issues 14497, 19601). A CIDR that includes the cluster's pod range (--pod-cidr, default 10.244.0.0/16 and 10.42.0.0/16) allows pods on the Kubernetes target but not on Cilium. Name the pods with a service, `pods { }` or `namespaces { }`, or leave the pod range out with `except`."},
      {"E0403", E, "DNS name as a source", "No target matches a connection's source by a DNS name: NetworkPolicy has no DNS names, and Cilium matches them only as an egress destination (toFQDNs). This is an error on every target. Name the source by its addresses or as an entity."},
      {"E0404", E, "DNS name in a Cilium deny rule", "With --cilium-deny-rules, deny intents become ingressDeny/egressDeny, which cannot match DNS names (egressDeny has no toFQDNs). Deny the addresses, or keep the deny intent a compile-time check."},
      {"E0405", E, "HTTP rule lost to an L4 rule on Cilium", "Cilium merges every rule that selects a pod. When an HTTP rule and a rule without HTTP rules may apply to the same pod, peer and port (through `*`, overlapping selectors, a bundle, or an entity, CIDR or DNS name that covers the other peer), the L4 rule lets every request through and the HTTP restriction is lost."},
      {"E0406", E, "HTTP and DNS rules on one port", "A pod with a DNS-name destination gets a DNS rule on kube-dns port 53 (so that Cilium learns the name's addresses); HTTP rules on that port for the same pod conflict with it, and Cilium rejects the policy."},
      {"E0407", E, "namespace label key too long for Cilium", "Cilium selects namespace labels as pod labels named io.cilium.k8s.namespace.labels.KEY; that key must still be a valid label key (a name part of at most 63 characters)."},
      {"E0408", E, "label key reserved by Cilium", "Cilium gives every pod the labels io.kubernetes.pod.namespace and io.cilium.k8s.namespace.labels.*: a pod selector on them selects namespaces on Cilium but ordinary pod labels on NetworkPolicy. Select the namespace with `in`."},
      {"E0409", E, "deny intent side cannot carry a deny rule", "With --cilium-deny-rules, each side of a deny intent in a managed namespace gets a deny policy named after its service; an inline `pods { }` has no name. Declare it as a service."},
      // ---- W0xxx: warnings
      {"W0001", W, "L7 rule broader on the Kubernetes target", "NetworkPolicy cannot express HTTP rules: the Kubernetes output allows the whole port. CiliumNetworkPolicy can enforce them.", "l7-on-kubernetes"},
      {"W0002", W, "FQDN external left out of the Kubernetes target", "NetworkPolicy cannot express DNS names: the edge is left out of the Kubernetes output, so that traffic stays denied there. CiliumNetworkPolicy can express them.", "fqdn-on-kubernetes"},
      {"W0003", W, "entity left out of the Kubernetes target", "NetworkPolicy cannot express Cilium entities: the edge is left out of the Kubernetes output (never widened).", "entity-on-kubernetes"},
      {"W0004", W, "edge without ports", "An edge with no port allows every port and protocol. Name the ports. (An edge that W0203 or W0209 reports does not get this warning as well: they say it too.)", "missing-ports"},
      {"W0005", W, "over-broad peer", "`ns/*` and `*/*` allow every pod of a namespace or of the cluster. Prefer a service.", "broad-peer"},
      {"W0006", W, "bundle has no effect here", "The bundle only opens egress, and egress is not enforced in this namespace, so nothing is generated for it.", "bundle-no-effect"},
      {"W0007", W, "deny intent cannot be proven", "A named port cannot be compared with a numbered one at compile time: the number is the pod's. When the destination service declares its container ports (`service db { app: db } ports { postgres: 5432 }`), nplc compares them and reports E0302 or nothing instead.", "deny-unprovable"},
      {"W0008", W, "one-sided edge generates nothing", "An `egress` edge adds a rule only where the source's egress is enforced; here it is not, so the edge has no effect (that traffic is already allowed).", "one-sided-no-effect"},
      {"W0009", W, "edge misses pods whose direction is enforced", "Some pods the edge's end may stand for have that direction isolated by a policy wider than the end (a `deny-all` on an overlapping service, or pods a selector peer may contain), and no policy can give just those pods the rule without opening it to the others. Those pods stay denied: enforce the direction for the whole end, or write the edge from the enforcing service too.", "edge-misses-enforced-pods"},
      // ---- W01xx: the Cilium target
      {"W0101", W, "HTTP rules on port 443", "Cilium enforces HTTP rules in a proxy that reads plain HTTP; port 443 usually carries TLS, whose requests it cannot see, and such connections fail. Keep HTTP rules for plain-HTTP ports.", "http-on-tls"},
      {"W0102", W, "HTTP rule may be lost to an L4 rule on a named port", "Cilium merges every rule that selects a pod. When an HTTP rule and a rule without HTTP rules may apply to the same pods and peers, one on a named port (`:http`) and the other on a numbered port (`:8080`), they meet if the pods' spec gives that name that number: then the L4 rule lets every request through and the HTTP restriction is lost (E0405 when nplc can tell). A name is resolved on each pod at run time, so nplc cannot compare it with a number unless the destination service declares its container ports (`ports { http: 8080 }`): then it reports E0405 or nothing. Otherwise write both ports as numbers, or give the L4 edge the same HTTP rules.", "http-named-port"},
      {"W0103", W, "egress named port on Cilium", "NetworkPolicy resolves a named port on each destination pod. Cilium resolves an egress rule's named port from the ports the cluster's pods name, so where pods give the name different numbers the rule may be dropped or open another number than the destination's. Write the port number, or keep one number per name across the pods.", "cilium-egress-named-port"},
      // ---- W02xx: lint checks (compiler/lint/), each with a -W name
      {"W0200", W, "namespace without a baseline", "A managed namespace without `deny-all baseline` (or an ingress or egress baseline) leaves every pod that no edge targets open to everything: only the services named as edge targets are isolated. Add a baseline so that what is not written is denied.", "missing-baseline"},
      {"W0201", W, "egress enforced without DNS", "The pods' egress is enforced, but no rule lets them reach the cluster DNS on port 53 over both UDP and TCP. They cannot resolve names (TCP is needed for large answers and by some resolvers). `allow dns` from std/dns opens both.", "missing-dns"},
      {"W0202", W, "CIDR inside the cluster's pod or service range", "An ipBlock that overlaps the cluster's pod or service range selects pods by address: NetworkPolicy leaves the meaning of ipBlock for pod IPs to the network plugin, pod IPs change on every restart, and a wide block silently opens every pod. Use service or selector peers for pods, and `except` the cluster ranges from wide blocks. The ranges default to common ones (pods 10.244.0.0/16, 10.42.0.0/16; services 10.96.0.0/12, 10.43.0.0/16) and are set with --pod-cidr and --service-cidr.", "cidr-in-cluster"},
      {"W0203", W, "egress open to everywhere", "An egress edge to `any` or to 0.0.0.0/0 (::/0) without `except` also reaches every pod, private networks and the cloud metadata service; without ports it allows every protocol too. Give the destination an `except` (std/networks has `private`, `cloud-metadata`) and name the ports. (An edge that W0209 reports does not get this warning as well.)", "open-egress"},
      {"W0204", W, "edge implied by another", "Everything this edge allows is already allowed by a wider edge or bundle in the same direction: it changes nothing. Remove it, or narrow the wider one if that was meant to be the exception.", "redundant-edge"},
      {"W0205", W, "duplicate edge", "The same edge (same ends, ports, HTTP rules and sides) is written twice. Remove one.", "duplicate-edge"},
      {"W0206", W, "declared and never used", "A service, external or bundle is declared but no edge, deny, `deny-all`, `allow` or `expect` refers to it: a leftover, or a typo elsewhere that resolved to something else. (Declarations of the standard library are not reported.)", "unused"},
      {"W0207", W, "two services with the same selector", "Two services of one namespace select exactly the same pods. Their policies apply to the same pods, so each one's rules open the other's pods too: merge them into one service.", "duplicate-selector"},
      {"W0208", W, "self-edge", "An edge from a service to itself lets the replicas of that service connect to each other (a pod can always reach itself). That is rarely meant; when the replicas do talk (clustering, gossip), keep it and suppress the warning with a reason.", "self-edge"},
      {"W0209", W, "policy allows everything", "A rule from or to `any` on every port makes the policy allow all traffic in that direction: the pods are isolated in name only (cyclonus reports this as a target whose ingress or egress is all allowed).", "allows-all"},
      {"W0210", W, "unused suppression", "A `# nplc:ignore CODE: reason` comment suppressed nothing: the warning it names is not reported on its line or the next one any more. Remove the comment.", "unused-suppression"},
      {"W0214", W, "namespace labels select another namespace", "A namespace declared with `labels { }` is selected by those labels, and another declared namespace has all of them too, so every peer written in the first (its services, `ns/*`) also matches pods of the second. Give the namespace a label the other does not have.", "shared-namespace-labels"},
      {"W0216", W, "baseline allow never reached", "A `baseline` statement applies only to pods that no NetworkPolicy of their namespace selects for that direction: a NetworkPolicy is final for the pods it selects. A baseline allow (`allow dns`, say) is lost exactly where a namespace isolates its pods, which is the classic DNS loss. Allow it in the namespace too, or move it to `admin`.", "cluster-baseline-unreached"},
      {"W0217", W, "edge denied by an admin statement", "The first `admin` statement that may match this edge's traffic is a deny that covers all of it (both ends and every port). Admin statements are applied before any namespace's policy and cannot be overridden there, so the edge is dead.", "admin-deny-edge"},
      {"W0218", W, "admin allow before a deny intent", "The first `admin` statement that may match a deny intent's traffic is an allow (Accept) of both ends that covers all of it: it is applied before any namespace's policy, so the intent does not hold. Put an admin deny first, or narrow the allow.", "admin-allow-defeats-deny"},
      {"W0219", W, "admin deny takes DNS away", "An `admin` deny that may match kube-dns on port 53 (a deny of all egress, of `any`, of the pod range), with no admin allow of DNS before it, leaves its pods without name resolution, and no namespace policy can give it back.", "admin-deny-dns"},
      {"W0215", W, "named port towards an address", "A named port is a container port of the destination pod. Towards a CIDR, a DNS name or an entity there is no pod to name it, so the rule never matches that address (older Cilium releases take the number from any pod of the cluster that names the port). Write the port number.", "named-port-to-address"},
  };
  return entries;
}

const CatalogEntry* lookupWarning(std::string_view nameOrCode) {
  for (const auto& e : catalog()) {
    if (e.severity == Severity::Warning && (e.code == nameOrCode || e.name == nameOrCode)) return &e;
  }
  return nullptr;
}

const CatalogEntry* lookup(std::string_view code) {
  for (const auto& e : catalog()) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace nplc::diag
