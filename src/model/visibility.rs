//! What may be published (SPEC §2, 公开属性), decided in one place.
//!
//! [`Catalogue`] holds only listed documents: 主动公开 and 依申请公开. A 不予公开 document is
//! not in it at all. [`Listed`] wraps a document and offers its body and attachments only
//! when it is 主动公开; there is no accessor for anything else, so no page, feed, export or
//! index built from a `Catalogue` can publish withheld data, whatever its template does.

use super::Site;
use super::document::{Attachment, Attribute, DocType, Document, Validity, Value};
use super::lifecycle::{Cause, Status};
use crate::config::Config;
use crate::date::Date;
use crate::diag::position::Position;
use crate::frontmatter::Field;

/// The publishable view of a site.
pub struct Catalogue<'s> {
    pub config: &'s Config,
    /// The day the site is built for: statuses are as of it.
    pub today: Date,
    entries: Vec<Listed<'s>>,
    /// Per category, entries of its whole subtree, newest first.
    pub by_category: Vec<Vec<usize>>,
    /// Per issuer, its entries, newest first.
    pub by_issuer: Vec<Vec<usize>>,
    /// Where each source file is published, made when first asked (pages and link rules
    /// share it).
    published: std::sync::OnceLock<crate::model::published::Published>,
}

/// A listed document. Fields are private: only what may be published has an accessor.
pub struct Listed<'s> {
    doc: &'s Document,
    interprets: Option<usize>,
    interpreted_by: Vec<usize>,
    /// The images its body shows that may be published (none of another document's
    /// unpublished files).
    images: Vec<&'s Attachment>,
    life: Option<Life>,
    /// Its commits, when the site is in git with full history and the file was committed.
    history: Option<&'s crate::source::history::FileHistory>,
    /// The day it entered the repository: its first commit, or `--today` for a file not yet
    /// committed; `None` without history (SPEC §12).
    entered: Option<Date>,
}

/// A policy's lifecycle on the site's day, as its page shows it (SPEC §10); documents by
/// entry index. Withheld documents are never among them (`model::lifecycle` follows no
/// reference to or from one).
#[derive(Debug, Clone, PartialEq)]
pub struct Life {
    /// The status derived from dates and references.
    pub status: Status,
    /// When it began (失效, 废止, 已修改).
    pub since: Option<Date>,
    /// The document that replaced or (last) amended it.
    pub by: Option<usize>,
    /// Why it ended, when it did.
    pub cause: Option<Cause>,
    /// When the document that replaced it has ended too: the one now in force.
    pub in_force: Option<usize>,
    /// A replacement not yet in force: the day it takes effect, and the document.
    pub pending: Option<(Date, usize)>,
    /// What this document replaces and amends, and what amends it.
    pub replaces: Vec<usize>,
    pub amends: Vec<usize>,
    pub amended_by: Vec<usize>,
}

impl Life {
    /// The document that replaced it, when one did.
    pub fn replaced_by(&self) -> Option<usize> {
        match self.cause {
            Some(Cause::ReplacedBy(_)) => self.by,
            _ => None,
        }
    }
}

/// Document `i`'s lifecycle on the site's day, in entry indices (`entry`).
fn life(site: &Site, i: usize, entry: &dyn Fn(usize) -> Option<usize>) -> Option<Life> {
    let l = &site.lifecycle;
    let state = l.state(&site.docs, i, site.today)?;
    let entries = |docs: &[usize]| docs.iter().filter_map(|&j| entry(j)).collect();
    let by = match state.cause {
        Some(Cause::ReplacedBy(j) | Cause::AmendedBy(j)) => entry(j),
        _ => None,
    };
    let in_force = match state.cause {
        Some(Cause::ReplacedBy(j)) => l
            .in_force_after(&site.docs, i, site.today)
            .filter(|&k| k != j)
            .and_then(entry),
        _ => None,
    };
    Some(Life {
        status: state.status,
        since: state.since,
        by,
        cause: state.cause,
        in_force,
        pending: state.pending.and_then(|(d, j)| Some((d, entry(j)?))),
        replaces: entries(&l.replaces[i]),
        amends: entries(&l.amends[i]),
        amended_by: entries(&l.amended_by[i]),
    })
}

