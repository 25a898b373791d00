//! `gongkai build` on the demo site: every page of SPEC §5, relative links that resolve, the
//! metadata block and meta tags, byte-identical rebuilds, atomic output, refused folders.

mod support;

use support::{SiteTest, main_of, read};

#[test]
fn the_demo_site_has_every_page_kind() {
    let site = SiteTest::new("demo");
    let out = site.build();
    for page in [
        "index.html",
        "category/index.html",
        "category/zcwj/index.html",
        "category/fdzdgk/index.html",
        "category/fdzdgk/page-2.html",
        "issuer/index.html",
        "issuer/jyj/index.html",
        "docs/01526376-x-2026-00001.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "catalogue.json",
        "catalogue.csv",
        "assets/style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn timings_list_each_stage_with_its_time_and_bytes() {
    let site = SiteTest::new("demo");
    let plain = site.run(&["build", "--out", "plain"]);
    assert_eq!(plain.status, 0, "{}", plain.stderr);
    assert!(!plain.stderr.contains("合计 total"), "{}", plain.stderr);
    let run = site.run(&["build", "--timings"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let head = lines
        .iter()
        .position(|l| l.starts_with("阶段 stage"))
        .expect("a table");
    let rows = &lines[head + 1..];
    for stage in [
        "读取与校验",
        "保密索引",
        "整文件检查",
        "规则与页面",
        "写完",
        "替换",
        "合计 total",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(stage)),
            "{stage}: {}",
            run.stderr
        );
    }
    // The whole build wrote its pages: the total's bytes written are not nothing.
    let total = rows.iter().find(|r| r.starts_with("合计")).unwrap();
    let written: f64 = total
        .split_whitespace()
        .rev()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(written > 0.0, "{total}");
}

/// Every `href` and `src` of every page (but the 404 page, served from anywhere) is relative
/// and leads to a file of the site, or is an in-page anchor or an external link.
#[test]
fn every_link_is_relative_and_resolves() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let attr = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut checked = 0;
    for (path, bytes) in support::tree(&out) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = std::path::Path::new(&path).parent().unwrap().to_path_buf();
        for cap in attr.captures_iter(&html) {
            let url = &cap[1];
            if url.starts_with('#') || url.starts_with("https://") || url.starts_with("mailto:") {
                continue;
            }
            assert!(!url.starts_with('/'), "absolute link {url} in {path}");
            let target = url.split(['?', '#']).next().unwrap();
            let decoded = percent_decode(target);
            let resolved = out.join(&dir).join(&decoded);
            assert!(resolved.exists(), "broken link {url} in {path}");
            checked += 1;
        }
    }
    assert!(checked > 2000, "checked {checked} links");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_document_page_prints_the_metadata_block_in_portal_order() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let html = read(&out.join("docs/01526376-x-2026-00001.html"));
    let main = main_of(&html);
    let labels = [
        "索引号",
        "发布机构",
        "公开目录",
        "成文日期",
        "发布日期",
        "文号",
        "主题词",
        "公开属性",
        "有效性",
    ];
    let mut at = 0;
    for l in labels {
        let found = main[at..]
            .find(&format!(">{l}</th>"))
            .unwrap_or_else(|| panic!("{l} missing or out of order"));
        at += found;
    }
    assert!(main.contains("<td>01526376-X/2026-00001</td>"));
    assert!(main.contains("示教发〔2026〕8号"));
    assert!(main.contains("<h1 class=\"doc-title\">示例县义务教育阶段学校招生入学管理办法</h1>"));
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
    assert!(
        main.contains("class=\"table-wrap\""),
        "wide tables scroll in their box"
    );
    // The policy links to its interpretation and back.
    assert!(main.contains("相关解读"));
    assert!(main.contains("《示例县义务教育阶段学校招生入学管理办法》政策解读"));
    let breadcrumb = &html[html.find("class=\"crumbs").unwrap()..html.find("<main").unwrap()];
    assert!(breadcrumb.contains("法定主动公开内容") && breadcrumb.contains("政策文件"));
}

