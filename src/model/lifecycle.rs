//! The policy lifecycle (SPEC §10): which documents replace and amend which, and a
//! document's status on any date — 尚未施行, 有效, 已修改, 失效 or 废止 — derived from its own
//! dates and from the documents that name it. Editors add one line to the *new* document; the
//! old one's status changes by itself. [`Lifecycle::state`] is the one function the pages,
//! `stats` and the annual report ask.

use super::document::{Attribute, DocType, Document};
use crate::date::Date;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::Field;
use crate::hash::FastMap;
use std::sync::Arc;

/// A policy's status on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 尚未施行: its `effective` date is later.
    NotYet,
    /// 有效.
    Valid,
    /// 已修改: in force, with amendments in force.
    Amended,
    /// 失效: its term ended, or a document replacing it took effect.
    Expired,
    /// 废止: repealed.
    Repealed,
}

impl crate::model::labels::Choice for Status {
    const CHOICES: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Status::NotYet, "尚未施行", &[]),
        (Status::Valid, "有效", &[]),
        (Status::Amended, "已修改", &[]),
        (Status::Expired, "失效", &[]),
        (Status::Repealed, "废止", &[]),
    ];
}

impl Status {
    /// Whether the document no longer applies.
    pub fn ended(self) -> bool {
        matches!(self, Status::Expired | Status::Repealed)
    }
}

/// Why a document ended, or what changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Its `repealed` date.
    Repealed,
    /// Its term: the day after `expires`.
    TermEnded,
    /// The document (by position in the site) that replaced it took effect.
    ReplacedBy(usize),
    /// The documents that amend it (the latest in force).
    AmendedBy(usize),
}

/// A document's status on a date, with the date it began and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    /// When this status began (for 失效, 废止, 已修改).
    pub since: Option<Date>,
    pub cause: Option<Cause>,
    /// A replacement not yet in force: (the day it takes effect, the document).
    pub pending: Option<(Date, usize)>,
}

/// The lifecycle links between a site's documents, by position in `Site::docs`.
#[derive(Debug, Default)]
pub struct Lifecycle {
    pub replaces: Vec<Vec<usize>>,
    pub replaced_by: Vec<Vec<usize>>,
    pub amends: Vec<Vec<usize>>,
    pub amended_by: Vec<Vec<usize>>,
}

/// The day a document's replacements and amendments take effect: its `effective` date,
/// else its publication.
pub fn start(d: &Document) -> Date {
    d.effective.unwrap_or(d.published)
}

/// Whether a document has a status at all: 规章 and 规范性文件, and any document with a
/// lifecycle field; a notice or a news item has none.
fn has_own_lifecycle(d: &Document) -> bool {
    matches!(d.doc_type, DocType::Rule | DocType::Normative)
        || d.effective.is_some()
        || d.expires.is_some()
        || d.repealed.is_some()
        || !d.replaces.is_empty()
        || !d.amends.is_empty()
        || d.reg_no.is_some()
}

impl Lifecycle {
    /// Resolve every `replaces` and `amends`: unknown index numbers are `dangling-replaces`,
    /// a listed document naming a withheld one `link-to-withheld`, a loop of replacements
    /// `replaces-cycle` (errors). A withheld document replaces and amends nothing a reader
    /// sees: its references are not followed (they would publish that it exists); nor are a
    /// draft's, until it is published.
    pub fn link(
        docs: &[Arc<Document>],
        by_no: &FastMap<String, usize>,
        diags: &mut Vec<Diagnostic>,
    ) -> Lifecycle {
        let n = docs.len();
        let mut l = Lifecycle {
            replaces: vec![Vec::new(); n],
            replaced_by: vec![Vec::new(); n],
            amends: vec![Vec::new(); n],
            amended_by: vec![Vec::new(); n],
        };
        for (i, d) in docs.iter().enumerate() {
            // A withheld document's references would show it exists; a draft's take effect
            // when it is published.
            if d.attribute == Attribute::Withheld || d.draft {
                continue;
            }
            for (field, targets) in [(Field::Replaces, &d.replaces), (Field::Amends, &d.amends)] {
                for target in targets {
                    let Some(t) = resolve(docs, by_no, i, field, target, diags) else {
                        continue;
                    };
                    let (out, back) = match field {
                        Field::Replaces => (&mut l.replaces, &mut l.replaced_by),
                        _ => (&mut l.amends, &mut l.amended_by),
                    };
                    if !out[i].contains(&t) {
                        out[i].push(t);
                        back[t].push(i);
                    }
                }
            }
        }
        l.break_cycles(docs, diags);
        l
    }