impl<'s> Catalogue<'s> {
    /// Entries newest first (published date, then index number, both descending).
    pub fn new(site: &'s Site) -> Catalogue<'s> {
        let mut order: Vec<usize> = (0..site.docs.len())
            .filter(|&i| site.docs[i].attribute != Attribute::Withheld)
            .filter(|&i| site.show_drafts || !site.docs[i].draft)
            .collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (&site.docs[a], &site.docs[b]);
            (db.published, &db.index_no).cmp(&(da.published, &da.index_no))
        });
        let mut position = vec![usize::MAX; site.docs.len()];
        for (k, &i) in order.iter().enumerate() {
            position[i] = k;
        }
        let listed_link = |i: usize| Some(position[i]).filter(|&p| p != usize::MAX);
        // Files that are not published: the attachments of documents that are not 主动公开,
        // and everything of a withheld one. A public body that shows one as an image does not
        // publish it (the link rules report it). An image an on-request body shows is not
        // here: like a line it shares, a public page that shows it too publishes it.
        let unpublished: crate::hash::FastSet<&str> = (site.docs.iter())
            .filter(|d| d.attribute != Attribute::Proactive)
            .flat_map(|d| {
                let withheld = d.attribute == Attribute::Withheld;
                let images = d.images.iter().filter(move |_| withheld);
                d.attachments
                    .iter()
                    .chain(images)
                    .map(|a| a.rel.as_str())
                    .chain(withheld.then_some(d.file.as_str()))
            })
            .collect();
        let entries: Vec<Listed> = order
            .iter()
            .map(|&i| {
                let doc = &site.docs[i];
                let images = match doc.attribute {
                    Attribute::Proactive => (doc.images.iter())
                        .filter(|a| !unpublished.contains(a.rel.as_str()))
                        .collect(),
                    _ => Vec::new(),
                };
                Listed {
                    doc,
                    interprets: site.interprets[i].and_then(listed_link),
                    interpreted_by: site.interpreted_by[i]
                        .iter()
                        .filter_map(|&j| listed_link(j))
                        .collect(),
                    images,
                    life: life(site, i, &listed_link),
                    history: site.history.of(&doc.file),
                    entered: site.history.available.then(|| {
                        site.history
                            .of(&doc.file)
                            .and_then(|h| h.first())
                            .map_or(site.today, |c| c.date)
                    }),
                }
            })
            .collect();
        let config = &site.config;
        let mut by_category = vec![Vec::new(); config.categories.len()];
        let mut by_issuer = vec![Vec::new(); config.issuers.len()];
        for (k, e) in entries.iter().enumerate() {
            for c in config.category_path(e.doc.category) {
                by_category[c].push(k);
            }
            by_issuer[e.doc.issuer].push(k);
        }
        Catalogue {
            config,
            today: site.today,
            entries,
            by_category,
            by_issuer,
            published: std::sync::OnceLock::new(),
        }
    }

    pub fn entries(&self) -> &[Listed<'s>] {
        &self.entries
    }

    pub fn get(&self, k: usize) -> &Listed<'s> {
        &self.entries[k]
    }

    /// Where each source file of the site is published (`model::published::Published`).
    pub fn published(&self) -> &crate::model::published::Published {
        self.published.get_or_init(|| {
            crate::model::published::Published::new(self.entries().iter().map(|e| {
                let files = e.attachments().iter().chain(e.images());
                let files = files.map(|a| (a.rel.as_str(), a.file_name.as_str()));
                (e.file(), e.slug(), files.collect())
            }))
        })
    }
}

