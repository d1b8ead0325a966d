#!/usr/bin/env python3
"""Untrusted sources cannot make nplc print a secret (issue 17).

A secret is set in nplc's environment, in files outside the project (one .txt,
one .npl) and in files inside it that are not NPL (a NUL byte, invalid UTF-8,
a .txt). Each attack is a program whose `use` tries to read one of them:
absolute paths, `..`, symbolic links inside the tree that point out,
/proc/self/*, /dev/stdin (fed the secret). For every attack the secret must
appear in no output (stdout, stderr, files written) of `build` (every target,
the docs included), `check` in every --format, on the file and on the folder,
`explain`, and the language server (`nplc lsp`, whose workspace folder is the
project, sent the program and a document outside it).

  secret_leak_test.py --nplc PATH
Prints one line per test, then "N passed, M failed"."""
import argparse
import json
import os
import secrets
import subprocess

from harness import TIMEOUT_SCALE, main, test, write

NPLC = None
SECRET = "nplcSECRET" + secrets.token_hex(8)
PROGRAM = "namespace a {\n  service b\n}\n"
FORMATS = ["text", "json", "sarif", "github"]


def env():
    return {**os.environ, "NPLC_TEST_SECRET": SECRET}


def project(tmp):
    """tmp/repo (a repository: it has .git) and tmp/outside, with every bait."""
    repo, outside = os.path.join(tmp, "repo"), os.path.join(tmp, "outside")
    os.makedirs(os.path.join(repo, ".git"))
    write(os.path.join(outside, "secret.txt"), f"{SECRET}\n")
    write(os.path.join(outside, "secret.npl"), f"namespace {SECRET} {{ service {SECRET} }}\n")
    write(os.path.join(repo, "nul.npl"), f"{SECRET}\0\n".encode())
    write(os.path.join(repo, "latin1.npl"), f"{SECRET} \xe9\n".encode("latin-1"))
    write(os.path.join(repo, "notes.txt"), f"{SECRET}\n")
    links = {"link.npl": os.path.join(outside, "secret.npl"), "link-txt.npl": os.path.join(outside, "secret.txt"),
             "relative-link.npl": "../outside/secret.npl", "environ.npl": "/proc/self/environ",
             "stdin.npl": "/dev/stdin", "out-dir": outside}
    os.makedirs(os.path.join(repo, "links"))
    for name, target in links.items():
        os.symlink(target, os.path.join(repo, "links", name))
    return repo, outside


ATTACKS = [
    "/proc/self/environ", "/proc/self/cmdline", "/dev/stdin", "{outside}/secret.txt", "{outside}/secret.npl",
    "../outside/secret.txt", "../outside/secret.npl", "../../../../../../../../../../proc/self/environ",
    "links/link.npl", "links/link-txt.npl", "links/relative-link.npl", "links/environ.npl", "links/stdin.npl",
    "links/out-dir/secret.npl", "links/out-dir/secret.txt", "nul.npl", "latin1.npl", "notes.txt",
]


def run(args, cwd, stdin=None):
    p = subprocess.run(args, cwd=cwd, env=env(), input=(stdin or SECRET).encode(), capture_output=True,
                       timeout=120 * TIMEOUT_SCALE)
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def tree_text(folder):
    out = ""
    for root, _, files in os.walk(folder):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                out += fh.read().decode("utf-8", "replace")
    return out


def assert_no_secret(what, text):
    assert SECRET not in text, f"{what} shows the secret:\n{text}"


def lsp_messages(messages, cwd):
    """Sends `messages` to `nplc lsp` and returns everything it wrote."""
    data = b""
    for m in messages:
        body = json.dumps({"jsonrpc": "2.0", **m}).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    p = subprocess.run([NPLC, "lsp"], cwd=cwd, env=env(), input=data, capture_output=True,
                       timeout=120 * TIMEOUT_SCALE)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def uri(path):
    return "file://" + path


