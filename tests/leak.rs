//! SPEC §2, the security rule: nothing of a 不予公开 document and no body or attachment of a
//! 依申请公开 document reaches any byte of the output.

mod support;

use std::collections::BTreeSet;
use support::SiteTest;

/// Marker strings planted in the fixture's withheld and on-request documents.
const MARKERS: &[&str] = &[
    "LEAKMARK-W-TITLE",
    "LEAKMARK-W-DOCNO",
    "LEAKMARK-W-KEYWORD",
    "LEAKMARK-W-CONTACT",
    "LEAKMARK-W-ATTNAME",
    "LEAKMARK-W-ATTBODY",
    "LEAKMARK-W-BODY",
    "LEAKMARK-W-HEADING",
    "LEAKMARK-W-TABLE",
    "LEAKMARK-R-BODY",
    "LEAKMARK-R-LIST",
    "LEAKMARK-R-ATTNAME",
    "LEAKMARK-R-ATTBODY",
    "LEAKMARK",
];

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn no_byte_of_withheld_or_on_request_content_is_published() {
    let site = SiteTest::new("leak");
    let out = site.build();
    let files = support::tree(&out);
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        for m in MARKERS {
            assert!(!contains(bytes, m), "{m} found in {path}");
            assert!(!path.contains(m), "{m} in file name {path}");
        }
    }
    // The withheld document has no page and is in no count; the on-request one is listed.
    assert!(!files.keys().any(|p| p.contains("a-2026-00002")));
    let on_request = String::from_utf8_lossy(&files["docs/a-2026-00003.html"]).into_owned();
    assert!(on_request.contains("依申请公开的会议纪要"));
    assert!(on_request.contains("全文不在网上公开"));
    assert!(
        on_request.contains("href=\"../docs/a-2026-00001.html\""),
        "apply link"
    );
    assert!(!files.keys().any(|p| p.starts_with("docs/a-2026-00003/")));
    // The public attachment is copied beside its page.
    assert_eq!(
        files["docs/a-2026-00001/public-attachment.txt"],
        b"PUBLIC-ATTACHMENT-CONTENT\n"
    );
    let home = String::from_utf8_lossy(&files["index.html"]).into_owned();
    assert!(home.contains("共 2 条"), "withheld not counted");
    let json: serde_json::Value = serde_json::from_slice(&files["catalogue.json"]).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn check_output_never_echoes_withheld_bodies() {
    let site = SiteTest::new("leak");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("LEAKMARK-W-BODY"));
}

#[test]
fn the_demo_site_publishes_none_of_its_withheld_documents() {
    let site = SiteTest::new("demo");
    let out = site.build();
    let files = support::tree(&out);
    let mut secrets = Vec::new();
    for entry in walk_md(&site.path("content")) {
        let text = support::read(&entry);
        if text.contains("attribute: 不予公开") || text.contains("公开属性: 不予公开") {
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("title: ").or(l.strip_prefix("标题: ")))
                .unwrap();
            secrets.push(title.trim().to_string());
            let body = text.rsplit("\n---\n").next().unwrap();
            secrets.extend(
                body.lines()
                    .filter(|l| l.chars().count() > 10)
                    .map(str::to_string),
            );
        }
    }
    assert!(
        secrets.len() >= 6,
        "the demo keeps withheld documents: {secrets:?}"
    );
    for (path, bytes) in &files {
        for s in &secrets {
            assert!(!contains(bytes, s), "withheld text {s:?} in {path}");
        }
    }
}

