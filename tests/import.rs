//! `gongkai import` (SPEC §13) on real files: 公文 written as Word writes them and pages saved
//! from old portals, all made by the helpers here and in `tests/support/office.rs`.
//! `examples/import/` holds the same files for a new user to try: `UPDATE_EXAMPLES=1 cargo
//! test --test import examples` writes them; otherwise a test checks they are what these
//! helpers write.

mod support;

use std::path::Path;
use support::office::{self, Gongwen};
use support::{SiteTest, read, repo};

const TODAY: &str = "2026-11-22";

/// The first example: a 县政府办公室 notice with a merged table, an image and an attachment.
fn notice(path: &Path) {
    let rows: &[&[&str]] = &[
        &["序号", "任务", "<2 责任单位"],
        &["v 1", "财政预决算公开", "县财政局", "各预算单位"],
        &["^", "重大建设项目公开", "县发展和改革局", "各项目单位"],
        &["2", "政策解读", "<2 各文件起草部门"],
    ];
    office::gongwen(
        path,
        &Gongwen {
            top: &[],
            header: "示例县人民政府办公室文件",
            doc_no: "示政办发[2026]12号",
            title: &["示例县人民政府办公室关于做好", "2026年政务公开工作的通知"],
            to: "各乡镇人民政府，县直各部门：",
            body: &[
                "为深入贯彻《中华人民共和国政府信息公开条例》，进一步提升政务公开质量，现就做好2026年全县政务公开工作通知如下。",
                "@1 总体要求",
                "坚持以公开为常态、不公开为例外，围绕县委、县政府中心工作，推进决策、执行、管理、服务、结果公开。",
                "@1 重点任务",
                "@2 财政信息公开",
                "各预算单位在批复后20日内公开部门预算、决算，细化到功能分类的项级科目。",
                "@2 政策解读",
                "（一）同步解读。行政规范性文件与解读材料同步组织、同步审签、同步发布。",
                "@1 保障措施",
                "各单位要明确分管领导和工作人员，按照分工表完成各项任务，县政府办公室将适时通报。",
            ],
            table: Some((9, rows)),
            image: Some("示例县政务公开工作流程图"),
            attachments: &["示例县2026年政务公开重点任务分工表"],
            signer: "示例县人民政府办公室",
            date: "2026年3月10日",
            note: "（此件公开发布）",
            cc: "县委办公室，县人大常委会办公室，县政协办公室。",
            printed: "示例县人民政府办公室 2026年3月10日印发",
        },
    );
}

/// The second: a 教育局 notice dated in Chinese numerals.
fn education(path: &Path) {
    office::gongwen(
        path,
        &Gongwen {
            top: &[],
            header: "示例县教育局文件",
            doc_no: "示教发〔2026〕21号",
            title: &["示例县教育局关于做好2026年秋季学期", "学生资助工作的通知"],
            to: "各中小学校、幼儿园：",
            body: &[
                "为确保家庭经济困难学生应助尽助，现将2026年秋季学期学生资助工作有关事项通知如下。",
                "@1 资助对象",
                "在我县就读的家庭经济困难学生，优先保障脱贫家庭学生、低保家庭学生和特困供养学生。",
                "@1 工作要求",
                "（一）精准认定。学校要按照认定办法组织评议，评议结果在校内公示5个工作日。",
                "（二）按时发放。资助资金在10月31日前通过学生或监护人银行账户发放到位。",
            ],
            table: None,
            image: None,
            attachments: &[],
            signer: "示例县教育局",
            date: "二〇二六年九月一日",
            note: "（此件公开发布）",
            cc: "县财政局。",
            printed: "示例县教育局办公室 2026年9月1日印发",
        },
    );
}

/// A TRS-style page: label table, `.TRS_Editor` body, navigation, share buttons, footer,
/// and an attachment saved in the page's `_files` folder.
const TRS_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>示例县财政局2024年度部门决算公开_示例县人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script></head>
<body>
<div class="header"><div class="nav"><a href="../index.html">首页</a><a href="#">政务公开</a><a href="#">政务服务</a></div></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 财政预决算</div>
<table class="xxgk_table">
<tr><td class="t1">索&nbsp;引&nbsp;号：</td><td>01526383-3/2025-00010</td><td class="t1">发布机构：</td><td>县财政局</td></tr>
<tr><td class="t1">所属主题：</td><td>财政信息 &gt; 财政预决算</td><td class="t1">成文日期：</td><td>2025年08月25日</td></tr>
<tr><td class="t1">发布日期：</td><td>2025-08-28 09:30</td><td class="t1">文　　号：</td><td></td></tr>
<tr><td class="t1">主题词：</td><td>决算 部门决算</td><td class="t1">有效性：</td><td>有效</td></tr>
</table>
<h1 class="title">示例县财政局2024年度部门决算公开</h1>
<div class="TRS_Editor"><style>.TRS_Editor p{font-size:16px}</style>
<p style="text-indent:2em;font-family:仿宋">&nbsp;&nbsp;根据《中华人民共和国预算法》规定，现将示例县财政局2024年度部门决算公开如下。</p>
<p style="text-indent:2em"><strong>一、部门基本情况</strong></p>
<p style="text-indent:2em">县财政局内设办公室、预算股、国库股等7个股室，年末实有人员38人。</p>
<p><br></p>
<p style="text-indent:2em"><strong>二、收入支出决算总体情况</strong></p>
<table border="1" style="border-collapse:collapse">
<tr><td rowspan="2">项目</td><td colspan="2">金额（万元）</td></tr>
<tr><td>2024年</td><td>2023年</td></tr>
<tr><td>一般公共预算财政拨款收入</td><td>1,286.40</td><td>1,204.15</td></tr>
<tr><td>支出合计</td><td>1,279.62</td><td>1,198.77</td></tr>
</table>
<p style="text-indent:2em">&nbsp;</p>
<p>附件：<a href="./t20250828_1001_files/P020250828.xlsx">示例县财政局2024年度部门决算公开表</a></p>
</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="footer">主办：示例县人民政府办公室　网站标识码：5299000001</div>
</body></html>
"##;

