//! The demo site's Office and PDF attachments are real files written by the test helpers
//! (`tests/support/office.rs`), so anyone can see how they were made and make them again:
//! `UPDATE_DEMO=1 cargo test --test demo` writes them; otherwise this test checks that the
//! committed files are exactly what the helpers write.

mod support;

use std::path::Path;
use support::{office, repo};

/// 低保 recipients as a county publishes them: names and ID numbers masked.
fn name_list(path: &Path) {
    let rows: Vec<Vec<String>> = [
        ("城关镇", "张*华", "520123********0018", 3, "1290"),
        ("城关镇", "李*", "520123********2426", 1, "510"),
        ("城关镇", "王*芬", "520123********1047", 2, "860"),
        ("青山乡", "杨*明", "520123********3315", 4, "1580"),
        ("青山乡", "吴*", "520123********0622", 1, "430"),
        ("青山乡", "罗*英", "520123********2841", 2, "860"),
        ("龙潭镇", "陈*国", "520123********0519", 3, "1170"),
        ("龙潭镇", "赵*兰", "520123********1763", 1, "430"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (town, name, id, people, money))| {
        vec![
            (i + 1).to_string(),
            town.to_string(),
            name.to_string(),
            id.to_string(),
            people.to_string(),
            money.to_string(),
        ]
    })
    .collect();
    let header = [
        "序号",
        "乡镇",
        "户主姓名",
        "身份证号",
        "保障人数",
        "月保障金额（元）",
    ];
    let mut table: Vec<Vec<&str>> = vec![header.to_vec()];
    table.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let table: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    office::xlsx(path, "低保对象名单", &table);
}

/// A public notice as a PDF with a text layer: its words are searchable.
fn public_notice(path: &Path) {
    office::pdf(
        path,
        &[
            "县城西片区土地征收补偿安置方案\n\n一、被征收土地上的住房，按照产权调换或者货币\n补偿的方式安置，由被征收人选择。\n二、选择产权调换的，在安置住房交付前，按每平方米\n每月8元的标准发放过渡安置费。",
            "三、地上附着物和青苗补偿按照省定标准执行，补偿资金\n直接支付到户。\n\n示例县自然资源局\n2026年11月20日",
        ],
    );
}

/// An on-request document's attachment: never opened for the output, never published.
fn on_request_summary(path: &Path) {
    office::pdf(
        path,
        &["被征地农户补偿意见汇总\n异议户名册：第三村民小组12户对补偿标准提出异议，\n待逐户核实。"],
    );
}

/// The application form an office offers for download (`[issuers.office] form`).
fn application_form(path: &Path) {
    office::docx(
        path,
        &[
            "政府信息公开申请表",
            "申请人信息：公民（姓名、证件名称及号码、联系电话、通信地址、邮政编码、电子邮箱）；法人或者其他组织（名称、统一社会信用代码、法定代表人、联系人及联系电话）",
            "所需信息情况：所需信息的名称、文号或者便于行政机关查询的其他特征性描述；获取信息的方式（纸质、电子邮件、光盘）",
            "申请人签名或者盖章：　　　　　　申请时间：　　年　　月　　日",
        ],
    );
}

/// How a demo file is written.
type Writer = fn(&Path);

const FILES: &[(&str, Writer)] = &[
    (
        "content/mzj/2026/2026年第三季度城乡低保对象名单.xlsx",
        name_list,
    ),
    ("content/zrzyj/2026/征收补偿安置方案.pdf", public_notice),
    ("content/zrzyj/2026/补偿意见汇总.pdf", on_request_summary),
    ("identity/政府信息公开申请表.docx", application_form),
];

#[test]
fn the_demo_attachments_are_what_the_helpers_write() {
    let root = repo();
    let scratch = tempfile::tempdir().unwrap();
    for (rel, write) in FILES {
        let made = scratch.path().join(rel);
        write(&made);
        let made = std::fs::read(&made).unwrap();
        if std::env::var_os("UPDATE_DEMO").is_some() {
            std::fs::write(root.join(rel), &made).unwrap();
        }
        let committed = std::fs::read(root.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}; run UPDATE_DEMO=1 cargo test --test demo"));
        assert!(
            committed == made,
            "{rel} is not what tests/demo.rs writes: run UPDATE_DEMO=1 cargo test --test demo"
        );
    }
}
