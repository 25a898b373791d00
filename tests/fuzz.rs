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

use gongkai::model::date::Date;
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
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let budget = env("FUZZ_SECONDS").map(Duration::from_secs);
    let cases = env("FUZZ_CASES").unwrap_or(64) as u32;
    let started = Instant::now();
    let mut seed = env("FUZZ_SEED").unwrap_or(0x00f0_22ed);
    let mut total = 0;
    loop {
        let batch = if budget.is_some() { 16 } else { cases };
        let result = runner(seed, batch).run(&strategy(), |m| run_case(&m));
        if let Err(e) = result {
            panic!("seed {seed}: {e}");
        }
        total += batch;
        seed += 1;
        match budget {
            Some(b) if started.elapsed() < b => continue,
            _ => break,
        }
    }
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