impl<'s> Listed<'s> {
    pub fn title(&self) -> &'s str {
        &self.doc.title
    }
    pub fn index_no(&self) -> &'s str {
        &self.doc.index_no
    }
    pub fn slug(&self) -> &'s str {
        &self.doc.slug
    }
    pub fn issuer(&self) -> usize {
        self.doc.issuer
    }
    pub fn category(&self) -> usize {
        self.doc.category
    }
    pub fn published(&self) -> Date {
        self.doc.published
    }
    /// Its commits (SPEC §12): the first added it.
    pub fn history(&self) -> Option<&'s crate::source::history::FileHistory> {
        self.history
    }
    /// The day it last changed: its last commit when later than `published` (SPEC §12:
    /// the sitemap's `lastmod`, the feed's `updated`), else `published`.
    pub fn updated(&self) -> Date {
        let last = self.history.and_then(|h| h.last()).map(|c| c.date);
        last.map_or(self.doc.published, |d| d.max(self.doc.published))
    }
    /// The day it entered the repository (`--today` when uncommitted); `None` outside git.
    pub fn entered(&self) -> Option<Date> {
        self.entered
    }
    pub fn written(&self) -> Option<Date> {
        self.doc.written
    }
    pub fn doc_no(&self) -> Option<&'s str> {
        self.doc.doc_no.as_deref()
    }
    /// 内容概述: public for every listed document, on-request ones included.
    pub fn summary(&self) -> Option<&'s str> {
        self.doc.summary.as_deref()
    }

    pub fn keywords(&self) -> &'s [String] {
        &self.doc.keywords
    }
    pub fn doc_type(&self) -> DocType {
        self.doc.doc_type
    }
    pub fn validity(&self) -> Option<Validity> {
        self.doc.validity
    }
    /// Either 主动公开 or 依申请公开; never 不予公开.
    pub fn attribute(&self) -> Attribute {
        self.doc.attribute
    }
    /// A front-matter field's value; attachments only for 主动公开 (as [`Listed::attachments`]).
    pub fn value(&self, f: Field) -> Value<'s> {
        match f {
            Field::Attachments if !self.is_full_text() => Value::Paths(Vec::new()),
            _ => self.doc.value(f),
        }
    }
    pub fn is_full_text(&self) -> bool {
        self.doc.attribute == Attribute::Proactive
    }
    /// The Markdown source of a 主动公开 body, for the editorial rules (positions); `None` for
    /// 依申请公开. Nothing published is made from it: use [`Listed::html`] and
    /// [`Listed::text`].
    pub fn body(&self) -> Option<&'s str> {
        self.is_full_text().then(|| self.doc.body())
    }
    /// The sanitized HTML of a 主动公开 body; `None` for 依申请公开. Its text is
    /// [`Listed::text`].
    pub fn html(&self) -> Option<&'s str> {
        self.is_full_text().then(|| self.doc.published_html())
    }
    /// The published text of a 主动公开 body (SPEC §9), the source of search terms and
    /// snippets, the Description and duplicate sketches; `None` for 依申请公开.
    pub fn text(&self) -> Option<&'s str> {
        self.is_full_text().then(|| self.doc.published_text())
    }
    /// Attachments of a 主动公开 document; empty for 依申请公开.
    pub fn attachments(&self) -> &'s [Attachment] {
        if self.is_full_text() {
            &self.doc.attachments
        } else {
            &[]
        }
    }
    /// Images a 主动公开 body shows from beside it, published with its page like
    /// attachments; never another document's unpublished file.
    pub fn images(&self) -> impl Iterator<Item = &'s Attachment> + '_ {
        self.images.iter().copied()
    }
    /// Source files its body links to or shows (paths from the site root).
    pub fn links(&self) -> &'s [String] {
        &self.doc.links
    }
    /// The listed policy this document interprets (entry index).
    /// A draft (shown by `serve` and `check` only).
    pub fn is_draft(&self) -> bool {
        self.doc.draft
    }
    /// 施行日期.
    pub fn effective(&self) -> Option<Date> {
        self.doc.effective
    }
    /// 有效期至: the last day of its term.
    pub fn expires(&self) -> Option<Date> {
        self.doc.expires
    }
    /// Its status and the documents that changed it, for a document that has one (SPEC
    /// §10: 规章, 规范性文件, and documents with a lifecycle field or reference).
    pub fn life(&self) -> Option<&Life> {
        self.life.as_ref()
    }
    /// Whether it is in force as its page shows it: not 失效 or 废止, derived or typed (a
    /// typed one that nothing explains is kept).
    pub fn in_force(&self) -> bool {
        match (&self.life, self.doc.validity) {
            (Some(l), Some(t)) if t != Validity::Valid && !l.status.ended() => false,
            (Some(l), _) => !l.status.ended(),
            (None, t) => matches!(t, None | Some(Validity::Valid)),
        }
    }
    /// The 有效性 a reader is shown: the derived status, or what the editor typed when
    /// nothing is derived, or when a typed 失效 or 废止 has nothing that explains it
    /// (`validity-conflict` warns about both).
    pub fn shown_validity(&self) -> Option<&'static str> {
        use crate::model::labels::Choice;
        let typed = self.doc.validity;
        match (&self.life, typed) {
            (Some(l), Some(t)) if t != Validity::Valid && !l.status.ended() => Some(t.label()),
            (Some(l), _) => Some(l.status.label()),
            (None, t) => t.map(|t| t.label()),
        }
    }
    pub fn interprets(&self) -> Option<usize> {
        self.interprets
    }
    /// Listed documents that interpret this one (entry indices).
    pub fn interpreted_by(&self) -> &[usize] {
        &self.interpreted_by
    }
    /// Source file relative to the site root, for findings and the editors' report.
    pub fn file(&self) -> &'s str {
        &self.doc.file
    }
    /// Where a front-matter field's key is in the source file.
    pub fn position(&self, f: Field) -> Option<Position> {
        self.doc.positions.get(&f).copied()
    }
    /// The field name as the editor wrote it (English or Chinese).
    pub fn key(&self, f: Field) -> &'s str {
        self.doc.key(f)
    }
    /// 1-based line of the source file where the body starts.
    pub fn body_line(&self) -> usize {
        self.doc.body_line
    }
    /// Page URL relative to the site root.
    pub fn url(&self) -> String {
        crate::site_map::Page::Document {
            slug: &self.doc.slug,
        }
        .path()
    }
}

