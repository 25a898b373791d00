use super::*;
use crate::model::visibility::Catalogue;
use crate::rules::testing::{SITE, doc, lines, site};

const SECRET_LINE: &str = "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项";

fn run(docs: Vec<crate::source::SourceFile>) -> Quotes {
    let s = site(SITE, docs);
    let secrets = Secrets::new(&s);
    scan(&secrets, &Catalogue::new(&s))
}

#[test]
fn quoting_a_withheld_line_or_title_is_an_error_at_its_line() {
    let found = run(vec![
        doc(
            1,
            "title: 关于干部调整方案的内部请示件\nattribute: 不予公开",
            SECRET_LINE,
        ),
        doc(2, "", &format!("第一段。\n\n据悉，{SECRET_LINE}。")),
        doc(3, "title: 转发关于干部调整方案的内部请示件的通知", "正文。"),
        doc(4, "", "县委常委会研究决定，其他内容完全不同的一段文字。"),
    ]);
    let mut findings = found.findings;
    findings.sort_by(|a, b| a.file.cmp(&b.file));
    let found = Quotes {
        findings,
        allowed: found.allowed,
    };
    assert_eq!(
        lines(&found.findings),
        ["withheld-quoted@11", "withheld-quoted@7"]
    );
    let text = &found.findings[0];
    assert_eq!(text.file.as_deref(), Some("content/002.md"));
    assert!(text.message.contains("content/001.md"));
    assert!(
        !text.message.contains("干部调整"),
        "never repeats the secret"
    );
    assert_eq!(found.findings[1].file.as_deref(), Some("content/003.md"));
    assert!(found.allowed.is_empty());
}

#[test]
fn a_withheld_line_in_an_image_description_is_quoting_too() {
    let found = run(vec![
        doc(1, "attribute: 不予公开", SECRET_LINE),
        doc(2, "", &format!("图示：\n\n![{SECRET_LINE}](图.png)")),
    ]);
    assert_eq!(lines(&found.findings), ["withheld-quoted@11"]);
}

#[test]
fn quoting_an_on_request_line_warns_and_is_allowed_through() {
    let found = run(vec![
        doc(1, "attribute: 依申请公开", SECRET_LINE),
        doc(2, "", &format!("摘录：{SECRET_LINE}")),
    ]);
    assert_eq!(lines(&found.findings), ["on-request-quoted@9"]);
    assert!(!found.allowed.is_empty());
}

#[test]
fn boilerplate_shared_by_three_listed_documents_is_no_secret() {
    let shared = "各乡镇人民政府、县直各部门、县属各企事业单位及有关单位负责同志：";
    let found = run(vec![
        doc(
            1,
            "attribute: 不予公开",
            &format!("{shared}\n\n{SECRET_LINE}"),
        ),
        doc(2, "", &format!("{shared}\n\n第二份文件的正文。")),
        doc(3, "", &format!("{shared}\n\n第三份文件的正文。")),
        doc(
            4,
            "attribute: 依申请公开",
            &format!("{shared}\n\n第四份文件的正文。"),
        ),
    ]);
    assert!(found.findings.is_empty(), "{:?}", found.findings);
    let s = site(
        SITE,
        vec![
            doc(
                1,
                "attribute: 不予公开",
                &format!("{shared}\n\n{SECRET_LINE}"),
            ),
            doc(2, "", &format!("{shared}\n\n第二份文件的正文。")),
        ],
    );
    let secrets = Secrets::new(&s);
    assert_eq!(secrets.exempted, 0, "two documents are not three");
    let q = scan(&secrets, &Catalogue::new(&s));
    assert_eq!(lines(&q.findings), ["withheld-quoted@9"]);
}

#[test]
fn an_on_request_document_repeating_its_own_title_is_not_quoting() {
    let title = "关于二〇二六年度全县安全生产工作专项检查情况的通报";
    let found = run(vec![doc(
        1,
        &format!("title: {title}\nattribute: 依申请公开"),
        &format!("# {title}\n\n其余正文。"),
    )]);
    assert!(found.findings.is_empty());
    let s = site(
        SITE,
        vec![doc(
            1,
            &format!("title: {title}\nattribute: 依申请公开"),
            &format!("# {title}\n\n其余正文。"),
        )],
    );
    assert!(Secrets::new(&s).matcher.is_empty());
}
