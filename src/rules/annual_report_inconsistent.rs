//! The `annual-report-inconsistent` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::annual::format::{self, APPLICANTS, REVIEW_GROUPS};
use crate::annual::{self, read};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::{Catalogue, Listed};

rule! {
    /// `annual-report-inconsistent` (an error by default): a published annual report whose
    /// tables do not add up — the mistake reviewers find most in hand-assembled reports.
    ///
    /// A document is an annual report when it is in the `annual_report_category` column and
    /// its title reads `…Y年…年度报告`. Its tables are read back from the page (HTML or
    /// Markdown tables, by the national row labels). In table 三, each row's 总计 must be the
    /// sum of the six applicant columns, (七)总计 the sum of the outcomes, and in every column
    /// 一 + 二 = 三(七) + 四; its 二、上年结转 must equal 四、结转下年度 of the same issuer's
    /// report on the year before, when that report is on the site. In table 四, each 总计 must
    /// be the sum of its four results. A draft is not judged.
    ///
    /// It points at the report's title and says which row and column, with both numbers.
    pub const RULE = Rule {
        code: "annual-report-inconsistent",
        label: "年度报告数据不一致",
        level: crate::config::Level::Error,
        checks: &[Check::Site(|ctx, _| check(ctx.cat))],
    };
}

/// A report with what could be read of it.
struct Report<'a, 's> {
    doc: &'a Listed<'s>,
    year: i32,
    tables: read::Tables,
}

pub fn check(cat: &Catalogue) -> Vec<Diagnostic> {
    let reports: Vec<Report> = (cat.entries().iter())
        .filter(|e| !e.is_draft())
        .filter_map(|e| {
            let year = annual::report_year(e, cat.config)?;
            let tables = read::tables(e.html()?);
            Some(Report {
                doc: e,
                year,
                tables,
            })
        })
        .collect();
    let mut out = Vec::new();
    for r in &reports {
        let previous = reports
            .iter()
            .find(|p| p.year == r.year - 1 && p.doc.issuer() == r.doc.issuer());
        let problems = problems(r, previous);
        out.extend(problems.into_iter().map(|p| {
            field_warning(
                r.doc,
                Field::Title,
                RULE.code,
                format!("{} 年度报告：{p} (annual report inconsistent)", r.year),
            )
            .help("核对台账和统计表后改正；用 gongkai report annual 重新生成的表格总是相加一致")
        }));
    }
    out
}

fn problems(r: &Report, previous: Option<&Report>) -> Vec<String> {
    let cols = format::applicant_columns();
    let labels = format::rows();
    let mut out = Vec::new();
    if let Some(t) = r.tables.applications() {
        for (i, row) in t.iter().enumerate() {
            let sum: u64 = row[..APPLICANTS - 1].iter().sum();
            if sum != row[APPLICANTS - 1] {
                out.push(format!(
                    "表三「{}」：各类申请人之和为 {sum}，总计却是 {}",
                    labels[i].label,
                    row[APPLICANTS - 1]
                ));
            }
        }
        for (c, col) in cols.iter().enumerate() {
            let outcomes: u64 = (format::FIRST_OUTCOME..format::TOTAL)
                .map(|i| t[i][c])
                .sum();
            if outcomes != t[format::TOTAL][c] {
                out.push(format!(
                    "表三「{col}」列：各项办理结果之和为 {outcomes}，（七）总计却是 {}",
                    t[format::TOTAL][c]
                ));
            }
            let (left, right) = (
                t[format::NEW][c] + t[format::CARRIED][c],
                t[format::TOTAL][c] + t[format::PENDING][c],
            );
            if left != right {
                out.push(format!(
                    "表三「{col}」列：一、本年新收加二、上年结转为 {left}，三、办理结果总计加四、结转下年度却是 {right}"
                ));
            }
        }
        if let Some(prev) = previous.and_then(|p| p.tables.applications()) {
            for (c, col) in cols.iter().enumerate() {
                let (now, then) = (t[format::CARRIED][c], prev[format::PENDING][c]);
                if now != then {
                    out.push(format!(
                        "表三「{col}」列：上年结转 {now} 件，而 {} 年度报告的结转下年度是 {then} 件（{}）",
                        r.year - 1,
                        previous.map_or("", |p| p.doc.file())
                    ));
                }
            }
        }
    }
    if let Some(row) = &r.tables.reviews {
        for (g, name) in REVIEW_GROUPS.iter().enumerate() {
            let five = &row[g * 5..g * 5 + 5];
            let sum: u64 = five[..4].iter().sum();
            if sum != five[4] {
                out.push(format!(
                    "表四「{name}」：四项结果之和为 {sum}，总计却是 {}",
                    five[4]
                ));
            }
        }
    }
    out
}
