//! The draft report as a document of the site: its body in the national format, with real
//! HTML tables (merged header cells need `rowspan`/`colspan`, which Markdown cannot say), and
//! each table again as CSV for the office's spreadsheets and the open-data reader.

use super::figures::Figures;
use super::format::{self, APPLICANTS, FORMAT_NOTICE, REVIEW_GROUPS, REVIEW_RESULTS, SECTIONS};
use crate::model::PLACEHOLDER;
use std::fmt::Write;

/// `<owner>Y年政府信息公开工作年度报告`.
pub fn title(owner: &str, year: i32) -> String {
    format!("{owner}{year}年政府信息公开工作年度报告")
}

/// The CSV files of a report's tables: (name beside the report, content).
pub fn csv_files(stem: &str, f: &Figures) -> Vec<(String, String)> {
    vec![
        (format!("{stem}-表二.csv"), table2_csv(f)),
        (format!("{stem}-表三.csv"), table3_csv(f)),
        (format!("{stem}-表四.csv"), table4_csv(f)),
    ]
}

fn number(n: Option<u64>) -> String {
    n.map_or_else(|| PLACEHOLDER.to_string(), |n| n.to_string())
}

/// 万元 with at most four decimals, without trailing zeros.
fn wan(x: Option<f64>) -> String {
    match x {
        None => PLACEHOLDER.to_string(),
        Some(x) => {
            let s = format!("{x:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// The body: the lead paragraph, the six sections, the three tables.
pub fn body(f: &Figures) -> String {
    let y = f.year;
    let mut out = format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{FORMAT_NOTICE}）要求编制。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。\n\n"
    );
    let prose = |out: &mut String, what: &str| {
        let _ = write!(out, "{PLACEHOLDER}（{what}）\n\n");
    };
    let _ = write!(out, "## {}\n\n", SECTIONS[0]);
    prose(
        &mut out,
        "主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的情况",
    );
    let _ = write!(out, "## {}\n\n", SECTIONS[1]);
    out.push_str(&table2_html(f));
    let _ = write!(out, "\n## {}\n\n", SECTIONS[2]);
    out.push_str(&table3_html(f));
    let _ = write!(out, "\n## {}\n\n", SECTIONS[3]);
    out.push_str(&table4_html(f));
    let _ = write!(out, "\n## {}\n\n", SECTIONS[4]);
    prose(
        &mut out,
        "上一年度问题的改进情况，本年度存在的主要问题和改进措施",
    );
    let _ = write!(out, "## {}\n\n", SECTIONS[5]);
    prose(
        &mut out,
        "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，人大代表建议和政协提案办理结果公开情况，年度工作要点落实情况等",
    );
    out
}

/// A table in its scrolling region (the theme's `.table-wrap`), named for screen readers.
fn wrap(label: &str, thead: &str, tbody: &str) -> String {
    format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">\n<table class=\"ndbg\">\n<thead>\n{thead}</thead>\n<tbody>\n{tbody}</tbody>\n</table>\n</div>\n"
    )
}

fn table2_html(f: &Figures) -> String {
    let d = &f.decisions;
    let mut b = String::new();
    let section = |b: &mut String, clause: &str| {
        let _ = writeln!(
            b,
            "<tr><th colspan=\"4\" scope=\"colgroup\">第二十条第（{clause}）项</th></tr>"
        );
    };
    let head = |b: &mut String, what: &str| {
        let _ = writeln!(
            b,
            "<tr><th scope=\"col\">信息内容</th><th colspan=\"3\" scope=\"col\">{what}</th></tr>"
        );
    };
    let one = |b: &mut String, label: &str, value: String| {
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{label}</th><td colspan=\"3\">{value}</td></tr>"
        );
    };
    for (label, c) in [
        ("规章", &f.made.rules),
        ("行政规范性文件", &f.made.normative),
    ] {
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.made, c.repealed, c.valid
        );
    }
    section(&mut b, "五");
    head(&mut b, "本年处理决定数量");
    one(&mut b, "行政许可", number(d.licensing));
    section(&mut b, "六");
    head(&mut b, "本年处理决定数量");
    one(&mut b, "行政处罚", number(d.penalty));
    one(&mut b, "行政强制", number(d.coercion));
    section(&mut b, "八");
    head(&mut b, "本年收费金额（单位：万元）");
    one(&mut b, "行政事业性收费", wan(d.fees_wan));
    let mut h = String::new();
    section(&mut h, "一");
    let _ = writeln!(
        h,
        "<tr><th scope=\"col\">信息内容</th>{}</tr>",
        format::MADE_COLUMNS
            .iter()
            .map(|c| format!("<th scope=\"col\">{c}</th>"))
            .collect::<String>()
    );
    wrap("表二 主动公开政府信息情况", &h, &b)
}

fn cells(values: &[u64]) -> String {
    values.iter().map(|v| format!("<td>{v}</td>")).collect()
}

