//! The state of every column (栏目) on `--today`, which `stale-category`, `empty-category` and
//! the editors' report all read.
//!
//! Only listed documents count, and only those dated on or before `--today`: a withheld
//! document, a draft, or one dated in the future, never makes a column look current.

use crate::config::duration::Every;
use crate::date::Date;
use crate::diag::Diagnostic;
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
            // What the built site shows: `check` and `serve` list drafts, which no reader
            // sees, so a draft neither fills a column nor brings it up to date.
            let entries: Vec<usize> = cat.by_category[i]
                .iter()
                .copied()
                .filter(|&k| !cat.get(k).is_draft())
                .collect();
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
                match (c.limit(), latest) {
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
                limit: c.limit(),
                state,
            }
        })
        .collect()
}

/// A column finding, placed at the column's `[[categories]]` table in site.toml.
pub fn at_column(cat: &Catalogue, col: &Column, d: Diagnostic) -> Diagnostic {
    let c = &cat.config.categories[col.index];
    d.in_file(crate::config::FILE)
        .at(c.position)
        .field("categories")
        .about(c.name.clone())
}

/// "请<owner>…" when the column names who keeps it.
pub fn help_owner(owner: Option<&str>, what: &str) -> String {
    match owner {
        Some(o) => format!("请{o}{what}"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};

    #[test]
    fn a_draft_neither_fills_a_column_nor_brings_it_up_to_date() {
        let mut s = site(
            SITE,
            vec![
                doc(1, "published: 2025-01-01", ""),
                doc(2, "published: 2026-11-20\ndraft: true", ""),
                doc(3, "category: zcjd\npublished: 2026-11-20\ndraft: true", ""),
            ],
        );
        // As `check` and `serve` load a site: drafts listed.
        s.show_drafts = true;
        let cat = Catalogue::new(&s);
        let columns = status(&cat, Date::parse("2026-11-22").unwrap());
        assert_eq!(columns[0].state, State::Stale, "{columns:?}");
        assert_eq!(columns[0].count, 1);
        assert_eq!(columns[1].state, State::Empty, "{columns:?}");
    }

    #[test]
    fn states_of_every_kind() {
        let toml = SITE.replace(
            "name = \"政策解读\"",
            "name = \"政策解读\"\n[[categories]]\nid = \"yjgl\"\nname = \"应急管理\"\nempty_note = \"无\"",
        );
        let s = site(
            &toml,
            vec![
                doc(1, "published: 2026-06-01", ""),
                doc(2, "category: zcjd\npublished: 2027-01-01", ""),
            ],
        );
        let cat = Catalogue::new(&s);
        let states: Vec<(State, Option<i64>)> = status(&cat, Date::parse("2026-11-22").unwrap())
            .iter()
            .map(|c| (c.state, c.days_since))
            .collect();
        assert_eq!(
            states,
            [
                (State::Fresh, Some(174)),
                (State::Unchecked, None),
                (State::Explained, None)
            ]
        );
    }
}
