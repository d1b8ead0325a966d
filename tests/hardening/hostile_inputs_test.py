#!/usr/bin/env python3
"""Hostile inputs: each gets a clear located error or is handled correctly,
never a crash (exit >= 70 or a signal) or a hang (every run has a timeout).

  hostile_inputs_test.py --nplc PATH
Prints one line per test, then "N passed, M failed"."""
import argparse
import os
import shutil
import stat
import subprocess
import time

import yaml

from harness import TIMEOUT_SCALE, expect_error, main, run_nplc, test, write

NPLC = None


def check(tmp, files, args=None, timeout=120):
    for rel, data in files.items():
        write(os.path.join(tmp, rel), data)
    return run_nplc(NPLC, ["check", *(args or sorted(files))], cwd=tmp, timeout=timeout)


def build(tmp, args, out="out", timeout=120):
    return run_nplc(NPLC, ["build", *args, "-o", out], cwd=tmp, timeout=timeout)


def no_crash(rc):
    assert 0 <= rc < 70, f"exit {rc}: a crash"


# ---------------------------------------------------------------- empty input
@test
def empty_file_is_E0004(tmp):
    rc, err = check(tmp, {"empty.npl": ""})
    expect_error("E0004", err, rc, "E0004", "empty.npl:1:1")


@test
def only_comments_is_E0004(tmp):
    rc, err = check(tmp, {"c.npl": "# one\n   # two\n\n"})
    expect_error("E0004", err, rc, "E0004", "c.npl:1:1")


@test
def empty_file_beside_a_program_is_fine(tmp):
    rc, err = check(tmp, {"a.npl": "namespace a { }\n", "b.npl": ""})
    assert rc == 0, err


# ---------------------------------------------------------------- encodings
PROGRAM = "namespace shop {\n  deny-all baseline\n  service api\n  service db\n  api -> db:5432\n}\n"


@test
def bom_and_crlf_give_the_same_output_as_lf(tmp):
    outputs = []
    for i, (prefix, eol) in enumerate([("", "\n"), ("\ufeff", "\r\n"), ("\ufeff", "\n"), ("", "\r\n")]):
        d = os.path.join(tmp, f"v{i}")
        write(os.path.join(d, "shop.npl"), (prefix + PROGRAM.replace("\n", eol)).encode())
        rc, err = build(d, ["shop.npl"], out=os.path.join(tmp, f"out{i}"))
        assert rc == 0, err
        tree = {}
        for root, _, files in os.walk(os.path.join(tmp, f"out{i}")):
            for f in files:
                p = os.path.join(root, f)
                tree[os.path.relpath(p, os.path.join(tmp, f"out{i}"))] = open(p, "rb").read()
        outputs.append(tree)
    assert all(t == outputs[0] for t in outputs), "output differs with a BOM or CRLF"


@test
def errors_in_a_bom_crlf_file_are_located_in_characters(tmp):
    text = "\ufeffnamespace shop {\r\n  service api\r\n  api -> dbb:80\r\n}\r\n"
    rc, err = check(tmp, {"shop.npl": text.encode()})
    expect_error("E0103", err, rc, "E0103", "shop.npl:3:10")


@test
def invalid_utf8_is_E0002_at_the_byte(tmp):
    rc, err = check(tmp, {"bad.npl": b"namespace a {\n  service x\n  # caf\xe9\n}\n"})
    expect_error("E0002", err, rc, "E0002", "bad.npl:3:8")


@test
def nul_byte_is_E0003_at_the_byte(tmp):
    rc, err = check(tmp, {"nul.npl": b"namespace a {\n  ser\x00vice x\n}\n"})
    expect_error("E0003", err, rc, "E0003", "nul.npl:2:6")


@test
def a_binary_file_is_refused(tmp):
    rc, err = check(tmp, {"img.npl": bytes(range(256)) * 64})
    no_crash(rc)
    assert rc == 1 and "error[E0003]" in err, err


# ---------------------------------------------------------------- size
@test
def a_10mb_comment_line_compiles(tmp):
    text = "namespace a {\n  service x   # " + "c" * 10_000_000 + "\n}\n"
    start = time.monotonic()
    rc, err = check(tmp, {"long.npl": text}, timeout=300)
    assert rc == 0, err
    print(f"     10 MB comment line: {time.monotonic() - start:.1f} s")


