#!/usr/bin/env python3
"""How well `duplicate-content` finds re-posted and lightly edited copies, and what it costs.

usage: python3 bench/duplicates.py [--size 10000] [--copies 200] [--work DIR]

Copies `--copies` random published documents of the generated corpus as new documents dated
later (旧稿新发), editing each copy at one of four levels: unchanged, a few words changed,
one paragraph rewritten, half the paragraphs replaced by another document's, or the second
half cut (a copy contained in its original, SPEC §14). Runs
`gongkai check` and reports, per level, how many copies were reported (recall), and how many
findings point at anything but a planted copy (false positives on the untouched corpus).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, corpus  # noqa: E402

LEVELS = ["identical", "words", "paragraph", "half", "cut"]


def split(text):
    end = text.index("\n---", 3)
    return text[: end + 4], text[end + 4:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    src = corpus(args.work, args.size, "ours")
    site = os.path.join(args.work, "dups-%d" % args.size)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(src, site)
    rnd = random.Random(11)
    files = []
    for d, _, names in os.walk(os.path.join(site, "content")):
        files += [os.path.join(d, n) for n in names if n.endswith(".md")]
    files.sort()
    published = [f for f in files if "attribute: 主动公开" in open(f, encoding="utf-8").read()]
    planted = {}
    for k in range(args.copies):
        level = LEVELS[k % len(LEVELS)]
        orig = rnd.choice(published)
        head, body = split(open(orig, encoding="utf-8").read())
        paras = [p for p in body.split("\n\n")]
        if level == "words":
            body = body.replace("工作", "事项", 2).replace("县", "本县", 2)
        elif level == "paragraph":
            i = rnd.randrange(len(paras))
            paras[i] = "本段已根据最新情况重新撰写，补充了有关工作的进展和下一步安排。"
            body = "\n\n".join(paras)
        elif level == "cut":
            # A re-post with its second half (tables, appendix) cut: contained, not alike.
            body = "\n\n".join(paras[: max(1, (len(paras) + 1) // 2)])
        elif level == "half":
            other = split(open(rnd.choice(published), encoding="utf-8").read())[1].split("\n\n")
            body = "\n\n".join(p if i % 2 == 0 else other[i % len(other)] for i, p in enumerate(paras))
        head = re.sub(r"index_no: (.*)", r"index_no: DUP/2026-%05d" % k, head)
        head = re.sub(r"published: .*", "published: 2026-11-20", head)
        head = re.sub(r"written: .*\n", "", head)
        rel = "content/dups/%03d.md" % k
        os.makedirs(os.path.join(site, "content/dups"), exist_ok=True)
        with open(os.path.join(site, rel), "w", encoding="utf-8") as f:
            f.write(head + body)
        planted[rel] = level
    out = subprocess.run([exe, "--root", site, "--today", "2026-11-22", "check", "--format", "json"],
                         capture_output=True, text=True)
    findings = [d for d in json.loads(out.stdout) if d["code"] == "duplicate-content"]
    found = {d["file"] for d in findings}
    print("%d documents + %d planted copies; duplicate_similarity 0.8 (default)" % (len(files), len(planted)))
    print("%-10s %7s %7s" % ("edit", "planted", "found"))
    for level in LEVELS:
        ps = [f for f, l in planted.items() if l == level]
        print("%-10s %7d %7d" % (level, len(ps), sum(1 for f in ps if f in found)))
    print("findings on anything else: %d" % len(found - set(planted)))


if __name__ == "__main__":
    main()
