//! Attachments read before they go out (SPEC §13): real .xlsx and .docx files written by
//! `tests/support/office.rs`, read in a child process under limits.

mod support;

use support::{SiteTest, office, tree, valid_id};

fn document(site: &SiteTest, n: u32, attribute: &str, attachment: &str) {
    site.write(
        &format!("content/jyj/2026/1{n:02}.md"),
        format!(
            "---\ntitle: 附件测试{n}\nindex_no: 11530000-1/2026-001{n:02}\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-0{n}\nattribute: {attribute}\nattachments: [{attachment}]\n---\n详见附件。\n"
        ),
    );
}

fn findings(site: &SiteTest, code: &str) -> Vec<serde_json::Value> {
    let run = site.run(&["check", "--format", "json"]);
    run.json()
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn a_name_list_in_a_spreadsheet_is_reported_with_its_sheet_and_cell() {
    let site = SiteTest::new("links");
    let id = valid_id();
    let masked = format!("{}********{}", &id[..6], &id[14..]);
    office::xlsx(
        &site.path("content/jyj/2026/低保名单.xlsx"),
        "低保名单",
        &[
            &["序号", "姓名", "身份证号"],
            &["1", "张某", &id],
            &["2", "李某", &masked],
        ],
    );
    document(&site, 1, "主动公开", "低保名单.xlsx");
    let found = findings(&site, "personal-data");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("低保名单.xlsx"), "{message}");
    assert!(message.contains("工作表「低保名单」C2"), "{message}");
    assert!(!message.contains(&id), "the number is masked: {message}");
    assert_eq!(found[0]["file"], "content/jyj/2026/101.md");
}

/// A list of thousands stays a to-do list: the first twenty numbers one by one, the rest
/// counted, as errors all the same.
#[test]
fn a_long_name_list_lists_the_first_numbers_and_counts_the_rest() {
    let site = SiteTest::new("links");
    let id = valid_id();
    let rows: Vec<Vec<String>> = (0..25).map(|n| vec![n.to_string(), id.clone()]).collect();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    office::xlsx(&site.path("content/jyj/2026/名单.xlsx"), "名单", &rows);
    document(&site, 1, "主动公开", "名单.xlsx");
    let found = findings(&site, "personal-data");
    assert_eq!(found.len(), 21, "{found:?}");
    let counted: Vec<&str> = (found.iter())
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("另有"))
        .collect();
    assert_eq!(counted.len(), 1, "{found:?}");
    assert!(
        counted[0].contains("另有 5 处居民身份证号码"),
        "{}",
        counted[0]
    );
    assert!(found.iter().all(|d| d["severity"] == "error"));
}

#[test]
fn a_word_document_is_read_by_paragraph() {
    let site = SiteTest::new("links");
    site.write("sensitive_words.txt", "中华人民共合国 => 中华人民共和国\n");
    office::docx(
        &site.path("content/jyj/2026/通知.docx"),
        &[
            "关于做好资助工作的通知",
            "依据《中华人民共合国政府信息公开条例》。",
        ],
    );
    document(&site, 1, "主动公开", "通知.docx");
    let found = findings(&site, "sensitive-word");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("通知.docx` 第2段")
    );
}

#[test]
fn on_request_attachments_are_never_opened() {
    let site = SiteTest::new("links");
    office::xlsx(
        &site.path("content/jyj/2026/内部名单.xlsx"),
        "名单",
        &[&["身份证号"], &[&valid_id()]],
    );
    document(&site, 1, "依申请公开", "内部名单.xlsx");
    assert!(findings(&site, "personal-data").is_empty());
}