@test
def a_10mb_label_value_is_located_and_the_message_stays_short(tmp):
    text = "namespace a {\n  service x { k: " + "v" * 10_000_000 + " }\n}\n"
    rc, err = check(tmp, {"long.npl": text}, timeout=300)
    expect_error("E0203", err, rc, "E0203", "long.npl:2:18")
    assert len(err) < 4000, f"{len(err)} bytes of diagnostics for one error"


@test
def a_2mb_line_of_errors_gives_bounded_output(tmp):
    # 280,000 errors; the parse tree of such a line takes ~250 bytes per byte.
    text = "namespace a {\n  service x { " + "k: \"#\" " * 280_000 + "}\n}\n"
    start = time.monotonic()
    rc, err = check(tmp, {"many.npl": text}, timeout=300)
    expect_error("E0203", err, rc, "E0203", "many.npl:2:18")
    assert "only the first 100 diagnostics are shown" in err and len(err) < 100_000, len(err)
    print(f"     280,000 errors on one 2 MB line: {time.monotonic() - start:.1f} s")


@test
def a_file_of_syntax_errors_stops_at_the_50th(tmp):
    # Past 50 syntax errors recovery only piles up follow-on errors: the parse
    # stops there and says so, instead of working through the whole file.
    text = "namespace a {\n" + "  service 1\n" * 100_000 + "}\n"
    rc, err = check(tmp, {"junk.npl": text})
    expect_error("E0001", err, rc, "E0001", "junk.npl:2:11")
    assert err.count("error[E0001]") == 50, err.count("error[E0001]")
    assert "nplc stops reading a file after 50 syntax errors" in err, err[-2000:]


@test
def hundred_thousand_services(tmp):
    lines = ["namespace big {", "  deny-all ingress baseline"]
    lines += [f"  service s{i}" for i in range(100_000)]
    lines += [f"  s{i - 1} -> s{i}:80" for i in range(1, 100_000)]
    start = time.monotonic()
    rc, err = check(tmp, {"big.npl": "\n".join(lines) + "\n}\n"}, timeout=600)
    assert rc == 0, err[:2000]
    print(f"     100k services, 100k edges (check): {time.monotonic() - start:.1f} s")


@test
def hundred_thousand_edges_into_one_service(tmp):
    lines = ["namespace big {", "  deny-all ingress baseline", "  service hub"]
    lines += [f"  service s{i}" for i in range(100_000)]
    lines += [f"  s{i} -> hub:80" for i in range(100_000)]
    start = time.monotonic()
    rc, err = check(tmp, {"star.npl": "\n".join(lines) + "\n}\n"}, timeout=600)
    assert rc == 0, err[:2000]
    print(f"     100k edges into one service (check): {time.monotonic() - start:.1f} s")


@test
def a_file_past_16_mib_is_refused(tmp):
    write(os.path.join(tmp, "huge.npl"), "namespace a { }\n#" + "x" * (16 << 20) + "\n")
    rc, err = run_nplc(NPLC, ["check", "huge.npl"], cwd=tmp)
    assert rc == 2 and "huge.npl: is too large" in err, err
    rc, err = check(tmp, {"a.npl": 'use "huge.npl"\nnamespace b { }\n'}, ["a.npl"])
    expect_error("E0101", err, rc, "E0101", "a.npl:1:1")


# ---------------------------------------------------------------- imports
def chain(tmp, n):
    for i in range(n):
        use = f'use "f{i + 1}.npl"\n' if i + 1 < n else ""
        write(os.path.join(tmp, f"f{i}.npl"), use + f"namespace n{i} {{ }}\n")


@test
def imports_64_deep(tmp):
    chain(tmp, 65)
    rc, err = run_nplc(NPLC, ["check", "f0.npl"], cwd=tmp)
    assert rc == 0, err


@test
def imports_256_deep_and_past_the_limit(tmp):
    chain(tmp, 257)
    rc, err = run_nplc(NPLC, ["check", "f0.npl"], cwd=tmp)
    assert rc == 0, err
    chain(tmp, 5000)  # overwrites the chain; 5000 levels once overflowed the stack
    rc, err = run_nplc(NPLC, ["check", "f0.npl"], cwd=tmp)
    expect_error("E0005", err, rc, "E0005", "f256.npl:1:1")