/// A 大汉-style page saved as GB2312: labels in `<li><b>…</b>`, body in `#zoom`, an image.
const DAHAN_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>示例县2025年公开招聘事业单位工作人员公告</title></head>
<body>
<ul class="nav"><li>首页</li><li>信息公开</li></ul>
<div class="xxgk_info"><ul>
<li><b>索引号：</b>01526384-1/2025-00009</li>
<li><b>发布机构：</b>县人力资源和社会保障局</li>
<li><b>公开目录：</b>法定主动公开内容 &gt; 招考招聘</li>
<li><b>发文日期：</b>2025-04-02</li>
<li><b>发布时间：</b>2025-04-03</li>
<li><b>关键词：</b>招聘，事业单位</li>
</ul></div>
<div id="zoom">
<h2>示例县2025年公开招聘事业单位工作人员公告</h2>
<p>　　经县人民政府同意，县人力资源和社会保障局决定面向社会公开招聘事业单位工作人员42名。</p>
<p>　　一、招聘计划</p>
<p>　　本次招聘计划42名，其中教育类30名、卫生类12名。</p>
<p><img src="./art_2025_118_files/liucheng.png" alt="报名流程图"></p>
<p>　　二、报名时间</p>
<p>　　2025年4月10日至4月16日，逾期不予受理。</p>
</div>
<div id="share">分享</div>
<div class="footer">示例县人民政府</div>
</body></html>
"##;

/// Everything in `examples/import/`: two Word files (with the first one's attachment in
/// 附件/) and two saved portal pages with their folders.
fn examples(dir: &Path) {
    notice(&dir.join("示例县人民政府办公室关于做好2026年政务公开工作的通知.docx"));
    office::xlsx(
        &dir.join("附件/示例县2026年政务公开重点任务分工表.xlsx"),
        "分工表",
        &[
            &["序号", "任务", "责任单位", "完成时限"],
            &["1", "财政预决算公开", "县财政局", "2026年12月"],
            &["2", "政策解读", "各文件起草部门", "随文件发布"],
        ],
    );
    education(&dir.join("示例县教育局关于做好2026年秋季学期学生资助工作的通知.docx"));
    let portal = dir.join("门户");
    std::fs::create_dir_all(portal.join("t20250828_1001_files")).unwrap();
    std::fs::write(portal.join("t20250828_1001.html"), TRS_PAGE).unwrap();
    office::xlsx(
        &portal.join("t20250828_1001_files/P020250828.xlsx"),
        "决算公开表",
        &[
            &["项目", "2024年", "2023年"],
            &["支出合计", "1279.62", "1198.77"],
        ],
    );
    std::fs::create_dir_all(portal.join("art_2025_118_files")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(DAHAN_PAGE);
    std::fs::write(portal.join("art_2025_118.html"), &gbk).unwrap();
    std::fs::write(portal.join("art_2025_118_files/liucheng.png"), office::PNG).unwrap();
}

#[test]
fn examples_are_what_the_helpers_write() {
    let committed = repo().join("examples/import");
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        examples(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    examples(fresh.path());
    assert_eq!(
        support::tree(fresh.path()),
        support::tree(&committed),
        "examples/import differs from what tests/import.rs writes: run UPDATE_EXAMPLES=1 cargo test --test import examples"
    );
}

/// The demo site without the documents it imported from the examples (and their images
/// and attachments), with the examples in a folder beside it.
fn demo_with_examples() -> (SiteTest, std::path::PathBuf) {
    let t = SiteTest::new("demo");
    for (rel, bytes) in support::tree(&t.path("content")) {
        if rel.ends_with(".md") && String::from_utf8_lossy(&bytes).contains("gongkai import\n") {
            let md = t.path("content").join(&rel);
            let dir = md.parent().unwrap().to_path_buf();
            let stem = md.file_stem().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!("{stem}-图")) || text.contains(&format!("\"{name}\""))
                {
                    std::fs::remove_file(e.path()).unwrap();
                }
            }
            std::fs::remove_file(md).unwrap();
        }
    }
    let ex = t.root.parent().unwrap().join("examples");
    examples(&ex);
    (t, ex)
}

fn front(text: &str) -> serde_yaml::Mapping {
    let end = text[3..].find("\n---").unwrap() + 3;
    serde_yaml::from_str(&text[3..end]).unwrap()
}

fn field(text: &str, key: &str) -> String {
    // A document may use the Chinese keys.
    let alias = match key {
        "title" => "标题",
        "index_no" => "索引号",
        "issuer" => "发布机构",
        "category" => "公开目录",
        "published" => "发布日期",
        "written" => "成文日期",
        "doc_no" => "文号",
        "keywords" => "主题词",
        "attribute" => "公开属性",
        "doc_type" => "文件类型",
        other => other,
    };
    let front = front(text);
    match front.get(key).or_else(|| front.get(alias)) {
        Some(serde_yaml::Value::String(s)) => s.clone(),
        Some(serde_yaml::Value::Sequence(v)) => v
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join("|"),
        Some(other) => serde_yaml::to_string(other).unwrap().trim().to_string(),
        None => String::new(),
    }
}

