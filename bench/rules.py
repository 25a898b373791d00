#!/usr/bin/env python3
"""What the editorial rules cost: build the same corpus with every rule on and with every rule
off, alternately, and print the medians and the ratio.

usage: python3 bench/rules.py [--size 10000] [--runs 7] [--mode rebuild|clean] [--work DIR]

The `on` site is the generated corpus as is, plus a 2,000-entry sensitive-word list (county
lists run to thousands of entries) and `report = true`; the `off` site is the same content
(symlinked) with every rule set to "off" and no report. `check` is timed too, since there the
rules are a larger share of the work.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, clean, corpus, measure  # noqa: E402

RULES = ["stale-category", "empty-category", "late-publication", "missing-interpretation",
         "doc-no-brackets", "fullwidth-indent", "empty-paragraphs", "inline-style", "wide-table",
         "image-alt", "duplicate-content", "personal-data", "sensitive-word", "broken-link"]


def variant(src, dest, rules_on):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    os.symlink(os.path.join(src, "content"), os.path.join(dest, "content"))
    with open(os.path.join(src, "site.toml"), encoding="utf-8") as f:
        toml = f.read()
    if rules_on:
        rnd = random.Random(7)
        chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
        words = sorted({"".join(rnd.choice(chars) for _ in range(rnd.randint(3, 6))) for _ in range(2000)})
        with open(os.path.join(dest, "sensitive_words.txt"), "w", encoding="utf-8") as f:
            f.write("中华人民共合国 => 中华人民共和国\n" + "\n".join(words) + "\n")
        toml = toml.replace("page_size", "report = true\npage_size", 1)
    else:
        toml += "\n[rules]\n" + "".join('%s = "off"\n' % r for r in RULES)
    with open(os.path.join(dest, "site.toml"), "w", encoding="utf-8") as f:
        f.write(toml)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--mode", default="rebuild", choices=["rebuild", "clean"])
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    src = corpus(args.work, args.size, "ours")
    sites = {}
    for name, on in (("on", True), ("off", False)):
        sites[name] = os.path.join(args.work, "rules-%s-%d" % (name, args.size))
        variant(src, sites[name], on)
    results = {(k, name): [] for k in ("build", "check") for name in sites}
    for name, site in sites.items():  # warm-up, and the output a rebuild starts from
        out = os.path.join(site, "public")
        clean(out)
        measure([exe, "--root", site, "--today", "2026-11-22", "build", "--out", out], out, False)
    for _ in range(args.runs):
        for name, site in sites.items():
            out = os.path.join(site, "public")
            build = [exe, "--root", site, "--today", "2026-11-22", "build", "--out", out]
            results[("build", name)].append(measure(build, out, args.mode == "clean"))
            check = [exe, "--root", site, "--today", "2026-11-22", "check", "--format", "json"]
            results[("check", name)].append(measure(check, out, False))
    print("%d documents, %s, median of %d runs (rules on vs off, same run)" % (args.size, args.mode, args.runs))
    print("%-7s %-4s %9s %9s %9s" % ("command", "", "wall s", "cpu s", "peak MiB"))
    for kind in ("build", "check"):
        med = {}
        for name in sites:
            rows = results[(kind, name)]
            med[name] = [statistics.median(r[i] for r in rows) for i in range(3)]
            print("%-7s %-4s %9.3f %9.3f %9.0f" % (kind, name, *med[name]))
        wall = med["on"][0] / med["off"][0] - 1
        cpu = med["on"][1] / med["off"][1] - 1
        print("%-7s rules add %+.1f%% wall, %+.1f%% cpu" % (kind, wall * 100, cpu * 100))


if __name__ == "__main__":
    main()
