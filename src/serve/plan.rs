//! What a change needs rendered in `serve`: the document pages whose file or whose linked
//! files changed, and the listing pages that show a changed document, from the site on disk
//! and the site now (the site map's `pages_showing`).

use crate::frontmatter::{FIELDS, Shown};
use crate::hash::{FastMap, FastSet};
use crate::model::Site;
use crate::model::document::{self, Document};
use crate::model::published::Published;
use crate::model::visibility::Catalogue;
use crate::site_map::Page;
use std::collections::HashSet;
use std::sync::Arc;

/// What a change needs rendered, from the site on disk and the site now.
pub(super) struct Change {
    /// Files whose document pages must be rendered again.
    pub(super) docs: FastSet<String>,
    /// Whether any listed metadata changed (title, dates, column, issuer, attribute …, or a
    /// document added or removed): listing pages and exports show nothing else.
    pub(super) metadata_changed: bool,
    /// Column ids and issuer slugs whose listing pages show a changed document.
    pub(super) categories: HashSet<String>,
    pub(super) issuers: HashSet<String>,
    /// Every change kept its document where it was in every listing (same column, issuer,
    /// date and index number, listed before and after): then only the listing pages that
    /// show those documents change, not the pages after them or any count.
    pub(super) in_place: bool,
    /// The files of the changed documents that still exist.
    pub(super) changed_files: Vec<String>,
    /// A document that was 主动公开 is no longer (withheld, on request, or gone): the
    /// exports and the search index still show its title and text, so they are written in
    /// this round, not at the pause.
    pub(super) left_public: bool,
}

/// Each document's position in `site.docs`, by file.
fn file_index(s: &Site) -> FastMap<&str, usize> {
    s.docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.file.as_str(), i))
        .collect()
}

impl Change {
    pub(super) fn new(old: &Site, new: &Site, links: Links) -> Change {
        let (old_ix, new_ix) = (file_index(old), file_index(new));
        let mut changed: Vec<(Option<&Document>, Option<&Document>)> = Vec::new();
        for (file, &i) in &new_ix {
            match old_ix.get(file) {
                Some(&j) if Arc::ptr_eq(&old.docs[j], &new.docs[i]) => {}
                Some(&j) => changed.push((Some(&old.docs[j]), Some(&new.docs[i]))),
                None => changed.push((None, Some(&new.docs[i]))),
            }
        }
        for (file, &j) in &old_ix {
            if !new_ix.contains_key(file) {
                changed.push((Some(&old.docs[j]), None));
            }
        }
        let cfg = &new.config;
        let mut plan = Change {
            docs: dirty_files(old, new, links),
            metadata_changed: false,
            categories: HashSet::new(),
            issuers: HashSet::new(),
            in_place: true,
            changed_files: Vec::new(),
            left_public: false,
        };
        for (before, after) in changed {
            let public = |d: Option<&Document>| {
                d.is_some_and(|d| d.attribute == document::Attribute::Proactive)
            };
            plan.left_public |= public(before) && !public(after);
            plan.metadata_changed |= match (before, after) {
                (Some(a), Some(b)) => !same_metadata(a, b),
                _ => true,
            };
            plan.in_place &= match (before, after) {
                (Some(a), Some(b)) => {
                    let listed = |d: &Document| d.attribute != document::Attribute::Withheld;
                    a.category == b.category
                        && a.issuer == b.issuer
                        && a.published == b.published
                        && a.index_no == b.index_no
                        && listed(a)
                        && listed(b)
                }
                _ => false,
            };
            plan.changed_files.extend(after.map(|d| d.file.clone()));
            for d in before.into_iter().chain(after) {
                for c in cfg.category_path(d.category) {
                    plan.categories.insert(cfg.categories[c].id.clone());
                }
                plan.issuers.insert(cfg.issuers[d.issuer].slug.clone());
            }
        }
        plan
    }

