#!/usr/bin/env python3
"""What reading attachments costs (SPEC §13, issue 16): the benchmark corpus, and a copy where
one document in five (public ones, the others alike) carries a ~200 KB attachment, half PDFs
with a text layer and half .xlsx name lists, as the issue asks.

usage: python3 bench/attachments.py [--docs 10000] [--runs 3] [--share 20] [--work DIR]
                                    [--out-parent DIR] [--no-hugo]

Measured, alternating, each into a folder never used before:
  plain   gongkai on the corpus without attachments;
  cold    gongkai on the copy with attachments, its cache (`.gongkai/`) deleted first: every
          attachment is read in a child process;
  warm    the same with the cache of the build before: nothing is read again;
  hugo    Hugo on its corpus with the same files under static/ (copied, never read).
Medians are printed with the extra cost of cold and warm over plain, and Hugo ÷ gongkai.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run  # noqa: E402  (the corpus and the measuring of bench/run.py)

SENTENCES = [
    "根据有关规定，现将本年度补贴资金发放情况予以公示。",
    "各乡镇人民政府要严格审核申报材料，确保补贴对象真实准确。",
    "补贴资金通过一卡通直接发放到户，任何单位和个人不得截留挪用。",
    "公示期间，如有异议，请向县农业农村局反映，监督电话见文末。",
    "本方案自印发之日起施行，由县人民政府办公室负责解释。",
    "项目建设内容包括道路硬化、排水沟渠和太阳能路灯等配套设施。",
    "对群众反映的问题，相关部门应当在十五个工作日内核实并答复。",
    "加强资金监管，建立健全绩效评价机制，提高财政资金使用效益。",
]
TOWNS = ["城关镇", "青山乡", "龙潭镇", "白马乡", "石门镇", "杨柳乡"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def pdf_bytes(rng, target):
    """A PDF of pages of Chinese text (UCS-2, a ToUnicode map, as WPS saves one) and an
    image stream (a scanned seal), about `target` bytes."""
    ranges = ["<%02X00> <%02XFF> <%02X00>" % (h, h, h) for h in range(256) if not 0xD8 <= h <= 0xDF]
    blocks = "".join("%d beginbfrange\n%s\nendbfrange\n" % (len(c), "\n".join(c))
                     for c in (ranges[i:i + 100] for i in range(0, len(ranges), 100)))
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
            "/Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n%sendcmap\nCMapName currentdict /CMap "
            "defineresource pop\nend\nend" % blocks)
    pages = []
    # Text fills about half the file; the seal image the rest.
    while sum(len(p) for p in pages) < target // 2:
        lines = []
        for _ in range(40):
            s = rng.choice(SENTENCES).replace("本年度", "%d年度" % rng.randint(2015, 2026))
            lines.append("<%s> Tj" % "".join("%04X" % ord(c) for c in s))
        pages.append("BT /F1 11 Tf 18 TL 72 760 Td %s ET" % " T* ".join(lines))
    n = len(pages)
    font = 4 + 2 * n
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % (4 + 2 * i) for i in range(n)), n),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (font, font + 1),
    ]
    image = font + 3
    for i, content in enumerate(pages):
        content += " q 100 0 0 100 400 80 cm /Im1 Do Q"
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> "
                       "/XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (image, 5 + 2 * i))
        objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry "
                   "(Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R >>" % (font + 2))
    objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
    objects.append("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                   "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    used = sum(len(o) for o in objects)
    pixels = max(target - used - 2000, 3 * 64 * 64) // 3
    side = int(pixels ** 0.5)
    raw = rng.randbytes(side * side * 3).hex()
    objects.append("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                   "/BitsPerComponent 8 /Filter /ASCIIHexDecode /Length %d >>\nstream\n%s>\nendstream"
                   % (side, side, len(raw) + 1, raw[: side * side * 3]))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode()
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    for off in offsets:
        out += ("%010d 00000 n \n" % off).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)).encode()
    return bytes(out)


def xlsx_bytes(rng, target):
    """A 低保-style name list (names and ID numbers masked) of about `target` bytes."""
    rows = ['<row r="1">%s</row>' % "".join(
        '<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (c, t)
        for c, t in zip("ABCDEF", ["序号", "乡镇", "户主姓名", "身份证号", "保障人数", "月保障金额（元）"]))]
    # Deflated, a row takes about 40 bytes.
    for r in range(2, target // 40):
        cells = [str(r - 1), rng.choice(TOWNS), rng.choice(SURNAMES) + "*" + rng.choice(SURNAMES),
                 "520123********%04d" % rng.randint(0, 9999), str(rng.randint(1, 6)), str(rng.randint(300, 2000))]
        rows.append('<row r="%d">%s</row>' % (r, "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (c, r, t) for c, t in zip("ABCDEF", cells))))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % "".join(rows))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


STAMP = ".attachments-added"


def with_attachments(plain, hugo, dest, hugo_dest, share, size):
    """Copies of both corpora: one document in `100 / share` gets an attachment beside it
    (listed in its front matter); Hugo's copy gets the same files under static/."""
    if os.path.exists(os.path.join(dest, STAMP)):
        return
    for d in (dest, hugo_dest):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(plain, dest)
    if hugo:
        shutil.copytree(hugo, hugo_dest)
    rng = random.Random(16)
    files = []
    for folder, _, names in os.walk(os.path.join(dest, "content")):
        files.extend(os.path.join(folder, n) for n in names if n.endswith(".md"))
    files.sort()
    every = max(1, round(100 / share))
    made = 0
    for i, p in enumerate(files):
        if i % every:
            continue
        with open(p, encoding="utf-8") as f:
            text = f.read()
        front, sep, body = text[4:].partition("\n---\n")
        if "attachments:" in front:
            continue
        stem = os.path.splitext(os.path.basename(p))[0]
        if made % 2 == 0:
            name, data = "%s-公告.pdf" % stem, pdf_bytes(rng, size)
        else:
            name, data = "%s-名单.xlsx" % stem, xlsx_bytes(rng, size)
        with open(os.path.join(os.path.dirname(p), name), "wb") as f:
            f.write(data)
        if hugo:
            rel = os.path.relpath(os.path.dirname(p), os.path.join(dest, "content"))
            target = os.path.join(hugo_dest, "static", "att", rel)
            os.makedirs(target, exist_ok=True)
            with open(os.path.join(target, name), "wb") as f:
                f.write(data)
        with open(p, "w", encoding="utf-8", newline="\n") as f:
            f.write("---\n" + front + "\nattachments: [%s]" % name + sep + body)
        made += 1
    open(os.path.join(dest, STAMP), "w").close()
    print("%d attachments of ~%d KB added to %s" % (made, size // 1024, dest), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--share", type=float, default=20, help="percent of documents with an attachment")
    ap.add_argument("--size", type=int, default=200 * 1024, help="bytes per attachment")
    ap.add_argument("--work", default=os.path.join(HERE, ".work"))
    ap.add_argument("--out-parent", default=None)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--baseline", default=None,
                    help="another gongkai binary (main before a change) measured alike, on its own copy")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    out_parent = args.out_parent or args.work
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    gongkai = os.path.join(REPO, "target", "release", "gongkai")
    hugo = None if args.no_hugo else shutil.which("hugo")
    plain = run.corpus(args.work, args.docs, "ours")
    hugo_plain = run.corpus(args.work, args.docs, "hugo") if hugo else None
    attached = os.path.join(args.work, "ours-%d-att" % args.docs)
    hugo_attached = os.path.join(args.work, "hugo-%d-att" % args.docs)
    with_attachments(plain, hugo_plain, attached, hugo_attached, args.share, args.size)

    def ours(root, out):
        return [gongkai, "--root", root, "--today", "2026-11-22", "build", "--out", out]

    tools = {
        "plain": lambda out: ours(plain, out),
        "cold": lambda out: ours(attached, out),
        "warm": lambda out: ours(attached, out),
    }
    # The baseline reads its own copy, so that neither binary's cache warms the other's.
    base_attached = attached + "-base"
    caches = {"cold": os.path.join(attached, ".gongkai")}
    if args.baseline:
        if not os.path.isdir(base_attached):
            shutil.copytree(attached, base_attached, ignore=shutil.ignore_patterns(".gongkai"))

        def base(root, out):
            return [args.baseline, "--root", root, "--today", "2026-11-22", "build", "--out", out]
        tools["base-plain"] = lambda out: base(plain, out)
        tools["base-cold"] = lambda out: base(base_attached, out)
        tools["base-warm"] = lambda out: base(base_attached, out)
        caches["base-cold"] = os.path.join(base_attached, ".gongkai")
    if hugo:
        tools["hugo"] = lambda out: [hugo, "--source", hugo_attached, "--destination", out, "--quiet"]
    # The warm runs need a cache: one build first.
    first = os.path.join(out_parent, "att-first")
    run.measure(ours(attached, first), first, fresh=True)
    run.clean(first)
    if args.baseline:
        run.measure(base(base_attached, first), first, fresh=True)
        run.clean(first)
    results = {t: [] for t in tools}
    order = list(tools)
    for r in range(args.runs):
        for t in (order if r % 2 == 0 else order[::-1]):
            out = os.path.join(out_parent, "att-%s-%d" % (t, r))
            run.clean(out)
            if t in caches:
                shutil.rmtree(caches[t], ignore_errors=True)
            results[t].append(run.measure(tools[t](out), out, fresh=False))
            run.clean(out)
    med = {t: tuple(statistics.median(x[i] for x in results[t]) for i in range(3)) for t in tools}
    print()
    print("| build (%d documents) | wall (median) | CPU | peak memory | runs |" % args.docs)
    print("|---|---:|---:|---:|---|")
    for t in order:
        w, c, m = med[t]
        print("| %s | %.2f s | %.2f s | %.0f MiB | %s |" % (
            t, w, c, m, ", ".join("%.2f" % x[0] for x in results[t])))
    pw, pc, pm = med["plain"]
    print()
    for t in ("cold", "warm"):
        w, c, m = med[t]
        print("%s: +%.2f s wall, +%.2f s CPU, +%.0f MiB over the corpus without attachments" % (
            t, w - pw, c - pc, m - pm))
    if args.baseline:
        print()
        print("| build | baseline ÷ gongkai (wall / CPU / memory) |")
        print("|---|---|")
        for t in ("plain", "cold", "warm"):
            w, c, m = med[t]
            bw, bc, bm = med["base-" + t]
            print("| %s | %.2f× / %.2f× / %.2f× |" % (t, bw / w, bc / c, bm / m))
    if hugo:
        hw = med["hugo"][0]
        print("Hugo (the same files copied) ÷ gongkai (wall): cold %.1f×, warm %.1f×" % (
            hw / med["cold"][0], hw / med["warm"][0]))


if __name__ == "__main__":
    main()
