#!/usr/bin/env python3
"""Exhaustive check of backends/yaml_scalars.cpp: every string nplc emits is
read back as that same string by a YAML 1.1 reader (PyYAML, which Kubernetes'
YAML 1.1 rules match for scalars) and by a YAML 1.2 core-schema reader; a
scalar nplc leaves unquoted never matches a 1.1 or 1.2 non-string form.

The strings: every string of length 1 to 3 over an alphabet of the characters
that matter to YAML resolvers and indicators; every case variant of the YAML
1.1 and 1.2 boolean, null, infinity and NaN words; numbers in every base and
form of both versions; timestamps, sexagesimals, merge and value keys.

  yaml_scalars_test.py --probe PATH   (tests/hardening/yaml_probe)"""
import argparse
import itertools
import re
import subprocess
import sys

import yaml

# The YAML 1.1 type regexps (yaml.org/type/*.html), as Go's yaml.v2 and
# PyYAML implement them, plus y/n, which the 1.1 bool type lists and PyYAML
# leaves out; a plain scalar matching any of these is not a string there.
YAML11 = [re.compile(r, re.X) for r in [
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    r"^(?:~|null|Null|NULL|)$",
    r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
         |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?
         |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?",  # timestamps (prefix)
    r"^(?:<<|=)$",                                       # merge, value
]]
# The YAML 1.2 core schema (spec 10.3.2).
YAML12 = [re.compile(r) for r in [
    r"^(?:null|Null|NULL|~|)$",
    r"^(?:true|True|TRUE|false|False|FALSE)$",
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
]]

ALPHABET = "aeEnNoOyYtTfFlLsSxXbBiI0179._-+/:#'\"{}[],&*!|>%@`~=< \t"


def variants(word):
    """Every upper/lower-case spelling of word."""
    return {"".join(p) for p in itertools.product(*[(c.lower(), c.upper()) for c in word])}


def strings():
    out = set()
    for n in (1, 2, 3):
        out.update("".join(p) for p in itertools.product(ALPHABET, repeat=n))
    for w in ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", ".inf", "-.inf", "+.inf",
              ".nan", "none", "nil"]:
        out.update(variants(w))
    out.update(["1.0", "0755", "0o755", "1e3", "1E3", "1e+3", "1.5e-3", "0x1F", "0X1F", "0b101", "1_000", "1__0",
                "190:20:30", "1:30.5", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
                "12e03", "08", "09", "0.", ".5", "+1", "-1", "+.5", "1.", "123456789012345678901234567890",
                "<<", "=", "~", "-", "---", "...", "? x", "- x", "x: y", "x #y", "#x", "@x", "%x", "!x", "&x", "*x",
                "|", ">", "'", '"', "x\ny", "x\\y", " x", "x ", "\t", "\u00e9t\u00e9", "\u0430pi", "x\u2028y",
                "\ufeffx", "\x00", "\x1b[2J", "x\x7fy", "x\x85y", "x\u2029y", "x\x9fy", "on-call", "no-op", "yes.v2", "null-ns", "app.kubernetes.io/name",
                "kube-system", "Ingress", "Egress", "TCP", "UDP", "SCTP", "networking.k8s.io/v1"])
    out.discard("")
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--probe", required=True)
    probe = ap.parse_args().probe
    items = strings() + [""]
    stdin = "".join(s.encode("utf-8").hex() + "\n" for s in items)
    p = subprocess.run([probe], input=stdin, capture_output=True, text=True, check=True)
    values_doc, flags_doc = p.stdout.split("\n---\n")
    values = yaml.load(values_doc, Loader=yaml.SafeLoader)["values"]  # YAML 1.1, typed
    raw = yaml.load(values_doc, Loader=yaml.BaseLoader)["values"]     # every scalar as written
    flags = yaml.load(flags_doc, Loader=yaml.BaseLoader)["flags"]
    events = [e for e in yaml.parse(values_doc) if isinstance(e, yaml.ScalarEvent)][1:]  # after the key
    assert len(values) == len(items) == len(flags) == len(events), (len(values), len(items), len(flags))
    failures = []
    for s, v, r, f, e in zip(items, values, raw, flags, events):
        plain = e.style is None
        if v != s or not isinstance(v, str):
            failures.append(f"{s!r}: PyYAML (1.1) reads {v!r}")
        if r != s:
            failures.append(f"{s!r}: read back as {r!r}")
        if plain and (any(x.search(s) for x in YAML11) or any(x.match(s) for x in YAML12)):
            failures.append(f"{s!r}: emitted plain, but a YAML 1.1 or 1.2 reader takes it for a non-string")
        if plain != (f == "p"):
            failures.append(f"{s!r}: needsQuotes() says {f}, emitted {'plain' if plain else 'quoted'}")
    for line in failures[:50]:
        print("FAIL " + line)
    quoted = sum(1 for e in events if e.style is not None)
    print(f"{len(items)} strings ({quoted} quoted, {len(items) - quoted} plain)")
    print(f"{len(items) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
