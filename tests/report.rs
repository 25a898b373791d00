//! `gongkai report annual` and the checks on published reports (SPEC §11), on the demo: an
//! office generates its report in one command, the numbers agree with a hand count and add
//! up, and a report that does not add up, comes late or copies last year's prose is found.

mod support;

use support::{SiteTest, read};

/// The demo with its published 2025 reports taken away, as an office has it in January.
fn demo_without_reports() -> SiteTest {
    let site = SiteTest::new("demo");
    for dir in ["content/xzf/2026", "content/jyj/2026"] {
        for e in std::fs::read_dir(site.path(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            if name.contains("年度报告") || text.contains("年政府信息公开工作年度报告")
            {
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    site
}

fn csv_rows(text: &str) -> Vec<(String, Vec<u64>)> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| {
            let (label, numbers) = l.split_once(',').unwrap();
            let n = numbers.split(',').map(|x| x.parse().unwrap()).collect();
            (label.to_string(), n)
        })
        .collect()
}

/// The register's rows received in `year`, counted here from the CSV itself.
fn received_in(site: &SiteTest, year: &str) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(site.path("applications")).unwrap() {
        let text = read(&e.unwrap().path());
        n += text
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(1).is_some_and(|d| d.starts_with(year)))
            .count();
    }
    n
}