@test
def import_cycles(tmp):
    rc, err = check(tmp, {"self.npl": 'use "self.npl"\nnamespace a { }\n'}, ["self.npl"])
    expect_error("E0102", err, rc, "E0102", "self.npl:1:1")
    rc, err = check(tmp, {"a.npl": 'use "b.npl"\nnamespace a { }\n', "b.npl": 'use "c.npl"\nnamespace b { }\n',
                          "c.npl": 'use "./sub/../a.npl"\nnamespace c { }\n'}, ["a.npl"])
    expect_error("E0102", err, rc, "E0102", "c.npl:1:1")


@test
def a_directory_given_as_a_file(tmp):
    os.makedirs(os.path.join(tmp, "dir.npl"))
    rc, err = run_nplc(NPLC, ["check", "dir.npl"], cwd=tmp)
    assert rc == 2 and "dir.npl: no .npl files in this folder" in err, err
    rc, err = check(tmp, {"a.npl": 'use "dir.npl"\nnamespace a { }\n'}, ["a.npl"])
    expect_error("E0101", err, rc, "E0101", "a.npl:1:1")
    assert "is a directory" in err, err


@test
def a_fifo_or_a_device_never_blocks(tmp):
    os.mkfifo(os.path.join(tmp, "pipe.npl"))
    rc, err = run_nplc(NPLC, ["check", "pipe.npl"], cwd=tmp, timeout=20)
    assert rc == 2 and "pipe.npl: is not a regular file" in err, err
    rc, err = run_nplc(NPLC, ["check", "/dev/zero"], cwd=tmp, timeout=20)
    assert rc == 2 and "/dev/zero: not an .npl file" in err, err
    rc, err = check(tmp, {"a.npl": 'use "pipe.npl"\nnamespace a { }\n'}, ["a.npl"], timeout=20)
    expect_error("E0101", err, rc, "E0101", "a.npl:1:1")


@test
def an_unreadable_file(tmp):
    # Root reads everything: drop to nobody (setpriv, util-linux) when root.
    os.chmod(tmp, 0o755)
    nplc = os.path.join(tmp, "nplc")
    shutil.copy(NPLC, nplc)
    os.chmod(nplc, 0o755)
    write(os.path.join(tmp, "secret.npl"), "namespace a { }\n", mode=0o000)
    write(os.path.join(tmp, "main.npl"), 'use "secret.npl"\nnamespace b { }\n')
    prefix = []
    if os.geteuid() == 0:
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    p = subprocess.run([*prefix, nplc, "check", "secret.npl"], cwd=tmp, capture_output=True, text=True, timeout=60 * TIMEOUT_SCALE)
    assert p.returncode == 2 and "secret.npl: cannot be read: Permission denied" in p.stderr, p.stderr
    p = subprocess.run([*prefix, nplc, "check", "main.npl", "--color", "never"], cwd=tmp, capture_output=True,
                       text=True, timeout=60 * TIMEOUT_SCALE)
    expect_error("E0101", p.stderr, p.returncode, "E0101", "main.npl:1:1")
    assert "Permission denied" in p.stderr, p.stderr


# ---------------------------------------------------------------- length limits
def ns_with(body):
    return "namespace a {\n" + body + "\n}\n"


LIMITS = [
    # (what, program, None if valid else (code, line:col))
    ("namespace name of 63", f"namespace {'n' * 63} {{ }}\n", None),
    ("namespace name of 64", f"namespace {'n' * 64} {{ }}\n", ("E0201", "1:11")),
    ("service name of 63", ns_with(f"  service {'s' * 63}"), None),
    ("service name of 64", ns_with(f"  service {'s' * 64}"), ("E0201", "2:11")),
    ("label value of 63", ns_with(f"  service x {{ k: {'v' * 63} }}"), None),
    ("label value of 64", ns_with(f"  service x {{ k: {'v' * 64} }}"), ("E0203", "2:18")),
    ("label key name of 63", ns_with(f"  service x {{ {'k' * 63}: v }}"), None),
    ("label key name of 64", ns_with(f"  service x {{ {'k' * 64}: v }}"), ("E0202", "2:15")),
    ("label key prefix of 253", ns_with(f"  service x {{ {'.'.join(['p' * 63] * 4)[:253]}/k: v }}"), None),
    ("label key prefix of 254", ns_with(f"  service x {{ {'.'.join(['p' * 63] * 4)[:252]}pp/k: v }}"),
     ("E0202", "2:15")),
    ("named port of 15", ns_with(f"  service x\n  service y\n  x -> y:{'p' * 15}"), None),
    ("named port of 16", ns_with(f"  service x\n  service y\n  x -> y:{'p' * 16}"), ("E0205", "4:10")),
    ("bundle name of 64", f"bundle {'b' * 64} {{ }}\nnamespace a {{ }}\n", ("E0201", "1:8")),
]