fn table3_html(f: &Figures) -> String {
    let cols = format::applicant_columns();
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<tr><th colspan=\"3\" rowspan=\"3\" scope=\"col\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan=\"{APPLICANTS}\" scope=\"colgroup\">申请人情况</th></tr>"
    );
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"2\" scope=\"col\">{}</th><th colspan=\"{}\" scope=\"colgroup\">法人或其他组织</th><th rowspan=\"2\" scope=\"col\">{}</th></tr>",
        cols[0],
        APPLICANTS - 2,
        cols[APPLICANTS - 1]
    );
    let _ = writeln!(
        h,
        "<tr>{}</tr>",
        cols[1..APPLICANTS - 1]
            .iter()
            .map(|c| format!("<th scope=\"col\">{c}</th>"))
            .collect::<String>()
    );
    let mut b = String::new();
    let outcome_rows = format::TOTAL - format::FIRST_OUTCOME + 1;
    for (i, row) in format::rows().iter().enumerate() {
        let values = cells(&f.applications[i]);
        let _ = write!(b, "<tr>");
        if i == format::FIRST_OUTCOME {
            let _ = write!(
                b,
                "<th rowspan=\"{outcome_rows}\" scope=\"rowgroup\">三、本年度办理结果</th>"
            );
        }
        let in_outcomes = (format::FIRST_OUTCOME..=format::TOTAL).contains(&i);
        match (&row.group, row.group_span) {
            (Some(group), span) if span > 0 => {
                let _ = write!(
                    b,
                    "<th rowspan=\"{span}\" scope=\"rowgroup\">{group}</th><th scope=\"row\">{}</th>",
                    row.label
                );
            }
            (Some(_), _) => {
                let _ = write!(b, "<th scope=\"row\">{}</th>", row.label);
            }
            (None, _) => {
                let span = if in_outcomes { 2 } else { 3 };
                let _ = write!(b, "<th colspan=\"{span}\" scope=\"row\">{}</th>", row.label);
            }
        }
        let _ = writeln!(b, "{values}</tr>");
    }
    wrap("表三 收到和处理政府信息公开申请情况", &h, &b)
}

fn table4_html(f: &Figures) -> String {
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<tr><th colspan=\"5\" scope=\"colgroup\">行政复议</th><th colspan=\"10\" scope=\"colgroup\">行政诉讼</th></tr>"
    );
    let _ = write!(h, "<tr>");
    for r in REVIEW_RESULTS {
        let _ = write!(h, "<th rowspan=\"2\" scope=\"col\">{r}</th>");
    }
    for g in &REVIEW_GROUPS[1..] {
        let _ = write!(h, "<th colspan=\"5\" scope=\"colgroup\">{g}</th>");
    }
    let _ = writeln!(h, "</tr>");
    let _ = write!(h, "<tr>");
    for _ in 1..REVIEW_GROUPS.len() {
        for r in REVIEW_RESULTS {
            let _ = write!(h, "<th scope=\"col\">{r}</th>");
        }
    }
    let _ = writeln!(h, "</tr>");
    let values: String = match &f.reviews {
        Some(r) => r.iter().map(|g| cells(g)).collect(),
        None => (0..15).map(|_| format!("<td>{PLACEHOLDER}</td>")).collect(),
    };
    let b = format!("<tr>{values}</tr>\n");
    wrap("表四 政府信息公开行政复议、行政诉讼情况", &h, &b)
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn table2_csv(f: &Figures) -> String {
    let d = &f.decisions;
    let mut out = String::from("\u{feff}条款,信息内容,指标,数值\n");
    for (label, c) in [
        ("规章", &f.made.rules),
        ("行政规范性文件", &f.made.normative),
    ] {
        for (what, n) in format::MADE_COLUMNS
            .iter()
            .zip([c.made, c.repealed, c.valid])
        {
            let _ = writeln!(out, "第二十条第（一）项,{label},{what},{n}");
        }
    }
    let rows = [
        ("五", "行政许可", "本年处理决定数量", number(d.licensing)),
        ("六", "行政处罚", "本年处理决定数量", number(d.penalty)),
        ("六", "行政强制", "本年处理决定数量", number(d.coercion)),
        (
            "八",
            "行政事业性收费",
            "本年收费金额（万元）",
            wan(d.fees_wan),
        ),
    ];
    for (clause, label, what, n) in rows {
        let _ = writeln!(out, "第二十条第（{clause}）项,{label},{what},{n}");
    }
    out
}

fn table3_csv(f: &Figures) -> String {
    let mut out = format!(
        "\u{feff}办理情况,{}\n",
        format::applicant_columns().join(",")
    );
    for (i, row) in format::rows().iter().enumerate() {
        let mut label = String::new();
        if (format::FIRST_OUTCOME..=format::TOTAL).contains(&i) {
            label.push_str("三、本年度办理结果/");
        }
        if let Some(g) = &row.group {
            label.push_str(g);
            label.push('/');
        }
        label.push_str(&row.label);
        let values: Vec<String> = f.applications[i].iter().map(u64::to_string).collect();
        let _ = writeln!(out, "{},{}", field(&label), values.join(","));
    }
    out
}

fn table4_csv(f: &Figures) -> String {
    let mut out = format!("\u{feff}类别,{}\n", REVIEW_RESULTS.join(","));
    for (g, name) in REVIEW_GROUPS.iter().enumerate() {
        let label = if g == 0 {
            name.to_string()
        } else {
            format!("行政诉讼/{name}")
        };
        let values: Vec<String> = match &f.reviews {
            Some(r) => r[g].iter().map(u64::to_string).collect(),
            None => vec![PLACEHOLDER.to_string(); 5],
        };
        let _ = writeln!(out, "{label},{}", values.join(","));
    }
    out
}