/// A corrupt, a bomb and a hostile file: for search and the rules of SPEC §13 one warning
/// each, never a hang or a panic; for the guard (SPEC §15) a file that cannot be read
/// completely is `attachment-unchecked`, an error, until a person reviews it, and a file past
/// a limit cannot be reviewed at all.
#[test]
fn files_that_cannot_be_read_are_unchecked_until_reviewed() {
    let site = SiteTest::new("links");
    site.write("content/jyj/2026/损坏.xlsx", b"PK\x03\x04 not really a zip");
    document(&site, 1, "主动公开", "损坏.xlsx");
    office::xlsx_bomb(&site.path("content/jyj/2026/大表.xlsx"), 300);
    document(&site, 2, "主动公开", "大表.xlsx");
    office::docx_entities(&site.path("content/jyj/2026/实体.docx"));
    document(&site, 3, "主动公开", "实体.docx");
    office::pdf_encrypted(&site.path("content/jyj/2026/加密.pdf"), &["加密的文字"]);
    document(&site, 4, "主动公开", "加密.pdf");
    // An encrypted Office file is no zip but an OLE compound file holding the package.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.resize(4096, 0);
    site.write("content/jyj/2026/加密.docx", ole);
    document(&site, 5, "主动公开", "加密.docx");
    let started = std::time::Instant::now();
    let found = findings(&site, "attachment-format");
    let about = |found: &[serde_json::Value], name: &str| {
        found
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(name))
            .count()
    };
    assert_eq!(about(&found, "损坏.xlsx"), 1, "{found:?}");
    assert_eq!(about(&found, "大表.xlsx"), 1, "{found:?}");
    // The entities are never expanded: the file reads as text without them, or not at all;
    // either way the run ends.
    assert!(about(&found, "实体.docx") <= 1, "{found:?}");
    assert_eq!(about(&found, "加密.pdf"), 1, "{found:?}");
    assert_eq!(about(&found, "加密.docx"), 1, "{found:?}");
    assert!(!format!("{found:?}").contains("加密的文字"));
    let unchecked = findings(&site, "attachment-unchecked");
    for name in ["损坏.xlsx", "大表.xlsx", "加密.pdf", "加密.docx"] {
        assert_eq!(about(&unchecked, name), 1, "{name}: {unchecked:?}");
    }
    assert_eq!(about(&unchecked, "实体.docx"), 0, "{unchecked:?}");
    assert!(started.elapsed().as_secs() < 60);
    let build = site.run(&["build"]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    assert!(!site.path("public").exists());
    // Reviewed: all but the one past a limit, which no review can waive.
    let review = site.run(&["review", "--unchecked", "--by", "王五"]);
    assert_eq!(review.status, 1, "{}{}", review.stdout, review.stderr);
    assert!(review.stderr.contains("大表.xlsx"), "{}", review.stderr);
    let unchecked = findings(&site, "attachment-unchecked");
    assert_eq!(unchecked.len(), 1, "{unchecked:?}");
    assert_eq!(about(&unchecked, "大表.xlsx"), 1, "{unchecked:?}");
    std::fs::remove_file(site.path("content/jyj/2026/102.md")).unwrap();
    let build = site.run(&["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    let published = support::tree(&site.path("public"));
    let pdf = (published.iter()).find(|(k, _)| k.ends_with("/加密.pdf"));
    assert_eq!(
        pdf.map(|(_, v)| v.clone()),
        Some(std::fs::read(site.path("content/jyj/2026/加密.pdf")).unwrap())
    );
    // One byte changed after the review: unchecked again.
    let mut bytes = std::fs::read(site.path("content/jyj/2026/加密.pdf")).unwrap();
    bytes.push(b'\n');
    site.write("content/jyj/2026/加密.pdf", bytes);
    let unchecked = findings(&site, "attachment-unchecked");
    assert_eq!(unchecked.len(), 1, "{unchecked:?}");
    assert!(
        unchecked[0]["message"]
            .as_str()
            .unwrap()
            .contains("审核不再有效")
    );
    assert_eq!(site.run(&["build"]).status, 1);
}

/// What was read is kept by content under `.gongkai/attachments/`, and so is what the rules
/// derive from it: a rebuild starts no child process and decodes no text; a changed file is
/// read again.
#[test]
fn reading_is_cached_by_content() {
    let site = SiteTest::new("links");
    office::docx(&site.path("content/jyj/2026/通知.docx"), &["通知正文。"]);
    document(&site, 1, "主动公开", "通知.docx");
    assert!(findings(&site, "personal-data").is_empty());
    let cache = site.path(".gongkai/attachments");
    let named = |end: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(end))
            .collect()
    };
    let texts = named("-docx.text");
    let products = named("-docx.personal-data-2.json");
    assert_eq!((texts.len(), products.len()), (1, 1));
    // Kept under the SHA-256 of the file's content, and under nothing else (SPEC §15: no
    // finding rests on a file's time or a weak hash).
    let digest = {
        use sha2::Digest;
        let bytes = std::fs::read(site.path("content/jyj/2026/通知.docx")).unwrap();
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let name = texts[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&digest), "{name} is not named by {digest}");
    assert!(!cache.join("stamps").exists());
    // Nothing of a reading is left beside what it kept.
    let reading = cache.join("reading");
    assert!(!reading.exists() || std::fs::read_dir(&reading).unwrap().next().is_none());
    // Another file's text, with an ID number in it, as read into the cache.
    let id = valid_id();
    office::docx(&site.path("content/jyj/2026/名单.docx"), &[&id]);
    document(&site, 2, "主动公开", "名单.docx");
    assert_eq!(findings(&site, "personal-data").len(), 1);
    let other: Vec<_> = named("-docx.text")
        .into_iter()
        .filter(|p| *p != texts[0])
        .collect();
    assert_eq!(other.len(), 1);
    std::fs::remove_file(site.path("content/jyj/2026/102.md")).unwrap();
    // Planted as the first file's text, with the product derived from it dropped: the next
    // run derives it again from the cached text, not from the file.
    std::fs::copy(&other[0], &texts[0]).unwrap();
    std::fs::remove_file(&products[0]).unwrap();
    let found = findings(&site, "personal-data");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("通知.docx"));
    // Plant a finding in the product itself: the next run takes it as it is.
    std::fs::write(
        &products[0],
        format!("[[[\"第8段\",\"ResidentId\",\"{id}\"],[\"第9段\",\"ResidentId\",\"{id}\"]],[]]"),
    )
    .unwrap();
    let found = findings(&site, "personal-data");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1]["message"].as_str().unwrap().contains("第9段"));
    // The file changed: read again, and the planted text and findings are gone.
    office::docx(
        &site.path("content/jyj/2026/通知.docx"),
        &["新的通知正文。"],
    );
    assert!(findings(&site, "personal-data").is_empty());
}

