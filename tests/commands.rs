//! `gongkai init` and `gongkai new`: a new site that builds, and documents numbered by the tool.

mod support;

use support::{SiteTest, TODAY};

fn gongkai(args: &[&str]) -> support::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("run gongkai");
    support::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn init_makes_a_site_with_the_standard_catalogue_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("county");
    let s = site.to_str().unwrap();
    let run = gongkai(&["--today", TODAY, "init", s]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let toml = support::read(&site.join("site.toml"));
    for name in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ] {
        assert!(toml.contains(&format!("name = \"{name}\"")), "{name}");
    }
    // One column per item of 条例 第二十条 (fifteen), plus 政策解读, under 法定主动公开内容.
    assert_eq!(toml.matches("parent = \"fdzdgk\"").count(), 16);
    assert!(toml.contains("update_every = \"2 weeks\"") || toml.contains("6 months"));
    // An empty application register with its header, and what its columns hold.
    let register = support::read(&site.join("applications/2026.csv"));
    assert_eq!(
        register,
        "id,received,issuer,channel,applicant_type,outcome,answered,extended\n"
    );
    assert!(support::read(&site.join("applications/README.md")).contains("applicant_type"));
    assert!(support::read(&site.join("reports/README.md")).contains("suit_after_review"));
    // The new site's government writes last year's report in one command, as a draft.
    let report = gongkai(&[
        "--root", s, "--today", TODAY, "report", "annual", "--year", "2025",
    ]);
    assert_eq!(report.status, 0, "{}", report.stderr);
    assert!(
        report.stdout.starts_with("content/xzf/2026/"),
        "{}",
        report.stdout
    );
    let check = gongkai(&["--root", s, "--today", TODAY, "check", "--format", "json"]);
    assert_eq!(check.status, 0, "{}", check.stdout);
    let findings = check.json();
    // A new site has empty columns (so many that an inspection would veto it); the footer's
    // marks wait until base_url names the office's own domain.
    assert!(
        findings
            .iter()
            .all(|d| ["empty-category", "veto-risk"].contains(&d["code"].as_str().unwrap())),
        "{}",
        check.stdout
    );
    let toml = support::read(&site.join("site.toml"));
    assert!(toml.contains("xxgk.example.gov.cn"), "{toml}");
    std::fs::write(
        site.join("site.toml"),
        toml.replace("xxgk.example.gov.cn", "xxgk.qinghe.gov.cn"),
    )
    .unwrap();
    let check = gongkai(&["--root", s, "--today", TODAY, "check", "--format", "json"]);
    assert!(check.json().iter().any(|d| d["code"] == "site-identity"));
    std::fs::write(site.join("site.toml"), toml).unwrap();
    let out = site.join("public");
    let build = gongkai(&[
        "--root",
        s,
        "--today",
        TODAY,
        "build",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(out.join("docs/00000000-0-2026-00001.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let run = gongkai(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert_eq!(support::read(&dir.path().join("keep.txt")), "x");
}

/// The highest sequence number in use for `prefix` (e.g. `01526376-X/2026-`), read directly.
fn highest(site: &SiteTest, prefix: &str) -> u64 {
    support::tree(&site.path("content"))
        .into_values()
        .filter_map(|b| String::from_utf8(b).ok())
        .flat_map(|t| {
            t.lines()
                .filter_map(|l| {
                    l.split_once(prefix)
                        .map(|(_, n)| n.trim_matches('"').to_string())
                })
                .collect::<Vec<_>>()
        })
        .filter_map(|n| n.parse().ok())
        .max()
        .unwrap_or(0)
}

#[test]
fn new_gives_the_next_free_index_number_and_a_valid_document() {
    let site = SiteTest::new("demo");
    let toml = support::read(&site.path("site.toml"));
    let block = &toml[toml.find("name = \"县教育局\"").expect("demo has 县教育局")..];
    let code = block
        .lines()
        .find_map(|l| l.strip_prefix("code = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    let prefix = format!("{code}/2026-");
    let before = highest(&site, &prefix);
    let run = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "政策文件",
        "关于做好2027年春季学期开学工作的通知",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rel = run.stdout.trim();
    let text = support::read(&site.path(rel));
    let expected = format!("{prefix}{:05}", before + 1);
    assert!(
        text.contains(&format!("index_no: \"{expected}\"")),
        "{text}"
    );
    assert!(text.contains(&format!("published: {TODAY}")));
    assert!(text.contains("category: zcwj"));
    // Left as it is, it is a draft with a body still to write: never published blank.
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert!(text.contains("【待填写】"), "{text}");
    assert!(run.stderr.contains("草稿"), "{}", run.stderr);
    let public = site.build();
    let page_count = |dir: &std::path::Path| {
        support::tree(dir)
            .keys()
            .filter(|k| k.starts_with("docs/"))
            .count()
    };
    let before_pages = page_count(&public);
    // Done: the draft line gone, the placeholder stops it until the body is written.
    site.write(rel, text.replace("draft: true\n", ""));
    let stopped = site.run(&["check", "--format", "json"]);
    assert!(
        stopped
            .json()
            .iter()
            .any(|d| d["code"] == "placeholder-left"),
        "{}",
        stopped.stdout
    );
    site.write(
        rel,
        text.replace("draft: true\n", "").replace(
            "【待填写】在此写正文。写完后删去上面的 `draft: true` 一行，文件才会发布。",
            "各学校要做好开学准备工作。",
        ),
    );
    assert_eq!(page_count(&site.build()), before_pages + 1);
    // An interpretation names its policy, date and number at once.
    let read = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "政策解读",
        "--written",
        "2026-11-20",
        "--doc-no",
        "示教发〔2026〕3号",
        "--interprets",
        &expected,
        "《关于做好2027年春季学期开学工作的通知》解读",
    ]);
    assert_eq!(read.status, 0, "{}", read.stderr);
    let written = support::read(&site.path(read.stdout.trim()));
    assert!(written.contains("written: 2026-11-20"), "{written}");
    assert!(
        written.contains("doc_no: \"示教发〔2026〕3号\""),
        "{written}"
    );
    assert!(
        written.contains(&format!("interprets: \"{expected}\"")),
        "{written}"
    );
    let bad = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "zcwj",
        "--written",
        "2026-02-30",
        "x",
    ]);
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("2 月只有 28 天"), "{}", bad.stderr);
    // The next one follows the interpretation's number, and all build.
    let again = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "zcwj",
        "第二份",
    ]);
    assert!(
        support::read(&site.path(again.stdout.trim()))
            .contains(&format!("{prefix}{:05}", before + 3))
    );
    let check = site.run(&["check", "--format", "json"]);
    assert!(
        !check.json().iter().any(|d| d["severity"] == "error"),
        "{}",
        check.stdout
    );
    site.build();
}

