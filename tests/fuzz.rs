//! SPEC §9, fuzzed: the seed site in `tests/fuzz/seed/` (site.toml, front matter and bodies,
//! a withheld and an on-request document carrying markers) is mutated at random with
//! fragments that break parsers (YAML, TOML, Markdown, HTML, XML, control characters) and
//! built in-process. For every case: no panic, no build over 10 s, `feed.xml` and
//! `sitemap.xml` well-formed whenever the build succeeds, and no marker of the withheld or
//! on-request document anywhere under the output's parent.
//!
//! `cargo test` runs `FUZZ_CASES` cases (default 64); `.ci/run` sets `FUZZ_SECONDS` to run
//! for a fixed budget instead. A failure prints the seed and the mutated files.

mod support;

use gongkai::date::Date;
use gongkai::pipeline::{self, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// Fragments that break one parser or another.
const FRAGMENTS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
    ": ",
    "：",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "!!str ",
    "|\n  ",
    ">\n  ",
    "---\n",
    "...\n",
    "\"",
    "'",
    "\\",
    "\\u0000",
    "\\uFFFE",
    "\\uD800",
    "\\x07",
    "\u{0}",
    "\u{b}",
    "\u{85}",
    "\u{fffe}",
    "\u{feff}",
    "\u{200b}",
    // Invisible and look-alike characters, escapes a browser decodes (SPEC §9's folding).
    "\u{2063}",
    "\u{e0020}",
    "\u{3164}",
    "\u{fe00}",
    "\u{2f2f}",
    "\u{f967}",
    "\u{1d41a}",
    "%E5%8E%BF",
    "%",
    "\r",
    "\r\n",
    "\t",
    "\n",
    "\n\n",
    "#",
    " # 注释",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "]]>",
    "<![CDATA[",
    "&",
    "&#0;",
    "&#xD800;",
    "&amp;",
    "<",
    ">",
    "<a href=\"javascript:x\">",
    "</div>",
    "<style>",
    "<iframe>",
    "[链接](../../../etc/passwd)",
    "[x](a-2026-00002.html)",
    "![图](",
    "](",
    "`",
    "```\n",
    "| a | b |\n|---|---|\n",
    "    ",
    "　　",
    "〔",
    "〕",
    "2026-02-30",
    "9999-99-99",
    "true",
    "null",
    "~",
    "0x1F",
    "1e999",
    "-1",
    "attachments: [../../x]\n",
    "interprets: F/2026-00002\n",
    "title = \"",
    "[[categories]]\n",
    "parent = \"zcwj\"\n",
    "id = \"zcwj\"\n",
    "= ",
    "\"\"\"",
    "'''",
    "[rules]\n",
    "update_every = \"0 days\"\n",
    "page_size = 0\n",
    "base_url = \"javascript:\"\n",
    "县人民政府办公室",
    "政务公开",
    "依申请公开",
    "主动公开",
    "关于",
    "的通知",
];

/// Markers that must never leave the build (SPEC §2, §9).
const MARKERS: &[&str] = &[
    "zqfuzzwithheldtitle",
    "zqfuzzwithheldkeyword",
    "zqfuzzwithheldbody",
    "zqfuzzwithheldcomment",
    "zqfuzzwithheldlist",
    "zqfuzzrequestbody",
];

/// Cases whose build succeeded, so the XML and marker checks had output to read.
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One change to one file: (file, position, operation, fragment).
type Mutation = (usize, usize, u8, usize);

fn seed_files() -> BTreeMap<String, String> {
    let dir = support::repo().join("tests/fuzz/seed");
    support::tree(&dir)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8(v).expect("seed files are UTF-8")))
        .collect()
}

fn mutate(files: &mut BTreeMap<String, String>, mutations: &[Mutation]) {
    let names: Vec<String> = files.keys().cloned().collect();
    for &(f, pos, op, frag) in mutations {
        let text = files.get_mut(&names[f % names.len()]).expect("a seed file");
        let mut at = if text.is_empty() {
            0
        } else {
            pos % (text.len() + 1)
        };
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let fragment = FRAGMENTS[frag % FRAGMENTS.len()];
        match op % 4 {
            0 | 1 => text.insert_str(at, fragment),
            2 => {
                let mut end = (at + 1 + pos % 40).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, "");
            }
            _ => {
                // Repeat a line: documents and tables that grow.
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let line = format!("{}\n", &text[start..end]).repeat(1 + pos % 50);
                text.insert_str(start, &line);
            }
        }
    }
}