#[test]
fn a_pdf_is_read_by_page_and_a_scan_is_reported() {
    let site = SiteTest::new("links");
    let id = valid_id();
    office::pdf(
        &site.path("content/jyj/2026/公示.pdf"),
        &[
            "关于发放耕地地力保护补贴的公示",
            &format!("申请人身份证号 {id}"),
        ],
    );
    document(&site, 1, "主动公开", "公示.pdf");
    // Chinese text is read through the PDF's ToUnicode map.
    site.write("sensitive_words.txt", "地力保护\n");
    office::pdf(&site.path("content/jyj/2026/扫描件.pdf"), &["", ""]);
    document(&site, 2, "主动公开", "扫描件.pdf");
    office::pdf_broken_xref(
        &site.path("content/jyj/2026/坏引用.pdf"),
        &["Broken xref text"],
    );
    document(&site, 3, "主动公开", "坏引用.pdf");
    let personal = findings(&site, "personal-data");
    assert_eq!(personal.len(), 1, "{personal:?}");
    assert!(
        personal[0]["message"]
            .as_str()
            .unwrap()
            .contains("公示.pdf` 第2页")
    );
    let words = findings(&site, "sensitive-word");
    assert_eq!(words.len(), 1, "{words:?}");
    assert!(
        words[0]["message"]
            .as_str()
            .unwrap()
            .contains("公示.pdf` 第1页")
    );
    let format = findings(&site, "attachment-format");
    let scans: Vec<_> = format
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("扫描件.pdf"))
        .collect();
    assert_eq!(scans.len(), 1, "{format:?}");
    assert!(scans[0]["message"].as_str().unwrap().contains("没有文字层"));
    // A broken cross-reference table: read anyway (recovered), or one warning; never a
    // failed build.
    let broken = format
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("坏引用.pdf"))
        .count();
    assert!(broken <= 1, "{format:?}");
    // The ID number is an error (SPEC §15): the only one, so the rest would build.
    assert_eq!(personal[0]["severity"], "error");
    let run = site.run(&["check", "--format", "json"]);
    let errors: Vec<_> = (run.json().into_iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(errors, ["personal-data"], "{}", run.stdout);
    assert_eq!(site.run(&["build"]).status, 1);
    std::fs::remove_file(site.path("content/jyj/2026/101.md")).unwrap();
    assert_eq!(site.run(&["build"]).status, 0);
}