#[test]
fn an_office_generates_its_report_in_one_command() {
    let site = demo_without_reports();
    let run = site.run(&["report", "annual", "--year", "2025"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let file = run.stdout.trim().to_string();
    assert!(file.starts_with("content/xzf/2026/"), "{file}");
    let doc = read(&site.path(&file));
    assert!(doc.contains("title: \"县人民政府2025年政府信息公开工作年度报告\""));
    assert!(doc.contains("category: ndbg"));
    assert!(doc.contains("draft: true"));
    for section in [
        "## 一、总体情况",
        "## 二、主动公开政府信息情况",
        "## 三、收到和处理政府信息公开申请情况",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "## 五、存在的主要问题及改进情况",
        "## 六、其他需要报告的事项",
    ] {
        assert!(doc.contains(section), "{section}");
    }
    // reports/2025.toml gives every figure, so only the three prose sections are blank.
    assert_eq!(doc.matches("【待填写】").count(), 3, "{doc}");
    // Table 二, 行政规范性文件, counted by hand from the demo's front matter:
    // made in 2025 (`written`): xzfb/2025/001 考核办法, xzfb/2025/002 低保实施办法 → 2;
    // repealed or replaced in 2025: none (宅基地暂行办法 ended in 2021, 考核办法 is replaced
    // in 2026) → 0; in force on 2025-12-31: xzf/2024/001, xzfb/2023/001, xzfb/2025/001,
    // xzfb/2025/002 (xzf/2016/001 repealed; the 2026 ones not yet made) → 4. No 规章.
    assert!(
        doc.contains(
            "<tr><th scope=\"row\">行政规范性文件</th><td>2</td><td>0</td><td>4</td></tr>"
        ),
        "{doc}"
    );
    assert!(doc.contains("<tr><th scope=\"row\">规章</th><td>0</td><td>0</td><td>0</td></tr>"));
    assert!(doc.contains("<tr><th scope=\"row\">行政许可</th><td colspan=\"3\">4862</td></tr>"));
    // Table 三 adds up row by row and column by column, and counts every 2025 application.
    let dir = site.path(&file).parent().unwrap().to_path_buf();
    let t3 = csv_rows(&read(&dir.join("县人民政府2025年度报告-表三.csv")));
    assert_eq!(t3.len(), 25);
    for (label, row) in &t3 {
        assert_eq!(row[..6].iter().sum::<u64>(), row[6], "row {label}");
    }
    for c in 0..7 {
        let outcomes: u64 = t3[2..23].iter().map(|(_, r)| r[c]).sum();
        assert_eq!(outcomes, t3[23].1[c], "column {c}: outcomes and （七）总计");
        assert_eq!(
            t3[0].1[c] + t3[1].1[c],
            t3[23].1[c] + t3[24].1[c],
            "column {c}"
        );
    }
    assert_eq!(t3[0].1[6] as usize, received_in(&site, "2025"));
    assert!(t3[24].1[6] > 0, "the demo carries applications into 2026");
    let t4 = read(&dir.join("县人民政府2025年度报告-表四.csv"));
    assert!(t4.contains("行政复议,2,1,0,0,3"), "{t4}");
    // The draft is checked but not published, and its blanks do not stop other publishing.
    let check = site.run(&["check", "--format", "json"]);
    let codes: Vec<String> = check
        .json()
        .iter()
        .filter(|d| d["file"].as_str() == Some(file.as_str()))
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
    let out = site.build();
    let index_no = doc
        .lines()
        .find_map(|l| l.strip_prefix("index_no: "))
        .unwrap()
        .trim_matches('"')
        .to_lowercase()
        .replace('/', "-");
    assert!(!out.join(format!("docs/{index_no}.html")).exists());
    // The same command again would overwrite the office's work: it refuses.
    let again = site.run(&["report", "annual", "--year", "2025"]);
    assert_eq!(again.status, 2);
    assert!(again.stderr.contains("已经有了") && again.stderr.contains(&file));
}

#[test]
fn an_issuers_report_counts_its_own_rows_and_the_numbers_it_lacks_are_left_blank() {
    let site = demo_without_reports();
    std::fs::remove_file(site.path("reports/2025.toml")).unwrap();
    let run = site.run(&["report", "annual", "--year", "2025", "--issuer", "县教育局"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("标为【待填写】"), "{}", run.stderr);
    let file = run.stdout.trim();
    let doc = read(&site.path(file));
    // 3 prose sections, 4 decision rows, 15 cells of table 四.
    assert_eq!(doc.matches("【待填写】").count(), 3 + 4 + 15);
    let register: usize = std::fs::read_dir(site.path("applications"))
        .unwrap()
        .map(|e| read(&e.unwrap().path()))
        .map(|t| {
            t.lines()
                .filter(|l| l.contains(",县教育局,") && l.contains(",2025-"))
                .filter(|l| l.split(',').nth(1).is_some_and(|d| d.starts_with("2025")))
                .count()
        })
        .sum();
    let t3 = csv_rows(&read(
        &site
            .path(file)
            .parent()
            .unwrap()
            .join("县教育局2025年度报告-表三.csv"),
    ));
    assert_eq!(t3[0].1[6] as usize, register);
    // Published with its blanks, it stops the build.
    let text = doc.replace("draft: true\n", "");
    site.write(file, text);
    let build = site.run(&["build"]);
    assert_eq!(build.status, 1);
    assert!(
        build.stderr.contains("placeholder-left"),
        "{}",
        build.stderr
    );
}

#[test]
fn usage_errors_say_what_to_do() {
    let site = demo_without_reports();
    let old = site.run(&["report", "annual", "--year", "2025", "--format", "2019"]);
    assert_eq!(old.status, 2);
    assert!(old.stderr.contains("只支持 2021"), "{}", old.stderr);
    let future = site.run(&["report", "annual", "--year", "2030"]);
    assert_eq!(future.status, 2);
    let toml = read(&site.path("site.toml")).replace("kind = \"government\"", "");
    site.write("site.toml", toml);
    let nobody = site.run(&["report", "annual", "--year", "2025"]);
    assert_eq!(nobody.status, 2);
    assert!(
        nobody.stderr.contains("kind = \"government\""),
        "{}",
        nobody.stderr
    );
}

fn findings(site: &SiteTest, code: &str) -> Vec<serde_json::Value> {
    site.run(&["check", "--format", "json"])
        .json()
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn the_demo_reports_add_up_and_an_inconsistent_one_stops_the_build() {
    let site = SiteTest::new("demo");
    assert!(findings(&site, "annual-report-inconsistent").is_empty());
    let file = "content/jyj/2026/010.md";
    let doc = read(&site.path(file));
    assert!(doc.contains("县教育局2025年政府信息公开工作年度报告") && !doc.contains("draft"));
    // An office types one more 予以公开 by hand.
    let row = "<th colspan=\"2\" scope=\"row\">（一）予以公开</th><td>";
    let at = doc.find(row).unwrap() + row.len();
    let (n, rest) = doc[at..].split_once('<').unwrap();
    let bumped = format!("{}{}<{rest}", &doc[..at], n.parse::<u64>().unwrap() + 1);
    site.write(file, bumped);
    let found = findings(&site, "annual-report-inconsistent");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|d| d["file"] == file && d["severity"] == "error")
    );
    assert!(
        found
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("（一）予以公开"))
    );
    let build = site.run(&["build"]);
    assert_eq!(build.status, 1, "{}", build.stderr);
}

#[test]
fn late_and_overdue_applications_of_the_demo_are_reported() {
    let site = SiteTest::new("demo");
    let late = findings(&site, "late-reply");
    let overdue = findings(&site, "reply-overdue");
    assert_eq!(late.len(), 1, "{late:#?}");
    assert_eq!(late[0]["file"], "applications/2025.csv");
    assert_eq!(overdue.len(), 1, "{overdue:#?}");
    assert_eq!(overdue[0]["file"], "applications/2026.csv");
}

#[test]
fn a_missing_or_late_report_is_reported_by_the_issuers_deadline() {
    let site = SiteTest::new("demo");
    let late = findings(&site, "annual-report-late");
    let named = |name: &str| {
        late.iter()
            .any(|d| d["message"].as_str().unwrap().starts_with(name))
    };
    // Both demo reports were published in time; the finance bureau published in 2025 and
    // has no report.
    assert!(!named("县人民政府 ") && !named("县教育局 "), "{late:#?}");
    assert!(named("县财政局 "));
    // The education bureau's report moved to 1 February: a department's deadline is 31 January.
    let file = "content/jyj/2026/010.md";
    let doc = read(&site.path(file)).replace("published: 2026-01-28", "published: 2026-02-01");
    site.write(file, doc);
    let late = findings(&site, "annual-report-late");
    assert!(
        late.iter().any(
            |d| d["file"] == file && d["message"].as_str().unwrap().contains("晚于 2026-01-31")
        ),
        "{late:#?}"
    );
}

#[test]
fn a_report_copying_last_years_prose_is_a_duplicate_and_shared_tables_are_not() {
    let site = SiteTest::new("demo");
    let run = site.run_raw(&[
        "--today",
        "2025-01-20",
        "report",
        "annual",
        "--year",
        "2024",
        "--issuer",
        "县教育局",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let file = run.stdout.trim().to_string();
    let draft = read(&site.path(&file)).replace("draft: true\n", "");
    let this_year = read(&site.path("content/jyj/2026/010.md"));
    let section = |text: &str, heading: &str, next: &str| -> String {
        let start = text.find(heading).unwrap() + heading.len();
        let end = text[start..].find(next).unwrap() + start;
        text[start..end].to_string()
    };
    let sections = [
        ("## 一、总体情况", "## 二、"),
        ("## 五、存在的主要问题及改进情况", "## 六、"),
    ];
    let tail = |text: &str| text[text.find("## 六、其他需要报告的事项").unwrap()..].to_string();
    // Last year's report with this year's prose copied into it: 旧稿新发.
    let mut copied = draft.clone();
    for (h, n) in sections {
        copied = copied.replacen(&section(&draft, h, n), &section(&this_year, h, n), 1);
    }
    copied = copied.replace(&tail(&draft), &tail(&this_year));
    site.write(&file, &copied);
    let found = findings(&site, "duplicate-content");
    assert!(
        found.iter().any(|d| d["file"] == "content/jyj/2026/010.md"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("年度报告的第一、五、六部分")
            && d["message"].as_str().unwrap().contains(&file)),
        "{found:#?}"
    );
    // Its own prose and this year's very tables (a small office's tables often repeat to the
    // digit): not a duplicate.
    let front = &draft[..draft.find("\n---\n").unwrap() + 5];
    let body = &this_year[this_year.find("\n---\n").unwrap() + 5..];
    let mut own = format!("{front}{body}");
    let prose = [
        "2024年，县教育局以规范招生入学和教育收费公开为重点，全年在目录中发布招生政策、收费标准、学生资助名单等信息，办理依申请公开若干件，全部在法定期限内答复，未发生行政复议和诉讼。",
        "一是学校层面的信息公开还不均衡，部分农村学校公开栏长期未更新；二是政策解读以文字为主。下一步将把学校信息公开纳入督导评估，并试行图解和问答式解读。",
        "2024年度无收取信息处理费情况，其他事项按县政务公开办要求办理。",
    ];
    for (k, (h, n)) in sections.iter().enumerate() {
        own = own.replacen(
            &section(&this_year, h, n),
            &format!("\n\n{}\n\n", prose[k]),
            1,
        );
    }
    own = own.replace(
        &tail(&this_year),
        &format!("## 六、其他需要报告的事项\n\n{}\n", prose[2]),
    );
    assert!(own.contains("行政复议") && !own.contains("draft"));
    site.write(&file, &own);
    let found = findings(&site, "duplicate-content");
    assert!(
        !found
            .iter()
            .any(|d| d["file"] == "content/jyj/2026/010.md" || d["file"] == file.as_str()),
        "{found:#?}"
    );
}
