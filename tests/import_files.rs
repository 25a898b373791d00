//! `gongkai import` on Word files as real offices and real tools write them (issue "Real
//! office files"): a main part where the package says it is, a document with no paragraph to
//! take for its title, names Windows makes up, names stored in GBK, a one-paragraph notice.

mod support;

use std::path::{Path, PathBuf};
use support::office;
use support::{SiteTest, read};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn document(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    )
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// Import `file` into 通知公告 as 主动公开, with `more` arguments.
fn import(t: &SiteTest, file: &Path, more: &[&str]) -> support::Run {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
        "--issuer",
        "城关镇",
    ];
    args.extend_from_slice(more);
    t.run(&args)
}

/// The documents `import` wrote, from its report (`已写入 content/…`).
fn written(t: &SiteTest, stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("已写入 "))
        .map(|l| read(&t.path(l.split('（').next().unwrap())))
        .collect()
}

fn title_of(text: &str) -> &str {
    let line = text
        .lines()
        .find(|l| l.starts_with("title:") || l.starts_with("标题:"))
        .unwrap_or_else(|| panic!("no title in\n{text}"));
    line.split_once(':').unwrap().1.trim().trim_matches('"')
}

fn body_of(text: &str) -> &str {
    &text[text[3..].find("\n---").unwrap() + 8..]
}

fn beside(t: &SiteTest, name: &str) -> PathBuf {
    let dir = t.root.parent().unwrap().join("导入");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn the_main_part_is_found_where_the_package_says() {
    let t = SiteTest::new("demo");
    let file = beside(&t, "另存.docx");
    let main = document(&format!(
        "{}{}<w:p><w:r><w:drawing><wp:docPr xmlns:wp=\"x\" descr=\"流程图\"/><a:blip xmlns:a=\"y\" xmlns:r=\"{REL}\" r:embed=\"rId7\"/></w:drawing></w:r></w:p>",
        para("关于调整办事大厅开放时间的通知"),
        para("自下月起，县政务服务中心办事大厅周六上午照常开放。")
    ));
    let rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"/doc/main.xml\"/></Relationships>"
    );
    let main_rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Type=\"{REL}/image\" Target=\"../pictures/flow.png\"/></Relationships>"
    );
    office::package(
        &file,
        &[
            ("_rels/.rels", rels.as_bytes()),
            ("doc/main.xml", main.as_bytes()),
            ("doc/_rels/main.xml.rels", main_rels.as_bytes()),
            ("pictures/flow.png", office::PNG),
        ],
    );
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let docs = written(&t, &run.stdout);
    assert_eq!(docs.len(), 1, "{}", run.stdout);
    assert_eq!(title_of(&docs[0]), "关于调整办事大厅开放时间的通知");
    let body = body_of(&docs[0]);
    assert!(body.contains("周六上午照常开放"), "{body}");
    assert!(
        body.contains("![流程图]("),
        "the image where its relationship says: {body}"
    );
}

#[test]
fn a_file_whose_text_gives_no_title_takes_its_name() {
    let t = SiteTest::new("demo");
    // It opens with a table: no paragraph to take for a title.
    let table = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        para("乡镇"),
        para("补贴金额"),
        para("城关镇"),
        para("12000")
    );
    let body = document(&format!("{table}{}", para("以上为本季度补贴发放情况。")));
    let file = beside(&t, "2026年第三季度耕地地力保护补贴发放情况.docx");
    office::docx_with(&file, &[], &[("word/document.xml", body)]);
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let docs = written(&t, &run.stdout);
    assert_eq!(title_of(&docs[0]), "2026年第三季度耕地地力保护补贴发放情况");
    assert!(
        run.stdout.contains("文件名"),
        "the title says where it came from: {}",
        run.stdout
    );
    assert!(body_of(&docs[0]).contains("城关镇"));

    // A name Windows or Word made up is no title: refused, with the hint.
    for name in [
        "新建 Microsoft Word 文档 (2).docx",
        "文档1.docx",
        "Document3.docx",
        "副本.docx",
        "2026-05-01.docx",
    ] {
        let file = beside(&t, name);
        // Each its own text: the same bytes twice are skipped as imported before.
        let body = document(&format!("{table}{}", para(name)));
        office::docx_with(&file, &[], &[("word/document.xml", body)]);
        let run = import(&t, &file, &[]);
        assert_ne!(run.status, 0, "{name}: {}", run.stdout);
        assert!(run.stdout.contains("--title"), "{name}: {}", run.stdout);
        assert!(written(&t, &run.stdout).is_empty());
        // `--title` gives it.
        let run = import(&t, &file, &["--title", "城关镇补贴发放情况"]);
        assert_eq!(run.status, 0, "{name}: {}{}", run.stdout, run.stderr);
        assert_eq!(title_of(&written(&t, &run.stdout)[0]), "城关镇补贴发放情况");
        assert!(run.stdout.contains("--title"));
    }

    // A copy's ` - 副本` and ` (2)` are no part of the title.
    let file = beside(&t, "关于公布第二批农村公路养护名单的通知 - 副本 (2).docx");
    let body = document(&format!("{table}{}", para("养护名单")));
    office::docx_with(&file, &[], &[("word/document.xml", body)]);
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        title_of(&written(&t, &run.stdout)[0]),
        "关于公布第二批农村公路养护名单的通知"
    );

    // `--title` names one file's title: with several files it is refused.
    let dir = file.parent().unwrap();
    let run = import(&t, dir, &["--title", "一个标题"]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("--title"), "{}", run.stderr);
}