/// SPEC §13: search finds a document by its public attachments; an on-request document's
/// attachment is never opened, so none of its words is anywhere in the output.
#[test]
fn public_attachments_are_searched_and_on_request_ones_are_nowhere() {
    let site = SiteTest::new("links");
    office::pdf(
        &site.path("content/jyj/2026/公告.pdf"),
        &["Tender notice\nSupplier prequalification"],
    );
    document(&site, 1, "主动公开", "公告.pdf");
    let secret = ["internalqueries", "confidentialities", "deliberations"];
    office::pdf(&site.path("content/jyj/2026/意见.pdf"), &[secret[0]]);
    office::docx(&site.path("content/jyj/2026/意见.docx"), &[secret[1]]);
    office::xlsx(
        &site.path("content/jyj/2026/意见.xlsx"),
        "表",
        &[&[secret[2]]],
    );
    site.write(
        "content/jyj/2026/102.md",
        "---\ntitle: 附件测试2\nindex_no: 11530000-1/2026-00102\nissuer: 县教育局\ncategory: zcwj\npublished: 2026-11-02\nattribute: 依申请公开\nattachments: [意见.pdf, 意见.docx, 意见.xlsx]\n---\n不公开的正文。\n",
    );
    let out = site.build();
    let mut all = Vec::new();
    for (name, bytes) in support::tree(&out) {
        all.extend(bytes);
        all.extend(name.as_bytes());
    }
    let all = String::from_utf8_lossy(&all).to_lowercase();
    assert!(
        all.contains("prequalification"),
        "the public PDF's word is indexed"
    );
    let leaks = support::leak::scan(&out, &secret.map(String::from).into());
    assert!(leaks.is_empty(), "{leaks:?}");
    let lines = std::fs::read_to_string(out.join("search/d/0.json")).unwrap();
    assert!(
        lines.contains("公告.pdf"),
        "the result line names the attachment: {lines}"
    );
    assert!(!lines.contains("意见."), "{lines}");
}

/// SPEC §13: `.ofd`, the national fixed-layout format, is read page by page.
#[test]
fn an_ofd_is_read_by_page() {
    let site = SiteTest::new("links");
    let id = valid_id();
    office::ofd(
        &site.path("content/jyj/2026/公示.ofd"),
        &[
            "关于临时救助对象的公示\n经审核，下列对象符合条件。",
            &format!("申请人：王某\n身份证号：{id}"),
        ],
    );
    document(&site, 1, "主动公开", "公示.ofd");
    site.write("sensitive_words.txt", "临时救助对象\n");
    let personal = findings(&site, "personal-data");
    assert_eq!(personal.len(), 1, "{personal:?}");
    assert!(
        personal[0]["message"]
            .as_str()
            .unwrap()
            .contains("公示.ofd` 第2页")
    );
    let words = findings(&site, "sensitive-word");
    assert_eq!(words.len(), 1, "{words:?}");
    assert!(
        words[0]["message"]
            .as_str()
            .unwrap()
            .contains("公示.ofd` 第1页")
    );
    // Not an OFD at all: one warning.
    office::docx(&site.path("content/jyj/2026/假的.ofd"), &["正文"]);
    document(&site, 2, "主动公开", "假的.ofd");
    let format = findings(&site, "attachment-format");
    assert_eq!(format.len(), 1, "{format:?}");
    assert!(format[0]["message"].as_str().unwrap().contains("假的.ofd"));
}

/// `gongkai review` takes the file as the editor names it: from where they stand, or from
/// the site's folder when `--root` points elsewhere; a file no public document lists is
/// refused with the reason.
#[test]
fn review_finds_the_file_from_the_site_folder_and_refuses_others() {
    let site = SiteTest::new("links");
    office::pdf_encrypted(&site.path("content/jyj/2026/加密.pdf"), &["加密的文字"]);
    document(&site, 4, "主动公开", "加密.pdf");
    let run = site.run(&["review", "content/jyj/2026/加密.pdf", "--by", "王五"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(support::read(&site.path("content/jyj/2026/104.md")).contains("王五"));
    assert!(findings(&site, "attachment-unchecked").is_empty());
    site.write("content/jyj/2026/没人列.pdf", "x");
    let run = site.run(&["review", "content/jyj/2026/没人列.pdf", "--by", "王五"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("不是任何主动公开文件的附件"),
        "{}",
        run.stderr
    );
}

#[test]
fn published_attachments_are_the_bytes_read_and_the_spool_does_not_go_out() {
    let site = SiteTest::new("links");
    office::docx(&site.path("content/jyj/2026/通知.docx"), &["通知正文。"]);
    std::fs::copy(
        site.path("content/jyj/2026/通知.docx"),
        site.path("content/jyj/2026/通知副本.docx"),
    )
    .unwrap();
    document(&site, 1, "主动公开", "通知.docx");
    document(&site, 2, "主动公开", "通知副本.docx");
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let source = std::fs::read(site.path("content/jyj/2026/通知.docx")).unwrap();
    let public = tree(&site.path("public"));
    let published: Vec<(&String, &Vec<u8>)> = public
        .iter()
        .filter(|(rel, _)| rel.ends_with(".docx"))
        .collect();
    assert_eq!(published.len(), 2, "{:?}", public.keys());
    for (rel, bytes) in &published {
        assert_eq!(**bytes, source, "{rel}");
    }
    assert!(
        public.keys().all(|rel| !rel.contains("spool")),
        "{:?}",
        public.keys()
    );
    let beside: Vec<_> = std::fs::read_dir(site.path(""))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".gongkai-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}