#[test]
fn every_page_carries_the_government_page_meta_tags() {
    let site = SiteTest::new("demo");
    let out = site.build();
    for (path, bytes) in support::tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for name in [
            "SiteName",
            "SiteDomain",
            "SiteIDCode",
            "ColumnName",
            "ColumnType",
            "ArticleTitle",
            "PubDate",
            "ContentSource",
            "Keywords",
            "Description",
        ] {
            assert!(
                html.contains(&format!("<meta name=\"{name}\" content=\"")),
                "{name} missing in {path}"
            );
        }
        assert!(html.contains("<html lang=\"zh-CN\">"));
    }
    let doc = read(&out.join("docs/01526376-x-2026-00001.html"));
    assert!(doc.contains("<meta name=\"SiteIDCode\" content=\"5299000001\">"));
    assert!(doc.contains("<meta name=\"ColumnName\" content=\"政策文件\">"));
    assert!(doc.contains("<meta name=\"PubDate\" content=\"2026-03-16\">"));
    assert!(doc.contains("<meta name=\"ContentSource\" content=\"县教育局\">"));
    assert!(doc.contains("<meta name=\"Keywords\" content=\"义务教育,招生入学\">"));
    // Its 内容概述 when it has one (SPEC §14), else the opening of its text.
    assert!(doc.contains("<meta name=\"Description\" content=\"规定义务教育阶段学校招生范围"));
    let other = read(&out.join("docs/01526376-x-2026-00002.html"));
    assert!(other.contains("<meta name=\"Description\" content=\"一、起草背景 近年来"));
}

#[test]
fn listings_are_paginated_newest_first_and_show_the_column_state() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let first = read(&out.join("category/fdzdgk/index.html"));
    let dates: Vec<&str> = regex::Regex::new(r#"<time datetime="(\d{4}-\d{2}-\d{2})""#)
        .unwrap()
        .captures_iter(main_of(&first))
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(dates.len(), 21, "20 documents and the last-update date");
    let listed = &dates[1..];
    assert!(
        listed.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {listed:?}"
    );
    assert!(first.contains("第 1 / 5 页"));
    assert!(first.contains("href=\"../../category/fdzdgk/page-2.html\""));
    let zcwj = read(&out.join("category/zcwj/index.html"));
    assert!(zcwj.contains("县人民政府办公室"), "owner shown");
    assert!(zcwj.contains("6 个月"), "update limit shown");
    let empty = read(&out.join("category/jyta/index.html"));
    assert!(
        empty.contains("办理结果将于年底前集中公开"),
        "empty_note shown while empty"
    );
}

#[test]
fn exports_list_every_listed_document() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("catalogue.json"))).unwrap();
    let docs = json["documents"].as_array().unwrap();
    // Every demo document but the withheld ones, counted from the files.
    let (mut all, mut withheld) = (0, 0);
    for (name, bytes) in support::tree(&site.path("content")) {
        if name.ends_with(".md") {
            all += 1;
            let text = String::from_utf8(bytes).unwrap();
            withheld += usize::from(
                text.contains("attribute: 不予公开") || text.contains("公开属性: 不予公开"),
            );
        }
    }
    assert_eq!(withheld, 3, "the demo keeps three withheld documents");
    assert_eq!(docs.len(), all - withheld);
    for d in docs {
        assert!(out.join(d["url"].as_str().unwrap()).is_file());
    }
    let csv = read(&out.join("catalogue.csv"));
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), all - withheld + 1);
    let feed = read(&out.join("feed.xml"));
    assert_eq!(feed.matches("<entry>").count(), 20);
    assert!(
        !feed.contains("依申请公开"),
        "only 主动公开 documents in the feed"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://xxgk.shili.gov.cn/docs/01526376-x-2026-00001.html</loc>")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::new("demo");
    let a = support::tree(&site.build());
    std::fs::rename(site.path("public"), site.path("first")).unwrap();
    let b = support::tree(&site.build());
    assert_eq!(a.len(), b.len());
    for (path, bytes) in &a {
        assert!(b.get(path) == Some(bytes), "{path} differs between builds");
    }
}

