#!/usr/bin/env python3
"""--format json and --format sarif on every golden case and example.

For each folder: `nplc check --format json` must validate against
docs/nplc-diagnostics.schema.json and list the same codes as the text output;
`nplc check --format sarif` must validate against the official SARIF 2.1.0
schema (sarif-2.1.0-rtm.5.json, from the npm package @microsoft/jest-sarif
pinned in tests/ci/package-lock.json) and carry what GitHub code scanning
needs: every rule with help text and a level, every result with a ruleIndex
pointing at its rule, a relative URI under %SRCROOT%, 1-based regions and
partialFingerprints (unique within the run).
Prints one line per failure and `N passed, M failed`.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SARIF_SCHEMA = os.path.join(ROOT, "tests", "ci", "node_modules", "@microsoft", "jest-sarif", "lib", "schemas",
                            "sarif-2.1.0-rtm.5.json")
JSON_SCHEMA = os.path.join(ROOT, "docs", "nplc-diagnostics.schema.json")
TEXT_HEADER = re.compile(r"^\S.*?: (?:error|warning)\[([EW]\d{4})\]", re.M)


def check_sarif(doc):
    problems = []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        if not r.get("help", {}).get("text"):
            problems.append("rule %s has no help text" % r["id"])
        if r.get("defaultConfiguration", {}).get("level") not in ("error", "warning"):
            problems.append("rule %s has no level" % r["id"])
    seen = set()
    for res in run["results"]:
        if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
            problems.append("ruleIndex of %s points at another rule" % res["ruleId"])
        fp = res.get("partialFingerprints", {}).get("nplcFingerprint/v1")
        if not fp:
            problems.append("result %s has no partialFingerprints" % res["ruleId"])
        elif fp in seen:
            problems.append("fingerprint %s is not unique" % fp)
        seen.add(fp)
        for loc in res["locations"]:
            art = loc["physicalLocation"]["artifactLocation"]
            if art.get("uriBaseId") != "%SRCROOT%" or art["uri"].startswith("/") or ":" in art["uri"]:
                problems.append("result %s: URI %s is not relative to %%SRCROOT%%" % (res["ruleId"], art["uri"]))
            reg = loc["physicalLocation"]["region"]
            if min(reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) < 1:
                problems.append("result %s: region not 1-based" % res["ruleId"])
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    with open(SARIF_SCHEMA) as fh:
        sarif_validator = jsonschema.Draft4Validator(json.load(fh))
    with open(JSON_SCHEMA) as fh:
        json_validator = jsonschema.Draft7Validator(json.load(fh))
    passed = failed = 0
    for folder in args.folders:
        folder = os.path.abspath(folder)
        name = os.path.relpath(folder, ROOT)
        problems = []
        run = lambda fmt: subprocess.run([args.nplc, "check", "--format", fmt, "."], cwd=folder,
                                         capture_output=True, text=True, errors="backslashreplace")
        text = run("text")
        js = run("json")
        try:
            doc = json.loads(js.stdout)
            for e in json_validator.iter_errors(doc):
                problems.append("json: %s at %s" % (e.message, list(e.path)))
            codes = [d["code"] for d in doc["diagnostics"]]
            if codes != TEXT_HEADER.findall(text.stderr):
                problems.append("json lists %s, the text output %s" % (codes, TEXT_HEADER.findall(text.stderr)))
            if js.returncode != text.returncode:
                problems.append("exit code %d with json, %d with text" % (js.returncode, text.returncode))
        except ValueError as e:
            problems.append("json output is not JSON: %s" % e)
        sa = run("sarif")
        try:
            doc = json.loads(sa.stdout)
            for e in sarif_validator.iter_errors(doc):
                problems.append("sarif: %s at %s" % (e.message, list(e.path)))
            problems += check_sarif(doc)
        except ValueError as e:
            problems.append("sarif output is not JSON: %s" % e)
        if problems:
            failed += 1
            for p in problems[:10]:
                print("FAIL %s: %s" % (name, p))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
