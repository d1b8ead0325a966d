// NPL — the nplc policy language. The reference is docs/language.md; keep the
// two in step. Generated at build time (see CMakeLists.txt); never committed.
grammar Npl;

file_ : topItem* EOF ;

topItem
  : useDecl
  | namespaceDecl
  | externalNamespaceDecl
  | externalDecl
  | bundleDecl
  | clusterBlock
  | expectDecl
  ;

useDecl : USE (modulePath | STRING) ;
modulePath : name (SLASH name)* ;

namespaceDecl : NAMESPACE name LBRACE nsItem* RBRACE ;
externalNamespaceDecl : EXTERNAL NAMESPACE name (LBRACE extNsItem* RBRACE)? ;
extNsItem : labelsDecl | selectorKeyDecl | serviceDecl ;

nsItem
  : labelsDecl
  | selectorKeyDecl
  | serviceDecl
  | baselineDecl
  | allowDecl
  | externalDecl
  | denyDecl
  | expectDecl
  | edgeDecl
  ;

labelsDecl : LABELS selector ;
// The label a service without a selector is found by: `selector-key name`
// makes `service carts` mean `service carts { name: carts }` (default `app`).
selectorKeyDecl : SELECTOR_KEY labelKey ;
serviceDecl : SERVICE name selector? servicePorts? ;
// The service's container ports, by name: `ports { http: 8080, dns: 53/udp }`.
servicePorts : PORTS LBRACE (containerPort COMMA?)* RBRACE ;
containerPort : name COLON NUMBER (SLASH name)? ;
baselineDecl : DENY_ALL direction? (BASELINE | name | STAR) ;  // `*` is refused with a fix (E0306)
direction : INGRESS | EGRESS ;
allowDecl : ALLOW name ;

externalDecl : EXTERNAL name ASSIGN externalValue ;
externalValue
  : DNS STRING (COMMA STRING)*                       # fqdnExternal
  | ENTITY name                                      # entityExternal
  | cidrItem (COMMA cidrItem)* (EXCEPT cidrItem (COMMA cidrItem)*)?   # cidrExternal
  ;
cidrItem : CIDR4 | CIDR6 | IPADDR4 | name ;

bundleDecl : BUNDLE name LBRACE edgeDecl* RBRACE ;

// Cluster-scope blocks, one per ClusterNetworkPolicy tier (docs/language.md,
// "Cluster guardrails and defaults"): rules in source order, first match wins.
clusterBlock : (ADMIN | BASELINE) LBRACE clusterItem* RBRACE ;
clusterItem
  : clusterAction direction? peer ARROW peer portSpec? clusterPriority?    # clusterRule
  | DENY_ALL direction? clusterPriority?                        # clusterDenyAll
  | ALLOW name clusterPriority?                                 # clusterBundle
  ;
clusterAction : ALLOW | DENY | PASS ;
clusterPriority : PRIORITY NUMBER ;

// List forms: `a, b -> c:80, d:90` is the four edges a -> c:80, a -> d:90,
// b -> c:80, b -> d:90. Ports belong to the destination they follow; after a
// port, `, x` continues the port list (a named port) and `, x:P` starts a
// destination.
edgeDecl : direction? edgeSources ARROW edgeTarget (COMMA edgeTarget)* ;
denyDecl : DENY edgeSources ARROW edgeTarget (COMMA edgeTarget)* ;
edgeSources : peer (COMMA peer)* ;
edgeTarget : peer portSpec? httpRules? ;

// What the program must allow (or deny), checked against every target's
// objects: `expect web -> api:8080 allowed`, `expect web -> "example.com":443 denied on kubernetes`.
expectDecl : EXPECT expectEnd ARROW expectEnd portSpec? httpRules? (ALLOWED | DENIED) (ON name (COMMA name)*)? ;
expectEnd : STRING | peer ;

portSpec : COLON portItem (COMMA portItem)* ;
httpRules : httpRule (COMMA httpRule)* ;
portItem : portValue (SLASH name)? ;
portValue : NUMBER | PORT_RANGE | STAR | name ;
httpRule : HTTP_RULE ;

