#!/usr/bin/env python3
"""How fast `gongkai serve` shows a saved document, and whether its memory stays flat.

usage: python3 bench/serve.py [--size 10000] [--edits 1000] [--work DIR] [--exe BIN] [--corpus SITE]

Starts `gongkai serve` on a copy of the generated corpus, then edits one document's title
`--edits` times. Each time it records the time from writing the file to the server answering
the document's URL with the new title (polling every millisecond), and the server's resident
memory every 100 edits (after a one-second pause, so the rules, the report page and the
exports, which wait for the editor to pause, have run). Prints the median, 90th percentile and maximum latency and the memory
series. Editors save one file at a time, so each edit waits until the previous one is served.
"""
import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import REPO, corpus  # noqa: E402


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def fetch(addr, path):
    host, port = addr.split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=5)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--exe", default=None, help="another gongkai binary (say, main's before a change)")
    ap.add_argument("--corpus", default=None,
                    help="serve a copy of this site instead of the generated corpus (say, the one "
                         "bench/attachments.py makes, with its cache)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    exe = args.exe or os.path.join(REPO, "target", "release", "gongkai")
    src = args.corpus or corpus(args.work, args.size, "ours")
    site = os.path.join(args.work, "serve-%d" % args.size)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(src, site)
    out = os.path.join(args.work, "serve-out-%d" % args.size)
    shutil.rmtree(out, ignore_errors=True)
    # A published document in the middle of the corpus.
    target = None
    for d, _, names in sorted(os.walk(os.path.join(site, "content"))):
        for n in sorted(names):
            if not n.endswith(".md"):
                continue
            p = os.path.join(d, n)
            text = open(p, encoding="utf-8").read()
            if "attribute: 主动公开" in text and "interprets" not in text:
                target = (p, text)
        if target and "2024" in d:
            break
    path, text = target
    index_no = re.search(r"index_no: (.*)", text).group(1).strip()
    url = "/docs/%s.html" % index_no.replace("/", "-").lower()
    started = time.perf_counter()
    proc = subprocess.Popen([exe, "--root", site, "--today", "2026-11-22", "serve", "--port", "0", "--out", out],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    addr = re.search(r"http://([^/]+)/", line).group(1)
    print("first build and serve: %.2f s (%d documents)" % (time.perf_counter() - started, args.size))
    time.sleep(1.0)
    latencies = []
    memory = [(0, rss_mib(proc.pid))]
    try:
        for i in range(1, args.edits + 1):
            marker = "第%d次保存" % i
            new = re.sub(r"^title: .*$", "title: 基准测试%s" % marker, text, count=1, flags=re.M)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            while True:
                status, body = fetch(addr, url)
                if status == 200 and marker in body:
                    break
                if time.perf_counter() - t0 > 10:
                    sys.exit("edit %d not served after 10 s" % i)
                time.sleep(0.001)
            latencies.append((time.perf_counter() - t0) * 1000)
            if i % 100 == 0:
                # Pause like an editor, so the rules, the report and the exports run too.
                time.sleep(1.0)
                memory.append((i, rss_mib(proc.pid)))
    finally:
        proc.terminate()
        proc.wait()
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    print("save → page served, %d edits: median %.1f ms, p90 %.1f ms, max %.1f ms"
          % (len(latencies), statistics.median(latencies), q(0.9), latencies[-1]))
    print("resident memory (MiB) after N edits: " + ", ".join("%d: %.0f" % m for m in memory))


if __name__ == "__main__":
    main()
