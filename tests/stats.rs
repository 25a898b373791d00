//! `gongkai stats` on the demo site, checked against a count made here directly from the
//! front matter of every file.

mod support;

use std::collections::BTreeMap;
use support::SiteTest;

/// (issuer, published, attribute) of every demo document, read line by line.
fn front_matter(site: &SiteTest) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in support::tree(&site.path("content")) {
        if !path.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let field = |k: &str| {
            let zh = match k {
                "issuer" => "发布机构",
                "published" => "发布日期",
                _ => "公开属性",
            };
            text.lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("{k}: "))
                        .or_else(|| l.strip_prefix(&format!("{zh}: ")))
                })
                .unwrap_or_else(|| panic!("{path}: no {k}"))
                .trim()
                .trim_matches('"')
                .to_string()
        };
        out.push((field("issuer"), field("published"), field("attribute")));
    }
    out
}

#[test]
fn a_quarterly_ranking_matches_a_hand_count() {
    let site = SiteTest::new("demo");
    let (from, to) = ("2026-07-01", "2026-09-30");
    let mut hand: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut withheld = 0;
    for (issuer, published, attribute) in front_matter(&site) {
        if published.as_str() < from || published.as_str() > to {
            continue;
        }
        let e = hand.entry(issuer).or_default();
        match attribute.as_str() {
            "主动公开" => e.0 += 1,
            "依申请公开" => e.1 += 1,
            _ => withheld += 1,
        }
    }
    let run = site.run(&["stats", "--from", from, "--to", to, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    for (issuer, (p, o)) in &hand {
        let row = rows
            .iter()
            .find(|r| r["name"] == issuer.as_str())
            .unwrap_or_else(|| panic!("no row for {issuer}"));
        assert_eq!(
            (row["proactive"].as_u64(), row["on_request"].as_u64()),
            (Some(*p), Some(*o)),
            "{issuer}"
        );
    }
    assert_eq!(v["withheld"], withheld);
    // Ranked: totals never increase down the table; ranks are 1-based with shared ties.
    let totals: Vec<u64> = rows.iter().map(|r| r["total"].as_u64().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(rows[0]["rank"], 1);
}

#[test]
fn withheld_documents_are_an_anonymous_total_in_every_format() {
    let site = SiteTest::new("demo");
    let withheld_titles: Vec<String> = support::tree(&site.path("content"))
        .into_values()
        .filter_map(|b| String::from_utf8(b).ok())
        .filter(|t| t.contains(": 不予公开"))
        .map(|t| {
            t.lines()
                .find_map(|l| {
                    l.strip_prefix("title: ")
                        .or_else(|| l.strip_prefix("标题: "))
                })
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(withheld_titles.len(), 3);
    for format in ["table", "csv", "json"] {
        for by in ["issuer", "category"] {
            let run = site.run(&["stats", "--format", format, "--by", by, "--year", "2026"]);
            assert_eq!(run.status, 0);
            for t in &withheld_titles {
                assert!(!run.stdout.contains(t.as_str()), "{format}/{by} names {t}");
            }
        }
    }
    let table = site.run(&["stats"]).stdout;
    assert!(table.contains("另有不予公开信息 3 条"), "{table}");
    let csv = site.run(&["stats", "--format", "csv"]).stdout;
    assert!(
        csv.starts_with("\u{feff}名次,标识,名称,主动公开,依申请公开,合计\n"),
        "{csv}"
    );
    assert!(csv.trim_end().ends_with(",,不予公开（合计）,,,3"));
    let machine = site
        .run(&["stats", "--format", "csv", "--header", "en"])
        .stdout;
    assert!(machine.starts_with("\u{feff}rank,id,name,proactive,on_request,total\n"));
    assert_eq!(
        machine.lines().skip(1).collect::<Vec<_>>(),
        csv.lines().skip(1).collect::<Vec<_>>()
    );
}

#[test]
fn a_year_adds_the_annual_report_figures() {
    let site = SiteTest::new("demo");
    let run = site.run(&["stats", "--year", "2025", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["from"], "2025-01-01");
    assert_eq!(v["to"], "2025-12-31");
    assert_eq!(v["annual"]["year"], 2025);
    assert!(v["annual"]["normative"]["published"].as_u64().unwrap() >= 1);
    let table = site
        .run(&["stats", "--year", "2025", "--by", "category"])
        .stdout;
    assert!(table.contains("2025 年度报告"));
    assert!(table.contains("规范性文件"));
}

#[test]
fn bad_ranges_are_usage_errors() {
    let site = SiteTest::new("demo");
    assert_eq!(site.run(&["stats", "--from", "2026-02-30"]).status, 2);
    assert_eq!(
        site.run(&["stats", "--from", "2026-10-01", "--to", "2026-09-01"])
            .status,
        2
    );
}