#[test]
fn a_failing_build_leaves_the_previous_site_untouched() {
    let site = SiteTest::new("demo");
    let before = support::tree(&site.build());
    site.write(
        "content/broken.md",
        "---\ntitle: 坏文件\npublished: 2026-02-30\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(support::tree(&site.path("public")), before);
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
    // Fixing the file lets the next build replace the site.
    std::fs::remove_file(site.path("content/broken.md")).unwrap();
    assert_eq!(site.run(&["build"]).status, 0);
}

/// Rebuilds reuse the previous output as their staging folder; what they publish must still
/// equal a clean build, with pages of removed documents gone.
#[test]
fn rebuilds_equal_a_clean_build() {
    let site = SiteTest::new("demo");
    site.build();
    site.build();
    let removed = "docs/01526501-5-2026-00001.html";
    assert!(site.path("public").join(removed).is_file());
    std::fs::remove_file(site.path("content/cgz/2026/001.md")).unwrap();
    let rebuilt = support::tree(&site.build());
    assert!(
        !rebuilt.contains_key(removed),
        "page of a removed document still published"
    );
    let run = site.run(&["build", "--out", "clean"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(rebuilt, support::tree(&site.path("clean")));
    let again = support::tree(&site.build());
    assert_eq!(again, rebuilt);
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = SiteTest::new("leak");
    for out in [".", "content", "content/sub", "/", ".."] {
        let run = site.run(&["build", "--out", out]);
        assert_eq!(run.status, 2, "--out {out} was not refused");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    std::fs::create_dir_all(site.path("notes")).unwrap();
    site.write("notes/mine.txt", "editor's notes");
    let run = site.run(&["build", "--out", "notes"]);
    assert_eq!(run.status, 2);
    assert_eq!(read(&site.path("notes/mine.txt")), "editor's notes");
    assert!(site.path("content/2026/public.md").is_file());
}

#[test]
fn a_site_template_overrides_the_theme_by_name() {
    let site = SiteTest::new("leak");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>本站自定义的404页面</h1>{% endblock %}",
    );
    let out = site.build();
    assert!(read(&out.join("404.html")).contains("本站自定义的404页面"));
    assert!(
        read(&out.join("index.html")).contains("最新信息"),
        "other templates still from the theme"
    );
}

/// SPEC §10: the policies in force, grouped by issuer, and those ended, with the date and the
/// reason; linked from the home page and from every column that lists 规章 or 规范性文件.
#[test]
fn the_validity_lists_show_every_policy_once_and_are_linked() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let current = read(&out.join("validity/current.html"));
    let ended = read(&out.join("validity/ended.html"));
    // Replaced, and repealed: on the ended list only, with the reason.
    for (title, reason) in [
        ("示例县政府信息公开工作考核办法</a>", "被新文件替代"),
        ("示例县农村宅基地管理暂行办法</a>", "废止"),
    ] {
        assert!(main_of(&ended).contains(title), "{title}");
        assert!(!main_of(&current).contains(title), "{title}");
        assert!(main_of(&ended).contains(reason));
    }
    // In force, amended, and the replacement: on the current list.
    for title in [
        "示例县政府信息公开工作考核办法（2026年修订）",
        "示例县城乡居民最低生活保障实施办法",
        "示例县义务教育阶段学校招生入学管理办法",
    ] {
        assert!(main_of(&current).contains(title), "{title}");
    }
    assert!(main_of(&current).contains("已修改"));
    // Notices and news are on neither.
    assert!(!main_of(&current).contains("县民政局开展重阳节走访慰问活动"));
    let links = "validity/current.html";
    assert!(read(&out.join("index.html")).contains(links));
    assert!(read(&out.join("category/zcwj/index.html")).contains(links));
    assert!(!read(&out.join("category/gzdt/index.html")).contains(links));
}

/// SPEC §10: the open-data catalogue carries each policy's dates, its status on the build's
/// day and what replaced it.
#[test]
fn exports_carry_the_lifecycle() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("catalogue.json"))).unwrap();
    let row = |no: &str| {
        json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["index_no"] == no)
            .unwrap()
            .clone()
    };
    let old = row("00952632-5/2025-00001");
    assert_eq!(old["status"], "失效");
    assert_eq!(old["replaced_by"], "00952632-5/2026-00010");
    assert_eq!(old["effective"], "2025-04-01");
    assert_eq!(old["expires"], "2030-03-31");
    assert_eq!(row("00952631-7/2016-00001")["repealed"], "2021-06-30");
    assert_eq!(row("00952632-5/2025-00002")["status"], "已修改");
    assert!(row("00952632-5/2026-00010")["replaced_by"].is_null());
    let news = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "县民政局开展重阳节走访慰问活动")
        .unwrap();
    assert!(news["status"].is_null(), "a news item has no status");
    let csv = read(&out.join("catalogue.csv"));
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("有效性,有效状态,替代文件索引号"),
        "{header}"
    );
    let line = csv
        .lines()
        .find(|l| l.contains("00952632-5/2025-00001"))
        .unwrap();
    assert!(line.contains("失效,00952632-5/2026-00010"), "{line}");
}

