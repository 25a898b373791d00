#!/usr/bin/env python3
"""Build the same generated corpus with gongkai and with Hugo, alternately, and compare.

usage: python3 bench/run.py [--sizes 1000,10000] [--runs 3] [--modes clean,rebuild]
                           [--work DIR] [--out-parent DIR] [--settle SECONDS]
       python3 bench/run.py --targets [--sizes 10000,100000] [--baseline BIN] …

`--targets` measures issue 31's targets in one run and prints each with its measured value
and whether it holds: Hugo ÷ gongkai (wall ≥ 5×, memory ≥ 4×) for fresh builds and
rebuilds at each size; at 100k, gongkai's time at most 11× its 10k time; `serve`, the
median save → page served at most a fifteenth of a fresh build (bench/serve.py); and
attachments (bench/attachments.py): the warm rebuild within +30 % of the corpus without
them, and, with `--baseline` (main before the change), the first build within 10 % of it.
It is a benchmark: run it before a stop that touches the build, never in CI.

Corpora come from ../shared/bench/gen_corpus.py (flavor `ours` for gongkai, `hugo` for Hugo:
the same documents, the same pages). Three modes: `clean` deletes the previous output first
(untimed), so both tools build into an empty folder; `rebuild` builds again over the output of
an earlier build, as an editor does all day (Hugo overwrites its files in place; gongkai
swaps in a staging folder that is the output before last); `fresh` builds into a folder never
used before with nothing deleted first, as the first build of a new checkout on a CI runner
(ext4 without a journal makes file creation right after a mass delete several times slower,
which `clean` measures and `fresh` does not). Wall time, CPU time (user + system) and peak
resident memory are read from the child's own rusage. Medians are printed with the ratio
Hugo / gongkai, measured in the same run, since absolute times drift on a shared machine.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def clean(out_dir):
    beside = os.path.join(os.path.dirname(out_dir), "." + os.path.basename(out_dir))
    for d in (out_dir, beside + ".gongkai-next", beside + ".gongkai-old"):
        shutil.rmtree(d, ignore_errors=True)


def measure(cmd, out_dir, fresh, settle=0):
    """Run cmd once (after removing its output when `fresh`, then waiting `settle` seconds);
    return (wall s, cpu s, peak MiB)."""
    if fresh:
        clean(out_dir)
        os.sync()
        time.sleep(settle)
    os.sync()
    start = time.perf_counter()
    # stderr goes to a file: a pipe read only after the exit would fill up (the warnings of
    # 100,000 documents are more than a pipe holds) and block the build.
    with tempfile.TemporaryFile() as errfile:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errfile)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errfile.seek(0)
        err = errfile.read().decode("utf-8", "replace")[-4000:]
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def corpus(work, n, flavor):
    path = os.path.join(work, "%s-%d" % (flavor, n))
    if not os.path.isdir(path):
        subprocess.run([sys.executable, GEN, "--docs", str(n), "--out", path, "--flavor", flavor, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    if flavor == "ours":
        confidential_text_of_its_own(path)
    return path


STAMP = ".confidential-reversed"
MARKUP = re.compile(r"^(\s*(?:#+|[-*+>]|\d+[.)])\s+)?(.*)$")


def backwards(line):
    """A Markdown line with its text reversed and its markup (heading, list, quote) kept."""
    if line.startswith("|") or line.startswith("!"):
        return line[::-1] if line.startswith("|") else line
    m = MARKUP.match(line)
    return (m.group(1) or "") + m.group(2)[::-1]


def confidential_text_of_its_own(site):
    """gen_corpus.py writes withheld and on-request bodies from the same phrase pools as the
    public ones, so each of them shares 20-character runs with published documents: under
    SPEC §9 every withheld document would be quoted (`withheld-quoted`, an error) and the
    build would stop. Real internal documents are text of their own. So, once per corpus,
    each line of those bodies (and each withheld title) is written backwards: the same
    characters and sizes, the same number of secrets for the guard, no shared runs."""
    if os.path.exists(os.path.join(site, STAMP)):
        return
    for folder, _, files in os.walk(os.path.join(site, "content")):
        for name in files:
            if not name.endswith(".md"):
                continue
            p = os.path.join(folder, name)
            with open(p, encoding="utf-8") as f:
                text = f.read()
            front, sep, body = text.partition("\n---\n")
            withheld = "attribute: 不予公开" in front
            if not (withheld or "attribute: 依申请公开" in front):
                continue
            if withheld:
                front = "\n".join(
                    "title: " + l[len("title: "):][::-1] if l.startswith("title: ") else l
                    for l in front.split("\n"))
            body = "\n".join(backwards(l) for l in body.split("\n"))
            with open(p, "w", encoding="utf-8", newline="\n") as f:
                f.write(front + sep + body)
    open(os.path.join(site, STAMP), "w").close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--out-parent", default=None, help="where outputs go (default: --work)")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--baseline", default=None,
                    help="another gongkai binary (say, main's before a change) measured in the same run")
    ap.add_argument("--modes", default="clean,rebuild",
                    help="clean, rebuild, fresh (a new output folder each run, nothing deleted first)")
    ap.add_argument("--targets", action="store_true",
                    help="measure issue 31's targets (fresh and rebuild, serve, attachments) and "
                         "print whether each holds")
    ap.add_argument("--settle", type=float, default=0,
                    help="clean mode: seconds to wait after deleting the old output (ext4 without a "
                         "journal scans recently freed inodes for about a minute after a mass delete)")
    args = ap.parse_args()
    if args.targets:
        if args.no_hugo:
            sys.exit("--targets compares with Hugo: drop --no-hugo")
        args.modes = "fresh,rebuild"
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
    for mode in args.modes.split(","):
        for n in [int(s) for s in args.sizes.split(",")]:
            ours = corpus(args.work, n, "ours")
            out = os.path.join(out_parent, "out-gongkai-%d" % n)
            tools = {"gongkai": ([gongkai, "--root", ours, "--today", "2026-11-22", "build", "--out", out], out)}
            if args.baseline:
                base_out = os.path.join(out_parent, "out-baseline-%d" % n)
                tools["baseline"] = ([args.baseline, "--root", ours, "--today", "2026-11-22", "build",
                                      "--out", base_out], base_out)
            if hugo and not args.no_hugo:
                site = corpus(args.work, n, "hugo")
                dest = os.path.join(out_parent, "out-hugo-%d" % n)
                tools["hugo"] = ([hugo, "--source", site, "--destination", dest, "--quiet"], dest)
            order = list(tools)
            if mode == "rebuild":
                for t in order:
                    clean(tools[t][1])
                    for _ in range(2):
                        measure(*tools[t], fresh=False)
            results = {t: [] for t in tools}
            made = []
            for run in range(args.runs):
                for t in (order if run % 2 == 0 else order[::-1]):
                    cmd, dest = tools[t]
                    if mode == "fresh":
                        # A folder never used before, and nothing deleted first: the first build
                        # of a new checkout, as on a CI runner.
                        new = "%s-fresh%d" % (dest, run)
                        clean(new)
                        cmd, dest = [new if a == dest else a for a in cmd], new
                        made.append(new)
                    results[t].append(measure(cmd, dest, fresh=(mode == "clean"), settle=args.settle))
            for t in order:
                wall, cpu, mem = (statistics.median(x[i] for x in results[t]) for i in range(3))
                rows.append((mode, n, t, wall, cpu, mem))
                print("%-7s %6d %-8s wall %6.2f s  cpu %6.2f s  peak %7.1f MiB   (runs: %s)" % (
                    mode, n, t, wall, cpu, mem, ", ".join("%.2f" % x[0] for x in results[t])), flush=True)
            for t in order:
                clean(tools[t][1])
            for d in made:
                clean(d)
    print()
    print("| mode | docs | tool | wall (median) | CPU | peak memory | Hugo ÷ tool (wall / CPU / memory) |")
    print("|---|---:|---|---:|---:|---:|---|")
    by = {(m, n, t): (w, c, r) for m, n, t, w, c, r in rows}
    for m, n, t, w, c, r in rows:
        ratio = ""
        if t != "hugo" and (m, n, "hugo") in by:
            hw, hc, hm = by[(m, n, "hugo")]
            ratio = "%.1f× / %.1f× / %.1f×" % (hw / w, hc / c, hm / r)
        print("| %s | %d | %s | %.2f s | %.2f s | %.0f MiB | %s |" % (m, n, t, w, c, r, ratio))
    if args.baseline:
        print()
        print("| mode | docs | baseline ÷ gongkai (wall / CPU / memory) |")
        print("|---|---:|---|")
        for m, n, t, w, c, r in rows:
            if t == "gongkai" and (m, n, "baseline") in by:
                bw, bc, bm = by[(m, n, "baseline")]
                print("| %s | %d | %.2f× / %.2f× / %.2f× |" % (m, n, bw / w, bc / c, bm / r))
    if args.targets:
        targets(args, by, out_parent)


def targets(args, by, out_parent):
    """Issue 31's targets, each with its measured value, from this run's builds and from
    `serve.py` and `attachments.py` run now on the same machine."""
    sizes = sorted({n for (_, n, _) in by})
    rows = []

    def row(name, required, value, holds):
        rows.append((name, required, value, "holds" if holds else "MISSED"))

    for mode in ("fresh", "rebuild"):
        for n in sizes:
            g, h = by.get((mode, n, "gongkai")), by.get((mode, n, "hugo"))
            if g and h:
                row("%s %d: Hugo ÷ gongkai, wall" % (mode, n), "≥ 5×", "%.2f×" % (h[0] / g[0]),
                    h[0] / g[0] >= 5)
                row("%s %d: Hugo ÷ gongkai, peak memory" % (mode, n), "≥ 4×",
                    "%.2f×" % (h[2] / g[2]), h[2] / g[2] >= 4)
    small, large = by.get(("fresh", 10000, "gongkai")), by.get(("fresh", 100000, "gongkai"))
    if small and large:
        row("fresh 100k ÷ fresh 10k, gongkai wall", "≤ 11×", "%.1f×" % (large[0] / small[0]),
            large[0] / small[0] <= 11)
    gongkai = os.path.join(REPO, "target", "release", "gongkai")
    if small:
        serve = subprocess.run(
            [sys.executable, os.path.join(HERE, "serve.py"), "--size", "10000", "--edits", "300",
             "--work", args.work, "--exe", gongkai],
            capture_output=True, text=True, check=True).stdout
        median = float(re.search(r"median ([0-9.]+) ms", serve).group(1))
        build = small[0] * 1000
        row("serve 10k: save → page served, median", "≤ build ÷ 15 (%.0f ms)" % (build / 15),
            "%.0f ms (build ÷ %.1f)" % (median, build / median), median <= build / 15)
    att = [sys.executable, os.path.join(HERE, "attachments.py"), "--docs", "10000", "--runs", "3",
           "--no-hugo", "--work", args.work, "--out-parent", out_parent]
    if args.baseline:
        att += ["--baseline", args.baseline]
    out = subprocess.run(att, capture_output=True, text=True, check=True).stdout
    wall = {t: float(re.search(r"^\| %s \| ([0-9.]+) s" % t, out, re.M).group(1))
            for t in ("plain", "warm", "cold")}
    row("attachments: warm rebuild ÷ without attachments", "≤ 1.30×",
        "%.2f×" % (wall["warm"] / wall["plain"]), wall["warm"] / wall["plain"] <= 1.3)
    cold = re.search(r"^\| cold \| ([0-9.]+)× /", out, re.M)
    if cold:
        ratio = float(cold.group(1))
        row("attachments: first build, main before ÷ gongkai", "≥ 0.91× (within 10 %)",
            "%.2f×" % ratio, ratio >= 1 / 1.1)
    else:
        row("attachments: first build against main before", "within 10 %",
            "not measured: pass --baseline", False)
    print()
    print("| target | required | measured | |")
    print("|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %s | %s |" % r)


if __name__ == "__main__":
    main()