fn walk_md(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_md(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

#[test]
fn hostile_titles_and_raw_html_are_escaped_or_removed() {
    let site = SiteTest::new("hostile");
    let out = site.build();
    let handler = regex::Regex::new(r"(?i)<[a-z][^>]*\son[a-z]+\s*=").unwrap();
    let theme_scripts = regex::Regex::new(
        r#"<script>try\{if\(localStorage\.getItem\("gongkai-large"\)==="1"\)document\.documentElement\.classList\.add\("large"\)\}catch\(e\)\{\}</script>|<script src="[a-z/.]*assets/(site|search)\.js" defer></script>"#,
    )
    .unwrap();
    for (path, bytes) in support::tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        // The theme's own scripts (the large-text switch, and search on its page) are the only ones allowed.
        let html = theme_scripts.replace_all(&html, "").into_owned();
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "script in {path}");
        assert!(!lower.contains("javascript:"), "javascript: URL in {path}");
        assert!(!lower.contains("<iframe"), "iframe in {path}");
        assert!(
            !handler.is_match(&html),
            "event handler attribute in {path}"
        );
        assert!(
            !html.contains("<em>政府</em>"),
            "issuer name unescaped in {path}"
        );
        assert!(
            !html.contains("style=\"font-family"),
            "inline style kept in {path}"
        );
    }
    let doc = support::read(&out.join("docs/h-2026-00001.html"));
    assert!(doc.contains(
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;关于&quot;引号&quot;&amp;的通知"
    ));
    assert!(
        doc.contains("从 Word 粘贴的段落"),
        "text of sanitized HTML is kept"
    );
    // A UTF-8 BOM and CRLF line endings are accepted.
    let bom = support::read(&out.join("docs/h-2026-00002.html"));
    assert!(bom.contains("带BOM和CRLF的文件"));
    assert!(bom.contains("<p>第一段，\n第二行。</p>"));
}

/// SPEC §9, one published text: a comment, a script, a raw-HTML attribute and a link target
/// are on no page and in no search entry, snippet or Description.
#[test]
fn search_and_description_hold_only_what_the_page_shows() {
    let site = SiteTest::new("leak");
    site.write(
        "content/2026/comments.md",
        "---\ntitle: 带注释的公开文件\nindex_no: A/2026-00010\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\n---\n\n<!-- 内部意见：领导批示暂缓HIDDENCOMMENT -->\n\n<script>HIDDENSCRIPT()</script>\n\n正文可见部分<script>HIDDENINLINE()</script>，详见[通知](HIDDENTARGET.html)。<span title=\"HIDDENATTR\">可见</span>\n\n<style>.HIDDENSTYLE{}</style>\n",
    );
    let out = site.build();
    let files = support::tree(&out);
    let page = String::from_utf8_lossy(&files["docs/a-2026-00010.html"]).into_owned();
    assert!(page.contains("正文可见部分"), "{page}");
    let description = page
        .split("name=\"Description\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a Description");
    assert!(
        description.starts_with("正文可见部分，详见通知。可见"),
        "{description}"
    );
    let search: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    assert!(
        search.iter().any(|(_, s)| s.contains("正文可见部分")),
        "snippet"
    );
    for (path, bytes) in &files {
        for hidden in [
            "HIDDENCOMMENT",
            "内部意见",
            "HIDDENSCRIPT",
            "HIDDENINLINE",
            "HIDDENATTR",
            "HIDDENSTYLE",
        ] {
            assert!(!contains(bytes, hidden), "{hidden} in {path}");
        }
        if !path.starts_with("docs/") {
            assert!(!contains(bytes, "HIDDENTARGET"), "link target in {path}");
        }
    }
    // Search terms: a word only in a comment or a script finds nothing. The index stores
    // Latin words in its term shards; none of these may be there.
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("search/t/")) {
        for hidden in [
            "hiddencomment",
            "hiddenscript",
            "hiddentarget",
            "hiddenattr",
        ] {
            assert!(!contains(bytes, hidden), "{hidden} indexed in {path}");
        }
    }
}

/// A line of the fixture's withheld body long enough to be a secret (20+ characters).
const WITHHELD_LINE: &str = "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项。";

/// Add `line` to the fixture's withheld body, after its marker.
fn plant_withheld_line(site: &SiteTest, line: &str) {
    let withheld = site.path("content/2026/withheld.md");
    let text = support::read(&withheld).replace(
        "LEAKMARK-W-BODY 不予公开文件的正文。",
        &format!("LEAKMARK-W-BODY {line}"),
    );
    std::fs::write(&withheld, text).unwrap();
}