/// SPEC §11: a draft is left out of the output entirely and out of every count; `check`
/// reports on it as usual.
#[test]
fn a_draft_is_never_published_but_is_checked() {
    let site = SiteTest::new("demo");
    site.write(
        "content/xzfb/2026/950.md",
        "---\ntitle: 草稿测试标记年度报告\nindex_no: 00952632-5/2026-00950\nissuer: 县人民政府办公室\ncategory: xxgkzd\npublished: 2026-11-20\ndoc_no: 示府办发[2026]99号\nattribute: 主动公开\ndraft: true\n---\n\n## 一、总体情况\n\n【待填写】草稿正文标记\n",
    );
    let out = site.build();
    let leaks = support::leak::scan(
        &out,
        &[
            "草稿测试标记",
            "草稿正文标记",
            "00952632-5/2026-00950",
            "00952632-5-2026-00950",
        ]
        .map(String::from)
        .into(),
    );
    assert!(leaks.is_empty(), "{leaks:?}");
    let check = site.run(&["check", "--format", "json"]);
    let on_draft: Vec<_> = check
        .json()
        .into_iter()
        .filter(|d| d["file"] == "content/xzfb/2026/950.md")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        on_draft,
        ["doc-no-brackets"],
        "checked, but no placeholder-left for a draft"
    );
    let stats = site.run(&["stats", "--format", "json"]);
    let total: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    let built = SiteTest::new("demo").run(&["stats", "--format", "json"]);
    let before: serde_json::Value = serde_json::from_str(&built.stdout).unwrap();
    assert_eq!(total["listed"], before["listed"], "a draft counts nowhere");
}

/// SPEC §14: every page's footer carries the identity marks as plain links — ICP, 公安备案 with
/// its digits, 党政机关标识 with its image published, and 找错 with the site code and the
/// page's own address — and the old top-level `site_id_code` still works, with a warning.
#[test]
fn every_footer_carries_the_identity_marks_with_its_own_address() {
    let site = SiteTest::new("demo");
    let out = site.build();
    for (page, url) in [
        ("index.html", "https%3A%2F%2Fxxgk.shili.gov.cn%2Findex.html"),
        (
            "docs/01526376-x-2026-00001.html",
            "https%3A%2F%2Fxxgk.shili.gov.cn%2Fdocs%2F01526376-x-2026-00001.html",
        ),
    ] {
        let html = read(&out.join(page));
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(footer.contains("href=\"https://beian.miit.gov.cn/\">黔ICP备29990001号-1</a>"));
        assert!(footer.contains(
            "href=\"https://beian.mps.gov.cn/#/query/webSearch?code=52990002000001\">黔公网安备52990002000001号</a>"
        ));
        assert!(
            footer
                .contains("https://bszs.conac.cn/sitename?method=show&amp;id=5299000001000000001")
        );
        assert!(footer.contains(&format!(
            "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5299000001&amp;url={url}\""
        )), "{footer}");
        assert!(!footer.contains("<script"), "no third-party script");
    }
    assert_eq!(
        std::fs::read(out.join("assets/identity/conac.png")).unwrap(),
        std::fs::read(site.path("identity/conac.png")).unwrap()
    );
    let check = site.run(&["check", "--format", "json"]);
    assert!(!check.json().iter().any(|d| d["code"] == "site-identity"));
    // The old key: read, with a warning that says where it moved.
    let toml = read(&site.path("site.toml"))
        .replace("site_code = \"5299000001\"", "")
        .replacen(
            "organizer =",
            "site_id_code = \"5299000001\"\norganizer =",
            1,
        );
    site.write("site.toml", toml);
    let check = site.run(&["check", "--format", "json"]);
    assert!(check.json().iter().any(|d| d["code"] == "config"
        && d["severity"] == "warning"
        && d["message"].as_str().unwrap().contains("[identity]")));
    let out = site.build();
    assert!(read(&out.join("index.html")).contains("site_code=5299000001&amp;"));
}

