"""A small runner shared by the hardening tests: each test is a function;
prints one line per test and "N passed, M failed"; exits 1 on a failure."""
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

TESTS = []
# Sanitizer builds run several times slower (scripts/test-sanitizers.sh sets it).
TIMEOUT_SCALE = float(os.environ.get("NPLC_TEST_TIMEOUT_SCALE", "1"))


CLUSTER_BLOCK = re.compile(r"^\s*(admin|baseline)\s*\{", re.M)


def cluster_target(root, folder):
    """["--target", "kubernetes,cluster-network-policy"] for a program with
    cluster-scope blocks, which the Kubernetes target alone refuses (E0311): a
    golden case whose `targets` file, or an example whose golden folder's
    `targets`, names that target, or whose sources hold an `admin { }` or
    `baseline { }` block (the cases built for cilium alone, which carries them)."""
    name = os.path.basename(os.path.normpath(folder))
    for f in (os.path.join(folder, "targets"), os.path.join(root, "tests/golden/examples", name, "targets")):
        if os.path.isfile(f) and "cluster-network-policy" in open(f).read().strip().split(","):
            return ["--target", "kubernetes,cluster-network-policy"]
    for f in os.listdir(folder):
        if f.endswith(".npl") and CLUSTER_BLOCK.search(open(os.path.join(folder, f), encoding="utf-8", errors="replace").read()):
            return ["--target", "kubernetes,cluster-network-policy"]
    return []


def test(fn):
    TESTS.append(fn)
    return fn


def run_nplc(nplc, args, cwd=None, timeout=120, **kw):
    """Runs nplc; a hang past `timeout` seconds is a failure, not a wait."""
    p = subprocess.run([nplc, *args, "--color", "never"] if args and args[0] in ("build", "check") else [nplc, *args],
                       cwd=cwd, capture_output=True, timeout=timeout * TIMEOUT_SCALE, **kw)
    return p.returncode, p.stderr.decode("utf-8", "backslashreplace")


def expect_error(code, stderr, rc, want_code, where, want_rc=1):
    """`where` is "file:line:col"; the diagnostic must be exactly there."""
    assert rc == want_rc, f"exit {rc}, expected {want_rc}:\n{stderr}"
    head = f"{where}: error[{want_code}]"
    assert head in stderr, f"expected '{head}' in:\n{stderr}"


def main():
    passed = failed = 0
    for fn in TESTS:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.monotonic()  # in the log, for whoever trims the suite's time
            try:
                fn(tmp)
                print(f"ok   {fn.__name__} ({time.monotonic() - start:.1f} s)")
                passed += 1
            except Exception:  # noqa: BLE001 - report every failure and go on
                print(f"FAIL {fn.__name__}")
                print("  " + traceback.format_exc().replace("\n", "\n  "))
                failed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def snapshot(root):
    """Every path below root with its kind, mode, target or content."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if os.path.islink(p):
                out[os.path.relpath(p, root)] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                out[os.path.relpath(p, root)] = ("dir", st.st_mode)
            else:
                out[os.path.relpath(p, root)] = ("file", st.st_mode, st.st_mtime_ns, open(p, "rb").read())
    return out


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w") as fh:
        fh.write(data)
    os.chmod(path, mode)
    return path