/// Give the fixture's on-request body a line (20+ characters) a public document can quote:
/// 全县共排查出安全隐患一百二十七处并已全部整改。
fn plant_on_request_line(site: &SiteTest) {
    let on_request = site.path("content/2026/on-request.md");
    let text = support::read(&on_request).replace(
        "LEAKMARK-R-BODY 依申请公开文件的正文不得出现在网站上。",
        "LEAKMARK-R-BODY 依申请公开文件的正文：全县共排查出安全隐患一百二十七处并已全部整改。",
    );
    std::fs::write(&on_request, text).unwrap();
}

/// A public document's front matter and body for the leak fixture.
fn public_doc(n: usize, title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nindex_no: A/2026-{n:05}\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\n---\n\n{body}\n"
    )
}

fn findings(run: &support::Run) -> Vec<(String, String, Option<u64>)> {
    let mut v: Vec<(String, String, Option<u64>)> = run
        .json()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .filter(|(c, ..)| c != "empty-category")
        .collect();
    v.sort();
    v
}

/// SPEC §9: quoting a withheld title or body line, or linking to a withheld page, is an
/// error at the public file and line; the withheld document is named by its path only.
#[test]
fn quoting_or_linking_a_withheld_document_is_an_error() {
    let site = SiteTest::new("leak");
    plant_withheld_line(&site, WITHHELD_LINE);
    site.write(
        "content/2026/quote-body.md",
        public_doc(
            11,
            "引用正文的公开文件",
            "第一段。\n\n据悉，县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项。",
        ),
    );
    site.write(
        "content/2026/quote-title.md",
        public_doc(12, "转发不予公开文件 LEAKMARK-W-TITLE 的通知", "正文。"),
    );
    site.write(
        "content/2026/link.md",
        public_doc(
            13,
            "链接到不予公开文件",
            "见[这里](a-2026-00002.html)和[源文件](withheld.md)。",
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        [
            (
                "link-to-withheld".into(),
                "content/2026/link.md".into(),
                Some(10)
            ),
            (
                "link-to-withheld".into(),
                "content/2026/link.md".into(),
                Some(10)
            ),
            (
                "withheld-quoted".into(),
                "content/2026/quote-body.md".into(),
                Some(12)
            ),
            (
                "withheld-quoted".into(),
                "content/2026/quote-title.md".into(),
                Some(2)
            ),
        ]
    );
    for d in run.json() {
        let m = d["message"].as_str().unwrap();
        if d["code"] != "empty-category" {
            assert!(m.contains("content/2026/withheld.md"), "{m}");
            assert!(!m.contains("LEAKMARK") && !m.contains("干部调整"), "{m}");
        }
    }
    // The build stops before anything is written.
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(!site.path("public").exists());
}

/// Every field a page shows is read as the body is (the quotation scan takes them from the
/// field table): a withheld line in a public document's 联系人 is `withheld-quoted` at that
/// line, and the field is shown in the metadata block of a document that gives it.
#[test]
fn a_field_the_page_shows_is_read_like_the_body() {
    let site = SiteTest::new("leak");
    plant_withheld_line(&site, WITHHELD_LINE);
    site.write(
        "content/2026/contact.md",
        format!(
            "---\ntitle: 联系人字段\nindex_no: A/2026-00011\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\ncontact: \"{WITHHELD_LINE}\"\n---\n\n正文。\n"
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        findings(&run).contains(&(
            "withheld-quoted".into(),
            "content/2026/contact.md".into(),
            Some(8)
        )),
        "{}",
        run.stdout
    );
    site.write(
        "content/2026/contact.md",
        public_doc(11, "联系人字段", "正文。").replace(
            "attribute: 主动公开\n",
            "attribute: 主动公开\ncontact: 李明 0851-87221234\n",
        ),
    );
    let out = site.build();
    let page = support::read(&out.join("docs/a-2026-00011.html"));
    assert!(page.contains("联系人"), "the block labels the row");
    assert!(page.contains("李明 0851-87221234"), "the block shows it");
    let other = support::read(&out.join("docs/a-2026-00001.html"));
    assert!(!other.contains("联系人"), "a row shown only when given");
}

/// SPEC §9 against an editor who hides a quotation from the checks but not from readers:
/// invisible characters between its characters, look-alike characters (a Kangxi radical, a
/// compatibility ideograph), a line split over paragraphs, a line break or table cells, a
/// link target written in %XX escapes, and a public attachment (its text, its name). Each
/// is `withheld-quoted` at `check` (before, most were published and the rest stopped only
/// `build`, at the guard), and the build writes nothing.
#[test]
fn a_disguised_quotation_is_still_a_quotation() {
    let site = SiteTest::new("leak");
    plant_withheld_line(&site, WITHHELD_LINE);
    let line: Vec<char> = WITHHELD_LINE.chars().collect();
    let joined = |sep: &str| -> String {
        line.iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let half: String = line[..line.len() / 2].iter().collect();
    let rest: String = line[line.len() / 2..].iter().collect();
    let escaped: String = WITHHELD_LINE.bytes().map(|b| format!("%{b:02X}")).collect();
    let disguises: Vec<(&str, String)> = vec![
        ("invisible-separator", joined("\u{2063}")),
        ("direction-mark", joined("\u{200e}")),
        ("variation-selector", joined("\u{fe00}")),
        ("hangul-filler", joined("\u{3164}")),
        ("tag-character", joined("\u{e0020}")),
        ("entity", joined("&#x2064;")),
        ("kangxi", WITHHELD_LINE.replace('二', "\u{2f06}")),
        ("compatibility", WITHHELD_LINE.replace('六', "\u{f9d1}")),
        ("paragraphs", format!("{half}\n\n{rest}")),
        ("line-break", format!("{half}<br>{rest}")),
        (
            "cells",
            format!("| {half} | {rest} |\n|---|---|\n| 1 | 2 |"),
        ),
        ("href", format!("[详情](https://example.com/?q={escaped})")),
    ];
    for (i, (name, body)) in disguises.iter().enumerate() {
        site.write(
            &format!("content/2026/{name}.md"),
            public_doc(
                20 + i,
                &format!("公开文件之{name}"),
                &format!("第一段。\n\n{body}"),
            ),
        );
    }
    // A public attachment quoting the withheld line, and one named after its title.
    site.write(
        "content/2026/quote.txt",
        format!("附件说明\n据悉，{WITHHELD_LINE}\n"),
    );
    site.write("content/2026/不予公开文件 LEAKMARK-W-TITLE.txt", "附件\n");
    for (n, file) in [(40, "quote.txt"), (41, "不予公开文件 LEAKMARK-W-TITLE.txt")] {
        site.write(
            &format!("content/2026/attachment-{n}.md"),
            public_doc(n, &format!("附件之{n}"), "正文。").replace(
                "attribute: 主动公开\n",
                &format!("attribute: 主动公开\nattachments: [\"{file}\"]\n"),
            ),
        );
    }
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found: BTreeSet<String> = findings(&run)
        .into_iter()
        .filter(|(code, ..)| code == "withheld-quoted")
        .map(|(_, file, _)| file)
        .collect();
    let mut want: BTreeSet<String> = (disguises.iter())
        .map(|(name, _)| format!("content/2026/{name}.md"))
        .collect();
    want.extend([
        "content/2026/attachment-40.md".into(),
        "content/2026/attachment-41.md".into(),
    ]);
    assert_eq!(found, want);
    let attachment = (run.json().into_iter())
        .find(|d| d["file"] == "content/2026/attachment-40.md")
        .unwrap();
    let m = attachment["message"].as_str().unwrap();
    assert!(
        m.contains("quote.txt") && m.contains("第2行") && m.contains("content/2026/withheld.md"),
        "{m}"
    );
    assert!(!m.contains("干部调整"), "{m}");
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(!site.path("public").exists());
}

/// What is published as it is — the site's `root/` files, their names, a public attachment,
/// the office's address in site.toml — is read like a page: quoting a withheld document
/// there is `withheld-quoted` at `check` (before, `root/` was copied unread and the address
/// stopped only `build`, at the guard). A public text attachment quoting an on-request line
/// is a warning, and the build lets it through.
#[test]
fn files_published_as_they_are_are_read_too() {
    let site = SiteTest::new("leak");
    plant_withheld_line(&site, WITHHELD_LINE);
    site.write("root/notice.html", format!("<p>通知：{WITHHELD_LINE}</p>"));
    site.write("root/不予公开文件 LEAKMARK-W-TITLE.txt", "说明\n");
    let toml = support::read(&site.path("site.toml"));
    std::fs::write(
        site.path("site.toml"),
        toml.replace(
            "code = \"A\"\n",
            "code = \"A\"\noffice = { name = \"政务公开办\", address = \"不予公开文件 LEAKMARK-W-TITLE\" }\n",
        ),
    )
    .unwrap();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found: Vec<(String, String, Option<u64>)> = findings(&run);
    let files: BTreeSet<&str> = (found.iter())
        .filter(|(code, ..)| code == "withheld-quoted")
        .map(|(_, file, _)| file.as_str())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "root/notice.html",
            "root/不予公开文件 LEAKMARK-W-TITLE.txt",
            "site.toml"
        ]),
        "{found:?}"
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(!site.path("public").exists());

    // On-request text in a public attachment: a warning, and published.
    let site = SiteTest::new("leak");
    plant_on_request_line(&site);
    site.write(
        "content/2026/public-attachment.txt",
        "据统计，全县共排查出安全隐患一百二十七处并已全部整改。\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        [(
            "on-request-quoted".into(),
            "content/2026/public.md".into(),
            Some(8)
        )]
    );
    let out = site.build();
    let published = support::tree(&out);
    assert!(
        (published.iter()).any(|(p, b)| p.ends_with("public-attachment.txt")
            && String::from_utf8_lossy(b).contains("一百二十七处"))
    );
}

