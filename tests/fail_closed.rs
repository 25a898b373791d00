//! SPEC §15, fail closed: what the build cannot read completely it does not publish, and a
//! file a confidential document lists is never published through another listing. Each test
//! plants a withheld document's title in one hiding place of a public attachment, as an
//! attacker's probe did, and expects `check` to name the public document and `build` to stop
//! with nothing written.

mod support;

use support::{SiteTest, office, valid_id};

/// The leak fixture's withheld title (8+ characters: a secret).
const TITLE: &str = "不予公开文件 LEAKMARK-W-TITLE";

/// A public document of the leak fixture listing `attachments`.
fn public_with(site: &SiteTest, n: usize, attachments: &str, body: &str) -> String {
    let file = format!("content/2026/public-{n}.md");
    site.write(
        &file,
        format!(
            "---\ntitle: 公开文件之{n}\nindex_no: A/2026-{n:05}\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\nattachments: [{attachments}]\n---\n\n{body}\n"
        ),
    );
    file
}

/// The findings of `check` with this code, as (file, message).
fn findings(site: &SiteTest, code: &str) -> Vec<(String, String)> {
    let run = site.run(&["check", "--format", "json"]);
    run.json()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `check` reports `code` at `file`, and `build` stops with nothing written.
fn stops(site: &SiteTest, code: &str, file: &str, case: &str) {
    let found = findings(site, code);
    assert!(
        found.iter().any(|(f, _)| f == file),
        "{case}: no {code} at {file}: {found:?}"
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{case}: {}", run.stderr);
    assert!(!site.path("public").exists(), "{case}");
}

fn x(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

#[test]
fn a_secret_in_any_part_of_an_office_file_is_found() {
    let t = x(TITLE);
    let refs: String = TITLE.chars().map(|c| format!("&#{};", c as u32)).collect();
    let docx_parts: Vec<(&str, String)> = vec![
        (
            "word/header1.xml",
            format!("<w:hdr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:hdr>"),
        ),
        (
            "word/footer1.xml",
            format!("<w:ftr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:ftr>"),
        ),
        (
            "word/comments.xml",
            format!(
                "<w:comments><w:comment><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:comment></w:comments>"
            ),
        ),
        (
            "word/footnotes.xml",
            format!(
                "<w:footnotes><w:footnote><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:footnote></w:footnotes>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:body><w:p><w:del><w:r><w:delText>{t}</w:delText></w:r></w:del></w:p></w:body></w:document>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:body><w:p><w:r><w:instrText> MERGEFIELD {t} </w:instrText></w:r></w:p></w:body></w:document>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:body><w:p><w:r><w:drawing><wp:docPr id=\"1\" descr=\"{t}\"/></w:drawing></w:r></w:p></w:body></w:document>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:body><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{t}</w:t></w:r></w:p></w:body></w:document>"
            ),
        ),
        (
            "docProps/core.xml",
            format!("<cp:coreProperties><dc:title>{t}</dc:title></cp:coreProperties>"),
        ),
        (
            "docProps/custom.xml",
            format!(
                "<Properties><property name=\"x\"><vt:lpwstr>{refs}</vt:lpwstr></property></Properties>"
            ),
        ),
        ("customXml/item1.xml", format!("<data>{t}</data>")),
        (
            "word/charts/chart1.xml",
            format!("<c:chartSpace><c:v>{t}</c:v></c:chartSpace>"),
        ),
    ];
    for (n, (part, xml)) in docx_parts.iter().enumerate() {
        let site = SiteTest::new("leak");
        office::docx_with(
            &site.path("content/2026/附件.docx"),
            &["正文。"],
            &[(part, xml.clone())],
        );
        let file = public_with(&site, 30 + n, "附件.docx", "详见附件。");
        stops(&site, "withheld-quoted", &file, part);
    }
    // A spreadsheet: a cell comment, a defined name, a data-validation list, a formula's
    // literal, a sheet header, a hidden sheet's name.
    let sheet = |extra: &str| {
        format!(
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>甲</t></is></c></row></sheetData>{extra}</worksheet>"
        )
    };
    let xlsx_parts: Vec<(&str, String)> = vec![
        (
            "xl/comments1.xml",
            format!(
                "<comments><commentList><comment ref=\"A1\"><text><t>{t}</t></text></comment></commentList></comments>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook><sheets><sheet name=\"表\" sheetId=\"1\"/><sheet name=\"{t}\" state=\"hidden\" sheetId=\"2\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook><definedNames><definedName name=\"备注\">\"{t}\"</definedName></definedNames></workbook>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet(&format!(
                "<dataValidations><dataValidation><formula1>\"{t},甲\"</formula1></dataValidation></dataValidations>"
            )),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet(&format!(
                "<headerFooter><oddHeader>&amp;C{t}</oddHeader></headerFooter>"
            )),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet(&format!("<c r=\"B1\"><f>\"{t}\"&amp;A1</f></c>")),
        ),
    ];
    for (n, (part, xml)) in xlsx_parts.iter().enumerate() {
        let site = SiteTest::new("leak");
        let mut parts = vec![("xl/worksheets/sheet1.xml", sheet(""))];
        parts.retain(|(p, _)| p != part);
        parts.push((part, xml.clone()));
        office::zip_of(&site.path("content/2026/名单.xlsx"), &parts);
        let file = public_with(&site, 50 + n, "名单.xlsx", "详见附件。");
        stops(&site, "withheld-quoted", &file, part);
    }
    // An .odt's meta title.
    let site = SiteTest::new("leak");
    office::zip_of(
        &site.path("content/2026/说明.odt"),
        &[
            ("mimetype", "application/vnd.oasis.opendocument.text".into()),
            (
                "content.xml",
                "<office:document-content><text:p>正文</text:p></office:document-content>".into(),
            ),
            (
                "meta.xml",
                format!(
                    "<office:document-meta><office:meta><dc:title>{t}</dc:title></office:meta></office:document-meta>"
                ),
            ),
        ],
    );
    let file = public_with(&site, 70, "说明.odt", "详见附件。");
    stops(&site, "withheld-quoted", &file, "meta.xml");
}

#[test]
fn a_secret_in_a_pdfs_information_annotation_or_old_revision_is_found() {
    let utf16: String = [0xfe_u8, 0xff]
        .into_iter()
        .chain(TITLE.encode_utf16().flat_map(u16::to_be_bytes))
        .map(|b| format!("\\{b:03o}"))
        .collect();
    let objects = [
        format!("<< /Title ({utf16}) >>"),
        format!("<< /Type /Annot /Subtype /Text /Contents ({utf16}) >>"),
        format!("<< /Type /Outlines /Title ({utf16}) >>"),
    ];
    for (n, object) in objects.iter().enumerate() {
        let site = SiteTest::new("leak");
        office::pdf_with_object(
            &site.path("content/2026/公告.pdf"),
            &["公告正文"],
            object.as_bytes(),
        );
        let file = public_with(&site, 80 + n, "公告.pdf", "详见附件。");
        stops(&site, "withheld-quoted", &file, object);
    }
    // After the last %%EOF, in GB18030.
    let site = SiteTest::new("leak");
    office::pdf(&site.path("content/2026/公告.pdf"), &["公告正文"]);
    let mut bytes = std::fs::read(site.path("content/2026/公告.pdf")).unwrap();
    bytes.extend_from_slice(&encoding_gb18030(TITLE));
    site.write("content/2026/公告.pdf", bytes);
    let file = public_with(&site, 90, "公告.pdf", "详见附件。");
    stops(&site, "withheld-quoted", &file, "after %%EOF");
}

/// GB18030 bytes of `s` (ASCII as is; each Han character by its two bytes).
fn encoding_gb18030(s: &str) -> Vec<u8> {
    // The fixture's title is 不予公开文件 and ASCII: their GB2312 codes.
    let han = [
        ("不", [0xb2, 0xbb]),
        ("予", [0xd3, 0xe8]),
        ("公", [0xb9, 0xab]),
        ("开", [0xbf, 0xaa]),
        ("文", [0xce, 0xc4]),
        ("件", [0xbc, 0xfe]),
    ];
    let mut out = Vec::new();
    for c in s.chars() {
        match han.iter().find(|(h, _)| h.starts_with(c)) {
            Some((_, b)) => out.extend_from_slice(b),
            None => out.extend_from_slice(c.to_string().as_bytes()),
        }
    }
    out
}

#[test]
fn a_file_the_search_reader_gives_up_on_is_still_read_for_the_guard() {
    // Padded past the size the search reader takes (a zero-filled part of 40 MB, 40 KB on
    // disk): the withheld title in its main text is found.
    let site = SiteTest::new("leak");
    let padding = "\0".repeat(40 << 20);
    office::docx_with(
        &site.path("content/2026/附件.docx"),
        &[TITLE],
        &[("word/media/padding.bin", padding)],
    );
    let file = public_with(&site, 31, "附件.docx", "详见附件。");
    stops(&site, "withheld-quoted", &file, "padded");
}

#[test]
fn images_are_read_for_their_metadata_and_svgs_may_not_act() {
    let site = SiteTest::new("leak");
    office::png_with_text(&site.path("content/2026/现场.png"), TITLE);
    let file = public_with(&site, 32, "", "![现场照片](现场.png)");
    stops(&site, "withheld-quoted", &file, "PNG zTXt");

    let site = SiteTest::new("leak");
    site.write(
        "content/2026/图.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('https://t.example/')</script><text>图</text></svg>",
    );
    let file = public_with(&site, 33, "图.svg", "详见附件。");
    stops(&site, "svg-active-content", &file, "svg script");
}

#[test]
fn an_on_request_documents_file_is_never_published_by_another_listing() {
    // By a path that climbs into its folder, and by a copy under another name.
    for (n, listed) in [(34, "../2026/LEAKMARK-R-ATTNAME.txt"), (35, "明细副本.txt")] {
        let site = SiteTest::new("leak");
        let original = site.path("content/2026/LEAKMARK-R-ATTNAME.txt");
        std::fs::copy(&original, site.path("content/2026/明细副本.txt")).unwrap();
        let file = public_with(&site, n, listed, "详见附件。");
        let found = findings(&site, "confidential-attachment");
        assert_eq!(found.len(), 1, "{listed}: {found:?}");
        assert_eq!(found[0].0, file);
        assert!(
            found[0].1.contains("content/2026/on-request.md"),
            "{found:?}"
        );
        let run = site.run(&["build"]);
        assert_eq!(run.status, 1, "{listed}");
        assert!(!site.path("public").exists());
    }
}

#[test]
fn id_numbers_are_errors_and_no_personal_number_is_searchable() {
    let id = valid_id();
    let site = SiteTest::new("leak");
    office::xlsx(
        &site.path("content/2026/低保名单.xlsx"),
        "名单",
        &[&["姓名", "身份证号", "电话"], &["张三", &id, "13812345678"]],
    );
    let file = public_with(&site, 36, "低保名单.xlsx", "名单见附件。");
    let run = site.run(&["check", "--format", "json"]);
    let personal: Vec<(String, String)> = run
        .json()
        .iter()
        .filter(|d| d["code"] == "personal-data")
        .map(|d| {
            (
                d["severity"].as_str().unwrap().into(),
                d["file"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        personal,
        [
            ("error".to_string(), file.clone()),
            ("warning".to_string(), file.clone())
        ],
        "{}",
        run.stdout
    );
    assert_eq!(site.run(&["build"]).status, 1);
    // Lowered without a reason: refused; with one: built, and neither number is in the index.
    let toml = support::read(&site.path("site.toml"));
    let lowered = |line: &str| toml.replacen("[rules]\n", &format!("[rules]\n{line}\n"), 1);
    site.write("site.toml", lowered("personal-data = \"warning\""));
    let run = site.run(&["check"]);
    assert_ne!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("personal-data"), "{}", run.stdout);
    site.write(
        "site.toml",
        lowered("personal-data = \"warning\"  # 公示名单依规定须完整公开"),
    );
    let public = site.build();
    let all = support::tree(&public);
    let search: Vec<&String> = all.keys().filter(|k| k.starts_with("search/")).collect();
    assert!(!search.is_empty());
    for (name, bytes) in all.iter().filter(|(k, _)| k.starts_with("search/")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&id), "{name} holds the ID number");
        assert!(
            !text.contains("13812345678"),
            "{name} holds the mobile number"
        );
    }
}

#[test]
fn a_commit_subject_that_would_leak_is_hidden_and_the_hook_refuses_the_next() {
    let site = SiteTest::new("leak");
    let root = &site.root;
    support::git(root, "2026-03-02", &["init", "-q", "-b", "main"]);
    support::git(root, "2026-03-02", &["add", "-A"]);
    support::git(root, "2026-03-02", &["commit", "-q", "-m", "初版"]);
    let public = site.path("content/2026/public.md");
    let text = support::read(&public);
    std::fs::write(&public, format!("{text}\n补充一段。\n")).unwrap();
    support::git(
        root,
        "2026-03-03",
        &["commit", "-q", "-am", &format!("按{TITLE}修改")],
    );
    let found = findings(&site, "history-subject-hidden");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "content/2026/public.md");
    assert!(!found[0].1.contains("LEAKMARK-W-TITLE"), "{found:?}");
    // A warning: the site builds, and the page shows the placeholder, not the subject.
    let out = site.build();
    let pages: Vec<String> = support::tree(&out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
        .collect();
    assert!(pages.iter().any(|p| p.contains("（本次更新说明不公开）")));
    assert!(pages.iter().all(|p| !p.contains("LEAKMARK-W-TITLE")));
    // The commit-msg hook's check refuses such a subject, and lets an index number through.
    let msg = site.path("msg.txt");
    std::fs::write(&msg, format!("再按{TITLE}修改\n\n# git 的注释\n")).unwrap();
    let run = site.run(&["check", "--commit-msg", msg.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("提交已取消"), "{}", run.stderr);
    std::fs::write(&msg, "修改 A/2026-00002 的附件说明\n").unwrap();
    assert_eq!(
        site.run(&["check", "--commit-msg", msg.to_str().unwrap()])
            .status,
        0
    );
}

#[test]
fn keywords_are_read_as_the_page_joins_them() {
    let site = SiteTest::new("leak");
    site.write(
        "content/2026/public-37.md",
        "---\ntitle: 关键词\nindex_no: A/2026-00037\nissuer: 县人民政府办公室\ncategory: zcwj\npublished: 2026-03-02\nattribute: 主动公开\nkeywords: [不予公开文件, LEAKMARK-W-TITLE]\n---\n\n正文。\n",
    );
    stops(
        &site,
        "withheld-quoted",
        "content/2026/public-37.md",
        "keywords",
    );
}

/// A document of the links fixture with `front` added to its front matter and `body`.
fn links_doc(site: &SiteTest, n: usize, front: &str, body: &str) -> String {
    let file = format!("content/jyj/2026/{n:03}.md");
    site.write(
        &file,
        format!("---\ntitle: 测试文件之{n}\nindex_no: 11530000-1/2026-{n:05}\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-02\nattribute: 主动公开\n{front}---\n{body}\n"),
    );
    file
}

#[test]
fn fields_and_nesting_are_bounded_and_reported_where_they_are() {
    let site = SiteTest::new("links");
    let long = "很长的标题".repeat(50);
    let title_file = "content/jyj/2026/010.md";
    site.write(
        title_file,
        format!("---\ntitle: {long}\nindex_no: 11530000-1/2026-00010\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-02\nattribute: 主动公开\n---\n正文。\n"),
    );
    let doc_no = links_doc(
        &site,
        11,
        &format!("doc_no: {}\n", "示".repeat(61)),
        "正文。",
    );
    let keyword = links_doc(
        &site,
        12,
        &format!("keywords: [{}]\n", "词".repeat(1001)),
        "正文。",
    );
    let fine = links_doc(
        &site,
        13,
        &format!("doc_no: {}\n", "示".repeat(60)),
        "正文。",
    );
    let deep = links_doc(&site, 14, "", &format!("前言。\n\n{}", "<div>".repeat(257)));
    let shallow = links_doc(
        &site,
        15,
        "",
        &format!("{}x{}", "<div>".repeat(256), "</div>".repeat(256)),
    );
    let files = |code: &str| -> Vec<String> {
        let mut f: Vec<String> = findings(&site, code).into_iter().map(|(f, _)| f).collect();
        f.sort();
        f
    };
    assert_eq!(
        files("field-too-long"),
        [title_file.to_string(), doc_no, keyword]
    );
    assert_eq!(files("nesting-too-deep"), [deep]);
    let run = site.run(&["check", "--format", "json"]);
    for d in run.json() {
        assert_ne!(d["file"], fine.as_str(), "{d}");
        assert_ne!(d["file"], shallow.as_str(), "{d}");
        if d["code"] == "nesting-too-deep" {
            assert_eq!(d["line"], 11, "{d}");
        }
    }
}

#[test]
fn a_former_number_may_not_be_one_in_use() {
    let site = SiteTest::new("links");
    // 001 holds 11530000-1/2026-00001 now; 020 claims it as its former number.
    let claimer = links_doc(
        &site,
        20,
        "former_index_no: [11530000-1/2026-00001]\n",
        "正文。",
    );
    let found = findings(&site, "duplicate-index-no");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, claimer);
    assert!(found[0].1.contains("content/jyj/2026/001.md"), "{found:?}");
    // Two documents keeping the same old number: the second is refused.
    let site = SiteTest::new("links");
    links_doc(
        &site,
        21,
        "former_index_no: [11530000-1/2025-00900]\n",
        "正文。",
    );
    let second = links_doc(
        &site,
        22,
        "former_index_no: [11530000-1/2025-00900]\n",
        "正文。",
    );
    let found = findings(&site, "duplicate-index-no");
    assert_eq!(found.iter().map(|(f, _)| f).collect::<Vec<_>>(), [&second]);
}

#[test]
fn site_links_are_web_or_relative_only() {
    for (key, line) in [
        ("apply_url", "apply_url = \"javascript:alert(1)\"\n"),
        ("apply_url", "apply_url = \" JaVa\\tScript:alert(1)\"\n"),
        ("icp_url", "[identity]\nicp_url = \"data:text/html,x\"\n"),
    ] {
        let site = SiteTest::new("links");
        let toml = support::read(&site.path("site.toml"));
        let toml = toml.replacen("[[categories]]", &format!("{line}\n[[categories]]"), 1);
        let toml = if key == "icp_url" {
            format!("{}\n{line}", support::read(&site.path("site.toml")))
        } else {
            toml
        };
        site.write("site.toml", toml);
        let run = site.run(&["check"]);
        assert_ne!(run.status, 0, "{line}");
        assert!(
            run.stdout.contains(key) && run.stdout.contains("config"),
            "{line}: {}",
            run.stdout
        );
    }
    let site = SiteTest::new("links");
    let toml = support::read(&site.path("site.toml"));
    site.write(
        "site.toml",
        toml.replacen(
            "[[categories]]",
            "apply_url = \"guide/apply.html\"\n\n[[categories]]",
            1,
        ),
    );
    assert_eq!(site.run(&["check"]).status, 0);
}

#[test]
fn the_register_holds_no_column_it_does_not_define() {
    let site = SiteTest::new("links");
    site.write(
        "applications/2026.csv",
        "id,received,issuer,channel,applicant_type,outcome,answered,extended,申请人电话\n2026-001,2026-01-05,县教育局,信函,自然人,予以公开,2026-01-20,,13812345678\n",
    );
    let found = findings(&site, "register-invalid");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("申请人电话"), "{found:?}");
}
