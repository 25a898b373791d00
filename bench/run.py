#!/usr/bin/env python3
"""Build the same generated corpus with gongkai and with Hugo, alternately, and compare.

usage: python3 bench/run.py [--sizes 1000,10000] [--runs 3] [--work DIR] [--out-parent DIR]

Corpora come from ../shared/bench/gen_corpus.py (flavor `ours` for gongkai, `hugo` for Hugo:
the same documents, the same pages). Each run deletes the previous output first (untimed), so
both tools do a clean build into an empty folder. Wall time, CPU time (user + system) and peak
resident memory are read from the child's own rusage. Medians are printed with the ratio
Hugo / gongkai, measured in the same run, since absolute times drift on a shared machine.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def measure(cmd, out_dir):
    """Run cmd once after removing out_dir; return (wall s, cpu s, peak MiB)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def corpus(work, n, flavor):
    path = os.path.join(work, "%s-%d" % (flavor, n))
    if not os.path.isdir(path):
        subprocess.run([sys.executable, GEN, "--docs", str(n), "--out", path, "--flavor", flavor, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--out-parent", default=None, help="where outputs go (default: --work)")
    ap.add_argument("--no-hugo", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    out_parent = args.out_parent or args.work
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    gongkai = os.path.join(REPO, "target", "release", "gongkai")
    hugo = shutil.which("hugo")
    if not hugo and not args.no_hugo:
        sys.exit("hugo not found: apt-get install hugo (or pass --no-hugo)")
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
        print("hugo %s, %d cores, %d runs each, outputs under %s" % (version, os.cpu_count(), args.runs, out_parent))
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        ours = corpus(args.work, n, "ours")
        tools = {"gongkai": ([gongkai, "--root", ours, "--today", "2026-11-22", "build", "--out",
                              os.path.join(out_parent, "out-gongkai-%d" % n)], os.path.join(out_parent, "out-gongkai-%d" % n))}
        if hugo and not args.no_hugo:
            site = corpus(args.work, n, "hugo")
            dest = os.path.join(out_parent, "out-hugo-%d" % n)
            tools["hugo"] = ([hugo, "--source", site, "--destination", dest, "--quiet"], dest)
        results = {t: [] for t in tools}
        order = list(tools)
        for run in range(args.runs):
            for t in (order if run % 2 == 0 else order[::-1]):
                results[t].append(measure(*tools[t]))
        for t in order:
            wall, cpu, mem = (statistics.median(x[i] for x in results[t]) for i in range(3))
            rows.append((n, t, wall, cpu, mem))
            print("%6d %-8s wall %6.2f s  cpu %6.2f s  peak %7.1f MiB   (runs: %s)" % (
                n, t, wall, cpu, mem, ", ".join("%.2f" % x[0] for x in results[t])), flush=True)
        for t in order:
            for o in tools[t][1:]:
                shutil.rmtree(o, ignore_errors=True)
    print()
    print("| docs | tool | wall (median) | CPU | peak memory | Hugo ÷ gongkai (wall / CPU / memory) |")
    print("|---:|---|---:|---:|---:|---|")
    by = {(n, t): (w, c, m) for n, t, w, c, m in rows}
    for n, t, w, c, m in rows:
        ratio = ""
        if t == "gongkai" and (n, "hugo") in by:
            hw, hc, hm = by[(n, "hugo")]
            ratio = "%.1f× / %.1f× / %.1f×" % (hw / w, hc / c, hm / m)
        print("| %d | %s | %.2f s | %.2f s | %.0f MiB | %s |" % (n, t, w, c, m, ratio))


if __name__ == "__main__":
    main()
