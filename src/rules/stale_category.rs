//! The `stale-category` rule; its documentation is the doc comment of [`RULE`].

use super::columns::{Column, State, at_column, help_owner};
use super::registry::{Check, rule};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::visibility::Catalogue;

rule! {
    /// `stale-category` (栏目超期未更新): a column whose newest listed document, dated on or
    /// before `--today`, is older than its `update_every`.
    ///
    /// It points at the column's `[[categories]]` in site.toml; the message names the id, the
    /// days since the last update and the limit. A parent column counts its whole subtree; a
    /// column without `update_every` is not judged. Only listed documents count, so a withheld
    /// document never makes a column look current, nor does one dated after `--today`.
    ///
    /// The national inspection indicators for government websites (《政府网站与政务新媒体检查
    /// 指标》, 国办秘函〔2019〕19号) make a column "not updated" when 动态、要闻 (news, work
    /// updates) go 2 weeks, 通知公告、政策文件 (notices, policy documents) 6 months, and 人事、规划
    /// 计划 (personnel, plans) 1 year without an update. `gongkai init` writes these limits into
    /// the standard catalogue: 政策文件, 政策解读, 统计信息, 行政许可, 行政处罚, 政府采购, 重大建设
    /// 项目, 民生政策, 监督检查 at 6 months; 指南, 制度, 机构职能, 规划计划, 财政预决算, 收费, 应急
    /// 管理, 公务员招考, 年报 at 1 year. Add `工作动态` at 2 weeks if the site keeps one. Durations
    /// accept `"30 days"`, `"2 weeks"`, `"6 months"`, `"1 year"` and `"6个月"`, `"2周"`, `"1年"`,
    /// `"30天"`.
    pub const RULE = Rule {
        code: "stale-category",
        label: "栏目超期未更新",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, site| check(ctx.cat, site.columns(ctx), ctx.today))],
    };
}

pub fn check(cat: &Catalogue, columns: &[Column], today: Date) -> Vec<Diagnostic> {
    columns
        .iter()
        .filter(|col| col.state == State::Stale)
        .filter_map(|col| {
            let c = &cat.config.categories[col.index];
            let limit = col.limit?;
            let d = match col.latest {
                Some(latest) => Diagnostic::warning(
                    RULE.code,
                    format!(
                        "栏目 `{}`（{}）已 {} 天未更新：最近一条信息发布于 {latest}，要求每 {limit}至少更新一次 (stale category)",
                        c.id,
                        c.name,
                        col.days_since.unwrap_or_default()
                    ),
                )
                .help(help_owner(c.owner.as_deref(), "发布新的信息，或核实 update_every 是否合理")),
                None => Diagnostic::warning(
                    RULE.code,
                    format!(
                        "栏目 `{}`（{}）的信息都晚于今天 {today} 发布，今天看来未更新；要求每 {limit}至少更新一次 (stale category)",
                        c.id, c.name
                    ),
                )
                .help("核对发布日期是否填错（例如年份）"),
            };
            Some(at_column(cat, col, d))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::columns::status;
    use crate::rules::testing::{SITE, doc, lines, site};

    fn run(docs: Vec<crate::source::SourceFile>, today: &str) -> Vec<Diagnostic> {
        let s = site(SITE, docs);
        let cat = Catalogue::new(&s);
        let today = Date::parse(today).unwrap();
        check(&cat, &status(&cat, today), today)
    }

    #[test]
    fn fresh_column_is_quiet_and_stale_one_is_named() {
        let docs = || {
            vec![
                doc(1, "published: 2026-06-01", ""),
                doc(2, "category: zcjd", ""),
            ]
        };
        assert!(run(docs(), "2026-11-30").is_empty());
        let found = run(docs(), "2026-12-02");
        assert_eq!(lines(&found), ["stale-category@3"]);
        assert!(found[0].message.contains("`zcwj`"));
        assert!(found[0].message.contains("184 天"), "{}", found[0].message);
    }

    #[test]
    fn withheld_and_future_documents_do_not_count() {
        let docs = vec![
            doc(1, "published: 2025-01-01", ""),
            doc(2, "published: 2026-11-01\nattribute: 不予公开", ""),
            doc(3, "published: 2027-01-01", ""),
        ];
        let found = run(docs, "2026-11-22");
        assert_eq!(lines(&found), ["stale-category@3"]);
        assert!(found[0].message.contains("2025-01-01"));
    }

    #[test]
    fn a_column_with_only_future_documents_is_stale_today() {
        let found = run(vec![doc(1, "published: 2027-01-01", "")], "2026-11-22");
        assert_eq!(lines(&found), ["stale-category@3"]);
        assert!(found[0].message.contains("晚于今天"));
    }
}
