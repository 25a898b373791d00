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
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, corpus, measure  # noqa: E402

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
    ap.add_argument("--no-pagefind", action="store_true",
                    help="measure gongkai alone (Pagefind 1.6 runs out of memory at 100,000 documents here)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    pf_dir = os.path.join(HERE, "pagefind")
    if not os.path.isdir(os.path.join(pf_dir, "node_modules", "pagefind")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=pf_dir, check=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        src = corpus(args.work, n, "ours")
        out = os.path.join(args.work, "search-out-%d" % n)
        build_s, _, build_peak = measure([exe, "--root", src, "--today", "2026-11-22", "build", "--out", out],
                                         out, fresh=True)
        pf_ok, pf_s, pf_peak = False, 0.0, 0.0
        if not args.no_pagefind:
            # Pagefind's own binary (not the npm wrapper), so its peak memory and a kill by
            # signal are seen.
            pf_exe = os.path.join(pf_dir, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended")
            t = time.perf_counter()
            proc = subprocess.Popen([pf_exe, "--site", out, "--glob", "docs/*.html", "--output-subdir", "pagefind",
                                     "--force-language", "zh"], cwd=pf_dir,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            pf_s = time.perf_counter() - t
            pf_peak = usage.ru_maxrss / 1024.0
            pf_ok = os.waitstatus_to_exitcode(status) == 0
            if not pf_ok:
                print("\n%d documents: Pagefind failed (exit %d) after %.0f s at %.0f MiB peak memory; "
                      "measuring gongkai alone" % (n, os.waitstatus_to_exitcode(status), pf_s, pf_peak))
        ours, theirs = size(os.path.join(out, "search")), size(os.path.join(out, "pagefind"))
        ours_files = sum(len(f) for _, _, f in os.walk(os.path.join(out, "search")))
        pf_files = sum(len(f) for _, _, f in os.walk(os.path.join(out, "pagefind")))
        server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", out,
                                   str(args.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        try:
            env = dict(os.environ, TOOLS="gongkai,pagefind" if pf_ok else "gongkai")
            res = subprocess.run(["node", os.path.join(HERE, "search_measure.mjs"), "http://127.0.0.1:%d" % args.port]
                                 + QUERIES, cwd=REPO, capture_output=True, text=True, check=True, env=env)
        finally:
            server.terminate()
        rows = json.loads(res.stdout.strip().splitlines()[-1])
        print("\n%d documents: gongkai build (pages + index) %.2f s, %.0f MiB peak; "
              "Pagefind indexing alone %.2f s, %.0f MiB peak" % (n, build_s, build_peak, pf_s, pf_peak))
        print("index on disk: gongkai %.1f MB in %d files; Pagefind %.1f MB in %d files"
              % (ours / 1e6, ours_files, theirs / 1e6, pf_files))
        print("| query | tool | results | bytes fetched | time to first result |")
        print("|---|---|---:|---:|---:|")
        for r in rows:
            print("| %s | %s | %d | %.0f KB | %.0f ms |" % (r["q"], r["tool"], r["n"], r["bytes"] / 1024, r["ms"]))


if __name__ == "__main__":
    main()
