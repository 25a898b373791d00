//! The state of every column (栏目): `stale-category` (栏目超期未更新) and `empty-category`
//! (空白栏目), and the table the editors' report shows.
//!
//! Only listed documents count, and only those dated on or before `--today`: a withheld
//! document, or one dated in the future, never makes a column look current.

use crate::config::RuleSettings;
use crate::config::duration::Every;
use crate::diag::{Diagnostic, codes};
use crate::model::date::Date;
use crate::model::visibility::Catalogue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Updated within its limit.
    Fresh,
    /// Has documents, none recent enough (or none yet dated on or before today).
    Stale,
    /// A leaf with no listed document and no explanatory note.
    Empty,
    /// Empty, with an `empty_note` (情况说明) shown instead.
    Explained,
    /// Has documents and no `update_every`, or is a parent whose children are judged.
    Unchecked,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Fresh => "正常",
            State::Stale => "超期未更新",
            State::Empty => "空白栏目",
            State::Explained => "已作情况说明",
            State::Unchecked => "未设更新周期",
        }
    }

    /// A CSS-friendly name.
    pub fn key(self) -> &'static str {
        match self {
            State::Fresh => "fresh",
            State::Stale => "stale",
            State::Empty => "empty",
            State::Explained => "explained",
            State::Unchecked => "unchecked",
        }
    }
}

/// One column on `--today`.
#[derive(Debug)]
pub struct Column {
    pub index: usize,
    /// Listed documents in the column and its sub-columns.
    pub count: usize,
    /// Newest listed document dated on or before today.
    pub latest: Option<Date>,
    pub days_since: Option<i64>,
    pub limit: Option<Every>,
    pub state: State,
}

/// The state of every column, in site.toml order.
pub fn status(cat: &Catalogue, today: Date) -> Vec<Column> {
    cat.config
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let entries = &cat.by_category[i];
            let latest = entries
                .iter()
                .map(|&k| cat.get(k).published())
                .find(|&d| d <= today);
            let state = if entries.is_empty() {
                match (&c.empty_note, c.children.is_empty()) {
                    (Some(_), _) => State::Explained,
                    (None, true) => State::Empty,
                    (None, false) => State::Unchecked,
                }
            } else {
                match (c.update_every, latest) {
                    (None, _) => State::Unchecked,
                    (Some(_), None) => State::Stale,
                    (Some(every), Some(d)) if d < every.before(today) => State::Stale,
                    (Some(_), Some(_)) => State::Fresh,
                }
            };
            Column {
                index: i,
                count: entries.len(),
                latest,
                days_since: latest.map(|d| d.days_until(today)),
                limit: c.update_every,
                state,
            }
        })
        .collect()
}

/// `stale-category` and `empty-category` findings, placed at the column's table in site.toml.
pub fn check(cat: &Catalogue, today: Date, settings: &RuleSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for col in status(cat, today) {
        let c = &cat.config.categories[col.index];
        let finding = match (col.state, col.limit, col.latest) {
            (State::Stale, Some(limit), Some(latest)) => Diagnostic::warning(
                codes::STALE_CATEGORY,
                format!(
                    "栏目 `{}`（{}）已 {} 天未更新：最近一条信息发布于 {latest}，要求每 {limit}至少更新一次 (stale category)",
                    c.id,
                    c.name,
                    col.days_since.unwrap_or_default()
                ),
            )
            .help(help_owner(c.owner.as_deref(), "发布新的信息，或核实 update_every 是否合理")),
            (State::Stale, Some(limit), None) => Diagnostic::warning(
                codes::STALE_CATEGORY,
                format!(
                    "栏目 `{}`（{}）的信息都晚于今天 {today} 发布，今天看来未更新；要求每 {limit}至少更新一次 (stale category)",
                    c.id, c.name
                ),
            )
            .help("核对发布日期是否填错（例如年份）"),
            (State::Empty, _, _) => Diagnostic::warning(
                codes::EMPTY_CATEGORY,
                format!(
                    "栏目 `{}`（{}）没有任何公开的信息 (empty category, 空白栏目)",
                    c.id, c.name
                ),
            )
            .help(help_owner(
                c.owner.as_deref(),
                "发布信息，或在 site.toml 该栏目下写 empty_note = \"…\"（情况说明，栏目页会显示）",
            )),
            _ => continue,
        };
        let code = finding.code;
        if settings.is_on(code) {
            out.push(
                finding
                    .in_file(crate::config::FILE)
                    .at(c.position)
                    .field("categories"),
            );
        }
    }
    out
}

fn help_owner(owner: Option<&str>, what: &str) -> String {
    match owner {
        Some(o) => format!("请{o}{what}"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, lines, site};

    fn run(toml: &str, docs: Vec<crate::source::SourceFile>, today: &str) -> Vec<Diagnostic> {
        let s = site(toml, docs);
        let cat = Catalogue::new(&s);
        check(&cat, Date::parse(today).unwrap(), &s.config.rules)
    }

    #[test]
    fn fresh_column_is_quiet_and_stale_one_is_named() {
        let docs = || {
            vec![
                doc(1, "published: 2026-06-01", ""),
                doc(2, "category: zcjd", ""),
            ]
        };
        assert!(run(SITE, docs(), "2026-11-30").is_empty());
        let found = run(SITE, docs(), "2026-12-02");
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
            doc(4, "category: zcjd", ""),
        ];
        let found = run(SITE, docs, "2026-11-22");
        assert_eq!(lines(&found), ["stale-category@3"]);
        assert!(found[0].message.contains("2025-01-01"));
    }

    #[test]
    fn empty_leaf_is_reported_unless_explained() {
        let docs = || vec![doc(1, "", "")];
        let found = run(SITE, docs(), "2026-11-22");
        assert_eq!(lines(&found), ["empty-category@7"]);
        assert!(found[0].message.contains("`zcjd`"));
        let noted = SITE.replace(
            "name = \"政策解读\"",
            "name = \"政策解读\"\nempty_note = \"本县本年度未制发需解读的政策文件。\"",
        );
        assert!(run(&noted, docs(), "2026-11-22").is_empty());
        // A column holding only withheld documents is empty to its readers.
        let withheld = vec![
            doc(1, "", ""),
            doc(2, "category: zcjd\nattribute: 不予公开", ""),
        ];
        assert_eq!(
            lines(&run(SITE, withheld, "2026-11-22")),
            ["empty-category@7"]
        );
    }

    #[test]
    fn a_rule_turned_off_is_silent() {
        let toml = format!("{SITE}[rules]\nempty-category = \"off\"\n");
        assert!(run(&toml, vec![doc(1, "", "")], "2026-11-22").is_empty());
    }
}
