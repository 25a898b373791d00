//! Every error code of SPEC §6 and every hostile input of SPEC §8: the right code, file and
//! line, all reported in one run, exit status 1, and never a panic.

mod support;

use std::collections::BTreeSet;
use support::SiteTest;

type Finding = (String, String, Option<u64>);

fn findings(run: &support::Run) -> BTreeSet<Finding> {
    run.json()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .collect()
}

fn expected(site: &SiteTest) -> BTreeSet<Finding> {
    support::read(&site.path("expected.txt"))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            (
                parts[0].to_string(),
                parts[1].to_string(),
                parts[2].parse().ok(),
            )
        })
        .collect()
}

#[test]
fn every_error_in_the_site_is_reported_in_one_run_with_file_and_line() {
    let site = SiteTest::new("errors");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(findings(&run), expected(&site));
    assert!(run.json().iter().all(|d| d["severity"] == "error"));
}

#[test]
fn the_errors_fixture_covers_every_content_error_code_of_the_spec() {
    let site = SiteTest::new("errors");
    let codes: BTreeSet<String> = expected(&site).into_iter().map(|f| f.0).collect();
    for code in [
        "yaml-syntax",
        "missing-field",
        "unknown-field",
        "invalid-value",
        "invalid-date",
        "unknown-category",
        "unknown-issuer",
        "duplicate-index-no",
        "dangling-interprets",
        "missing-attachment",
        "path-escape",
        "encoding",
    ] {
        assert!(codes.contains(code), "no fixture file produces `{code}`");
    }
}

#[test]
fn build_with_errors_writes_nothing_and_exits_1() {
    let site = SiteTest::new("errors");
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(!site.path("public").exists());
    assert!(run.stderr.contains("没有写入任何文件"));
}

#[test]
fn text_report_names_file_line_field_and_fix() {
    let site = SiteTest::new("errors");
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    // The findings are a to-do list on standard output (`check > 问题清单.txt` keeps it);
    // the count goes to standard error.
    let err = &run.stdout;
    assert!(
        err.contains("error[unknown-field]: 未知字段 `pubished`"),
        "{err}"
    );
    assert!(
        !run.stderr.contains("error[unknown-field]"),
        "{}",
        run.stderr
    );
    assert!(err.contains("--> content/unknown-field.md:6:1"));
    assert!(err.contains("是不是 `published`？"));
    assert!(err.contains("--> content/encoding-gbk.md:2:8"));
    assert!(err.contains("GBK"));
    assert!(err.contains("是不是 `政策文件`？"));
    assert!(
        !err.contains("\x1b["),
        "no colour when stdout is not a terminal"
    );
    let summary = run.stderr.trim_end().lines().last().unwrap();
    assert!(
        summary.starts_with("错误 ") && summary.contains(" 个，警告 "),
        "{summary}"
    );
}

#[test]
fn site_toml_problems_are_all_reported_with_positions() {
    let site = SiteTest::new("leak");
    site.write(
        "site.toml",
        "title = \"x\"\nbase_url = \"ftp://x\"\npage_sise = 10\n\n[[categories]]\nid = \"ZC WJ\"\nname = \"政策文件\"\nparent = \"nope\"\nupdate_every = \"sometimes\"\n\n[[issuers]]\nname = \"县人民政府办公室\"\n\n[calendar]\nholidays = [\"2026-02-30\"]\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    let got = findings(&run);
    let want: BTreeSet<Finding> = [
        ("config", 2),
        ("unknown-field", 3),
        ("config", 6),
        ("config", 8),
        ("config", 9),
        ("invalid-date", 15),
    ]
    .into_iter()
    .map(|(c, l)| (c.to_string(), "site.toml".to_string(), Some(l)))
    .collect();
    assert_eq!(got, want);
    let msgs: String = run
        .json()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(msgs.contains("page_size"), "did you mean page_size: {msgs}");
}

#[test]
fn malformed_site_toml_is_one_clear_error() {
    let site = SiteTest::new("leak");
    site.write("site.toml", "title = \"未闭合\nbase_url = \"https://x/\"\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    let got = findings(&run);
    assert_eq!(got.len(), 1);
    assert_eq!(got.iter().next().unwrap().0, "config");
}

#[test]
fn a_huge_file_is_rejected_not_loaded() {
    let site = SiteTest::new("leak");
    let mut big = b"---\ntitle: x\n---\n".to_vec();
    big.resize(9 * 1024 * 1024, b'a');
    site.write("content/huge.md", big);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(findings(&run).contains(&("file-too-large".into(), "content/huge.md".into(), None)));
}

#[test]
fn a_broken_site_template_is_reported_and_nothing_is_written() {
    let site = SiteTest::new("leak");
    site.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block main %}{{ doc.title }{% endblock %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("error[template]"), "{}", run.stderr);
    assert!(run.stderr.contains("templates/document.html"));
    assert!(!site.path("public").exists());
}

#[test]
fn the_leak_guard_stops_a_build_whose_output_contains_withheld_text() {
    // A careless site template hard-codes a sentence that only a withheld document contains.
    let site = SiteTest::new("leak");
    let tmpl = support::read(&support::repo().join("themes/default/templates/404.html")).replace(
        "<h1>页面不存在</h1>",
        "<h1>页面不存在</h1><p>LEAKMARK-W-BODY 不予公开文件的正文。</p>",
    );
    site.write("templates/404.html", tmpl);
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[leak]"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn no_input_makes_it_panic() {
    let site = SiteTest::new("leak");
    let good = support::read(&site.path("content/2026/public.md"));
    let bytes = good.as_bytes();
    // Every prefix of a valid document, byte-level corruptions, and odd YAML.
    let mut i = 0;
    for cut in (0..bytes.len()).step_by(3) {
        site.write(&format!("content/fuzz/cut{cut:04}.md"), &bytes[..cut]);
        i += 1;
    }
    let mut seed: u32 = 12345;
    for n in 0..150 {
        let mut b = bytes.to_vec();
        for _ in 0..4 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let at = (seed as usize >> 8) % b.len();
            b[at] = (seed >> 16) as u8;
        }
        site.write(&format!("content/fuzz/mut{n:04}.md"), b);
        i += 1;
    }
    let odd = [
        "---\n- a\n- b\n---\n",
        "---\n&a [*a, *a]\n---\n",
        "---\ntitle: !!binary aGVsbG8=\n---\n",
        "---\n? [a]\n: b\n---\n",
        "---\ntitle: {a: 1}\nindex_no: [1]\npublished: 2026-13-45\nattachments: {x: y}\nkeywords: {a: b}\n---\n",
        "---\n---\n",
        "---\r\n\r\n---\r\n",
        "\u{feff}",
        "---\ntitle: \"\u{0}\"\n---\n",
        "---\nattachments: [\"\", \".\", \"..\", \"/\", \"C:\\\\x\", \"a/../../..\"]\n---\n",
    ];
    for (n, text) in odd.iter().enumerate() {
        site.write(&format!("content/fuzz/odd{n}.md"), text);
        i += 1;
    }
    assert!(i > 200);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.json().len() >= 150);
}

#[test]
fn usage_and_io_problems_exit_2() {
    let site = SiteTest::new("leak");
    let run = site.run_raw(&["--today", "2026-02-30", "check"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
    std::fs::remove_file(site.path("site.toml")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("site.toml"));
}