#[test]
fn a_name_stored_in_gbk_is_read_as_gbk() {
    use std::os::unix::ffi::OsStrExt;
    let t = SiteTest::new("demo");
    let title = "关于做好冬季森林防火工作的通知";
    let (gbk, _, bad) = encoding_rs::GBK.encode(title);
    assert!(!bad);
    let mut name = gbk.into_owned();
    name.extend_from_slice(b".docx");
    // The folder is imported: the name is no argument a test can pass as text.
    let dir = t.root.parent().unwrap().join("gbk");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(std::ffi::OsStr::from_bytes(&name));
    let body = document(&format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>{}",
        para("防火期"),
        para("各乡镇要落实防火责任。")
    ));
    office::docx_with(&file, &[], &[("word/document.xml", body)]);
    let run = import(&t, &dir, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(title_of(&written(&t, &run.stdout)[0]), title);
}

#[test]
fn a_one_paragraph_notice_keeps_its_paragraph_as_body() {
    let t = SiteTest::new("demo");
    let file = beside(&t, "停水通知.docx");
    let only = "因管网改造，城关镇东街片区定于十二月十日停水一天，请各住户提前储水。";
    office::docx(&file, &[only]);
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let doc = &written(&t, &run.stdout)[0];
    assert_eq!(title_of(doc), only);
    assert!(body_of(doc).contains(only), "{doc}");
}

fn numbered(text: &str, num: u32, level: u8) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

#[test]
fn word_lists_become_markdown_lists_and_hyphens_stay_readable() {
    let t = SiteTest::new("demo");
    let level = |ilvl: u8, format: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/></w:lvl>"
        )
    };
    let numbering = format!(
        "<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"0\">{}{}</w:abstractNum><w:abstractNum w:abstractNumId=\"1\">{}{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>",
        level(0, "decimal", "%1."),
        level(1, "bullet", "\u{f0b7}"),
        level(0, "chineseCounting", "%1、"),
        level(1, "decimal", "%1.%2"),
    );
    let body = document(&[
        para("关于开展冬季安全生产大检查的通知"),
        para("各有关单位："),
        numbered("检查范围", 1, 0),
        numbered("检查内容", 1, 0),
        numbered("危险化学品储存", 1, 1),
        numbered("消防通道", 1, 1),
        numbered("工作要求", 1, 0),
        numbered("组织领导", 2, 0),
        numbered("分工", 2, 1),
        format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            numbered("表内甲", 1, 1),
            numbered("表内乙", 1, 1)
        ),
        "<w:p><w:r><w:t>联系电话：0000</w:t><w:noBreakHyphen/><w:t>1234567，传真同号；编</w:t><w:softHyphen/><w:t>号\u{ad}A\u{2011}1。</w:t></w:r></w:p>".to_string(),
    ]
    .concat());
    let file = beside(&t, "关于开展冬季安全生产大检查的通知.docx");
    office::docx_with(
        &file,
        &[],
        &[
            ("word/document.xml", body),
            ("word/numbering.xml", numbering),
        ],
    );
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let doc = &written(&t, &run.stdout)[0];
    let body = body_of(doc);
    let want = "1. 检查范围\n2. 检查内容\n    - 危险化学品储存\n    - 消防通道\n3. 工作要求";
    assert!(body.contains(want), "no\n{want}\nin\n{body}");
    // A Chinese label keeps its place before the text; a Latin one is set off by a space.
    assert!(body.contains("## 一、组织领导"), "{body}");
    assert!(body.contains("一.1 分工"), "as Word shows it: {body}");
    // In a table cell, an item keeps its marker in the cell's text.
    assert!(body.contains("- 表内甲"), "{body}");
    assert!(body.contains("- 表内乙"), "{body}");
    assert!(
        body.contains("联系电话：0000-1234567，传真同号；编号A-1。"),
        "{body}"
    );
    // And the site shows a list.
    let out = t.build();
    let page = std::fs::read_dir(out.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| read(&p))
        .find(|p| p.contains("检查范围"))
        .expect("the imported page");
    assert!(page.contains("<ol>"), "{page}");
    assert!(page.contains("<li>危险化学品储存</li>"), "{page}");
}

