//! The `veto-risk` rule; its documentation is the doc comment of [`RULE`].

use super::columns::{Column, State};
use super::registry::{Check, rule};
use crate::config::CategoryKind;
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::visibility::Catalogue;

rule! {
    /// `veto-risk` (单项否决风险): the site has reached, or is one short of, a count that fails a
    /// government website outright in the national inspection (《政府网站与政务新媒体检查指标》,
    /// 国办秘函〔2019〕19号, 单项否决):
    ///
    /// - dynamic columns (`kind = "dynamic"`, 动态要闻) not updated in 2 weeks, plus top-level
    ///   notice and policy columns (`kind = "notice"` or `"policy"`, 通知公告、政策文件) not
    ///   updated in 6 months: 5 or more;
    /// - columns not updated within their limit (`update_every`, else their kind's), all
    ///   together: 10 or more;
    /// - empty columns without an `empty_note` (空白栏目): 5 or more;
    /// - the home page's newest document older than 2 weeks.
    ///
    /// Each is reported on site.toml with its count and threshold, and the editors' report
    /// page shows them in a red banner at the top. The stale and empty columns themselves are
    /// named by `stale-category` and `empty-category`.
    pub const RULE = Rule {
        code: "veto-risk",
        label: "单项否决风险",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, site| {
            risks(ctx.cat, site.columns(ctx), ctx.today)
                .into_iter()
                .map(|r| {
                    Diagnostic::warning(RULE.code, format!("{} (veto risk)", r.message))
                        .in_file(crate::config::FILE)
                        .field("categories")
                        .help("尽快更新或说明这些栏目：达到单项否决的数量，网站检查直接判为不合格")
                })
                .collect()
        })],
    };
}

/// One count of the national inspection that is reached or one short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub message: String,
    pub reached: bool,
}

/// The veto counts reached or one short on `today`, for the rule and the report page.
pub fn risks(cat: &Catalogue, columns: &[Column], today: Date) -> Vec<Risk> {
    let cfg = cat.config;
    let stale_by_kind = |col: &Column, kind: CategoryKind| {
        let c = &cfg.categories[col.index];
        c.kind == Some(kind)
            && col.count > 0
            && kind
                .limit()
                .is_some_and(|every| col.latest.is_none_or(|d| d < every.before(today)))
    };
    let dynamic = columns
        .iter()
        .filter(|col| stale_by_kind(col, CategoryKind::Dynamic))
        .count();
    let top_level = columns
        .iter()
        .filter(|col| cfg.categories[col.index].parent.is_none())
        .filter(|col| {
            stale_by_kind(col, CategoryKind::Notice) || stale_by_kind(col, CategoryKind::Policy)
        })
        .count();
    let stale = columns.iter().filter(|c| c.state == State::Stale).count();
    let empty = columns.iter().filter(|c| c.state == State::Empty).count();
    let mut out = Vec::new();
    let mut count = |n: usize, threshold: usize, what: String| {
        if n + 1 >= threshold {
            let reached = n >= threshold;
            let how = if reached {
                format!("已达到单项否决的 {threshold} 个")
            } else {
                format!("再有 1 个即达到单项否决的 {threshold} 个")
            };
            out.push(Risk {
                message: format!("单项否决风险：{what}共 {n} 个，{how}"),
                reached,
            });
        }
    };
    count(
        dynamic + top_level,
        5,
        "2 周未更新的动态要闻类栏目和 6 个月未更新的一级通知公告、政策文件类栏目".into(),
    );
    count(stale, 10, "超期未更新的栏目".into());
    count(empty, 5, "空白栏目（没有情况说明）".into());
    let newest = (cat.entries().iter())
        .filter(|e| !e.is_draft())
        .map(|e| e.published())
        .find(|&d| d <= today);
    if let Some(d) = newest
        && d.days_until(today) > 14
    {
        out.push(Risk {
            message: format!(
                "单项否决风险：首页最新信息发布于 {d}，已 {} 天未更新，超过 2 周",
                d.days_until(today)
            ),
            reached: true,
        });
    }
    out
}