/// A document none of whose body may be published: a 不予公开 one (nothing of it at all) or
/// a 依申请公开 one (its metadata is public, its body is not). What `security` builds the
/// secrets from (SPEC §9); nothing here reaches a page.
pub struct Confidential<'s> {
    pub file: &'s str,
    pub withheld: bool,
    pub title: &'s str,
    pub slug: &'s str,
    /// The body's text as it would be published.
    pub text: &'s str,
    pub attachments: &'s [Attachment],
    /// Images its body shows from beside it.
    pub images: &'s [Attachment],
}

/// Every withheld and on-request document, in file order.
pub fn confidential(site: &Site) -> Vec<Confidential<'_>> {
    site.docs
        .iter()
        .filter(|d| d.attribute != Attribute::Proactive)
        .map(|d| Confidential {
            file: &d.file,
            withheld: d.attribute == Attribute::Withheld,
            title: &d.title,
            slug: &d.slug,
            text: d.published_text(),
            attachments: &d.attachments,
            images: &d.images,
        })
        .collect()
}

/// The title of every listed document (all public).
pub fn listed_titles(site: &Site) -> Vec<&str> {
    site.docs
        .iter()
        .filter(|d| d.attribute != Attribute::Withheld)
        .map(|d| d.title.as_str())
        .collect()
}

/// One listed document's body text, as [`listed_texts`] gives it; none for a withheld one.
pub fn listed_text(d: &Document) -> Option<&str> {
    (d.attribute != Attribute::Withheld).then(|| d.published_text())
}

/// The body text of every listed document, on-request ones included, for telling boilerplate
/// (a line many documents share) apart from a secret. Never published from here.
pub fn listed_texts(site: &Site) -> Vec<&str> {
    site.docs
        .iter()
        .filter(|d| d.attribute != Attribute::Withheld)
        .map(|d| d.published_text())
        .collect()
}
