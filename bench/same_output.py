#!/usr/bin/env python3
"""Build the same sites with two gongkai binaries and say whether every output file is
byte-identical: the check a redesign that must not change the output runs before it lands.

usage: python3 bench/same_output.py --before BIN [--after BIN] [--site DIR ...]
                                    [--corpus N] [--today YYYY-MM-DD] [--before-rev REV]

Sites: the demo (the repository root) and a generated corpus of N documents (default 10000,
from ../shared/bench/gen_corpus.py, kept under bench/.work/). `--after` defaults to
target/release/gongkai. Prints each differing, missing or extra file and exits 1 when any.
`--before-rev REV` builds the demo with the `before` binary on the demo's `themes/` as they
were at REV (a change to the default templates goes with the code that feeds them).
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def build(exe, root, out, today):
    proc = subprocess.run([exe, "--root", root, "--today", today, "build", "--out", out],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit("%s failed on %s:\n%s" % (exe, root, proc.stderr.decode()[-2000:]))
    return proc.returncode


def tree(top):
    found = set()
    for d, _, files in os.walk(top):
        for f in files:
            found.add(os.path.relpath(os.path.join(d, f), top))
    return found


def compare(a, b):
    left, right = tree(a), tree(b)
    problems = ["only before: " + p for p in sorted(left - right)]
    problems += ["only after: " + p for p in sorted(right - left)]
    for p in sorted(left & right):
        if not filecmp.cmp(os.path.join(a, p), os.path.join(b, p), shallow=False):
            problems.append("differs: " + p)
    return len(left), problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default=os.path.join(REPO, "target", "release", "gongkai"))
    ap.add_argument("--site", action="append", default=None)
    ap.add_argument("--corpus", type=int, default=10000)
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--before-rev", default=None)
    args = ap.parse_args()
    sites = args.site or [REPO]
    if args.corpus:
        corpus = os.path.join(HERE, ".work", "ours-%d" % args.corpus)
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, GEN, "--docs", str(args.corpus), "--out", corpus,
                            "--flavor", "ours", "--force"], check=True)
        sites.append(corpus)
    failed = False
    for site in sites:
        with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
            a, b = os.path.join(tmp, "before"), os.path.join(tmp, "after")
            before_site = site
            if args.before_rev and os.path.abspath(site) == REPO:
                before_site = os.path.join(tmp, "demo-before")
                os.makedirs(before_site)
                for part in ("site.toml", "content"):
                    src = os.path.join(REPO, part)
                    (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(before_site, part))
                archive = subprocess.run(["git", "-C", REPO, "archive", args.before_rev, "themes"],
                                         check=True, stdout=subprocess.PIPE).stdout
                subprocess.run(["tar", "-x", "-C", before_site], input=archive, check=True)
            ca = build(args.before, before_site, a, args.today)
            cb = build(args.after, site, b, args.today)
            if ca != cb:
                print("%s: exit %d before, %d after" % (site, ca, cb))
                failed = True
            if not os.path.isdir(a) and not os.path.isdir(b):
                print("%s: neither wrote output (exit %d)" % (site, ca))
                continue
            n, problems = compare(a, b)
            for p in problems[:50]:
                print("%s: %s" % (site, p))
            if len(problems) > 50:
                print("%s: … %d more" % (site, len(problems) - 50))
            print("%s: %d files, %d differ" % (site, n, len(problems)))
            failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
