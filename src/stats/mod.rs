//! `gongkai stats`: documents published per issuer or per category in a date range, ranked —
//! the quarterly ranking offices count by hand — and the yearly counts of 规章 and 规范性文件
//! an annual report (政府信息公开工作年度报告) needs.
//!
//! Only listed documents are counted by name. 不予公开 documents appear in one anonymous
//! total, never in a row.

pub mod applications;
pub mod format;

use crate::date::Date;
use crate::model::Site;
use crate::model::document::{Attribute, DocType};
use crate::model::labels::Choice;
use crate::model::lifecycle::{Cause, Status};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Issuer,
    Category,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Row {
    pub rank: usize,
    pub name: String,
    pub id: String,
    /// 主动公开.
    pub proactive: usize,
    /// 依申请公开.
    pub on_request: usize,
    pub total: usize,
}

/// Counts of one document type for a year, as table 二 of the annual report defines them
/// (SPEC §11).
#[derive(Debug, Serialize, PartialEq, Eq, Default)]
pub struct TypeCounts {
    /// 本年制发件数: made (`written`, else `published`) in the year.
    pub made: usize,
    /// Published in the year.
    pub published: usize,
    /// 本年废止件数: repealed or replaced in the year (SPEC §11; a term that ran out is not
    /// counted).
    pub repealed: usize,
    /// 现行有效件数: made by the end of the year and 有效 or 已修改 on 31 December.
    pub valid: usize,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Annual {
    pub year: i32,
    /// 规章.
    pub rules: TypeCounts,
    /// 规范性文件.
    pub normative: TypeCounts,
}

#[derive(Debug, Serialize)]
pub struct Stats {
    pub from: Option<String>,
    pub to: String,
    pub by: &'static str,
    pub rows: Vec<Row>,
    /// Listed documents in the range (the sum of the rows).
    pub listed: usize,
    /// 不予公开 documents in the range: an anonymous total only.
    pub withheld: usize,
    /// Listed documents by the status shown on `to` (SPEC §10): (label, count), every status
    /// in order; documents without one are not counted.
    pub statuses: Vec<(&'static str, usize)>,
    pub annual: Option<Annual>,
}

/// Count documents published from `from` to `to` (both inclusive).
pub fn compute(site: &Site, from: Option<Date>, to: Date, by: By, year: Option<i32>) -> Stats {
    let cfg = &site.config;
    let mut rows: Vec<Row> = match by {
        By::Issuer => cfg.issuers.iter().map(|i| row(&i.name, &i.slug)).collect(),
        By::Category => cfg
            .categories
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let path: Vec<&str> = cfg
                    .category_path(k)
                    .iter()
                    .map(|&p| cfg.categories[p].name.as_str())
                    .collect();
                row(&path.join(" / "), &c.id)
            })
            .collect(),
    };
    let in_range = |d: Date| from.is_none_or(|f| d >= f) && d <= to;
    let mut withheld = 0;
    // Drafts are not published: they count nowhere (SPEC §11).
    for d in site
        .docs
        .iter()
        .filter(|d| in_range(d.published) && !d.draft)
    {
        let r = &mut rows[match by {
            By::Issuer => d.issuer,
            By::Category => d.category,
        }];
        match d.attribute {
            Attribute::Proactive => r.proactive += 1,
            Attribute::OnRequest => r.on_request += 1,
            Attribute::Withheld => withheld += 1,
        }
    }
    if by == By::Category {
        // A parent with nothing filed directly under it is a heading, not a row.
        rows = rows
            .into_iter()
            .enumerate()
            .filter(|(k, r)| {
                cfg.categories[*k].children.is_empty() || r.proactive + r.on_request > 0
            })
            .map(|(_, r)| r)
            .collect();
    }
    for r in &mut rows {
        r.total = r.proactive + r.on_request;
    }
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.id.cmp(&b.id)));
    // Equal totals share a rank (1, 2, 2, 4), as ranking tables print them.
    for i in 0..rows.len() {
        rows[i].rank = if i > 0 && rows[i].total == rows[i - 1].total {
            rows[i - 1].rank
        } else {
            i + 1
        };
    }
    Stats {
        from: from.map(|d| d.to_string()),
        to: to.to_string(),
        by: match by {
            By::Issuer => "issuer",
            By::Category => "category",
        },
        listed: rows.iter().map(|r| r.total).sum(),
        rows,
        withheld,
        statuses: statuses(site, to),
        annual: year.map(|y| annual(site, y, None)),
    }
}

fn row(name: &str, id: &str) -> Row {
    Row {
        rank: 0,
        name: name.to_string(),
        id: id.to_string(),
        proactive: 0,
        on_request: 0,
        total: 0,
    }
}

/// Listed documents by their status on `on`, every status in order.
fn statuses(site: &Site, on: Date) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> =
        Status::labels().into_iter().map(|l| (l, 0)).collect();
    for (i, d) in site.docs.iter().enumerate() {
        if d.attribute == Attribute::Withheld || d.draft {
            continue;
        }
        if let Some(state) = site.lifecycle.state(&site.docs, i, on) {
            counts[state.status.index()].1 += 1;
        }
    }
    counts
}

