#!/usr/bin/env python3
"""Time `gongkai import` on a 30-page 公文 (SPEC §13: under a second).

usage: python3 bench/import.py [--runs 10] [--pages 30]

The .docx is written by the test helper (`tests/support/office.rs::long_gongwen`, through the
ignored test `bench_docx`), imported into a copy of the demo site with `--dry-run` (reading,
inferring and planning: everything but the write) and once for real, with the release binary.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "release", "gongkai")
    with tempfile.TemporaryDirectory() as tmp:
        docx = os.path.join(tmp, "long.docx")
        env = dict(os.environ, GONGKAI_BENCH_DOCX=docx)
        subprocess.run(["cargo", "test", "-q", "--test", "import", "bench_docx", "--", "--ignored"],
                       cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
        site = os.path.join(tmp, "site")
        os.makedirs(site)
        for part in ["site.toml", "content", "themes", "identity"]:
            src = os.path.join(REPO, part)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(site, part))
        cmd = [exe, "--root", site, "--today", "2026-11-22", "import", docx,
               "--category", "tzgg", "--attribute", "主动公开"]
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(cmd + ["--dry-run"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        real = time.perf_counter() - start
        size = os.path.getsize(docx)
        body = [l for l in out.splitlines() if "已写入" in l]
        print("30-page .docx (%d KiB): --dry-run median %.3f s (min %.3f, max %.3f) over %d runs; "
              "written once in %.3f s: %s" % (size // 1024, statistics.median(times), min(times),
                                              max(times), args.runs, real, body[0].strip() if body else "?"))


if __name__ == "__main__":
    main()
