//! The application register (SPEC §11): validated with file and line, each reply measured on
//! the site calendar, and never read by `build`.

mod support;

use support::SiteTest;

const HEADER: &str = "id,received,issuer,channel,applicant_type,outcome,answered,extended\n";

fn findings(site: &SiteTest) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = site
        .run(&["check", "--format", "json"])
        .json()
        .into_iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .unwrap_or("")
                .starts_with("applications/")
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn rows_are_validated_and_replies_measured_on_the_calendar() {
    let site = SiteTest::new("links");
    // TODAY is 2026-11-22. 20 working days after 2026-09-01 is 2026-09-29; the October
    // holidays of the fixture's calendar push later deadlines.
    site.write(
        "applications/2026.csv",
        format!(
            "{HEADER}\
             2026-001,2026-09-01,县教育局,网上申请,自然人,予以公开,2026-09-29,\n\
             2026-002,2026-09-01,县教育局,信函,商业企业,部分公开,2026-09-30,\n\
             2026-003,2026-09-01,县教育局,当面,自然人,属于国家秘密,2026-10-20,是\n\
             2026-004,2026-10-09,县教育局,网上申请,科研机构,,,\n\
             2026-005,2026-11-10,县教育局,网上申请,自然人,,,\n\
             2026-006,2026-11-10,县教育局,网上申请,外星人,予以公开,2026-11-12,\n\
             2026-007,2026-11-10,县教育局,网上申请,自然人,予以公开,2026-11-01,\n\
             2026-001,2026-11-10,县教育局,网上申请,自然人,,,\n"
        ),
    );
    let found = findings(&site);
    let at =
        |code: &str| -> Vec<u64> { found.iter().filter(|f| f.0 == code).map(|f| f.2).collect() };
    assert_eq!(at("late-reply"), [3], "{found:?}");
    assert_eq!(at("reply-overdue"), [5], "{found:?}");
    assert_eq!(at("register-invalid"), [7, 8, 9], "{found:?}");
    assert!(found.iter().all(|f| f.1 == "applications/2026.csv"));
    // The register is never read by `build`: an invalid one stops nothing.
    let build = site.run(&["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
}

#[test]
fn a_gbk_register_is_read_and_nothing_of_it_is_published() {
    let site = SiteTest::new("links");
    let text = format!(
        "{HEADER}zqregisterid,2026-11-02,县教育局,zqchannelmark,法律服务机构,予以公开,2026-11-03,\n"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    site.write("applications/2026.csv", gbk.as_ref());
    assert!(findings(&site).is_empty());
    let out = site.build();
    let leaks = support::leak::scan(
        &out,
        &["zqregisterid", "zqchannelmark"].map(String::from).into(),
    );
    assert!(leaks.is_empty(), "{leaks:?}");
}

#[test]
fn stats_summarises_the_register_by_quarter() {
    let site = SiteTest::new("links");
    site.write(
        "applications/2026.csv",
        format!(
            "{HEADER}\
             2026-001,2026-09-01,县教育局,网上申请,自然人,予以公开,2026-09-29,\n\
             2026-002,2026-09-01,县教育局,信函,商业企业,部分公开,2026-09-30,\n\
             2026-003,2026-09-01,县教育局,当面,自然人,属于国家秘密,2026-10-20,是\n\
             2026-004,2026-10-09,县教育局,网上申请,科研机构,,,\n\
             2026-005,2026-11-10,县教育局,网上申请,自然人,,,\n"
        ),
    );
    let run = site.run(&[
        "stats",
        "--applications",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let q: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = |i: usize| {
        let r = &q[i];
        (
            r["quarter"].as_str().unwrap().to_string(),
            [&r["received"], &r["answered"], &r["late"], &r["open"]].map(|v| v.as_u64().unwrap()),
        )
    };
    assert_eq!(q.as_array().unwrap().len(), 4);
    assert_eq!(row(0), ("2026Q1".into(), [0, 0, 0, 0]));
    assert_eq!(row(2), ("2026Q3".into(), [3, 2, 1, 1]));
    assert_eq!(row(3), ("2026Q4".into(), [2, 1, 0, 2]));
    let table = site
        .run(&["stats", "--applications", "--year", "2026"])
        .stdout;
    assert!(
        table.contains("季末在办") && table.contains("2026Q3"),
        "{table}"
    );
}
