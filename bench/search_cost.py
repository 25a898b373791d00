#!/usr/bin/env python3
"""What the search index adds to a build: the same corpus built with and without it.

usage: python3 bench/search_cost.py [--docs 10000] [--runs 9] [--work DIR] [--binary PATH]
                                   [--clean | --fresh]

Copies the generated corpus twice, one copy with `search = false` in site.toml, and builds
each alternately into its own output (rebuild mode: the output of an earlier build exists, as
for an editor; `--clean` deletes it before each build, untimed; `--fresh` builds into a folder
never used before, nothing deleted until the end, as the first build of a new checkout).
Right after a mass delete, ext4 without a journal makes creating files slow for a minute or
more, so `--clean` charges the index's 3,400 files far more than `--fresh` does. Prints the median wall time, CPU time (user + system) and peak memory of each,
and what the index adds, measured in the same run (the machine is shared and noisy).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, corpus, measure  # noqa: E402


def site_copy(src, dst, search):
    if not os.path.isdir(dst):
        shutil.copytree(src, dst)
        path = os.path.join(dst, "site.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write("search = %s\n%s" % ("true" if search else "false", text))
    return dst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--work", default="/tmp/gongkai-bench")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "gongkai"))
    ap.add_argument("--clean", action="store_true")
    ap.add_argument("--fresh", action="store_true")
    args = ap.parse_args()
    if args.binary == os.path.join(REPO, "target", "release", "gongkai"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    src = corpus(args.work, args.docs, "ours")
    sites = {
        "with index": site_copy(src, os.path.join(args.work, "search-on-%d" % args.docs), True),
        "without": site_copy(src, os.path.join(args.work, "search-off-%d" % args.docs), False),
    }
    results = {k: [] for k in sites}
    made = []
    for run in range(args.runs + 1):
        for name, site in sites.items():
            out = os.path.join(args.work, "out-" + os.path.basename(site))
            if args.fresh:
                out = "%s-fresh%d" % (out, run)
                made.append(out)
            cmd = [args.binary, "--root", site, "build", "--out", out]
            r = measure(cmd, out, fresh=args.clean)
            if run > 0:  # the first round only creates the outputs
                results[name].append(r)
    for d in made:
        shutil.rmtree(d, ignore_errors=True)
    mode = "clean" if args.clean else "fresh" if args.fresh else "rebuild"
    print("%d documents, %d alternating runs each, %s mode" % (args.docs, args.runs, mode))
    med = {}
    for name, rs in results.items():
        med[name] = [statistics.median(r[i] for r in rs) for i in range(3)]
        print("%-11s wall %.2f s  cpu %.2f s  peak %.0f MiB" % (name, *med[name]))
    on, off = med["with index"], med["without"]
    print("index adds  wall %+.1f %%  cpu %+.1f %%  peak %+.0f MiB" % (
        (on[0] / off[0] - 1) * 100, (on[1] / off[1] - 1) * 100, on[2] - off[2]))


if __name__ == "__main__":
    main()
