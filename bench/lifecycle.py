#!/usr/bin/env python3
"""What the policy lifecycle costs (SPEC §10, issue 18): the benchmark corpus, and a copy where
one document in twenty replaces or amends an earlier one (and carries its dates), built
alternately by the same binary into folders never used before.

usage: python3 bench/lifecycle.py [--docs 10000] [--runs 5] [--share 5] [--work DIR]
                                  [--out-parent DIR] [--exe BIN]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run  # noqa: E402  (the corpus and the measuring of bench/run.py)

STAMP = ".lifecycle-added"


def with_lifecycle(plain, dest, share):
    """A copy of `plain` where every `100 / share`-th document replaces or amends an earlier
    listed one (earlier in path order, so there is no loop), with effective and expires."""
    if os.path.exists(os.path.join(dest, STAMP)):
        return
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(plain, dest)
    files = []
    for folder, _, names in os.walk(os.path.join(dest, "content")):
        files.extend(os.path.join(folder, n) for n in names if n.endswith(".md"))
    files.sort()
    every = max(1, round(100 / share))
    earlier = []  # index numbers of listed documents seen so far
    made = 0
    for i, p in enumerate(files):
        with open(p, encoding="utf-8") as f:
            text = f.read()
        front, sep, body = text[4:].partition("\n---\n")
        fields = dict(l.split(": ", 1) for l in front.split("\n") if ": " in l)
        withheld = fields.get("attribute") == "不予公开"
        if i % every == 0 and earlier and not withheld:
            target = earlier[(i * 7919) % len(earlier)]
            link = "replaces" if made % 2 == 0 else "amends"
            year = fields.get("published", "2024-01-01")[:4]
            extra = "\n".join([
                "doc_type: 规范性文件" if "doc_type" not in fields else "",
                "effective: %s" % fields.get("published", "2024-01-01"),
                "expires: %d-12-31" % (int(year) + 4),
                "%s: [%s]" % (link, target),
            ]).strip("\n")
            front = front + "\n" + extra
            with open(p, "w", encoding="utf-8", newline="\n") as f:
                f.write("---\n" + front + sep + body)
            made += 1
        if not withheld and "index_no" in fields:
            earlier.append(fields["index_no"].strip())
    open(os.path.join(dest, STAMP), "w").close()
    print("%d of %d documents replace or amend another in %s" % (made, len(files), dest), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--share", type=float, default=5, help="percent of documents that replace or amend")
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--out-parent", default=None)
    ap.add_argument("--exe", default=None)
    args = ap.parse_args()
    out_parent = args.out_parent or args.work
    if not args.exe:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = args.exe or os.path.join(REPO, "target", "release", "gongkai")
    plain = run.corpus(args.work, args.docs, "ours")
    life = os.path.join(args.work, "ours-%d-life" % args.docs)
    with_lifecycle(plain, life, args.share)
    sites = {"plain": plain, "lifecycle": life}
    results = {k: [] for k in sites}
    order = list(sites)
    for r in range(args.runs):
        for k in (order if r % 2 == 0 else order[::-1]):
            out = os.path.join(out_parent, "life-%s-%d" % (k, r))
            run.clean(out)
            cmd = [exe, "--root", sites[k], "--today", "2026-11-22", "build", "--out", out]
            results[k].append(run.measure(cmd, out, fresh=False))
            run.clean(out)
    print()
    print("| corpus (%d documents) | wall (median) | CPU | peak memory | runs |" % args.docs)
    print("|---|---:|---:|---:|---|")
    med = {}
    for k in order:
        med[k] = tuple(statistics.median(x[i] for x in results[k]) for i in range(3))
        w, c, m = med[k]
        print("| %s | %.2f s | %.2f s | %.0f MiB | %s |" % (k, w, c, m, ", ".join("%.2f" % x[0] for x in results[k])))
    (pw, pc, pm), (lw, lc, lm) = med["plain"], med["lifecycle"]
    print("\nlifecycle ÷ plain: wall %.2f×, CPU %.2f×, memory %.2f×" % (lw / pw, lc / pc, lm / pm))


if __name__ == "__main__":
    main()