#[test]
fn numbers_in_broken_or_withheld_files_are_never_reissued() {
    let site = SiteTest::new("demo");
    site.write(
        "content/jyj/2026/999.md",
        "---\ntitle: [unclosed\nindex_no: 01526376-X/2026-00500\nattribute: 不予公开\n",
    );
    let toml = support::read(&site.path("site.toml"));
    assert!(
        toml.contains("code = \"01526376-X\""),
        "the demo's 县教育局 code changed"
    );
    let run = site.run(&["new", "--issuer", "县教育局", "--category", "zcwj", "标题"]);
    assert!(support::read(&site.path(run.stdout.trim())).contains("01526376-X/2026-00501"));
}

#[test]
fn a_new_year_starts_at_one_and_mistakes_are_usage_errors() {
    let site = SiteTest::new("demo");
    let run = site.run_raw(&[
        "--today",
        "2027-01-04",
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "zcwj",
        "新年第一份",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(support::read(&site.path(run.stdout.trim())).contains("01526376-X/2027-00001"));
    let bad = site.run(&["new", "--issuer", "县教育局", "--category", "政策文间", "x"]);
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("政策文件"), "{}", bad.stderr);
    let bad = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "zcwj",
        "--attribute",
        "公开",
        "x",
    ]);
    assert_eq!(bad.status, 2);
}

