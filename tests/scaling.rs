//! SPEC §15, bounded and linear: for each parser a site's files go through, the time on 1 MB
//! of the worst input we know is at most 6 times the time on 256 KB (4 times is linear; the
//! rest is room for noise). A scaling test, not a timed one: each side is the best of three
//! runs of the real binary, so start-up and a busy machine cancel out.

mod support;

use std::time::{Duration, Instant};
use support::{SiteTest, office};

const SMALL: usize = 256 << 10;
const LARGE: usize = 1 << 20;

/// The best of three runs of `gongkai args` on `site`.
fn best(site: &SiteTest, args: &[&str]) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            site.run(args);
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// `make(site, bytes)` writes an input of about `bytes`; `args` runs the parser on it.
fn ratio(name: &str, args: &[&str], make: impl Fn(&SiteTest, usize)) {
    ratio_with(
        name,
        &|_| args.iter().map(|a| a.to_string()).collect(),
        make,
    );
}

/// [`ratio`] with arguments that name files of the site.
fn ratio_with(
    name: &str,
    args: &dyn Fn(&SiteTest) -> Vec<String>,
    make: impl Fn(&SiteTest, usize),
) {
    let time = |n: usize| {
        let site = SiteTest::new("links");
        make(&site, n);
        let args = args(&site);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        best(&site, &args)
    };
    let (small, large) = (time(SMALL), time(LARGE));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
    assert!(
        ratio <= 6.0,
        "{name}: 256 KB {small:?}, 1 MB {large:?}, ratio {ratio:.1}"
    );
}

fn document(site: &SiteTest, front: &str, body: &str) {
    site.write(
        "content/jyj/2026/worst.md",
        format!(
            "---\ntitle: 最坏输入\nindex_no: 11530000-1/2026-00999\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-02\nattribute: 主动公开\n{front}---\n{body}\n"
        ),
    );
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

#[test]
fn the_body_parsers_are_linear() {
    // Unclosed link brackets, emphasis runs and code spans: Markdown's own worst cases.
    ratio("markdown", &["check"], |s, n| {
        document(s, "", &repeat_to("[链接 *强调 `代码 _下划 ", n))
    });
    // Raw HTML just under the nesting limit, again and again: the sanitizer's tree.
    let nested = format!("{}x{}\n\n", "<div>".repeat(200), "</div>".repeat(200));
    ratio("raw html", &["check"], |s, n| {
        document(s, "", &repeat_to(&nested, n))
    });
    // Raw HTML over the limit: refused by the scan before the sanitizer.
    ratio("nesting", &["check"], |s, n| {
        document(s, "", &repeat_to("<div><span>", n))
    });
}

#[test]
fn the_front_matter_and_the_register_are_linear() {
    ratio("front matter", &["check"], |s, n| {
        let keywords = repeat_to("  - 关键词甲乙\n", n);
        document(s, &format!("keywords:\n{keywords}"), "正文。")
    });
    ratio("long title", &["check"], |s, n| {
        let title = repeat_to("很长的标题", n);
        s.write(
            "content/jyj/2026/worst.md",
            format!("---\ntitle: {title}\nindex_no: 11530000-1/2026-00999\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-02\nattribute: 主动公开\n---\n正文。\n"),
        )
    });
    ratio("register", &["check"], |s, n| {
        let rows: String = (0..n / 60)
            .map(|i| format!("2026-{i:06},2026-01-05,县教育局,信函,自然人,予以公开,2026-01-20,\n"))
            .collect();
        s.write(
            "applications/2026.csv",
            format!("id,received,issuer,channel,applicant_type,outcome,answered,extended\n{rows}"),
        )
    });
}

#[test]
fn attachments_are_read_linearly() {
    // Many short paragraphs in a Word file, read for search and completely for the guard.
    ratio("docx", &["check"], |s, n| {
        let text = repeat_to("附件的一段文字。", 64);
        let paras: Vec<&str> = std::iter::repeat_n(text.as_str(), n / 200).collect();
        office::docx(&s.path("content/jyj/2026/附件.docx"), &paras);
        document(s, "attachments: [附件.docx]\n", "详见附件。");
    });
    // A PDF full of strings and open brackets.
    ratio("pdf", &["check"], |s, n| {
        let mut bytes = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n".to_vec();
        bytes.extend(repeat_to("(字符串) <41424344> ((", n).bytes());
        std::fs::write(s.path("content/jyj/2026/附件.pdf"), bytes).unwrap();
        document(s, "attachments: [附件.pdf]\n", "详见附件。");
    });
}

#[test]
fn import_reads_a_portal_page_linearly() {
    let args = |s: &SiteTest| {
        let page = s.path("page.html").to_string_lossy().into_owned();
        ["import", &page, "--category", "zcwj", "--dry-run"]
            .map(String::from)
            .to_vec()
    };
    ratio_with("portal page", &args, |s, n| {
        let cells = repeat_to("<tr><td>索引号</td><td><span><b>x</b></span></td></tr>", n);
        s.write(
                "page.html",
                format!("<html><body><table>{cells}</table><div class=\"TRS_Editor\"><p>正文。</p></div></body></html>"),
            );
    });
}