    /// For an in-place change, the listing pages that show the changed documents.
    pub(super) fn pages_showing(&self, cat: &Catalogue) -> Option<FastSet<String>> {
        if !(self.metadata_changed && self.in_place) {
            return None;
        }
        let wanted: FastSet<&str> = self.changed_files.iter().map(String::as_str).collect();
        let pages = (cat.entries().iter().enumerate())
            .filter(|(_, e)| wanted.contains(e.file()))
            .flat_map(|(k, _)| crate::model::pages::pages_showing(cat, k))
            .map(|p| p.path())
            .collect();
        Some(pages)
    }

    pub(super) fn lists(&self, page: &Page) -> bool {
        self.metadata_changed
            && match page {
                Page::Home | Page::Categories | Page::Issuers | Page::Validity { .. } => true,
                Page::Category { id, .. } => self.categories.contains(*id),
                Page::Issuer { slug, .. } => self.issuers.contains(*slug),
                // No list of documents: a new page kind must say here whether it lists them.
                Page::Document { .. } | Page::Search | Page::NotFound | Page::Report => false,
            }
    }
}

/// Whether two versions of a document show the same in listings and exports: every field
/// the field table says is shown beyond the document's own page.
fn same_metadata(a: &Document, b: &Document) -> bool {
    FIELDS
        .iter()
        .filter(|s| s.shown != Shown::Page)
        .all(|s| a.value(s.field) == b.value(s.field))
}

/// Files whose document pages must be rendered again: changed, added or removed documents,
/// and the documents linked to them (a policy and its interpretations show each other's
/// titles), before or after the change.
/// Where linked files were published before a change and are now (`None`: no body linked
/// to a file).
#[derive(Default, Clone, Copy)]
pub(super) struct Links<'p> {
    pub(super) before: Option<&'p Published>,
    pub(super) now: Option<&'p Published>,
}