/// SPEC §14: an Atom feed per column (its whole subtree) and per issuer, each well-formed,
/// holding only that column's or issuer's 主动公开 documents, and linked from its page with
/// `<link rel="alternate">`.
#[test]
fn each_column_and_issuer_has_its_feed_linked_from_its_page() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("catalogue.json"))).unwrap();
    let catalogue = json["documents"].as_array().unwrap();
    let full_text = |d: &&serde_json::Value| d["attribute"] == "主动公开";
    for (feed, page, field, value) in [
        (
            "feeds/issuer/jyj.xml",
            "issuer/jyj/index.html",
            "issuer",
            "县教育局",
        ),
        (
            "feeds/category/zcwj.xml",
            "category/zcwj/index.html",
            "category",
            "政策文件",
        ),
    ] {
        let xml = read(&out.join(feed));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let entries: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
            .filter_map(|t| t.text().map(str::to_string))
            .collect();
        let mut expected: Vec<String> = catalogue
            .iter()
            .filter(full_text)
            .filter(|d| d[field] == value)
            .map(|d| d["title"].as_str().unwrap().to_string())
            .collect();
        expected.truncate(20);
        let mut got = entries.clone();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{feed}");
        assert!(!entries.is_empty());
        let html = read(&out.join(page));
        let href = format!("href=\"../../{feed}\"");
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{value}\" {href}>"
            )),
            "{page}"
        );
    }
}

/// SPEC §14: 内容概述 is public text — shown in listings and on the page (in place of the
/// text on an on-request page), the search snippet and the page's description, exported —
/// and an on-request summary that repeats its own body is a warning, not a failed build.
#[test]
fn a_summary_is_shown_searched_and_exported_for_on_request_documents_too() {
    let site = SiteTest::new("demo");
    let on_request =
        "汇编2026年民办学校办学许可审查中形成的申办材料清单和审查程序说明，可依申请获取。";
    let public = "规定义务教育阶段学校招生范围的划分、入学条件、报名程序和随迁子女入学办法，自2026年4月1日起施行。";
    let out = site.build();
    let page = read(&out.join("docs/01526376-x-2026-00009.html"));
    assert!(main_of(&page).contains("内容概述") && main_of(&page).contains(on_request));
    assert!(
        !page.contains("申办者资产证明"),
        "the on-request body stays out"
    );
    assert!(read(&out.join("category/xzxk/index.html")).contains(on_request));
    let policy = read(&out.join("docs/01526376-x-2026-00001.html"));
    assert!(policy.contains(&format!(
        "<meta name=\"Description\" content=\"{}",
        &public[..30]
    )));
    let lines: String = std::fs::read_dir(out.join("search/d"))
        .unwrap()
        .map(|e| read(&e.unwrap().path()))
        .collect();
    assert!(lines.contains(on_request), "the snippet is the summary");
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("catalogue.json"))).unwrap();
    let entry = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["index_no"] == "01526376-X/2026-00009")
        .unwrap();
    assert_eq!(entry["summary"], on_request);
    // Repeating its own (unpublished) body: published now, so the office is told.
    let file = "content/jyj/2026/009.md";
    let text = read(&site.path(file)).replace(
        on_request,
        "民办学校办学许可审查材料汇编，含申办者资产证明和校舍安全鉴定材料。",
    );
    site.write(file, &text);
    let check = site.run(&["check", "--format", "json"]);
    assert!(
        check.json().iter().any(|d| d["code"] == "on-request-quoted"
            && d["file"] == file
            && d["severity"] == "warning"
            && d["message"].as_str().unwrap().contains("summary")),
        "{}",
        check.stdout
    );
    let out = site.build();
    assert!(read(&out.join("docs/01526376-x-2026-00009.html")).contains("申办者资产证明"));
    // Over 300 characters is not a summary.
    site.write(
        file,
        text.replace(
            "summary: 民办",
            &format!("summary: {}民办", "长".repeat(300)),
        ),
    );
    let check = site.run(&["check", "--format", "json"]);
    assert!(check.json().iter().any(
        |d| d["code"] == "invalid-value" && d["message"].as_str().unwrap().contains("内容概述")
    ));
}

