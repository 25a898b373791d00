#!/usr/bin/env python3
"""What git's history costs a build (SPEC §12: under 15 % on 10,000 documents, 10,000 commits),
and how fast `check --changed` is with one file changed (a pre-commit hook: under a second).

usage: python3 bench/history.py [--docs 10000] [--edits 300] [--runs 5]

The corpus comes from ../shared/bench/gen_corpus.py. The repository is written with `git
fast-import`: one commit per document, dated its `published` day, in that order, then
`--edits` commits that each change one document, later. The same site is also copied outside
git. Builds of the two alternate (rebuild mode, into their own output folders); the ratio is
reported with the medians, as bench/run.py does.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def corpus(work, n):
    path = os.path.join(work, "ours-%d" % n)
    if not os.path.isdir(path):
        subprocess.run([sys.executable, GEN, "--docs", str(n), "--out", path, "--flavor", "ours"],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def epoch(day):
    return int(time.mktime(time.strptime(day, "%Y-%m-%d"))) + 12 * 3600


def make_repo(src, dst, edits):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    docs = []
    for base, _, files in os.walk(os.path.join(dst, "content")):
        for f in files:
            p = os.path.join(base, f)
            text = open(p, encoding="utf-8").read()
            m = re.search(r"^published: (\d{4}-\d{2}-\d{2})", text, re.M)
            docs.append((m.group(1) if m else "2020-01-01", os.path.relpath(p, dst), text))
    docs.sort()
    subprocess.run(["git", "init", "-q", "-b", "main", dst], check=True)
    stream = []
    mark = 0

    def commit(when, subject, files):
        nonlocal mark
        mark += 1
        msg = subject.encode()
        out = [b"commit refs/heads/main\n", b"mark :%d\n" % mark,
               b"committer bench <bench@example.cn> %d +0800\n" % when,
               b"data %d\n" % len(msg), msg, b"\n"]
        if mark > 1:
            out.append(b"from :%d\n" % (mark - 1))
        for path, data in files:
            data = data.encode()
            out += [b"M 100644 inline %s\n" % path.encode(), b"data %d\n" % len(data), data, b"\n"]
        stream.extend(out)

    site = open(os.path.join(dst, "site.toml"), encoding="utf-8").read()
    commit(epoch(docs[0][0]) - 86400, "建站", [("site.toml", site)])
    for day, rel, text in docs:
        commit(epoch(day), "发布 " + rel, [(rel, text)])
    rng = random.Random(7)
    last = epoch(docs[-1][0])
    for i in range(edits):
        day, rel, text = rng.choice(docs)
        text = text + "\n更正第%d处。\n" % i
        open(os.path.join(dst, rel), "w", encoding="utf-8").write(text)
        commit(last + (i + 1) * 3600, "更正 " + rel, [(rel, text)])
    subprocess.run(["git", "-C", dst, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", dst, "reset", "-q"], check=True)
    return mark


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit("failed: %s\n%s" % (" ".join(cmd), proc.stderr.decode()[-2000:]))
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    src = corpus(args.work, args.docs)
    in_git = os.path.join(args.work, "history-%d" % args.docs)
    plain = os.path.join(args.work, "plain-%d" % args.docs)
    commits = make_repo(src, in_git, args.edits)
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(in_git, plain, ignore=shutil.ignore_patterns(".git"))
    today = ["--today", "2026-11-22"]
    builds = {"git": [], "plain": []}
    for site, key in ((in_git, "git"), (plain, "plain")):
        out = os.path.join(args.work, "out-history-%s" % key)
        shutil.rmtree(out, ignore_errors=True)
        timed([exe, "--root", site] + today + ["build", "--out", out])  # warm, and an output
    for _ in range(args.runs):
        for site, key in ((in_git, "git"), (plain, "plain")):
            out = os.path.join(args.work, "out-history-%s" % key)
            builds[key].append(timed([exe, "--root", site] + today + ["build", "--out", out]))
    g, p = statistics.median(builds["git"]), statistics.median(builds["plain"])
    print("%d documents, %d commits: build in git %.2f s, outside git %.2f s: +%.1f %% (%d runs each)"
          % (args.docs, commits, g, p, (g / p - 1) * 100, args.runs))
    # One file changed, as the pre-commit hook sees it.
    victim = next(os.path.join(b, f) for b, _, fs in os.walk(os.path.join(in_git, "content"))
                  for f in fs)
    with open(victim, "a", encoding="utf-8") as fh:
        fh.write("\n补充一句。\n")
    changed = [timed([exe, "--root", in_git] + today + ["check", "--changed"]) for _ in range(args.runs)]
    full = [timed([exe, "--root", in_git] + today + ["check"]) for _ in range(args.runs)]
    subprocess.run(["git", "-C", in_git, "checkout", "-q", "--", "."], check=True)
    print("check --changed with one file changed: %.2f s median (full check %.2f s)"
          % (statistics.median(changed), statistics.median(full)))


if __name__ == "__main__":
    main()
