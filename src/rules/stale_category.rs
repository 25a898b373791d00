//! `stale-category` (栏目超期未更新): a column whose newest listed document, dated on or before
//! `--today`, is older than its `update_every`.

use super::columns::{Column, State, at_column, help_owner};
use crate::diag::{Diagnostic, codes};
use crate::model::date::Date;
use crate::model::visibility::Catalogue;

pub fn check(cat: &Catalogue, columns: &[Column], today: Date) -> Vec<Diagnostic> {
    columns
        .iter()
        .filter(|col| col.state == State::Stale)
        .filter_map(|col| {
            let c = &cat.config.categories[col.index];
            let limit = col.limit?;
            let d = match col.latest {
                Some(latest) => Diagnostic::warning(
                    codes::STALE_CATEGORY,
                    format!(
                        "栏目 `{}`（{}）已 {} 天未更新：最近一条信息发布于 {latest}，要求每 {limit}至少更新一次 (stale category)",
                        c.id,
                        c.name,
                        col.days_since.unwrap_or_default()
                    ),
                )
                .help(help_owner(c.owner.as_deref(), "发布新的信息，或核实 update_every 是否合理")),
                None => Diagnostic::warning(
                    codes::STALE_CATEGORY,
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
