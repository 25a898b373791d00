//! The `wide-table` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

rule! {
    /// `wide-table`: a Markdown or HTML table with more than `wide_table_columns` columns (HTML
    /// counts `colspan`).
    ///
    /// It points at the table. The theme scrolls wide tables sideways; the finding asks for a
    /// split table or an attachment, which phones and print read better. An annual report's
    /// tables (SPEC §11: 表三 has ten columns, 表四 fifteen) are not reported: the national
    /// format fixes them, and the theme fits them to phones and paper.
    pub const RULE = Rule {
        code: "wide-table",
        label: "表格过宽",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|ctx, b| {
            if crate::annual::report_year(b.doc, ctx.cat.config).is_some() {
                return Vec::new();
            }
            check(b, ctx.settings.wide_table_columns)
        })],
    };
}

static CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<t[dh]\b([^>]*)>").expect("a valid pattern"));
static COLSPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)colspan\s*=\s*["']?(\d+)"#).expect("a valid pattern"));

/// Columns of the first row of each HTML table, with the table's offset.
fn html_tables(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<table") {
        let start = from + i;
        let end = lower[start..]
            .find("</table")
            .map_or(text.len(), |j| start + j);
        let table = &text[start..end];
        let row_end = table
            .to_ascii_lowercase()
            .find("</tr")
            .unwrap_or(table.len());
        let row = &table[..row_end];
        let cols = CELL
            .captures_iter(row)
            .map(|c| {
                COLSPAN
                    .captures(&c[1])
                    .and_then(|m| m[1].parse().ok())
                    .unwrap_or(1usize)
                    .min(100)
            })
            .sum();
        out.push((cols, start));
        from = end.max(start + 6);
    }
    out
}

pub fn check(b: &Body, limit: usize) -> Vec<Diagnostic> {
    let mut tables: Vec<(usize, usize)> = b.facts.tables.clone();
    if b.text.contains("<table") || b.text.contains("<TABLE") {
        tables.extend(
            html_tables(b.text)
                .into_iter()
                .filter(|&(_, at)| !b.in_code(at)),
        );
    }
    tables
        .into_iter()
        .filter(|&(cols, _)| cols > limit)
        .map(|(cols, at)| {
            b.warning(
                RULE.code,
                at,
                format!("表格有 {cols} 列，超过 {limit} 列，在页面和手机上放不下 (wide table)"),
            )
            .help("拆成几个表，或把表格作为附件（PDF/Excel）发布；上限可在 site.toml [rules] wide_table_columns 设置")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    fn md_table(cols: usize) -> String {
        let row = |s: &str| format!("|{}\n", format!(" {s} |").repeat(cols));
        format!("{}{}{}", row("项"), row("---"), row("1"))
    }

    #[test]
    fn markdown_table_over_the_limit() {
        let md = format!("说明。\n\n{}\n{}", md_table(8), md_table(9));
        let found = with_body(&md, |b| check(b, 8));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(BODY_LINE + 6));
        assert!(found[0].message.contains("9 列"));
    }

    #[test]
    fn html_table_counts_colspan() {
        let md = "<table>\n<tr><td colspan=\"6\">合计</td><td>1</td><td>2</td><td>3</td></tr>\n</table>\n\n<table><tr><td>a</td><td>b</td></tr></table>\n";
        let found = with_body(md, |b| check(b, 8));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(BODY_LINE));
        assert!(found[0].message.contains("9 列"), "{}", found[0].message);
    }
}