/// The documents `import` wrote, from its report (`已写入 content/…`).
fn written(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("已写入 "))
        .map(|l| l.split('（').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_new_user_imports_the_examples_checks_and_builds() {
    let (t, ex) = demo_with_examples();
    let ex = ex.to_str().unwrap();
    let run = t.run(&[
        "import",
        ex,
        "--category",
        "通知公告",
        "--attribute",
        "主动公开",
    ]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let files = written(&run.stdout);
    assert_eq!(files.len(), 4, "{}", run.stdout);
    // Each field is printed with where it came from.
    for line in [
        "文号：示政办发〔2026〕12号  ← 第 2 段（发文字号）",
        "成文日期：2026-09-01  ← 第 13 段（落款日期）",
        "发布机构：县教育局  ← 第 12 段（落款）",
        "索引号：01526383-3/2025-00010  ← 标签“索引号”",
        "公开目录：财政预决算  ← 标签“所属主题”",
        "公开目录：招考招聘  ← 标签“公开目录”",
        "公开目录：通知公告  ← --category",
    ] {
        assert!(run.stdout.contains(line), "no `{line}` in\n{}", run.stdout);
    }
    // `check`: no formatting finding on the new documents, and no error anywhere.
    let check = t.run(&["check", "--format", "json"]);
    let findings = check.json();
    for f in &findings {
        let file = f["file"].as_str().unwrap_or_default();
        assert!(
            !files.iter().any(|w| w == file) || f["severity"] != "error",
            "error on an imported file: {f}"
        );
        if files.iter().any(|w| w == file) {
            let code = f["code"].as_str().unwrap();
            assert!(
                ![
                    "fullwidth-indent",
                    "empty-paragraphs",
                    "inline-style",
                    "doc-no-brackets",
                    "image-alt"
                ]
                .contains(&code),
                "formatting finding on an imported file: {f}"
            );
        }
    }
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "{}",
        check.stdout
    );
    let out = t.build();
    // The pages show the originals' metadata and tables.
    let notice = read(&out.join("docs/00952632-5-2026-00012.html"));
    let trs = read(&out.join("docs/01526383-3-2025-00010.html"));
    for (page, wants) in [
        (
            &notice,
            &[
                "示例县人民政府办公室关于做好2026年政务公开工作的通知",
                "示政办发〔2026〕12号",
                "2026-03-10",
                "rowspan=\"2\"",
                "colspan=\"2\"",
                "alt=\"示例县政务公开工作流程图\"",
                "示例县2026年政务公开重点任务分工表.xlsx",
                "一、总体要求",
                "（二）政策解读",
            ][..],
        ),
        (
            &trs,
            &[
                "示例县财政局2024年度部门决算公开",
                "2025-08-25",
                "2025-08-28",
                "rowspan=\"2\"",
                "1,286.40",
                "示例县财政局2024年度部门决算公开表.xlsx",
            ][..],
        ),
    ] {
        for want in wants {
            assert!(page.contains(want), "no `{want}` on the page");
        }
    }
    for gone in [
        "示例县人民政府办公室文件",
        "抄送",
        "印发",
        "— 1 —",
        "分享到",
        "统计代码",
        "打印本页",
    ] {
        assert!(
            !notice.contains(gone) && !trs.contains(gone),
            "`{gone}` was imported"
        );
    }
    // Importing the same folder again changes nothing.
    let before = support::tree(&t.path("content"));
    let again = t.run(&[
        "import",
        ex,
        "--category",
        "通知公告",
        "--attribute",
        "主动公开",
    ]);
    assert_eq!(again.status, 0, "{}", again.stdout);
    assert_eq!(
        again.stdout.matches("跳过：").count(),
        4,
        "{}",
        again.stdout
    );
    assert_eq!(support::tree(&t.path("content")), before);
    // The same page saved again (other bytes, the same 索引号) is known by its number.
    let resaved = t.root.parent().unwrap().join("again/t20250828_1001.html");
    std::fs::create_dir_all(resaved.parent().unwrap()).unwrap();
    std::fs::write(&resaved, TRS_PAGE.replace("统计代码", "新的统计代码")).unwrap();
    let run = t.run(&["import", resaved.to_str().unwrap()]);
    assert!(
        run.stdout
            .contains("跳过：索引号 01526383-3/2025-00010 已在 content/ 中"),
        "{}",
        run.stdout
    );
    assert_eq!(support::tree(&t.path("content")), before);
}

#[test]
fn a_gongwen_leaves_its_layout_behind_and_keeps_its_structure() {
    let (t, ex) = demo_with_examples();
    let file = ex.join("示例县人民政府办公室关于做好2026年政务公开工作的通知.docx");
    let run = t.run(&[
        "import",
        file.to_str().unwrap(),
        "--category",
        "tzgg",
        "--attribute",
        "主动公开",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let rel = &written(&run.stdout)[0];
    // The next index number of 县人民政府办公室, which has eleven documents this year.
    assert_eq!(rel, "content/xzfb/2026/012.md");
    let text = read(&t.path(rel));
    assert_eq!(
        field(&text, "title"),
        "示例县人民政府办公室关于做好2026年政务公开工作的通知"
    );
    assert_eq!(field(&text, "doc_no"), "示政办发〔2026〕12号");
    assert_eq!(field(&text, "written"), "2026-03-10");
    assert_eq!(field(&text, "published"), TODAY);
    assert_eq!(field(&text, "issuer"), "县人民政府办公室");
    assert_eq!(field(&text, "attribute"), "主动公开");
    assert_eq!(
        field(&text, "attachments"),
        "示例县2026年政务公开重点任务分工表.xlsx"
    );
    assert!(
        t.path("content/xzfb/2026/示例县2026年政务公开重点任务分工表.xlsx")
            .is_file()
    );
    assert_eq!(
        std::fs::read(t.path("content/xzfb/2026/012-图1.png")).unwrap(),
        office::PNG
    );
    let body = &text[text[3..].find("\n---").unwrap() + 8..];
    for want in [
        "## 一、总体要求",
        "## 二、重点任务",
        "### （一）财政信息公开",
        "（一）同步解读。行政规范性文件",
        "![示例县政务公开工作流程图](012-图1.png)",
        "<th colspan=\"2\">责任单位</th>",
        "<td rowspan=\"2\">1</td>",
    ] {
        assert!(body.contains(want), "no `{want}` in\n{body}");
    }
    for gone in [
        "\u{3000}",
        "示例县人民政府办公室文件",
        "抄送",
        "印发",
        "— 1 —",
        "此件公开发布",
        "附件：",
        "2026年3月10日",
        "\n\n\n",
    ] {
        assert!(!body.contains(gone), "`{gone}` in\n{body}");
    }
}

#[test]
fn what_cannot_be_resolved_is_not_written_and_says_what_to_give() {
    let (t, ex) = demo_with_examples();
    let file = ex.join("示例县教育局关于做好2026年秋季学期学生资助工作的通知.docx");
    let file = file.to_str().unwrap();
    let run = t.run(&["import", file]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .contains("用 --attribute 指定 主动公开、依申请公开 或 不予公开"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("用 --category 指定，可用的有：政府信息公开指南、"),
        "{}",
        run.stdout
    );
    let run = t.run(&[
        "import",
        file,
        "--attribute",
        "主动公开",
        "--category",
        "不存在",
        "--issuer",
        "县教育局",
    ]);
    assert!(
        run.stdout
            .contains("`不存在`（--category）都不在 site.toml 中"),
        "{}",
        run.stdout
    );
    // --dry-run prints and writes nothing.
    let before = support::tree(&t.path("content"));
    let run = t.run(&[
        "import",
        file,
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
        "--dry-run",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("将写入 content/jyj/2026/011.md（--dry-run，未写）"),
        "{}",
        run.stdout
    );
    assert_eq!(support::tree(&t.path("content")), before);
    // A 附注 that says otherwise wins over the command line: never publish more.
    let secret = t.root.parent().unwrap().join("内部.docx");
    office::gongwen(
        &secret,
        &Gongwen {
            note: "（此件不予公开）",
            ..gongwen_of("内部事项的通知")
        },
    );
    let run = t.run(&[
        "import",
        secret.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("公开属性：不予公开  ← 附注（此件不予公开）"),
        "{}",
        run.stdout
    );
}

/// A small 公文 of 县人民政府 with `title`.
fn gongwen_of(title: &'static str) -> Gongwen<'static> {
    Gongwen {
        top: &[],
        header: "示例县人民政府文件",
        doc_no: "示政发〔2026〕40号",
        title: Box::leak(Box::new([title])),
        to: "各乡镇人民政府：",
        body: &["现将有关事项通知如下。"],
        table: None,
        image: None,
        attachments: &[],
        signer: "示例县人民政府",
        date: "2026年11月2日",
        note: "（此件公开发布）",
        cc: "县委办公室。",
        printed: "示例县人民政府办公室 2026年11月2日印发",
    }
}

#[test]
fn hostile_files_fail_alone_with_their_names() {
    let t = SiteTest::new("demo");
    let dir = t.root.parent().unwrap().join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("旧格式.doc"), b"\xd0\xcf\x11\xe0 not really").unwrap();
    std::fs::write(dir.join("改名.docx"), "这其实是一个文本文件").unwrap();
    office::docx_entities(&dir.join("实体.docx"));
    office::docx_bomb(&dir.join("炸弹.docx"), 80);
    office::docx_nested_tables(&dir.join("嵌套.docx"), 40);
    std::fs::write(
        dir.join("残缺.html"),
        "<html><body><div class=\"TRS_Editor\"><p>索引号：<table><tr><td>未闭合",
    )
    .unwrap();
    let deep = |n: usize| {
        format!(
            "<html><head><title>深页</title></head><body><div id=\"zoom\">{}深处的文字{}</div></body></html>",
            "<div><span>".repeat(n),
            "</span></div>".repeat(n)
        )
    };
    std::fs::write(dir.join("很深.html"), deep(50_000)).unwrap();
    std::fs::write(dir.join("较深.html"), deep(400)).unwrap();
    let started = std::time::Instant::now();
    let run = t.run(&[
        "import",
        dir.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
        "--issuer",
        "县人民政府",
    ]);
    assert!(
        started.elapsed().as_secs() < 30,
        "import took {:?}",
        started.elapsed()
    );
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let says = |file: &str, what: &str| {
        let at = run
            .stdout
            .find(file)
            .unwrap_or_else(|| panic!("{file} not named:\n{}", run.stdout));
        let next = run.stdout[at..].lines().nth(1).unwrap_or_default();
        assert!(
            next.contains(what),
            "{file}: `{next}` does not say `{what}`"
        );
    };
    says("旧格式.doc", "另存为” .docx");
    says("改名.docx", "不是有效的 .docx");
    says("炸弹.docx", "解压后超过");
    says("嵌套.docx", "表格嵌套超过");
    says("很深.html", "嵌套超过 1000 层");
    // The entity is not expanded: the file imports with no billion laughs in it.
    let entity = written(&run.stdout)
        .into_iter()
        .map(|rel| read(&t.path(&rel)))
        .find(|text| text.contains("实体.docx"));
    assert!(entity.is_none_or(|text| !text.contains("哈哈")));
    // The deep page's words are still read, as text.
    let deep = written(&run.stdout)
        .into_iter()
        .map(|rel| read(&t.path(&rel)))
        .any(|x| x.contains("深处的文字"));
    assert!(deep, "{}", run.stdout);
}

#[test]
fn a_gongkai_page_imports_back_to_the_same_front_matter() {
    let demo = SiteTest::new("demo");
    let out = demo.build();
    // A site with the same settings and no documents, importing every page `build` wrote.
    let t = SiteTest::new("demo");
    std::fs::remove_dir_all(t.path("content")).unwrap();
    std::fs::create_dir_all(t.path("content")).unwrap();
    let run = t.run(&["import", out.join("docs").to_str().unwrap()]);
    let (sources, _) = (support::tree(&demo.path("content")), ());
    let mut compared = 0;
    for rel in written(&run.stdout) {
        let got = read(&t.path(&rel));
        let no = field(&got, "index_no");
        let original = sources
            .iter()
            .filter(|(p, _)| p.ends_with(".md"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .find(|text| field(text, "index_no") == no)
            .unwrap_or_else(|| panic!("{no} has no original"));
        for key in [
            "title",
            "index_no",
            "issuer",
            "category",
            "published",
            "written",
            "doc_no",
            "keywords",
            "attribute",
            "doc_type",
        ] {
            let (want, have) = (field(&original, key), field(&got, key));
            // A page shows 其他 for a document with no type.
            if key == "doc_type" && want.is_empty() && have == "其他" {
                continue;
            }
            // The category is written as its id; the original may use the name.
            if key == "category" && want != have {
                assert!(
                    read(&t.path("site.toml")).contains(&format!("id = \"{have}\"")),
                    "{rel}: category {have} vs {want}"
                );
                continue;
            }
            assert_eq!(have, want, "{rel} ({no}): {key}");
        }
        compared += 1;
    }
    assert!(
        compared > 40,
        "only {compared} pages imported back:\n{}",
        run.stdout
    );
}

#[test]
fn a_withheld_word_file_leaves_nothing_in_the_output() {
    let t = SiteTest::new("demo");
    let file = t.root.parent().unwrap().join("内部.docx");
    let marker = "leakmarkerimportqz7";
    office::gongwen(
        &file,
        &Gongwen {
            body: &["关于qz7人事调整的内部意见leakmarkerimportqz7，请各单位严格保密。"],
            ..gongwen_of("关于内部人事调整意见leakmarkerimportqz7的通知")
        },
    );
    let run = t.run(&[
        "import",
        file.to_str().unwrap(),
        "--attribute",
        "不予公开",
        "--category",
        "通知公告",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        field(&read(&t.path(&written(&run.stdout)[0])), "attribute"),
        "不予公开"
    );
    let out = t.build();
    let never: std::collections::BTreeSet<String> =
        [marker.to_string(), "内部人事调整".into()].into();
    assert_eq!(support::leak::scan(&out, &never), vec![]);
}

/// Writes the 30-page 公文 `bench/import.py` times (to `GONGKAI_BENCH_DOCX`); not a test.
#[test]
#[ignore]
fn bench_docx() {
    if let Some(path) = std::env::var_os("GONGKAI_BENCH_DOCX") {
        office::long_gongwen(Path::new(&path), 30);
    }
}

#[test]
fn an_image_word_gave_no_alt_text_is_reported_at_import_and_by_check() {
    let t = SiteTest::new("demo");
    let file = t.root.parent().unwrap().join("无替代文字.docx");
    office::gongwen(
        &file,
        &Gongwen {
            image: Some(""),
            ..gongwen_of("关于公布办事流程的通知")
        },
    );
    let run = t.run(&[
        "import",
        file.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("在原文件中没有替代文字"),
        "{}",
        run.stdout
    );
    let rel = written(&run.stdout)[0].clone();
    let check = t.run(&["check", "--format", "json"]);
    assert!(
        check
            .json()
            .iter()
            .any(|f| f["code"] == "image-alt" && f["file"] == rel.as_str()),
        "{}",
        check.stdout
    );
}

/// A Word file beside the site, written by `write`, imported with `--attribute attribute`
/// into 通知公告: the run and the content folder before it.
fn import_docx(
    t: &SiteTest,
    name: &str,
    attribute: &str,
    write: impl FnOnce(&Path),
) -> (support::Run, std::collections::BTreeMap<String, Vec<u8>>) {
    let file = t.root.parent().unwrap().join("导入").join(name);
    write(&file);
    let before = support::tree(&t.path("content"));
    let run = t.run(&[
        "import",
        file.to_str().unwrap(),
        "--attribute",
        attribute,
        "--category",
        "通知公告",
    ]);
    (run, before)
}

/// The body of a written document (after its front matter).
fn body_of(text: &str) -> &str {
    &text[text[3..].find("\n---").unwrap() + 8..]
}

#[test]
fn a_classified_or_internal_gongwen_is_refused_and_nothing_is_written() {
    let t = SiteTest::new("demo");
    for (name, top, note, attribute, says) in [
        (
            "秘密.docx",
            &["000123", "秘密★1年", "特急"][..],
            "（此件公开发布）",
            "主动公开",
            "密级标识“秘密★1年”",
        ),
        // Refused even when the office meant to withhold it: it is no catalogue's.
        (
            "机密.docx",
            &["机密"][..],
            "（此件不予公开）",
            "不予公开",
            "密级标识“机密”",
        ),
        (
            "内部.docx",
            &[][..],
            "（内部资料）",
            "主动公开",
            "内部标识“（内部资料）”（附注）",
        ),
    ] {
        let (run, before) = import_docx(&t, name, attribute, |p| {
            office::gongwen(
                p,
                &Gongwen {
                    top,
                    note,
                    ..gongwen_of("关于做好年终工作的通知")
                },
            )
        });
        assert_eq!(run.status, 1, "{name}: {}", run.stdout);
        assert!(
            run.stdout.contains(says),
            "{name}: no `{says}` in\n{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("涉密文件和内部文件不进入政府信息公开目录"),
            "{}",
            run.stdout
        );
        assert!(written(&run.stdout).is_empty(), "{}", run.stdout);
        assert_eq!(support::tree(&t.path("content")), before, "{name}");
    }
}

#[test]
fn each_note_form_sets_the_strictest_attribute() {
    let t = SiteTest::new("demo");
    // (附注 under the date, a line of the body, --attribute, the attribute written)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("(此件不予公开)", "", "主动公开", "不予公开"),
        ("（此件不予公开）。", "", "主动公开", "不予公开"),
        ("【此件不予公开】", "", "主动公开", "不予公开"),
        ("（不予公开）", "", "主动公开", "不予公开"),
        ("（此件不对外公开）", "", "依申请公开", "不予公开"),
        ("[此件不公开]", "", "主动公开", "不予公开"),
        ("〔此件依申请公开〕", "", "主动公开", "依申请公开"),
        // Never looser than the command line, nor than another note.
        ("〔此件依申请公开〕", "", "不予公开", "不予公开"),
        ("（此件公开发布）", "", "依申请公开", "依申请公开"),
        ("（此件主动公开）", "", "主动公开", "主动公开"),
        (
            "（此件公开发布）",
            "【此件不予公开】",
            "主动公开",
            "不予公开",
        ),
        (
            "（此件公开发布）",
            "(此件依申请公开).",
            "主动公开",
            "依申请公开",
        ),
    ];
    for (n, (note, line, attribute, want)) in cases.iter().enumerate() {
        let title: &'static str = Box::leak(format!("关于第{n}项工作安排的通知").into_boxed_str());
        let body: &'static [&'static str] = Box::leak(Box::new(["现将有关事项通知如下。", *line]));
        let (run, _) = import_docx(&t, &format!("附注{n}.docx"), attribute, |p| {
            office::gongwen(
                p,
                &Gongwen {
                    note,
                    body: if line.is_empty() { &body[..1] } else { body },
                    ..gongwen_of(title)
                },
            )
        });
        assert_eq!(run.status, 0, "{note} {line}: {}", run.stdout);
        let text = read(&t.path(&written(&run.stdout)[0]));
        assert_eq!(
            field(&text, "attribute"),
            *want,
            "{note} {line} --attribute {attribute}"
        );
        // The note's fact is the attribute; the line leaves the body.
        let body = body_of(&text);
        assert!(!body.contains("此件") && !body.contains("公开"), "{body}");
    }
    // A Word file still needs --attribute when its note says 公开发布.
    let file = t.root.parent().unwrap().join("导入/没有属性.docx");
    office::gongwen(&file, &gongwen_of("关于没有属性的通知"));
    let run = t.run(&["import", file.to_str().unwrap(), "--category", "通知公告"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(run.stdout.contains("用 --attribute 指定"), "{}", run.stdout);
}

#[test]
fn an_unclear_note_is_refused_for_a_person_to_decide() {
    let t = SiteTest::new("demo");
    for (name, note, line) in [
        ("部分.docx", "（此件部分公开）", ""),
        ("暂缓.docx", "（此件公开发布）", "【暂缓公开】"),
    ] {
        let body: &'static [&'static str] = Box::leak(Box::new(["现将有关事项通知如下。", line]));
        let (run, before) = import_docx(&t, name, "主动公开", |p| {
            office::gongwen(
                p,
                &Gongwen {
                    note,
                    body: if line.is_empty() { &body[..1] } else { body },
                    ..gongwen_of("关于暂缓事项的通知")
                },
            )
        });
        assert_eq!(run.status, 1, "{}", run.stdout);
        assert!(run.stdout.contains("请人工确认公开属性"), "{}", run.stdout);
        assert!(
            run.stdout
                .contains(if line.is_empty() { note } else { line }),
            "{}",
            run.stdout
        );
        assert_eq!(support::tree(&t.path("content")), before);
    }
}

#[test]
fn a_folder_import_writes_the_good_files_and_lists_the_refused() {
    let t = SiteTest::new("demo");
    let dir = t.root.parent().unwrap().join("文件夹");
    office::gongwen(
        &dir.join("1好.docx"),
        &gongwen_of("关于做好冬季安全生产工作的通知"),
    );
    office::gongwen(
        &dir.join("2密.docx"),
        &Gongwen {
            top: &["秘密★1年"],
            ..gongwen_of("关于某项工作的通知")
        },
    );
    office::gongwen(
        &dir.join("3不清.docx"),
        &Gongwen {
            note: "【暂缓公开】",
            ..gongwen_of("关于另一项工作的通知")
        },
    );
    let run = t.run(&[
        "import",
        dir.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
    ]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let files = written(&run.stdout);
    assert_eq!(files.len(), 1, "{}", run.stdout);
    assert!(read(&t.path(&files[0])).contains("关于做好冬季安全生产工作的通知"));
    let list = &run.stdout[run
        .stdout
        .find("未导入的文件 (not imported):")
        .unwrap_or_else(|| panic!("no list of refused files in\n{}", run.stdout))..];
    let listed: Vec<&str> = list
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(listed.len(), 2, "{list}");
    assert!(listed[0].contains("2密.docx") && listed[0].contains("涉密文件和内部文件"));
    assert!(listed[1].contains("3不清.docx") && listed[1].contains("请人工确认公开属性"));
}

/// A page saved from an old portal of 县人民政府办公室 with `body` in its content block.
fn portal_page(index_no: &str, title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<table><tr><td>索引号：</td><td>{index_no}</td><td>发布机构：</td><td>县人民政府办公室</td></tr>
<tr><td>公开目录：</td><td>通知公告</td><td>发布日期：</td><td>2025-06-01</td></tr></table>
<h1>{title}</h1><div class="TRS_Editor">{body}</div></body></html>"#
    )
}

#[test]
fn a_portal_page_is_read_for_notes_and_marks_in_its_body() {
    let t = SiteTest::new("demo");
    let dir = t.root.parent().unwrap().join("门户");
    std::fs::create_dir_all(&dir).unwrap();
    let page = |name: &str, no: &str, title: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, portal_page(no, title, body)).unwrap();
        p
    };
    let import = |p: &Path| t.run(&["import", p.to_str().unwrap()]);
    // A note alone in the body withholds the page.
    let run = import(&page(
        "a.html",
        "00952632-5/2025-00901",
        "关于调整有关事项的通知",
        "<p>现将有关事项通知如下。</p><p>　　（此件不予公开）</p>",
    ));
    assert_eq!(run.status, 0, "{}", run.stdout);
    let text = read(&t.path(&written(&run.stdout)[0]));
    assert_eq!(field(&text, "attribute"), "不予公开");
    assert!(!body_of(&text).contains("此件"));
    // A mark alone in the body refuses it.
    let run = import(&page(
        "b.html",
        "00952632-5/2025-00902",
        "关于内部事项的通知",
        "<p>内部资料</p><p>现将有关事项通知如下。</p>",
    ));
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("内部标识“内部资料”（正文第 1 段）"),
        "{}",
        run.stdout
    );
    // An annual report's headings and rows are content.
    let run = import(&page(
        "c.html",
        "00952632-5/2025-00903",
        "示例县2024年政府信息公开工作年度报告",
        "<h3>（二）依申请公开</h3><p>（二）依申请公开。全年新收申请41件。</p><table><tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr></table>",
    ));
    assert_eq!(run.status, 0, "{}", run.stdout);
    let text = read(&t.path(&written(&run.stdout)[0]));
    assert_eq!(field(&text, "attribute"), "主动公开");
    assert!(body_of(&text).contains("属于国家秘密"));
}

#[test]
fn word_comments_hidden_text_and_deletions_are_never_imported() {
    let t = SiteTest::new("demo");
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let raw = [
        // A tracked deletion as Word writes it, and a hand-made one holding plain text;
        // an insertion is kept.
        format!(
            "<w:p>{}<w:del w:id=\"1\" w:author=\"张三\"><w:r><w:delText>删去的话DELTEXTQZ</w:delText></w:r></w:del><w:del w:id=\"2\" w:author=\"张三\">{}</w:del><w:ins w:id=\"3\" w:author=\"张三\">{}</w:ins></w:p>",
            r("保留的正文。"),
            r("删去的话DELRUNQZ"),
            r("插入的话。")
        ),
        // Text moved away, and moved here.
        format!("<w:p><w:moveFrom w:id=\"4\" w:author=\"张三\">{}</w:moveFrom></w:p>", r("移走的话MOVEFROMQZ")),
        format!("<w:p><w:moveTo w:id=\"5\" w:author=\"张三\">{}</w:moveTo></w:p>", r("移来的话。")),
        // Hidden text, directly and by its style; a run that turns hiding off is shown.
        format!(
            "<w:p>{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的话HIDDENQZ</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"Secret\"/></w:rPr><w:t>样式隐藏的话STYLEQZ</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"Secret\"/><w:vanish w:val=\"false\"/></w:rPr><w:t>又显示的话。</w:t></w:r></w:p>",
            r("看得见的话。")
        ),
        // A comment on visible words, and a field's code.
        format!(
            "<w:p><w:commentRangeStart w:id=\"0\"/>{}<w:commentRangeEnd w:id=\"0\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r></w:p>",
            r("被批注的话。")
        ),
        format!(
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"http://example.cn/FIELDQZ\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
            r("链接的话。")
        ),
        // A whole paragraph hidden: a note in it says nothing.
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>（此件部分公开）</w:t></w:r></w:p>".to_string(),
    ]
    .concat();
    let styles = "<w:style w:type=\"character\" w:styleId=\"Secret\"><w:name w:val=\"Secret\"/><w:rPr><w:vanish/></w:rPr></w:style>";
    let comment = "<w:comment w:id=\"0\" w:author=\"李四\"><w:p><w:r><w:t>批注的话COMMENTQZ</w:t></w:r></w:p></w:comment>";
    let (run, _) = import_docx(&t, "修订.docx", "主动公开", |p| {
        office::gongwen_with(
            p,
            &gongwen_of("关于修订事项的通知"),
            &raw,
            styles,
            &[comment],
        )
    });
    assert_eq!(run.status, 0, "{}", run.stdout);
    let text = read(&t.path(&written(&run.stdout)[0]));
    for kept in [
        "保留的正文。插入的话。",
        "移来的话。",
        "看得见的话。又显示的话。",
        "被批注的话。",
        "链接的话。",
    ] {
        assert!(body_of(&text).contains(kept), "no `{kept}` in\n{text}");
    }
    // The summary says what was left out, with counts.
    let hidden: usize = [
        "隐藏的话HIDDENQZ",
        "样式隐藏的话STYLEQZ",
        "（此件部分公开）",
    ]
    .iter()
    .map(|s| s.chars().count())
    .sum();
    let summary = format!("批注 1 条、修订中删除的内容 3 处、隐藏文字 {hidden} 字");
    assert!(
        run.stdout.contains(&summary),
        "no `{summary}` in\n{}",
        run.stdout
    );
    for gone in [
        "DELTEXTQZ",
        "DELRUNQZ",
        "MOVEFROMQZ",
        "HIDDENQZ",
        "STYLEQZ",
        "COMMENTQZ",
        "FIELDQZ",
        "HYPERLINK",
        "部分公开",
    ] {
        assert!(!text.contains(gone), "`{gone}` imported:\n{text}");
    }
}

/// SPEC §15, every note form: each bracket, with and without 此件, with no stop or a stop
/// inside or outside the bracket, for each phrase that withholds — a folder of 160 公文, each
/// with a marker in its body, imported with `--attribute 主动公开`, then built: every one is
/// imported at least as strict as its note says, and no marker reaches the output.
#[test]
fn every_note_form_withholds_and_nothing_of_it_is_published() {
    let t = SiteTest::new("demo");
    let folder = t.root.parent().unwrap().join("附注");
    let brackets = [
        ("（", "）"),
        ("(", ")"),
        ("【", "】"),
        ("[", "]"),
        ("〔", "〕"),
    ];
    let phrases = [
        ("不予公开", "不予公开"),
        ("不公开", "不予公开"),
        ("不对外公开", "不予公开"),
        ("依申请公开", "依申请公开"),
    ];
    let mut expected = std::collections::BTreeMap::new();
    let mut n = 0;
    for (open, close) in brackets {
        for this in ["", "此件"] {
            for stop in ["", "inside", "outside", "period"] {
                for (phrase, want) in phrases {
                    n += 1;
                    let note = match stop {
                        "inside" => format!("{open}{this}{phrase}。{close}"),
                        "outside" => format!("{open}{this}{phrase}{close}。"),
                        "period" => format!("{open}{this}{phrase}{close}."),
                        _ => format!("{open}{this}{phrase}{close}"),
                    };
                    let marker = format!("zqnotemarker{n:03}x");
                    let title: &'static str =
                        Box::leak(format!("关于第{n}项附注测试的通知").into_boxed_str());
                    let line: &'static str =
                        Box::leak(format!("本件内容{marker}仅供内部研究。").into_boxed_str());
                    let note: &'static str = Box::leak(note.into_boxed_str());
                    office::gongwen(
                        &folder.join(format!("附注{n:03}.docx")),
                        &Gongwen {
                            note,
                            body: Box::leak(Box::new(["现将有关事项通知如下。", line])),
                            ..gongwen_of(title)
                        },
                    );
                    expected.insert(title.to_string(), (want, marker, note));
                }
            }
        }
    }
    let run = t.run(&[
        "import",
        folder.to_str().unwrap(),
        "--attribute",
        "主动公开",
        "--category",
        "通知公告",
    ]);
    let files = written(&run.stdout);
    assert_eq!(files.len(), expected.len(), "{}", run.stdout);
    for file in &files {
        let text = read(&t.path(file));
        let (want, _, note) = &expected[&field(&text, "title")];
        assert_eq!(field(&text, "attribute"), *want, "{note}");
    }
    let out = t.build();
    let never: std::collections::BTreeSet<String> =
        expected.values().map(|(_, m, _)| m.clone()).collect();
    assert_eq!(support::leak::scan(&out, &never), vec![]);
}

/// SPEC §15: an old portal published its pages' attachments already. One the guard cannot
/// read completely (an encrypted PDF) is imported with a review recorded by that fact and
/// its SHA-256, so the site builds; a readable one carries no review.
#[test]
fn an_old_portals_unreadable_attachment_comes_in_reviewed() {
    let t = SiteTest::new("demo");
    let dir = t.root.parent().unwrap().join("门户");
    std::fs::create_dir_all(dir.join("files")).unwrap();
    office::pdf_encrypted(&dir.join("files/加密.pdf"), &["加密的附件"]);
    office::pdf(&dir.join("files/公告.pdf"), &["公告附件"]);
    let page = dir.join("p.html");
    std::fs::write(
        &page,
        portal_page(
            "00952632-5/2025-00950",
            "关于公布有关名单的通知",
            "<p>名单见附件。</p><p>附件：<a href=\"files/加密.pdf\">加密</a> <a href=\"files/公告.pdf\">公告</a></p>",
        ),
    )
    .unwrap();
    let run = t.run(&["import", page.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let file = &written(&run.stdout)[0];
    let text = read(&t.path(file));
    let sha = {
        use sha2::Digest;
        let bytes = std::fs::read(dir.join("files/加密.pdf")).unwrap();
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(text.contains("旧网站已公开"), "{text}");
    assert!(text.contains(&sha), "{text}");
    assert_eq!(text.matches("reviewed:").count(), 1, "{text}");
    let run = t.run(&["check", "--format", "json"]);
    let unchecked: Vec<_> = (run.json().into_iter())
        .filter(|d| d["code"] == "attachment-unchecked")
        .collect();
    assert!(unchecked.is_empty(), "{unchecked:?}");
}