/// Whether the marker documents are still what they were: withheld and on-request by one
/// unambiguous attribute line each. Only then must their markers stay out of the output.
fn markers_guarded(files: &BTreeMap<String, String>) -> bool {
    let attributes = |text: &str| {
        text.lines()
            .filter(|l| l.contains("attribute") || l.contains("公开属性"))
            .count()
    };
    let withheld = &files["content/withheld.md"];
    let on_request = &files["content/on-request.md"];
    withheld.contains("\nattribute: 不予公开\n")
        && attributes(withheld) == 1
        && !withheld.contains("主动公开")
        && !withheld.contains("依申请公开")
        && on_request.contains("\n公开属性: 依申请公开\n")
        && attributes(on_request) == 1
        && !on_request.contains("主动公开")
        && !on_request.contains("不予公开")
}

fn run_case(mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let mut files = seed_files();
    mutate(&mut files, mutations);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    for (rel, text) in &files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    let www = tmp.path().join("www");
    let out = www.join("xxgk");
    let opts = Options {
        root: root.clone(),
        today: Date::parse("2026-11-22").expect("a date"),
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    let (o, t) = (opts.clone(), out.clone());
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| pipeline::build(&o, &t).map(|r| r.written));
        let _ = sender.send(result);
    });
    let started = Instant::now();
    let result = receiver
        .recv_timeout(Duration::from_secs(10))
        .map_err(|_| TestCaseError::fail(format!("over 10 s: {files:#?}")))?;
    let built = match result {
        Err(_) => return Err(TestCaseError::fail(format!("panic: {files:#?}"))),
        Ok(Err(_)) => false, // a usage or disk error, reported as such
        Ok(Ok(written)) => written.is_some(),
    };
    // `check` (templates rendered too) must not panic either.
    let checked = std::panic::catch_unwind(|| {
        pipeline::load(&opts)
            .map(|(site, diags)| site.map(|s| pipeline::check_templates(&opts, &s, &diags).len()))
    });
    if checked.is_err() {
        return Err(TestCaseError::fail(format!("check panicked: {files:#?}")));
    }
    if built {
        BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let feeds = support::tree(&out)
            .into_keys()
            .filter(|k| k.starts_with("feeds/"))
            .collect::<Vec<_>>();
        let names = ["feed.xml".to_string(), "sitemap.xml".to_string()];
        for name in names.iter().chain(&feeds) {
            let xml = std::fs::read_to_string(out.join(name)).unwrap_or_default();
            if let Err(e) = roxmltree::Document::parse(&xml) {
                return Err(TestCaseError::fail(format!(
                    "{name} ill-formed ({e}): {files:#?}"
                )));
            }
        }
    }
    if markers_guarded(&files) {
        let never: BTreeSet<String> = MARKERS.iter().map(|m| m.to_string()).collect();
        let leaks = support::leak::scan(&www, &never);
        if !leaks.is_empty() {
            return Err(TestCaseError::fail(format!("leaked {leaks:?}: {files:#?}")));
        }
    }
    if started.elapsed() > Duration::from_secs(10) {
        return Err(TestCaseError::fail(format!(
            "over 10 s with check: {files:#?}"
        )));
    }
    Ok(())
}

fn runner(seed: u64, cases: u32) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 64,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// Run batches of cases from `FUZZ_SEED` (else `first_seed`): `FUZZ_CASES` cases (default 64),
/// or batches of 16 for `FUZZ_SECONDS`. Panics with the seed of a failing batch; returns how
/// many cases ran, and since when.
fn fuzz<T: std::fmt::Debug>(
    first_seed: u64,
    mut batch: impl FnMut(&mut TestRunner) -> Result<(), proptest::test_runner::TestError<T>>,
) -> (u32, Instant) {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let budget = env("FUZZ_SECONDS").map(Duration::from_secs);
    let cases = env("FUZZ_CASES").unwrap_or(64) as u32;
    let started = Instant::now();
    let mut seed = env("FUZZ_SEED").unwrap_or(first_seed);
    let mut total = 0;
    loop {
        let size = if budget.is_some() { 16 } else { cases };
        if let Err(e) = batch(&mut runner(seed, size)) {
            panic!("seed {seed}: {e}");
        }
        total += size;
        seed += 1;
        match budget {
            Some(b) if started.elapsed() < b => continue,
            _ => return (total, started),
        }
    }
}