peer
  : ANY                                              # anyPeer
  | STAR SLASH STAR                                  # allPodsPeer
  | STAR                                             # localPodsPeer
  | name SLASH STAR                                  # namespacePodsPeer
  | name SLASH name                                  # qualifiedPeer
  | PODS selector (IN nsRef)?                        # podsPeer
  | NAMESPACES selector                              # namespacesPeer
  | NODES selector                                   # nodesPeer
  | ENTITY name                                      # entityPeer
  | (CIDR4 | CIDR6 | IPADDR4)                        # cidrPeer
  | name                                             # namePeer
  ;
nsRef : NAMESPACES selector | STAR | name ;

selector : LBRACE (requirement COMMA?)* RBRACE ;
requirement
  : labelKey COLON labelValue                        # equalsReq
  | labelKey IN LPAREN (labelValue (COMMA labelValue)*)? RPAREN     # inReq
  | labelKey NOTIN LPAREN (labelValue (COMMA labelValue)*)? RPAREN  # notInReq
  | BANG labelKey                                    # notExistsReq
  | labelKey                                         # existsReq
  ;
labelKey : keyPart (SLASH keyPart)* ;
keyPart : name | NUMBER ;
labelValue : name | NUMBER | PORT_RANGE | STRING ;

// Soft keywords may also be used as names.
name
  : IDENT | DIGIT_WORD | INGRESS | EGRESS | DNS | ENTITY | LABELS | IN | NOTIN | PODS
  | NAMESPACES | NODES | BASELINE | BUNDLE | ADMIN | PASS | PRIORITY | PORTS | EXPECT | ALLOWED | DENIED | ON
  | SELECTOR_KEY
  ;

// ---------------------------------------------------------------- lexer
USE : 'use' ;
NAMESPACE : 'namespace' ;
EXTERNAL : 'external' ;
SERVICE : 'service' ;
LABELS : 'labels' ;
DENY_ALL : 'deny-all' ;
SELECTOR_KEY : 'selector-key' ;
DENY : 'deny' ;
BASELINE : 'baseline' ;
INGRESS : 'ingress' ;
EGRESS : 'egress' ;
ALLOW : 'allow' ;
BUNDLE : 'bundle' ;
ADMIN : 'admin' ;
PASS : 'pass' ;
PRIORITY : 'priority' ;
EXCEPT : 'except' ;
DNS : 'dns' ;
ENTITY : 'entity' ;
ANY : 'any' ;
PODS : 'pods' ;
NAMESPACES : 'namespaces' ;
NODES : 'nodes' ;
IN : 'in' ;
NOTIN : 'notin' ;
PORTS : 'ports' ;
EXPECT : 'expect' ;
ALLOWED : 'allowed' ;
DENIED : 'denied' ;
ON : 'on' ;

// An HTTP rule is one token — a method, blanks, then a path — so that a path
// such as /v1/x never competes with `/udp` or `ns/name` in the lexer.
HTTP_RULE : HTTP_METHOD [ \t]+ '/' PATH_CHAR* ;
fragment HTTP_METHOD : 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT'
                     | 'OPTIONS' | 'TRACE' | 'PATCH' ;
fragment PATH_CHAR : [a-zA-Z0-9\-._~*/%:@!$&'()+;=] ;

CIDR4 : OCTET '.' OCTET '.' OCTET '.' OCTET '/' [0-9]+ ;
IPADDR4 : OCTET '.' OCTET '.' OCTET '.' OCTET ;
// IPv6: at least two colons, so that `svc:53/udp` never lexes as an address.
CIDR6 : HEX* ':' HEX* ':' [0-9a-fA-F:.]* '/' [0-9]+ ;
fragment OCTET : [0-9]+ ;
fragment HEX : [0-9a-fA-F] ;

PORT_RANGE : [0-9]+ '-' [0-9]+ ;
NUMBER : [0-9]+ ;
// A word that starts with a digit (label values such as 1.0 or 2024-01-01).
DIGIT_WORD : [0-9] [a-zA-Z0-9_.\-]* [a-zA-Z0-9_] ;
// Identifiers never end in '-' or '.', so `a->b` lexes as a, ->, b.
IDENT : [a-zA-Z_] ([a-zA-Z0-9_.\-]* [a-zA-Z0-9_])? ;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;

ARROW : '->' ;
LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA : ',' ;
COLON : ':' ;
ASSIGN : '=' ;
SLASH : '/' ;
STAR : '*' ;
BANG : '!' ;
DASH : '-' ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS : [ \t\r\n\u000C\uFEFF]+ -> skip ;
// Anything else becomes one token the parser reports, not a lexer crash.
ERROR_CHAR : . ;
