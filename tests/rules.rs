//! Editorial rules end to end: the `rules` fixture plants one problem per rule next to near
//! misses that must stay quiet; `check` must name each planted problem once, in the right file
//! and line, and nothing else.

mod support;

use gongkai::rules::{RULES, registry};
use std::collections::BTreeSet;
use support::{SiteTest, TODAY};

type Finding = (String, String, Option<u64>);

fn findings(run: &support::Run) -> Vec<Finding> {
    let mut out: Vec<Finding> = run
        .json()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected(site: &SiteTest) -> Vec<Finding> {
    let mut out: Vec<Finding> = support::read(&site.path("expected.txt"))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let p: Vec<&str> = l.split_whitespace().collect();
            (p[0].to_string(), p[1].to_string(), p[2].parse().ok())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn check_names_each_planted_problem_once_and_nothing_else() {
    let site = SiteTest::new("rules");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "warnings alone do not fail: {}", run.stderr);
    assert_eq!(findings(&run), expected(&site));
    assert!(run.json().iter().all(|d| d["severity"] == "warning"));
}

/// Every rule of the registry owns `tests/rules/<code>/`, and every folder there is a rule's.
#[test]
fn every_rule_owns_its_test_site() {
    let codes: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
    let dirs: BTreeSet<String> = std::fs::read_dir(support::repo().join("tests/rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for code in &codes {
        assert!(
            dirs.contains(*code),
            "rule `{code}` has no tests/rules/{code}/ (a site that triggers it and a near miss)"
        );
    }
    for dir in &dirs {
        assert!(
            codes.contains(dir.as_str()),
            "tests/rules/{dir}/ belongs to no rule"
        );
    }
}

/// The one helper each rule's site is checked through: `check` finds the rule in the
/// `trigger*` files (or in site.toml, for a column's rule), never in the near miss, and
/// nothing else; the findings as an editor reads them are snapshotted beside the site.
fn check_rule_site(code: &str) {
    let dir = format!("tests/rules/{code}");
    let site = SiteTest::copy_of(&dir);
    let all_text = walk_text(&site.root);
    assert!(
        all_text.contains("near-miss"),
        "{dir} has no near miss (a file or column named near-miss*)"
    );
    let run = site.run(&["check", "--format", "json"]);
    let json = run.json();
    let others: Vec<&serde_json::Value> = json.iter().filter(|d| d["code"] != code).collect();
    assert!(others.is_empty(), "{dir}: other findings {others:#?}");
    assert!(!json.is_empty(), "{dir}: `{code}` did not fire");
    for d in &json {
        let file = d["file"].as_str().unwrap_or("");
        let message = d["message"].as_str().unwrap_or("");
        assert!(
            file.starts_with("content/trigger") || file == "site.toml",
            "{dir}: finding outside a trigger file: {d}"
        );
        assert!(
            !message.contains("near-miss"),
            "{dir}: the near miss fired: {d}"
        );
    }
    let run = site.run(&["check"]);
    let text = format!("{}{}", run.stdout, run.stderr);
    insta::with_settings!({
        snapshot_path => format!("rules/{code}"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("findings", text);
    });
}

fn walk_text(dir: &std::path::Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        out += &e.file_name().to_string_lossy();
        if e.path().is_dir() {
            out += &walk_text(&e.path());
        } else if let Ok(text) = std::fs::read_to_string(e.path()) {
            out += &text;
        }
    }
    out
}

#[test]
fn each_rule_fires_on_its_trigger_and_not_on_its_near_miss() {
    for rule in RULES {
        check_rule_site(rule.code);
    }
}

/// docs/editorial-rules.md and docs/diagnostics.md list the rules as the registry declares
/// them; `UPDATE_DOCS=1` rewrites the generated parts.
#[test]
fn docs_are_generated_from_the_rule_registry() {
    for (path, generated) in [
        ("docs/editorial-rules.md", registry::rules_markdown()),
        ("docs/diagnostics.md", registry::codes_markdown()),
    ] {
        let file = support::repo().join(path);
        let now = support::read(&file);
        let want = registry::splice(&now, &generated)
            .unwrap_or_else(|| panic!("{path} lost its generated-part markers"));
        if want != now {
            if std::env::var_os("UPDATE_DOCS").is_some() {
                std::fs::write(&file, want).unwrap();
            } else {
                panic!("{path} is out of date: run UPDATE_DOCS=1 cargo test --test rules docs");
            }
        }
    }
}

#[test]
fn nothing_about_withheld_or_on_request_bodies_is_reported() {
    let site = SiteTest::new("rules");
    let run = site.run(&["check", "--format", "json"]);
    let files: Vec<String> = findings(&run).into_iter().map(|f| f.1).collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("withheld") || f.contains("on-request"))
    );
    // Messages never echo a withheld title either.
    assert!(!run.stdout.contains("内部文件"));
}

#[test]
fn strict_turns_warnings_into_failure() {
    let site = SiteTest::new("rules");
    assert_eq!(site.run(&["check", "--strict"]).status, 1);
    assert_eq!(site.run(&["check"]).status, 0);
}