@test
def names_and_values_at_and_past_their_limits(tmp):
    for i, (what, text, want) in enumerate(LIMITS):
        d = os.path.join(tmp, str(i))
        rc, err = check(d, {"m.npl": text})
        if want is None:
            assert rc == 0, f"{what}: {err}"
        else:
            try:
                expect_error(want[0], err, rc, want[0], f"m.npl:{want[1]}")
            except AssertionError as e:
                raise AssertionError(f"{what}: {e}") from None


# ---------------------------------------------------------------- YAML-significant characters
@test
def yaml_significant_label_values_are_E0203(tmp):
    for i, value in enumerate(['"a: b"', '"a #b"', '"it\'s"', '"say \\"hi\\""', '"{x}"', '"[x]"',
                               '"&anchor"', '"*alias"', '"!tag"', '"%x"', '"@x"', '"`x"', '"|"', '">"']):
        d = os.path.join(tmp, str(i))
        rc, err = check(d, {"m.npl": ns_with(f"  service x {{ k: {value} }}")})
        try:
            expect_error("E0203", err, rc, "E0203", "m.npl:2:18")
        except AssertionError as e:
            raise AssertionError(f"{value}: {e}") from None


@test
def escapes_other_than_quote_and_backslash_are_E0006(tmp):
    for i, esc in enumerate(["\\n", "\\t", "\\u0041", "\\x41", "\\0", "\\\u0430"]):
        d = os.path.join(tmp, str(i))
        rc, err = check(d, {"m.npl": ns_with(f'  service x {{ k: "a{esc}b" }}').encode()})
        try:
            expect_error("E0006", err, rc, "E0006", "m.npl:2:20")
        except AssertionError as e:
            raise AssertionError(f"{esc}: {e}") from None


@test
def a_newline_inside_a_string_is_a_syntax_error(tmp):
    rc, err = check(tmp, {"m.npl": ns_with('  service x { k: "a\nb" }')})
    expect_error("E0001", err, rc, "E0001", "m.npl:2:18")


@test
def yaml_significant_file_names_round_trip(tmp):
    name = "we: ird #'\"{x}[y]&*!|>%@`\n.npl"
    src = os.path.join(tmp, "src")
    write(os.path.join(src, name), PROGRAM)
    rc, err = build(src, ["."], out=os.path.join(tmp, "out"))
    assert rc == 0, err
    with open(os.path.join(tmp, "out", "kubernetes", "shop", "db-ingress.yaml")) as fh:
        doc = yaml.safe_load(fh)
    assert doc["metadata"]["annotations"]["nplc.dev/source"] == name + ":5", doc["metadata"]


# ---------------------------------------------------------------- look-alikes
@test
def unicode_look_alikes(tmp):
    cases = [
        ("  service \u0430pi", "E0001", "2:11", "U+0430"),         # Cyrillic a
        ("  service a\u200bpi", "E0001", "2:12", "U+200B"),        # zero-width space
        ("  service x {\u00a0k: v }", "E0001", "2:14", "U+00A0"),  # no-break space
        ("  service x { k\uff1a v }", "E0001", "2:16", "U+FF1A"),  # fullwidth colon
        ("  service x\n  service y\n  x \u2192 y:80", "E0001", "4:5", "U+2192"),  # arrow
        ('  service x { k: "v\u0430l" }', "E0203", "2:18", "U+0430"),
    ]
    for i, (body, code, at, cp) in enumerate(cases):
        d = os.path.join(tmp, str(i))
        rc, err = check(d, {"m.npl": ns_with(body).encode()})
        try:
            expect_error(code, err, rc, code, f"m.npl:{at}")
            assert cp in err, f"{cp} not named"
        except AssertionError as e:
            raise AssertionError(f"{body!r}: {e}") from None


@test
def control_characters_never_reach_the_terminal(tmp):
    rc, err = check(tmp, {"m.npl": ns_with('  service x { k: "\x1b[2J\x07" }')})
    expect_error("E0203", err, rc, "E0203", "m.npl:2:18")
    assert "\x1b" not in err and "\x07" not in err, repr(err)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    NPLC = ap.parse_args().nplc
    main()