/// SPEC §14: the office that answers applications, on its issuer's page and on that issuer's
/// on-request documents, its 申请表 published; a form that is not there stops the build.
#[test]
fn the_office_that_answers_is_on_its_issuer_page_and_on_request_documents() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let issuer = read(&out.join("issuer/xzfb/index.html"));
    let office = &issuer[issuer.find("<section class=\"office\"").unwrap()..];
    for part in [
        "示例县人民政府办公室政务公开股",
        "示例县人民路1号县政府大楼302室",
        "558000",
        "工作日上午9:00—12:00",
        "0851-87160001",
        "0851-87160002",
        "mailto:zwgk@shili.gov.cn",
        "https://xxgk.shili.gov.cn/ysqgk/",
    ] {
        assert!(office.contains(part), "{part}");
    }
    let href = "../../assets/office/xzfb/政府信息公开申请表.docx";
    assert!(office.contains(&format!("href=\"{href}\"")));
    assert!(
        out.join("assets/office/xzfb/政府信息公开申请表.docx")
            .is_file()
    );
    // An on-request document shows its own issuer's office.
    let page = read(&out.join("docs/01526376-x-2026-00009.html"));
    assert!(main_of(&page).contains("县教育局办公室") && main_of(&page).contains("0851-87161234"));
    // A public document does not need it; an issuer without one shows none.
    assert!(!read(&out.join("docs/01526376-x-2026-00001.html")).contains("class=\"office\""));
    assert!(!read(&out.join("issuer/czj/index.html")).contains("class=\"office\""));
    // The form must exist.
    std::fs::remove_file(site.path("identity/政府信息公开申请表.docx")).unwrap();
    let build = site.run(&["build"]);
    assert_eq!(build.status, 1);
    assert!(build.stderr.contains("form"), "{}", build.stderr);
}

/// SPEC §14: under a sub-path the 404 page, served at any depth, keeps its style and links:
/// every address on it starts from the site's base path and reaches a file.
#[test]
fn the_404_page_works_from_any_depth_under_a_sub_path() {
    let site = SiteTest::new("demo");
    let toml = read(&site.path("site.toml")).replace(
        "base_url = \"https://xxgk.shili.gov.cn/\"",
        "base_url = \"https://www.shili.gov.cn/xxgk/\"",
    );
    site.write("site.toml", toml);
    let out = site.build();
    let page = read(&out.join("404.html"));
    let attr = regex::Regex::new(r##"(?:href|src)="([^"#]*)""##).unwrap();
    let mut internal = 0;
    for c in attr.captures_iter(&page) {
        let url = &c[1];
        if url.starts_with("http") || url.starts_with("mailto:") || url.is_empty() {
            continue;
        }
        let rest = url
            .strip_prefix("/xxgk/")
            .unwrap_or_else(|| panic!("{url} does not start at the base path"));
        let file = out.join(rest.split('?').next().unwrap());
        assert!(file.is_file() || file.join("index.html").is_file(), "{url}");
        internal += 1;
    }
    assert!(internal > 5, "{internal}");
    assert!(page.contains("href=\"/xxgk/assets/style.css\""));
}

/// Browsers ask every site for `/favicon.ico`: the theme ships one, every page links it
/// relative to the site, and a site's own `root/favicon.ico` takes its place.
#[test]
fn the_theme_icon_is_published_and_a_site_may_replace_it() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let theme_icon = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/root/favicon.ico"),
    )
    .unwrap();
    assert_eq!(std::fs::read(out.join("favicon.ico")).unwrap(), theme_icon);
    assert!(theme_icon.starts_with(&[0, 0, 1, 0]), "an ICO file");
    assert!(read(&out.join("index.html")).contains("rel=\"icon\""));
    site.write("root/favicon.ico", "OWN ICON");
    let out = site.build();
    assert_eq!(read(&out.join("favicon.ico")), "OWN ICON");
}

/// SPEC §14: `root/` is copied to the output root as it is; a name the build generates is
/// an error that names the file.
#[test]
fn files_at_the_root_are_published_as_they_are_and_may_not_take_a_generated_name() {
    let site = SiteTest::new("demo");
    site.write("root/robots.txt", "User-agent: *\nAllow: /\n");
    site.write("root/CNAME", "xxgk.shili.gov.cn\n");
    site.write("root/.well-known/verify-8f3a.txt", "8f3a\n");
    let out = site.build();
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\nAllow: /\n");
    assert_eq!(read(&out.join("CNAME")), "xxgk.shili.gov.cn\n");
    assert_eq!(read(&out.join(".well-known/verify-8f3a.txt")), "8f3a\n");
    site.write("root/feed.xml", "<feed/>");
    site.write("root/docs/extra.html", "<p>x</p>");
    let check = site.run(&["check", "--format", "json"]);
    let found: Vec<String> = check
        .json()
        .iter()
        .filter(|d| d["code"] == "root-collision")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, ["root/docs/extra.html", "root/feed.xml"]);
    assert_eq!(site.run(&["build"]).status, 1);
}