#[test]
fn site_toml_sets_each_rules_level() {
    let site = SiteTest::new("rules");
    let toml = support::read(&site.path("site.toml"))
        .replace("personal-data = \"warning\"", "personal-data = \"error\"")
        + "image-alt = \"off\"\nempty-category = \"关闭\"\n";
    site.write("site.toml", toml);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "an error-level rule fails the check");
    let json = run.json();
    let of = |code: &str| {
        json.iter()
            .filter(|d| d["code"] == code)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("personal-data").len(), 2);
    assert!(of("personal-data").iter().all(|d| d["severity"] == "error"));
    assert!(of("image-alt").is_empty());
    assert!(of("empty-category").is_empty());
    assert_eq!(of("wide-table")[0]["severity"], "warning");
    // An error-level finding stops the build like any error.
    let build = site.run(&["build"]);
    assert_eq!(build.status, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn warnings_never_stop_a_build() {
    let site = SiteTest::new("rules");
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[stale-category]"));
    let yjgl = support::read(&site.path("public/category/yjgl/index.html"));
    assert!(yjgl.contains("本县本年度未发生需公开的突发公共事件。"));
}

#[test]
fn today_moves_the_staleness_line() {
    let site = SiteTest::new("rules");
    assert_eq!(TODAY, "2026-11-22");
    let stale = |today: &str| -> Vec<String> {
        site.run_raw(&["--today", today, "check", "--format", "json"])
            .json()
            .iter()
            .filter(|d| d["code"] == "stale-category")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    // 工作动态's newest document is from 2026-11-20: current for two weeks, then stale.
    assert!(!stale("2026-12-04").iter().any(|m| m.contains("`gzdt`")));
    assert!(stale("2026-12-05").iter().any(|m| m.contains("`gzdt`")));
    // Before 行政处罚's last document went out, it was not stale.
    assert!(!stale("2026-05-01").iter().any(|m| m.contains("`xzcf`")));
}

#[test]
fn text_output_is_grouped_by_file_and_ends_with_counts() {
    let site = SiteTest::new("rules");
    let run = site.run(&["check"]);
    let err = &run.stdout;
    assert!(err.contains("── content/word-paste.md (3)"), "{err}");
    assert!(err.contains("── site.toml (3)"));
    assert!(err.contains("content/late.md:6:1"));
    assert!(!err.contains("\x1b["), "no colour when not on a terminal");
    let last = run.stderr.lines().last().unwrap();
    assert!(last.starts_with("错误 0 个，警告 19 个："), "{last}");
    assert!(last.contains("personal-data ×2"));
}

#[test]
fn a_configured_word_list_must_exist() {
    let site = SiteTest::new("rules");
    let toml = support::read(&site.path("site.toml")) + "sensitive_words = \"words/missing.txt\"\n";
    site.write("site.toml", toml);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(
        run.json().iter().any(|d| d["code"] == "config"
            && d["message"].as_str().unwrap().contains("words/missing.txt"))
    );
}

#[test]
fn the_report_page_shows_every_column_and_every_finding() {
    let site = SiteTest::new("rules");
    let public = site.build();
    let html = support::read(&public.join("report/index.html"));
    let row = |id: &str| {
        let at = html
            .find(&format!("<span class=\"count\">{id}</span>"))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let start = html[..at].rfind("<tr class=\"row-").unwrap();
        html[start + 15..].split('"').next().unwrap().to_string()
    };
    assert_eq!(row("gzdt"), "fresh");
    assert_eq!(row("xzcf"), "stale");
    assert_eq!(row("jyta"), "empty");
    assert_eq!(row("ghjh"), "empty");
    assert_eq!(row("yjgl"), "explained");
    assert_eq!(row("fdzdgk"), "unchecked");
    // Each of the 19 findings appears once under its issuer and once under its rule.
    assert_eq!(html.matches("<li class=\"finding").count(), 38);
    assert!(
        html.contains("href=\"../docs/00000001-1-2026-00002.html\""),
        "late.md is linked"
    );
    assert!(html.contains("content/late.md:6"));
    assert!(html.contains("超期公开"));
    assert!(html.contains("noindex"));
    // Nothing names the withheld document, and the report stays out of the sitemap.
    assert!(!html.contains("withheld.md") && !html.contains("内部文件"));
    assert!(!support::read(&public.join("sitemap.xml")).contains("report/"));
}

#[test]
fn the_report_page_is_written_only_when_asked_for() {
    let site = SiteTest::new("rules");
    let toml = support::read(&site.path("site.toml")).replace("report = true\n", "");
    site.write("site.toml", toml);
    let public = site.build();
    assert!(!public.join("report").exists());
}

#[test]
fn an_error_level_finding_leaves_the_previous_site_as_it_was() {
    let site = SiteTest::new("rules");
    let public = site.build();
    let before = support::tree(&public);
    let toml = support::read(&site.path("site.toml")) + "wide-table = \"error\"\n";
    site.write("site.toml", toml);
    site.write(
        "content/clean.md",
        support::read(&site.path("content/clean.md")) + "\n新增一段。\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[wide-table]"));
    assert_eq!(support::tree(&public), before);
}