#[test]
fn footnotes_and_endnotes_become_markdown_footnotes() {
    let t = SiteTest::new("demo");
    let cite = |kind: &str, id: u32| format!("<w:r><w:{kind}Reference w:id=\"{id}\"/></w:r>");
    let body = document(&format!(
        "{}<w:p><w:r><w:t>依照有关条例办理。</w:t></w:r>{}<w:r><w:t>资金按季度拨付。</w:t></w:r>{}</w:p>{}",
        para("关于规范村级公益事业建设资金管理的通知"),
        cite("footnote", 2),
        cite("endnote", 1),
        // A rare character an office encoded itself, in Unicode's private use, stays.
        para("经办人：张\u{e000}明。特此通知。"),
    ));
    let note = |kind: &str, id: i32, typ: &str, inner: &str| {
        format!("<w:{kind} w:id=\"{id}\"{typ}>{inner}</w:{kind}>")
    };
    let footnotes = format!(
        "<w:footnotes xmlns:w=\"{W}\">{}{}</w:footnotes>",
        note("footnote", -1, " w:type=\"separator\"", &para("———")),
        note(
            "footnote",
            2,
            "",
            "<w:p><w:r><w:t>《村级公益事业建设一事一议财政奖补资金管理办法》第十条。</w:t></w:r><w:del><w:r><w:delText>删去的内部意见</w:delText></w:r></w:del></w:p>"
        ),
    );
    let endnotes = format!(
        "<w:endnotes xmlns:w=\"{W}\">{}</w:endnotes>",
        note("endnote", 1, "", &para("拨付时间以财政部门通知为准。")),
    );
    let file = beside(&t, "关于规范村级公益事业建设资金管理的通知.docx");
    office::docx_with(
        &file,
        &[],
        &[
            ("word/document.xml", body),
            ("word/footnotes.xml", footnotes),
            ("word/endnotes.xml", endnotes),
        ],
    );
    let run = import(&t, &file, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let doc = &written(&t, &run.stdout)[0];
    let body = body_of(doc);
    for want in [
        "依照有关条例办理。[^1]资金按季度拨付。[^2]",
        "[^1]: 《村级公益事业建设一事一议财政奖补资金管理办法》第十条。",
        "[^2]: 拨付时间以财政部门通知为准。",
    ] {
        assert!(body.contains(want), "no `{want}` in\n{body}");
    }
    assert!(body.contains("经办人：张\u{e000}明。"), "{body}");
    assert!(!doc.contains("删去的内部意见"), "{doc}");
    assert!(!doc.contains("———"), "a separator is no note: {doc}");
    // The page shows the notes, each linked from where it is cited.
    let out = t.build();
    let page = std::fs::read_dir(out.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| read(&p))
        .find(|p| p.contains("资金按季度拨付"))
        .expect("the imported page");
    assert!(page.contains("拨付时间以财政部门通知为准"), "{page}");
    assert!(page.contains("footnote-definition"), "{page}");
    assert!(!page.contains("[^1]"), "{page}");
}