fn dirty_files(old: &Site, new: &Site, links: Links) -> FastSet<String> {
    let (old_ix, new_ix) = (file_index(old), file_index(new));
    let mut changed: FastSet<&str> = FastSet::default();
    for (file, &i) in &new_ix {
        match old_ix.get(file) {
            Some(&j) if Arc::ptr_eq(&old.docs[j], &new.docs[i]) => {}
            _ => {
                changed.insert(file);
            }
        }
    }
    for file in old_ix.keys() {
        if !new_ix.contains_key(file) {
            changed.insert(file);
        }
    }
    fn neighbours(s: &Site, i: usize) -> Vec<&str> {
        let mut n: Vec<&str> = s.interprets[i]
            .iter()
            .chain(&s.interpreted_by[i])
            .map(|&k| s.docs[k].file.as_str())
            .collect();
        n.sort_unstable();
        n
    }
    let mut dirty = FastSet::default();
    for (file, &i) in &new_ix {
        let linked = new.interprets[i].is_some() || !new.interpreted_by[i].is_empty();
        let was_linked = old_ix
            .get(file)
            .is_some_and(|&j| old.interprets[j].is_some() || !old.interpreted_by[j].is_empty());
        let dirty_now = changed.contains(file)
            || ((linked || was_linked) && {
                let now = neighbours(new, i);
                let before = old_ix.get(file).map(|&j| neighbours(old, j));
                now.iter().any(|n| changed.contains(n)) || before.as_ref() != Some(&now)
            });
        if dirty_now {
            dirty.insert(file.to_string());
        }
    }
    // A policy's page shows the documents that replaced or amended it, down a chain: when a
    // change moves any lifecycle (a date, a reference, or a title or number a banner
    // shows), every page that shows a status is rendered again. They are few.
    let moved = |file: &str| {
        let (a, b) = (old_ix.get(file), new_ix.get(file));
        let involved = |s: &Site, i: usize| s.lifecycle.has_status(&s.docs, i);
        let shown = |a: &Document, b: &Document| {
            FIELDS
                .iter()
                .filter(|s| matches!(s.shown, Shown::Lifecycle | Shown::References))
                .all(|s| a.value(s.field) == b.value(s.field))
        };
        match (a, b) {
            (Some(&i), Some(&j)) => {
                (involved(old, i) || involved(new, j)) && !shown(&old.docs[i], &new.docs[j])
            }
            (Some(&i), None) => involved(old, i),
            (None, Some(&j)) => involved(new, j),
            (None, None) => false,
        }
    };
    if changed.iter().any(|f| moved(f)) {
        for (file, &i) in &new_ix {
            if new.lifecycle.has_status(&new.docs, i) {
                dirty.insert(file.to_string());
            }
        }
    }
    // A body that links to a file whose place in the output changed (another document's
    // index number, an attachment added or removed, a document withheld).
    if let Some(now) = links.now {
        for d in new.docs.iter().filter(|d| !d.links.is_empty()) {
            let before = |l: &str| links.before.and_then(|b| b.get(l));
            if d.links.iter().any(|l| before(l) != now.get(l)) {
                dirty.insert(d.file.clone());
            }
        }
    }
    dirty
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{SITE, doc, site};

    const POLICY: &str = "doc_type: 规范性文件";
    const READING: &str = "category: zcjd\ninterprets: 0001/2026-00001";

    /// The site before and after replacing document `n` (others shared, as in `serve`).
    fn change(n: usize, front: &str, body: &str) -> (Site, Site) {
        let old = site(
            SITE,
            vec![
                doc(1, POLICY, "政策"),
                doc(2, READING, "解读"),
                doc(3, "", "其他"),
            ],
        );
        let mut docs = old.docs.clone();
        let fresh = site(SITE, vec![doc(n, front, body)]);
        docs[n - 1] = Arc::clone(&fresh.docs[0]);
        let (mut new, diags) = crate::model::link(old.config.clone(), docs, old.today);
        new.show_drafts = old.show_drafts;
        assert!(diags.is_empty(), "{diags:?}");
        (old, new)
    }

    #[test]
    fn a_body_edit_renders_one_page_and_no_listing() {
        let (old, new) = change(3, "", "改过的正文");
        let plan = Change::new(&old, &new, Links::default());
        assert_eq!(plan.docs.iter().collect::<Vec<_>>(), ["content/003.md"]);
        assert!(!plan.metadata_changed);
        assert!(!plan.lists(&Page::Home));
    }

    #[test]
    fn a_retitled_policy_renders_its_interpretation_and_stays_in_place() {
        let (old, new) = change(1, &format!("{POLICY}\ntitle: 新标题"), "政策");
        let plan = Change::new(&old, &new, Links::default());
        let mut docs: Vec<&String> = plan.docs.iter().collect();
        docs.sort();
        assert_eq!(docs, ["content/001.md", "content/002.md"]);
        assert!(plan.metadata_changed && plan.in_place);
        let cat = Catalogue::new(&new);
        let pages = plan.pages_showing(&cat).unwrap();
        assert!(pages.contains("category/zcwj/index.html"));
        assert!(
            pages.contains("index.html"),
            "among the latest on the home page"
        );
        assert!(!pages.contains("category/zcjd/index.html"));
    }

    #[test]
    fn a_move_to_another_column_renders_both_columns() {
        let (old, new) = change(3, "category: zcjd", "其他");
        let plan = Change::new(&old, &new, Links::default());
        assert!(plan.metadata_changed && !plan.in_place);
        assert!(plan.lists(&Page::Category {
            id: "zcwj",
            page: 1
        }));
        assert!(plan.lists(&Page::Category {
            id: "zcjd",
            page: 2
        }));
        assert!(plan.lists(&Page::Home));
    }

    #[test]
    fn a_document_turned_withheld_leaves_its_listings() {
        let (old, new) = change(3, "attribute: 不予公开", "其他");
        let plan = Change::new(&old, &new, Links::default());
        assert!(!plan.in_place);
        assert!(plan.left_public, "its exports are written at once");
    }

    #[test]
    fn a_document_turned_on_request_leaves_the_public_exports_at_once() {
        let (old, new) = change(3, "attribute: 依申请公开", "其他");
        assert!(Change::new(&old, &new, Links::default()).left_public);
        let (old, new) = change(3, "", "改过的正文");
        assert!(!Change::new(&old, &new, Links::default()).left_public);
    }
}