/// 规章 and 规范性文件 made, published, ended and in force in `year`, over every document of
/// `issuer` (all issuers when `None`; these are totals, so a withheld one is counted, never
/// named). The status on 31 December comes from the one lifecycle function the pages use.
pub fn annual(site: &Site, year: i32, issuer: Option<usize>) -> Annual {
    let mut out = Annual {
        year,
        rules: TypeCounts::default(),
        normative: TypeCounts::default(),
    };
    let Some(end) = Date::new(year, 12, 31) else {
        return out;
    };
    let mine = |d: &crate::model::document::Document| issuer.is_none_or(|i| d.issuer == i);
    for (i, d) in (site.docs.iter().enumerate()).filter(|(_, d)| !d.draft && mine(d)) {
        let counts = match d.doc_type {
            DocType::Rule => &mut out.rules,
            DocType::Normative => &mut out.normative,
            DocType::Other => continue,
        };
        let made = d.written.unwrap_or(d.published);
        if made.year() == year {
            counts.made += 1;
        }
        if d.published.year() == year {
            counts.published += 1;
        }
        let state = site.lifecycle.state(&site.docs, i, end);
        let status = state.map(|s| s.status);
        // 废止: repealed or replaced in the year; a term that ran out is not a repeal.
        let repealed = |s: &crate::model::lifecycle::State| {
            matches!(s.cause, Some(Cause::Repealed | Cause::ReplacedBy(_)))
                && s.since.is_some_and(|d| d.year() == year)
        };
        if state.as_ref().is_some_and(repealed) {
            counts.repealed += 1;
        }
        if made <= end && matches!(status, Some(Status::Valid | Status::Amended)) {
            counts.valid += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const TWO_ISSUERS: &str = "[[issuers]]\nname = \"县教育局\"\nid = \"jyj\"\n";

    fn sample() -> Site {
        let toml = SITE.replace("[calendar]", &format!("{TWO_ISSUERS}[calendar]"));
        site(
            &toml,
            vec![
                doc(1, "published: 2026-07-01", ""),
                doc(2, "published: 2026-08-01\nissuer: 县教育局", ""),
                doc(
                    3,
                    "published: 2026-09-30\nissuer: 县教育局\nattribute: 依申请公开",
                    "",
                ),
                doc(
                    4,
                    "published: 2026-09-01\nissuer: 县教育局\nattribute: 不予公开",
                    "",
                ),
                doc(5, "published: 2026-06-30", ""),
                doc(6, "published: 2026-10-01", ""),
            ],
        )
    }

    #[test]
    fn a_quarter_ranked_by_issuer() {
        let s = compute(
            &sample(),
            Some(d("2026-07-01")),
            d("2026-09-30"),
            By::Issuer,
            None,
        );
        let rows: Vec<(usize, &str, usize, usize, usize)> = s
            .rows
            .iter()
            .map(|r| (r.rank, r.name.as_str(), r.proactive, r.on_request, r.total))
            .collect();
        assert_eq!(
            rows,
            [(1, "县教育局", 1, 1, 2), (2, "县政府办公室", 1, 0, 1)]
        );
        assert_eq!(s.listed, 3);
        assert_eq!(s.withheld, 1);
    }

    #[test]
    fn ties_share_a_rank_and_categories_show_their_path() {
        let s = compute(
            &sample(),
            Some(d("2026-07-01")),
            d("2026-08-31"),
            By::Issuer,
            None,
        );
        assert_eq!(s.rows[0].rank, 1);
        assert_eq!(s.rows[1].rank, 1);
        let c = compute(&sample(), None, d("2026-12-31"), By::Category, None);
        assert_eq!(c.rows[0].name, "政策文件");
        assert_eq!(c.rows[0].total, 5);
        assert_eq!(c.rows[1].total, 0, "empty columns are ranked too");
    }

    #[test]
    fn annual_counts_rules_and_normative_documents() {
        let s = site(
            SITE,
            vec![
                doc(
                    1,
                    "doc_type: 规范性文件\nwritten: 2025-12-20\npublished: 2026-01-05",
                    "",
                ),
                doc(
                    2,
                    "doc_type: 规范性文件\nwritten: 2026-03-01\npublished: 2026-03-10",
                    "",
                ),
                doc(
                    3,
                    "doc_type: 规范性文件\nwritten: 2024-03-01\npublished: 2024-03-10\nrepealed: 2025-06-30",
                    "",
                ),
                doc(
                    4,
                    "doc_type: 规章\npublished: 2026-05-01\nattribute: 不予公开",
                    "",
                ),
                doc(5, "published: 2026-05-01", ""),
                // Replaced in 2026 by 7; 8 expires in 2026; 9 takes effect in 2027.
                doc(6, "doc_type: 规范性文件\npublished: 2023-01-01", ""),
                doc(
                    7,
                    "doc_type: 规范性文件\npublished: 2026-09-01\nreplaces: [0001/2026-00006]",
                    "",
                ),
                doc(
                    8,
                    "doc_type: 规范性文件\npublished: 2021-01-01\nexpires: 2026-06-30",
                    "",
                ),
                doc(
                    9,
                    "doc_type: 规范性文件\npublished: 2026-12-20\neffective: 2027-01-01",
                    "",
                ),
            ],
        );
        let a = annual(&s, 2026, None);
        assert_eq!(
            a.normative,
            TypeCounts {
                made: 3,
                published: 4,
                repealed: 1,
                valid: 3
            },
            "made: 2, 7, 9; repealed: 6 (replaced; 8's term ran out, which is no repeal); in force: 1, 2, 7"
        );
        assert_eq!(
            a.rules,
            TypeCounts {
                made: 1,
                published: 1,
                repealed: 0,
                valid: 1
            }
        );
        assert_eq!(
            annual(&s, 2025, None).normative.repealed,
            1,
            "3 was repealed in 2025"
        );
        let st = compute(&s, None, d("2026-11-29"), By::Issuer, None);
        let count = |label: &str| st.statuses.iter().find(|(l, _)| *l == label).unwrap().1;
        assert_eq!(
            (
                count("有效"),
                count("失效"),
                count("废止"),
                count("尚未施行")
            ),
            (3, 2, 1, 1),
            "listed only: the withheld 规章 is not counted"
        );
    }
}