fn strategy() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(
        (0..16usize, any::<usize>(), any::<u8>(), any::<usize>()),
        1..4,
    )
}

#[test]
fn the_seed_site_builds_and_publishes_no_marker() {
    run_case(&[]).unwrap();
    let files = seed_files();
    assert!(markers_guarded(&files));
}

#[test]
fn mutated_sites_never_panic_hang_or_leak() {
    let (total, started) = fuzz(0x00f0_22ed, |runner| {
        runner.run(&strategy(), |m| run_case(&m))
    });
    let built = BUILT.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "fuzz: {total} cases in {:?}, {built} built",
        started.elapsed()
    );
    assert!(
        built * 10 > total as usize,
        "too few mutations still build: {built} of {total}"
    );
}

/// The withheld seed document's title: a secret wherever it is hidden (SPEC §15).
const WITHHELD_TITLE: &str = "内部会议纪要zqfuzzwithheldtitle";

/// Attachments to mutate (name, bytes): office files, a PDF, images and an SVG, each with
/// text in a part a reader of the main text skips — the withheld title, or harmless words.
fn attachment_seeds() -> Vec<(&'static str, Vec<u8>)> {
    use support::office;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name);
    let hide = |secret: bool| {
        if secret {
            WITHHELD_TITLE
        } else {
            "公开的页眉文字"
        }
    };
    let mut out = Vec::new();
    for secret in [true, false] {
        let h = hide(secret);
        office::docx_with(
            &path("a.docx"),
            &["附件正文。"],
            &[(
                "word/header1.xml",
                format!("<w:hdr><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:hdr>"),
            )],
        );
        out.push(("附件.docx", std::fs::read(path("a.docx")).unwrap()));
        let utf16: String = [0xfe_u8, 0xff]
            .into_iter()
            .chain(h.encode_utf16().flat_map(u16::to_be_bytes))
            .map(|b| format!("\\{b:03o}"))
            .collect();
        office::pdf_with_object(
            &path("a.pdf"),
            &["附件正文"],
            format!("<< /Title ({utf16}) >>").as_bytes(),
        );
        out.push(("附件.pdf", std::fs::read(path("a.pdf")).unwrap()));
        office::png_with_text(&path("a.png"), h);
        out.push(("附件.png", std::fs::read(path("a.png")).unwrap()));
        out.push((
            "附件.svg",
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>{h}</desc></svg>")
                .into_bytes(),
        ));
        let mut trailing = std::fs::read(path("a.docx")).unwrap();
        trailing.extend_from_slice(&encoding_rs::GB18030.encode(h).0);
        out.push(("附件.docx", trailing));
    }
    out
}