/// SPEC §14 (issue 21, item 9): an issuer without a `code` continues the prefix of its own
/// index numbers, and `new` says where it took it from.
#[test]
fn new_continues_the_prefix_of_an_issuer_without_a_code() {
    let site = SiteTest::new("demo");
    let toml = support::read(&site.path("site.toml")).replace("code = \"01526376-X\"\n", "");
    site.write("site.toml", toml);
    let run = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "zcwj",
        "无代码",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let before = highest(&site, "01526376-X/2026-");
    assert!(
        support::read(&site.path(run.stdout.trim()))
            .contains(&format!("01526376-X/2026-{before:05}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("沿用") && run.stderr.contains("01526376-X"),
        "{}",
        run.stderr
    );
    // An issuer with neither a code nor a document cannot be numbered, and is told why.
    let toml = support::read(&site.path("site.toml"))
        + "\n[[issuers]]\nname = \"县新设局\"\nid = \"xsj\"\n";
    site.write("site.toml", toml);
    let none = site.run(&["new", "--issuer", "县新设局", "--category", "zcwj", "x"]);
    assert_eq!(none.status, 2);
    assert!(none.stderr.contains("code"), "{}", none.stderr);
}

/// SPEC §14: every command answers in Chinese first, usage errors included, with the English
/// after it.
#[test]
fn commands_answer_in_chinese_first() {
    let han = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    };
    let site = SiteTest::new("demo");
    for (args, status) in [
        (vec!["buidl"], 2),
        (vec!["new", "--issuer", "县教育局"], 2),
        (
            vec!["new", "--issuer", "县教育厅", "--category", "zcwj", "标题"],
            2,
        ),
        (vec!["stats", "--from", "2026-02-30"], 2),
        (
            vec!["report", "annual", "--year", "2025", "--format", "2019"],
            2,
        ),
        (vec!["build", "--out", "content/out"], 2),
    ] {
        let run = site.run(&args);
        assert_eq!(run.status, status, "{args:?}: {}", run.stderr);
        let first = run.stderr.trim_start().trim_start_matches("错误 error: ");
        assert!(
            han(first),
            "{args:?} answers in English first: {}",
            run.stderr
        );
    }
    let check = site.run(&["check"]);
    assert!(
        check.stderr.lines().last().is_some_and(han),
        "{}",
        check.stderr
    );
    let build = site.run(&["build"]);
    assert!(
        build.stdout.lines().last().is_some_and(han),
        "{}",
        build.stdout
    );
    let quarters = site
        .run(&["stats", "--applications", "--format", "csv"])
        .stdout;
    assert!(
        quarters.starts_with("\u{feff}季度,新收,办结,其中超期,季末在办\n"),
        "{quarters}"
    );
}

/// SPEC §14: `new` writes every field of the table — the given ones, the rest commented — and
/// opens `interprets:` for a 政策解读; the file checks clean.
#[test]
fn new_writes_every_field_and_opens_interprets_for_an_interpretation() {
    let site = SiteTest::new("demo");
    let run = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "政策解读",
        "解读",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let file = run.stdout.trim().to_string();
    let text = support::read(&site.path(&file));
    let front = &text[..text[4..].find("---").unwrap() + 4];
    for spec in gongkai::frontmatter::FIELDS {
        assert!(
            front.lines().any(|l| l
                .trim_start_matches("# ")
                .starts_with(&format!("{}:", spec.key))),
            "{} missing:\n{front}",
            spec.key
        );
    }
    assert!(front.contains("\ninterprets: \"\""), "{front}");
    let other = site.run(&[
        "new",
        "--issuer",
        "县教育局",
        "--category",
        "政策文件",
        "办法",
    ]);
    assert!(support::read(&site.path(other.stdout.trim())).contains("\n# interprets:"));
    let check = site.run(&["check", "--format", "json"]);
    assert!(
        !check.json().iter().any(|d| d["file"] == file.as_str()),
        "{}",
        check.stdout
    );
}