/// What a public Word attachment quotes is kept beside its text for the secrets it was read
/// against: a new withheld document whose line the attachment holds is found on the next
/// `check`, not hidden by the kept answer.
#[test]
fn a_kept_answer_for_an_attachment_is_asked_again_when_the_secrets_change() {
    let site = SiteTest::new("leak");
    support::office::docx(
        &site.path("content/2026/public-attachment.docx"),
        &["附件说明", &format!("据悉，{WITHHELD_LINE}")],
    );
    let public = site.path("content/2026/public.md");
    let text = support::read(&public).replace("public-attachment.txt", "public-attachment.docx");
    std::fs::write(&public, text).unwrap();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        findings(&run)
            .iter()
            .all(|(code, ..)| code != "withheld-quoted")
    );
    plant_withheld_line(&site, WITHHELD_LINE);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        [(
            "withheld-quoted".into(),
            "content/2026/public.md".into(),
            Some(8)
        )]
    );
    // And the kept answer for these secrets is the same.
    assert_eq!(
        findings(&site.run(&["check", "--format", "json"])),
        findings(&run)
    );
}

/// A copy of a withheld document's attachment is that attachment, whatever it is called: a
/// public document's attachment or image with the same bytes, a symbolic link to it, a
/// `root/` file. Each is `withheld-quoted` (before, each was published); the same bytes as an
/// on-request attachment warn, as a quoted line does.
#[test]
fn a_copy_of_a_withheld_attachment_is_the_attachment() {
    let site = SiteTest::new("leak");
    let secret: String = "内部请示扫描件 LEAKMARK-W-FILE\n".repeat(8);
    site.write("content/2026/LEAKMARK-W-ATTNAME.txt", &secret);
    site.write("content/2026/report.pdf", &secret);
    site.write("content/2026/photo.png", &secret);
    site.write("root/scan.pdf", &secret);
    std::os::unix::fs::symlink(
        "LEAKMARK-W-ATTNAME.txt",
        site.path("content/2026/linked.pdf"),
    )
    .unwrap();
    for (n, line) in [
        (30, "attachments: [report.pdf]\n"),
        (31, "attachments: [linked.pdf]\n"),
    ] {
        site.write(
            &format!("content/2026/copy-{n}.md"),
            public_doc(n, &format!("附件副本之{n}"), "正文。").replace(
                "attribute: 主动公开\n",
                &format!("attribute: 主动公开\n{line}"),
            ),
        );
    }
    site.write(
        "content/2026/copy-32.md",
        public_doc(32, "图片副本", "![现场](photo.png)"),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    // A file a withheld document lists is that document's, whatever lists or shows it
    // (SPEC §15, confidentiality follows the file).
    let files: BTreeSet<String> = (findings(&run).into_iter())
        .filter(|(code, ..)| code == "confidential-attachment")
        .map(|(_, file, _)| file)
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "content/2026/copy-30.md".to_string(),
            "content/2026/copy-31.md".to_string(),
            "content/2026/copy-32.md".to_string(),
            "root/scan.pdf".to_string(),
        ])
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(!site.path("public").exists());

    // The bytes of an on-request document's attachment: never published either (SPEC §15;
    // before, a warning and published).
    let site = SiteTest::new("leak");
    let on_request: String = "依申请公开的附件内容 LEAKMARK-R-FILE\n".repeat(8);
    site.write("content/2026/LEAKMARK-R-ATTNAME.txt", &on_request);
    site.write("content/2026/public-attachment.txt", &on_request);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        [(
            "confidential-attachment".into(),
            "content/2026/public.md".into(),
            Some(8)
        )]
    );
    assert_eq!(site.run(&["build"]).status, 1);
}

