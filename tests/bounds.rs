//! SPEC §9, bounded input: nesting that would make the YAML parser quadratic is refused
//! before it runs, control characters are errors with their positions, and `new` never
//! writes one.

mod support;

use std::time::{Duration, Instant};
use support::SiteTest;

fn doc(index_no: &str, fields: &str, body: &str) -> String {
    format!(
        "---\ntitle: 一份普通的通知\nindex_no: {index_no}\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\n{fields}---\n\n{body}\n"
    )
}

fn codes_at(run: &support::Run) -> Vec<String> {
    let mut v: Vec<String> = run
        .json()
        .iter()
        .filter(|d| d["code"] != "empty-category")
        .map(|d| {
            format!(
                "{}@{}:{}:{}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"]
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn deep_nesting_is_refused_before_the_parser_and_fast() {
    let site = SiteTest::new("leak");
    // 300,000 brackets: far under the 8 MiB limit; libyaml took over a minute on it.
    site.write(
        "content/2026/deep.md",
        doc(
            "A/2026-00020",
            &format!("keywords: {}\n", "[".repeat(300_000)),
            "正文。",
        ),
    );
    let started = Instant::now();
    let run = site.run(&["check", "--format", "json"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(run.status, 1);
    assert_eq!(codes_at(&run), ["yaml-too-deep@content/2026/deep.md:8:42"]);
}

#[test]
fn control_characters_are_errors_with_positions() {
    let site = SiteTest::new("leak");
    site.write(
        "content/2026/escaped.md",
        doc(
            "A/2026-00021",
            "doc_no: \"示府办\\u0000发〔2026〕1号\"\nkeywords: [\"正常\", \"坏\\uFFFE\"]\n",
            "正文。",
        ),
    );
    site.write(
        "content/2026/literal.md",
        doc(
            "A/2026-00022",
            "",
            "第一行\n第二行有垂直制表符\u{b}在这里。",
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        codes_at(&run),
        [
            "control-character@content/2026/escaped.md:8:9",
            "control-character@content/2026/escaped.md:9:11",
            "control-character@content/2026/literal.md:11:10",
        ]
    );
    // Nothing is built, so no feed carries them.
    assert_eq!(site.run(&["build"]).status, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn site_toml_escapes_are_refused_too() {
    let site = SiteTest::new("leak");
    let toml = support::read(&site.path("site.toml"))
        .replace("title = \"泄密测试站\"", "title = \"泄密\\u0007测试站\"");
    site.write("site.toml", toml);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(
        codes_at(&run)
            .iter()
            .any(|c| c.starts_with("control-character@site.toml:1:")),
        "{:?}",
        codes_at(&run)
    );
}

#[test]
fn new_cleans_the_title_it_writes() {
    let site = SiteTest::new("leak");
    let run = site.run(&[
        "new",
        "--issuer",
        "县人民政府办公室",
        "--category",
        "zcwj",
        "关于做好\u{b}秋季\u{1}防火工作的\n通知",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let check = site.run(&["check", "--format", "json"]);
    assert_eq!(check.status, 0, "{}", check.stdout);
    let written: Vec<String> = support::tree(&site.path("content"))
        .into_iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains("防火工作"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert_eq!(written.len(), 1);
    assert!(
        written[0].contains("关于做好 秋季 防火工作的 通知"),
        "{}",
        written[0]
    );
}

/// SPEC §9, validation stays linear: 30,000 findings on one long line once took time
/// quadratic in the line (each column counted from the line's start).
#[test]
fn many_findings_on_one_long_line_stay_fast() {
    let site = SiteTest::new("leak");
    site.write(
        "content/2026/long.md",
        doc(
            "A/2026-00023",
            "",
            &"[链接](missing.html) *强调* ".repeat(30_000),
        ),
    );
    let started = Instant::now();
    let run = site.run(&["check", "--format", "json"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let found = run.json();
    assert_eq!(
        found.iter().filter(|d| d["code"] == "broken-link").count(),
        30_000
    );
    let last = found
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| d["column"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(
        last,
        1 + 29_999 * "[链接](missing.html) *强调* ".chars().count() as u64
    );
}
