//! `stats` output: an aligned table for a terminal (Chinese characters are two columns
//! wide), CSV with a BOM so spreadsheet programs read it as UTF-8, or JSON.

use super::Stats;
use crate::model::labels::{Attribute, Choice, DocType};
use std::fmt::Write;

/// Columns a string takes in a terminal.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

fn heading(s: &Stats) -> String {
    let range = match &s.from {
        Some(f) => format!("{f} 至 {}", s.to),
        None => format!("截至 {}", s.to),
    };
    let by = if s.by == "issuer" {
        "发布机构"
    } else {
        "公开目录"
    };
    format!("{range} 按{by}统计发布的政府信息")
}

pub fn table(s: &Stats) -> String {
    let name_head = if s.by == "issuer" {
        "发布机构"
    } else {
        "栏目"
    };
    let name_w = s
        .rows
        .iter()
        .map(|r| width(&r.name))
        .chain([width(name_head), width("合计")])
        .max()
        .unwrap_or(8);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", heading(s));
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}",
        pad("排名", 4),
        pad(name_head, name_w),
        right(Attribute::Proactive.label(), 8),
        right(Attribute::OnRequest.label(), 10),
        right("合计", 4)
    );
    for r in &s.rows {
        let _ = writeln!(
            out,
            "{}  {}  {:>8}  {:>10}  {:>4}",
            pad(&r.rank.to_string(), 4),
            pad(&r.name, name_w),
            r.proactive,
            r.on_request,
            r.total
        );
    }
    let _ = writeln!(
        out,
        "{}  {}  {:>8}  {:>10}  {:>4}",
        pad("", 4),
        pad("合计", name_w),
        s.rows.iter().map(|r| r.proactive).sum::<usize>(),
        s.rows.iter().map(|r| r.on_request).sum::<usize>(),
        s.listed
    );
    let _ = writeln!(
        out,
        "\n另有不予公开信息 {} 条（只计总数，不列明细）。",
        s.withheld
    );
    let shown: Vec<String> = (s.statuses.iter())
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "有效性（截至 {}）：{}", s.to, shown.join("，"));
    }
    if let Some(a) = &s.annual {
        let _ = writeln!(out, "\n{} 年度报告：主动公开政府信息情况", a.year);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            pad("", 10),
            right("本年制发", 8),
            right("本年公开", 8),
            right("本年废止", 8),
            right("现行有效", 8)
        );
        for (label, c) in [
            (DocType::Rule.label(), &a.rules),
            (DocType::Normative.label(), &a.normative),
        ] {
            let _ = writeln!(
                out,
                "{}  {:>8}  {:>8}  {:>8}  {:>8}",
                pad(label, 10),
                c.made,
                c.published,
                c.repealed,
                c.valid
            );
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The ranking as CSV for Excel (a BOM first); the header in Chinese, or in English for
/// machines (`--header en`).
pub fn csv(s: &Stats, english: bool) -> String {
    let header = if english {
        "rank,id,name,proactive,on_request,total"
    } else {
        "名次,标识,名称,主动公开,依申请公开,合计"
    };
    let mut out = format!("\u{feff}{header}\n");
    for r in &s.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            r.rank,
            csv_field(&r.id),
            csv_field(&r.name),
            r.proactive,
            r.on_request,
            r.total
        );
    }
    let _ = writeln!(out, ",,不予公开（合计）,,,{}", s.withheld);
    out
}

pub fn json(s: &Stats) -> String {
    serde_json::to_string_pretty(s).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_two_columns_wide() {
        assert_eq!(width("县教育局"), 8);
        assert_eq!(pad("县", 4), "县  ");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