    /// A loop of replacements (A replaces B, B replaces A) has no document in force: each
    /// document on it gets `replaces-cycle`, and the loop's links are dropped.
    fn break_cycles(&mut self, docs: &[Arc<Document>], diags: &mut Vec<Diagnostic>) {
        // Colour by depth-first search over `replaces`: 0 unseen, 1 on the path, 2 done.
        let n = docs.len();
        let mut colour = vec![0u8; n];
        let mut on_cycle = vec![false; n];
        for root in 0..n {
            if colour[root] != 0 || self.replaces[root].is_empty() {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            colour[root] = 1;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                if let Some(&w) = self.replaces[v].get(*next) {
                    *next += 1;
                    match colour[w] {
                        0 => {
                            colour[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => {
                            // Every document from `w` to the top of the path is on the loop.
                            let from = stack.iter().position(|&(u, _)| u == w).unwrap_or(0);
                            for &(u, _) in &stack[from..] {
                                on_cycle[u] = true;
                            }
                        }
                        _ => {}
                    }
                } else {
                    colour[v] = 2;
                    stack.pop();
                }
            }
        }
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| on_cycle[*i]) {
            let others: Vec<&str> = self.replaces[i]
                .iter()
                .filter(|&&t| on_cycle[t])
                .map(|&t| docs[t].index_no.as_str())
                .collect();
            diags.push(
                Diagnostic::error(
                    codes::REPLACES_CYCLE,
                    format!(
                        "替代关系成环：本文件替代 {}，而它又（直接或间接）替代本文件 (replacements form a loop)",
                        others.join("、")
                    ),
                )
                .in_file(&d.file)
                .at(d.positions.get(&Field::Replaces).copied())
                .field(d.key(Field::Replaces))
                .help("新文件替代旧文件，只在新文件里写 replaces；删去旧文件里的 replaces"),
            );
        }
        for i in 0..n {
            if on_cycle[i] {
                self.replaces[i].retain(|t| !on_cycle[*t]);
                self.replaced_by[i].retain(|t| !on_cycle[*t]);
            }
        }
    }

    /// Whether document `i` has a status: a lifecycle of its own, or another document
    /// replaces or amends it.
    pub fn has_status(&self, docs: &[Arc<Document>], i: usize) -> bool {
        has_own_lifecycle(&docs[i])
            || !self.replaced_by[i].is_empty()
            || !self.amended_by[i].is_empty()
    }

    /// A document's status on `on`; `None` when it has none (a notice, a news item).
    pub fn state(&self, docs: &[Arc<Document>], i: usize, on: Date) -> Option<State> {
        let d = &docs[i];
        if !self.has_status(docs, i) {
            return None;
        }
        // The earliest end that has come: repeal, a replacement in force, the term.
        let mut end: Option<(Date, Status, Cause)> = None;
        let mut consider = |date: Date, status: Status, cause: Cause| {
            if date <= on && end.is_none_or(|(e, _, _)| date < e) {
                end = Some((date, status, cause));
            }
        };
        if let Some(r) = d.repealed {
            consider(r, Status::Repealed, Cause::Repealed);
        }
        for &r in &self.replaced_by[i] {
            consider(start(&docs[r]), Status::Expired, Cause::ReplacedBy(r));
        }
        if let Some(day_after) = d.expires.and_then(Date::next) {
            consider(day_after, Status::Expired, Cause::TermEnded);
        }
        let pending = (self.replaced_by[i].iter())
            .map(|&r| (start(&docs[r]), r))
            .filter(|(s, _)| *s > on)
            .min();
        if let Some((since, status, cause)) = end {
            return Some(State {
                status,
                since: Some(since),
                cause: Some(cause),
                pending: None,
            });
        }
        if d.effective.is_some_and(|e| e > on) {
            return Some(State {
                status: Status::NotYet,
                since: None,
                cause: None,
                pending,
            });
        }
        let amended = (self.amended_by[i].iter())
            .map(|&a| (start(&docs[a]), a))
            .filter(|(s, _)| *s <= on)
            .max();
        Some(match amended {
            Some((since, a)) => State {
                status: Status::Amended,
                since: Some(since),
                cause: Some(Cause::AmendedBy(a)),
                pending,
            },
            None => State {
                status: Status::Valid,
                since: None,
                cause: None,
                pending,
            },
        })
    }

    /// The document in force that followed `i` by replacement on `on`: its direct successor
    /// when that is in force, else the first in force down the chain (`None` when the chain
    /// ends, or loops, without one).
    pub fn in_force_after(&self, docs: &[Arc<Document>], i: usize, on: Date) -> Option<usize> {
        let mut seen = vec![i];
        let mut at = i;
        loop {
            // The successor that took effect last before `on`.
            let next = (self.replaced_by[at].iter())
                .map(|&r| (start(&docs[r]), r))
                .filter(|(s, _)| *s <= on)
                .max()?
                .1;
            if seen.contains(&next) {
                return None;
            }
            let state = self.state(docs, next, on);
            if !state.is_some_and(|s| s.status.ended()) {
                return Some(next);
            }
            seen.push(next);
            at = next;
        }
    }
}

/// One `replaces` or `amends` entry of document `i` resolved, or the error why not.
fn resolve(
    docs: &[Arc<Document>],
    by_no: &FastMap<String, usize>,
    i: usize,
    field: Field,
    target: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let d = &docs[i];
    let error = |code, msg: String, help: String| {
        Diagnostic::error(code, msg)
            .in_file(&d.file)
            .at(d.positions.get(&field).copied())
            .field(d.key(field))
            .help(help)
    };
    let what = match field {
        Field::Replaces => "替代",
        _ => "修改",
    };
    match by_no.get(target) {
        Some(&t) if t == i => {
            diags.push(error(
                codes::DANGLING_REPLACES,
                format!(
                    "文件不能{what}它自己 (a document cannot {} itself)",
                    field.english()
                ),
                format!("{} 填写被{what}的旧文件的索引号", d.key(field)),
            ));
            None
        }
        Some(&t) if docs[t].attribute == Attribute::Withheld => {
            diags.push(error(
                codes::LINK_TO_WITHHELD,
                format!(
                    "{what}的文件 {} 不予公开，会公开它的存在和索引号 (refers to a withheld document)",
                    docs[t].file
                ),
                format!(
                    "删除 {} 中的这一项，或核对索引号",
                    d.key(field)
                ),
            ));
            None
        }
        Some(&t) => Some(t),
        None => {
            let help = match (
                super::by_title_or_doc_no(docs, target),
                crate::diag::suggest::did_you_mean(target, by_no.keys().map(String::as_str)),
            ) {
                (Some(hint), _) => hint,
                (None, Some(s)) => format!("是不是 `{s}`？"),
                (None, None) => format!("填写本站已有文件的索引号；{what}的是旧文件"),
            };
            diags.push(error(
                codes::DANGLING_REPLACES,
                format!(
                    "被{what}的文件 `{target}` 不存在 ({} an unknown index number)",
                    field.english()
                ),
                help,
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::labels::Choice;
    use crate::rules::testing::{SITE, doc};

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A site from (front matter) per document, numbered from 1, with its findings.
    fn site(docs: &[&str]) -> (crate::model::Site, Vec<Diagnostic>) {
        let (config, _) = crate::config::parse(SITE, &|_| true, &crate::rules::declarations());
        let files = (docs.iter().enumerate())
            .map(|(i, f)| doc(i + 1, f, "正文。"))
            .collect();
        let resolve = |_: &str, _: &str| Err(crate::source::attachments::AttachmentError::Missing);
        crate::model::assemble(config.unwrap(), files, &resolve, day("2026-11-29"))
    }

    fn no(n: usize) -> String {
        format!("0001/2026-{n:05}")
    }

    /// Each document's status label on `on` ("" for none).
    fn labels(s: &crate::model::Site, on: &str) -> Vec<&'static str> {
        (0..s.docs.len())
            .map(|i| {
                s.lifecycle
                    .state(&s.docs, i, day(on))
                    .map_or("", |st| st.status.label())
            })
            .collect()
    }

    #[test]
    fn dates_of_its_own_give_the_status() {
        let (s, diags) = site(&[
            "doc_type: 规范性文件\neffective: 2026-12-01\nexpires: 2031-11-30",
            "doc_type: 规章\nrepealed: 2026-06-01",
            "doc_type: 其他",
            "expires: 2026-10-31",
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(labels(&s, "2026-11-29"), ["尚未施行", "废止", "", "失效"]);
        assert_eq!(labels(&s, "2026-12-01"), ["有效", "废止", "", "失效"]);
        assert_eq!(labels(&s, "2031-11-30"), ["有效", "废止", "", "失效"]);
        assert_eq!(
            labels(&s, "2031-12-01")[0],
            "失效",
            "the day after the term"
        );
        assert_eq!(labels(&s, "2026-05-31")[1], "有效", "before its repeal");
        let st = s.lifecycle.state(&s.docs, 3, day("2026-11-29")).unwrap();
        assert_eq!(
            (st.since, st.cause),
            (Some(day("2026-11-01")), Some(Cause::TermEnded))
        );
    }

    #[test]
    fn a_replacement_in_the_future_is_pending_until_it_takes_effect() {
        let (s, diags) = site(&[
            "doc_type: 规范性文件",
            &format!(
                "doc_type: 规范性文件\neffective: 2027-01-01\nreplaces: [{}]",
                no(1)
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let before = s.lifecycle.state(&s.docs, 0, day("2026-11-29")).unwrap();
        assert_eq!(before.status, Status::Valid);
        assert_eq!(before.pending, Some((day("2027-01-01"), 1)));
        let after = s.lifecycle.state(&s.docs, 0, day("2027-01-01")).unwrap();
        assert_eq!(after.status, Status::Expired);
        assert_eq!(after.cause, Some(Cause::ReplacedBy(1)));
        assert_eq!(after.since, Some(day("2027-01-01")));
    }

    #[test]
    fn a_chain_links_the_document_now_in_force() {
        // A (1) replaced by B (2), B replaced by C (3); D (4) amends C.
        let (s, diags) = site(&[
            "doc_type: 规范性文件\npublished: 2020-01-01",
            &format!(
                "doc_type: 规范性文件\npublished: 2023-01-01\nreplaces: [{}]",
                no(1)
            ),
            &format!(
                "doc_type: 规范性文件\npublished: 2026-01-01\nreplaces: [{}]",
                no(2)
            ),
            &format!(
                "title: 关于修改的决定\npublished: 2026-06-01\namends: [{}]",
                no(3)
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let on = day("2026-11-29");
        assert_eq!(labels(&s, "2026-11-29"), ["失效", "失效", "已修改", "有效"]);
        assert_eq!(s.lifecycle.in_force_after(&s.docs, 0, on), Some(2), "A → C");
        assert_eq!(s.lifecycle.in_force_after(&s.docs, 1, on), Some(2));
        // In 2024 only B had replaced A.
        assert_eq!(labels(&s, "2024-01-01")[..2], ["失效", "有效"]);
        assert_eq!(
            s.lifecycle.in_force_after(&s.docs, 0, day("2024-01-01")),
            Some(1)
        );
        let c = s.lifecycle.state(&s.docs, 2, on).unwrap();
        assert_eq!(c.cause, Some(Cause::AmendedBy(3)));
    }

    #[test]
    fn documents_replacing_each_other_are_an_error_and_neither_ends() {
        let (s, diags) = site(&[
            &format!("doc_type: 规范性文件\nreplaces: [{}]", no(2)),
            &format!("doc_type: 规范性文件\nreplaces: [{}]", no(1)),
            &format!(
                "doc_type: 规范性文件\nreplaces: [{}, 0001/2026-09999]",
                no(3)
            ),
        ]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                codes::DANGLING_REPLACES,
                codes::DANGLING_REPLACES,
                codes::REPLACES_CYCLE,
                codes::REPLACES_CYCLE
            ],
            "{diags:?}"
        );
        assert_eq!(labels(&s, "2026-11-29"), ["有效", "有效", "有效"]);
        assert_eq!(
            s.lifecycle.in_force_after(&s.docs, 0, day("2026-11-29")),
            None
        );
    }

    #[test]
    fn chinese_keys_work_and_bad_dates_point_at_their_field() {
        let (s, diags) = site(&[
            "文件类型: 规范性文件\n施行日期: 2025-01-01\n有效期至: 2029-12-31",
            &format!(
                "施行日期: 2026-01-01\n修改: [{}]\n登记号: GZXX2026001",
                no(1)
            ),
            "doc_type: 规范性文件\n废止日期: 2026-02-30",
        ]);
        assert_eq!(labels(&s, "2026-11-29")[..2], ["已修改", "有效"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, codes::INVALID_DATE);
        assert_eq!(diags[0].field.as_deref(), Some("废止日期"));
        assert_eq!(diags[0].line, Some(9));
    }

    #[test]
    fn withheld_documents_are_never_named() {
        let (s, diags) = site(&[
            "doc_type: 规范性文件",
            &format!("attribute: 不予公开\nreplaces: [{}]", no(1)),
            &format!("replaces: [{}]", no(2)),
        ]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::LINK_TO_WITHHELD], "{diags:?}");
        assert_eq!(
            labels(&s, "2026-11-29")[0],
            "有效",
            "a withheld replacement is not followed"
        );
        assert!(s.lifecycle.replaced_by[1].is_empty());
    }
}
