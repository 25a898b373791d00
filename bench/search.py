#!/usr/bin/env python3
"""Search: gongkai's index against Pagefind's on the same built site.

usage: python3 bench/search.py [--sizes 10000] [--work DIR]

For each corpus size: builds the generated corpus with gongkai, runs Pagefind 1.x over the
same document pages (`--glob "docs/*.html"`: the same 主动公开 and 依申请公开 documents), and
reports total index size, and for typical two-word queries the bytes a cold browser fetches
and the time to the first result, measured in headless Chromium (bench/search_measure.mjs).
Pagefind comes from bench/pagefind/ (`npm ci` there; it is not needed by the tests). The
index's cost to the build is measured by building with `search = false` in site.toml, see
docs/PERFORMANCE.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, corpus  # noqa: E402

QUERIES = ["安全生产 检查", "政务公开 工作", "招考 招聘", "乡村振兴 资金"]


def size(path):
    total = 0
    for d, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(d, n))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--port", type=int, default=8777)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    pf_dir = os.path.join(HERE, "pagefind")
    if not os.path.isdir(os.path.join(pf_dir, "node_modules", "pagefind")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=pf_dir, check=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        src = corpus(args.work, n, "ours")
        out = os.path.join(args.work, "search-out-%d" % n)
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([exe, "--root", src, "--today", "2026-11-22", "build", "--out", out],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run(["npx", "--no-install", "pagefind", "--site", out, "--glob", "docs/*.html",
                        "--output-subdir", "pagefind", "--force-language", "zh"],
                       cwd=pf_dir, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pf_s = time.perf_counter() - t
        ours, theirs = size(os.path.join(out, "search")), size(os.path.join(out, "pagefind"))
        ours_files = sum(len(f) for _, _, f in os.walk(os.path.join(out, "search")))
        pf_files = sum(len(f) for _, _, f in os.walk(os.path.join(out, "pagefind")))
        server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", out,
                                   str(args.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        try:
            res = subprocess.run(["node", os.path.join(HERE, "search_measure.mjs"), "http://127.0.0.1:%d" % args.port]
                                 + QUERIES, cwd=REPO, capture_output=True, text=True, check=True)
        finally:
            server.terminate()
        rows = json.loads(res.stdout.strip().splitlines()[-1])
        print("\n%d documents: gongkai build (pages + index) %.2f s; Pagefind indexing alone %.2f s" % (n, build_s, pf_s))
        print("index on disk: gongkai %.1f MB in %d files; Pagefind %.1f MB in %d files"
              % (ours / 1e6, ours_files, theirs / 1e6, pf_files))
        print("| query | tool | results | bytes fetched | time to first result |")
        print("|---|---|---:|---:|---:|")
        for r in rows:
            print("| %s | %s | %d | %.0f KB | %.0f ms |" % (r["q"], r["tool"], r["n"], r["bytes"] / 1024, r["ms"]))


if __name__ == "__main__":
    main()