/// Every form the title could take in `bytes` as a reader decodes it: the bytes, each zip
/// part inflated (one level of nesting), each PDF stream and PNG text chunk inflated.
fn decoded(bytes: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut out = vec![bytes.to_vec()];
    if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        for i in 0..zip.len() {
            let mut part = Vec::new();
            if let Ok(mut f) = zip.by_index(i) {
                let _ = (&mut f).take(64 << 20).read_to_end(&mut part);
            }
            out.extend(decoded(&part));
        }
    }
    let inflate = |data: &[u8]| {
        let mut v = Vec::new();
        let _ = flate2::read::ZlibDecoder::new(data)
            .take(64 << 20)
            .read_to_end(&mut v);
        v
    };
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"stream") {
        let start = at + i + 6;
        let start = start
            + bytes[start..]
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
        out.push(inflate(&bytes[start..]));
        at = start;
    }
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"zTXt") {
        let body = &bytes[at + i + 4..];
        if let Some(nul) = body.iter().position(|b| *b == 0) {
            out.push(inflate(body.get(nul + 2..).unwrap_or_default()));
        }
        at += i + 4;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the withheld title is in `blob` in UTF-8, UTF-16LE/BE or GB18030.
fn holds_title(blob: &[u8]) -> bool {
    let forms: [Vec<u8>; 4] = [
        WITHHELD_TITLE.as_bytes().to_vec(),
        WITHHELD_TITLE
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect(),
        WITHHELD_TITLE
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect(),
        encoding_rs::GB18030.encode(WITHHELD_TITLE).0.into_owned(),
    ];
    forms.iter().any(|f| find(blob, f).is_some())
}

/// One mutation of an attachment's bytes: (kind, where, a byte, how many).
type ByteMutation = (u8, usize, u8, usize);

fn mutate_bytes(bytes: &mut Vec<u8>, mutations: &[ByteMutation]) {
    for &(kind, at, byte, n) in mutations {
        if bytes.is_empty() {
            return;
        }
        let at = at % bytes.len();
        let n = 1 + n % 64;
        match kind % 5 {
            0 => bytes[at] ^= byte | 1,
            1 => bytes
                .splice(at..at, std::iter::repeat_n(byte, n))
                .for_each(drop),
            2 => {
                bytes.drain(at..(at + n).min(bytes.len()));
            }
            3 => bytes.truncate(at.max(1)),
            _ => {
                let piece: Vec<u8> = bytes[at..(at + n).min(bytes.len())].to_vec();
                bytes.splice(at..at, piece).for_each(drop);
            }
        }
    }
}

fn run_attachment_case(seed: usize, mutations: &[ByteMutation]) -> Result<(), TestCaseError> {
    let seeds = attachment_seeds();
    let (name, mut bytes) = seeds[seed % seeds.len()].clone();
    mutate_bytes(&mut bytes, mutations);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    for (rel, text) in seed_files() {
        let p = root.join(&rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    std::fs::write(root.join("content").join(name), &bytes).expect("write");
    std::fs::write(
        root.join("content/attached.md"),
        format!("---\ntitle: 附件测试\nindex_no: F/2026-00009\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-10\nattribute: 主动公开\nattachments: [{name}]\n---\n\n详见附件。\n"),
    )
    .expect("write");
    let out = tmp.path().join("www/xxgk");
    let opts = Options {
        root,
        today: Date::parse("2026-11-22").expect("a date"),
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    let t = out.clone();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| pipeline::build(&opts, &t).map(|r| r.written));
        let _ = sender.send(result);
    });
    let what = || format!("{name}, {} bytes, mutations {mutations:?}", bytes.len());
    let result = receiver
        .recv_timeout(Duration::from_secs(10))
        .map_err(|_| TestCaseError::fail(format!("over 10 s: {}", what())))?;
    match result {
        Err(_) => Err(TestCaseError::fail(format!("panic: {}", what()))),
        Ok(Ok(Some(_))) => {
            BUILT_ATTACHMENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            for (file, content) in support::tree(&out) {
                if decoded(&content).iter().any(|b| holds_title(b)) {
                    // Kept for a person to look at.
                    let kept = std::env::temp_dir().join(format!("gongkai-fuzz-leak-{name}"));
                    let _ = std::fs::write(&kept, &bytes);
                    return Err(TestCaseError::fail(format!(
                        "leaked in {file} (the input is kept in {}): {}",
                        kept.display(),
                        what()
                    )));
                }
            }
            Ok(())
        }
        Ok(_) => Ok(()),
    }
}

static BUILT_ATTACHMENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// SPEC §15: attachments mutated at random (bits flipped, bytes inserted, cut, repeated,
/// truncated) are read completely or refused as unchecked: never a panic, never a build over
/// 10 s, and a build that succeeds holds the withheld title in no form a reader decodes.
#[test]
fn mutated_attachments_never_panic_hang_or_leak() {
    let strategy = (
        any::<usize>(),
        prop::collection::vec(any::<ByteMutation>(), 0..4),
    );
    let (total, started) = fuzz(0x0a77_ac4e, |runner| {
        runner.run(&strategy, |(s, m)| run_attachment_case(s, &m))
    });
    let built = BUILT_ATTACHMENTS.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "attachment fuzz: {total} cases in {:?}, {built} built",
        started.elapsed()
    );
    assert!(
        built * 5 > total as usize,
        "too few builds: {built} of {total}"
    );
}