@test
def no_command_prints_a_secret(tmp):
    repo, outside = project(tmp)
    for attack in ATTACKS:
        use = attack.format(outside=outside)
        write(os.path.join(repo, "main.npl"), f'use "{use}"\n{PROGRAM}')
        what = f'use "{use}"'
        for paths in (["main.npl"], ["."]):
            for fmt in FORMATS:
                rc, out = run([NPLC, "check", "--format", fmt, *paths], repo)
                assert rc in (1, 2), f"{what}: check {paths} --format {fmt} exit {rc}:\n{out}"
                assert_no_secret(f"{what}: check {paths} --format {fmt}", out)
            dest = os.path.join(tmp, "out")
            rc, out = run([NPLC, "build", *paths, "-o", dest, "--target", "kubernetes,cilium,docs,dot"], repo)
            assert rc in (1, 2), f"{what}: build exit {rc}:\n{out}"
            assert_no_secret(f"{what}: build {paths}", out + (tree_text(dest) if os.path.isdir(dest) else ""))


@test
def a_refused_use_is_located_with_its_code(tmp):
    repo, outside = project(tmp)
    expected = {"/proc/self/environ": "E0007", "/dev/stdin": "E0007", "../outside/secret.npl": "E0008",
                "links/link.npl": "E0008", "links/out-dir/secret.npl": "E0008", "links/environ.npl": "E0008",
                "notes.txt": "E0009", "nul.npl": "E0003", "latin1.npl": "E0002"}
    for use, code in expected.items():
        write(os.path.join(repo, "main.npl"), f'use "{use}"\n{PROGRAM}')
        rc, out = run([NPLC, "check", "--color", "never", "main.npl"], repo)
        # The refused `use` is located at its string; E0002 and E0003 at the file that is not text.
        where = "main.npl:1:5" if code >= "E0007" else use.split("/")[-1]
        assert rc == 1 and f"{where}" in out and f"error[{code}]" in out, f'use "{use}": expected {code}:\n{out}'


@test
def the_docs_target_and_explain_print_no_secret(tmp):
    repo, _ = project(tmp)
    write(os.path.join(repo, "main.npl"), PROGRAM)
    os.remove(os.path.join(repo, "nul.npl"))
    os.remove(os.path.join(repo, "latin1.npl"))
    dest = os.path.join(tmp, "out")
    rc, out = run([NPLC, "build", "main.npl", "-o", dest, "--target", "docs,dot"], repo)
    assert rc == 0, out
    assert_no_secret("build --target docs", out + tree_text(dest))
    for code in ["E0002", "E0003", "E0007", "E0008", "E0009", "E0101"]:
        rc, out = run([NPLC, "explain", code], repo)
        assert rc == 0, out
        assert_no_secret(f"explain {code}", out)
    rc, out = run([NPLC, "explain", "--list", "--format", "json"], repo)
    assert_no_secret("explain --list", out)


@test
def the_language_server_prints_no_secret(tmp):
    repo, outside = project(tmp)
    for attack in ATTACKS:
        use = attack.format(outside=outside)
        text = f'use "{use}"\n{PROGRAM}'
        for program in ("folder", "file"):
            messages = [
                {"id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": uri(repo), "capabilities": {},
                            "workspaceFolders": [{"uri": uri(repo), "name": "repo"}],
                            "initializationOptions": {"program": program}}},
                {"method": "initialized", "params": {}},
                {"method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri(os.path.join(repo, "main.npl")), "languageId": "npl",
                                             "version": 1, "text": text}}},
                # A document outside the workspace folders: its `use` must not read its neighbour.
                {"method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri(os.path.join(outside, "x.npl")), "languageId": "npl",
                                             "version": 1, "text": 'use "secret.npl"\n' + PROGRAM}}},
                {"id": 2, "method": "textDocument/hover",
                 "params": {"textDocument": {"uri": uri(os.path.join(repo, "main.npl"))},
                            "position": {"line": 0, "character": 6}}},
                {"id": 3, "method": "textDocument/completion",
                 "params": {"textDocument": {"uri": uri(os.path.join(outside, "x.npl"))},
                            "position": {"line": 2, "character": 2}}},
                {"id": 4, "method": "shutdown"},
                {"method": "exit"},
            ]
            out = lsp_messages(messages, repo)
            assert "publishDiagnostics" in out, out
            # The document outside the workspace had its `use` refused, not read.
            assert '"code":"E0008","message":"\'secret.npl\' is outside the project root' in out, out
            assert_no_secret(f'nplc lsp ({program}): use "{use}"', out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    NPLC = ap.parse_args().nplc
    main()