/// An on-request line quoted by a public document is a warning, and the build publishes it.
#[test]
fn quoting_an_on_request_line_is_a_warning() {
    let site = SiteTest::new("leak");
    plant_on_request_line(&site);
    site.write(
        "content/2026/quote.md",
        public_doc(
            11,
            "通报",
            "据统计，全县共排查出安全隐患一百二十七处并已全部整改。",
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        [(
            "on-request-quoted".into(),
            "content/2026/quote.md".into(),
            Some(10)
        )]
    );
    let out = site.build();
    let page = support::read(&out.join("docs/a-2026-00011.html"));
    assert!(page.contains("一百二十七处"));
}

/// The guard is the last line: a secret that the rules cannot see (here written into a
/// site's own template) stops the build, and the message names the output file.
#[test]
fn the_guard_stops_what_the_rules_did_not_see() {
    let site = SiteTest::new("leak");
    plant_withheld_line(&site, WITHHELD_LINE);
    site.write(
        "templates/404.html",
        "<!doctype html><title>404</title><p>县委常委会研究决定暂缓公布二〇二六年度干部调整方案</p>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stdout.contains("leak") || run.stderr.contains("leak"));
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("404.html") && all.contains("content/2026/withheld.md"),
        "{all}"
    );
    assert!(
        !all.contains("干部调整方案"),
        "the message never repeats the secret"
    );
    assert!(!site.path("public").exists());
}

/// `[security] shared_text` lifts a quotation's error, and refuses entries so short that
/// they would cut every secret apart.
#[test]
fn shared_text_exempts_what_the_office_lists_and_nothing_shorter() {
    let site = SiteTest::new("leak");
    let shared = "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项";
    plant_withheld_line(&site, &format!("不予公开文件的正文。\n\n{shared}。"));
    site.write(
        "content/2026/quote.md",
        public_doc(11, "引用正文的公开文件", &format!("据悉，{shared}。")),
    );
    assert_eq!(site.run(&["check"]).status, 1);
    let toml = support::read(&site.path("site.toml"));
    site.write(
        "site.toml",
        format!("{toml}\n[security]\nshared_text = [\"{shared}\"]\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.stdout.contains("保密检查：1 行"), "{}", run.stdout);
    site.write(
        "site.toml",
        format!("{toml}\n[security]\nshared_text = [\"的\"]\n"),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.contains("shared text too short"),
        "{}",
        run.stdout
    );
}
