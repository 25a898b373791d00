//! `withheld-quoted` (error) and `on-request-quoted` (warning), SPEC §9: a listed document
//! whose published metadata or body holds a secret. One pass over the catalogue, before
//! anything is rendered, so the output guard knows which quotations were reported. The body
//! is read from its published HTML with the guard's own reader (`security::output`), so the
//! guard need not read it again in the page (`output::Sink::write_page`).
//!
//! Findings name the public file and line, and the confidential document by its path only;
//! no message ever repeats the quoted text.

use super::{Located, Owner, Secrets};
use crate::config::Config;
use crate::config::FILE as SITE_TOML;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::{FIELDS, Field};
use crate::hash::{FastMap, FastSet};
use crate::matching::fold::Folded;
use crate::matching::matcher::Found;
use crate::model::document::{Attachment, Value};
use crate::model::visibility::{Catalogue, Listed};
use crate::source::extract::Reader;
use rayon::prelude::*;

/// What the scan found.
#[derive(Default, Clone)]
pub struct Quotes {
    pub findings: Vec<Diagnostic>,
    /// Runs of on-request bodies reported as `on-request-quoted`: the guard lets these pass
    /// (the office was warned and published them); it stops at any other secret.
    pub allowed: FastSet<u64>,
}

impl Quotes {
    pub fn extend(&mut self, other: Quotes) {
        self.findings.extend(other.findings);
        self.allowed.extend(other.allowed);
    }
}

/// Where in a document a secret was found.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Field(Field),
    Text,
}

/// Scan every listed document's published metadata and text, and site.toml's names.
pub fn scan(secrets: &Secrets, cat: &Catalogue) -> Quotes {
    scan_cached(secrets, cat, &mut Cache::default())
}

/// What each document's scan found, by a hash of the secrets and of everything of the
/// document that was read: `serve` rescans only what a save changed.
#[derive(Default)]
pub struct Cache(FastMap<u128, std::sync::Arc<Quotes>>);

/// [`scan`], reusing the results in `cache` for documents and secrets that did not change;
/// `cache` is left holding this scan's results.
pub fn scan_cached(secrets: &Secrets, cat: &Catalogue, cache: &mut Cache) -> Quotes {
    if secrets.matcher.is_empty() {
        cache.0.clear();
        return Quotes::default();
    }
    let per_doc: Vec<(u128, std::sync::Arc<Quotes>)> = cat
        .entries()
        .par_iter()
        .map(|e| {
            let key = content_key(secrets.key, e);
            let found = match cache.0.get(&key) {
                Some(q) => std::sync::Arc::clone(q),
                None => std::sync::Arc::new(scan_document(secrets, e)),
            };
            (key, found)
        })
        .collect();
    let mut out = Quotes::default();
    for (_, q) in &per_doc {
        out.findings.extend(q.findings.iter().cloned());
        out.allowed.extend(q.allowed.iter().copied());
    }
    cache.0 = per_doc.into_iter().collect();
    out.findings.extend(scan_config(secrets, cat.config));
    out
}

/// A 128-bit hash (two seeds) of the secrets' key and all a document's scan reads or
/// reports. Only `serve` reuses results by it; `build` always scans every document.
fn content_key(secrets: u64, e: &Listed) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut halves = [0u64; 2];
    for (i, half) in halves.iter_mut().enumerate() {
        let mut h = crate::hash::FastHasher::default();
        let fields = published_fields(e);
        (
            i,
            secrets,
            e.file(),
            &fields,
            e.attachments()
                .iter()
                .map(|a| &a.file_name)
                .collect::<Vec<_>>(),
        )
            .hash(&mut h);
        (e.html(), e.body(), e.body_line()).hash(&mut h);
        (fields.iter().map(|(f, _)| *f))
            .chain([Field::Attachments])
            .map(|f| (e.position(f).map(|p| (p.line, p.column)), e.key(f)))
            .for_each(|k| k.hash(&mut h));
        *half = h.finish();
    }
    u128::from(halves[0]) << 64 | u128::from(halves[1])
}

/// The text of every front-matter field a page shows, from the field table: texts as they
/// are, a list joined as pages and the `Keywords` meta join it (white space does not count:
/// a withheld title split over two keywords is whole there, SPEC §15). 内容概述 is public
/// even on an on-request document. Attachments are read by their names apart.
fn published_fields<'s>(e: &Listed<'s>) -> Vec<(Field, std::borrow::Cow<'s, str>)> {
    (FIELDS.iter())
        .filter_map(|spec| match e.value(spec.field) {
            Value::Text(t) => Some((spec.field, std::borrow::Cow::Borrowed(t))),
            Value::List(items) => Some((spec.field, std::borrow::Cow::Owned(items.concat()))),
            _ => None,
        })
        .collect()
}

fn scan_document(secrets: &Secrets, e: &Listed) -> Quotes {
    let texts = published_fields(e);
    let mut fields: Vec<(Place, &str)> = (texts.iter())
        .map(|(f, t)| (Place::Field(*f), t.as_ref()))
        .collect();
    // An attachment's name is published: as the file's name and as its link's text.
    fields.extend(
        (e.attachments().iter()).map(|a| (Place::Field(Field::Attachments), stem(&a.file_name))),
    );
    // The first place each owner is found, and every run of an on-request body found.
    let mut first: Vec<(u32, Place, Found, Vec<char>)> = Vec::new();
    let mut seen = FastSet::default();
    let mut out = Quotes::default();
    let mut each = |place: Place, folded: &Folded| {
        secrets.matcher.find(folded, |f| {
            let owner: &Owner = &secrets.owners[f.owner as usize];
            if owner.file == e.file() && place != Place::Field(Field::Summary) {
                return true; // a document may repeat itself, but for its public summary
            }
            if !owner.withheld
                && let Some(h) = f.run
            {
                out.allowed.insert(h);
            }
            if seen.insert(f.owner) {
                let chars = folded.chars[f.at..f.at + f.len].to_vec();
                first.push((f.owner, place, f, chars));
            }
            true
        });
    };
    let mut folded = Folded::default();
    for (place, text) in fields {
        folded.clear();
        folded.push_str(text);
        each(place, &folded);
    }
    // The body as the guard reads its page (`security::output`): its texts and its
    // attributes (an image's alt text is published too), read as one: a line split over two
    // paragraphs, a line break or table cells is still read as one line (the search snippet
    // and the Description run the blocks together).
    if let Some(html) = e.html() {
        folded.clear();
        super::output::texts("body.html", html.as_bytes(), &mut |t| {
            folded.chars.extend_from_slice(&t.chars);
            true
        });
        each(Place::Text, &folded);
    }
    let located = std::cell::OnceCell::new();
    for (owner, place, found, chars) in first {
        let owner = &secrets.owners[owner as usize];
        let position = match place {
            Place::Field(field) => e.position(field),
            Place::Text => e.body().and_then(|body| {
                let at = located.get_or_init(|| Located::new(body)).find(&chars)?;
                let line = body[..at].matches('\n').count();
                let col = body[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count());
                Some(crate::diag::position::Position::new(
                    e.body_line() + line,
                    col + 1,
                ))
            }),
        };
        let (where_, field) = match place {
            Place::Field(f) => (format!("字段 {}", e.key(f)), Some(e.key(f))),
            Place::Text => ("正文".to_string(), None),
        };
        let what = if found.run.is_none() {
            "的标题或附件名".to_string()
        } else {
            format!("正文中连续 {} 个字以上的内容", found.len)
        };
        let itself = owner.file == e.file();
        let d = if itself {
            Diagnostic::warning(
                codes::ON_REQUEST_QUOTED,
                format!(
                    "{where_}重复了本文件（依申请公开）{what}，这段正文会因此公开 (on-request-quoted)"
                ),
            )
            .help("内容概述是公开的：只概括文件的主要内容，不要照抄正文；确可公开的就保留")
        } else if owner.withheld {
            Diagnostic::error(
                codes::WITHHELD_QUOTED,
                format!(
                    "{where_}含有不予公开文件 {} {what}，发布后即泄露 (withheld-quoted)",
                    owner.file
                ),
            )
            .help("删除或改写这段引用。若是不予公开文件引用了本文件（或都引用了同一公开文件），或确属通用表述，把这段文字写进 site.toml 的 [security] shared_text")
        } else {
            Diagnostic::warning(
                codes::ON_REQUEST_QUOTED,
                format!(
                    "{where_}含有依申请公开文件 {} {what}，这段正文会因此公开 (on-request-quoted)",
                    owner.file
                ),
            )
            .help("确认这段内容可以公开；否则删除或改写。通用表述可写进 site.toml 的 [security] shared_text")
        };
        let d = d.in_file(e.file()).at(position);
        out.findings.push(match field {
            Some(f) => d.field(f),
            None => d,
        });
    }
    out
}

/// A file name without its extension.
pub(super) fn stem(file_name: &str) -> &str {
    file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
}

/// The commit subjects 更新记录 shows (the changes after a document's first commit) that hold
/// a secret: `history-subject-hidden` for each, and (document, commit) for the pages to show
/// （本次更新说明不公开） instead. History cannot be rewritten, so this is a warning, never a
/// build that fails for ever (SPEC §15).
pub fn hidden_subjects(
    secrets: &Secrets,
    cat: &Catalogue,
) -> (Vec<Diagnostic>, Vec<(String, String)>) {
    let mut findings = Vec::new();
    let mut hidden = Vec::new();
    if secrets.matcher.is_empty() || !cat.config.history {
        return (findings, hidden);
    }
    for e in cat.entries() {
        let Some(h) = e.history() else { continue };
        for c in h.changes() {
            let mut found = None;
            secrets.matcher.find(&Folded::new(&c.subject), |f| {
                found = Some(f.owner);
                false
            });
            let Some(owner) = found else { continue };
            let owner = &secrets.owners[owner as usize];
            let short: String = c.id.chars().take(10).collect();
            findings.push(
                Diagnostic::warning(
                    codes::HISTORY_SUBJECT_HIDDEN,
                    format!(
                        "提交 {short}（{}）的说明含有{}文件 {} 的内容，更新记录中不显示这条说明 (history-subject-hidden)",
                        c.date,
                        if owner.withheld { "不予公开" } else { "依申请公开" },
                        owner.file
                    ),
                )
                .help("提交说明无法修改，页面上显示“（本次更新说明不公开）”；以后的提交说明不要写文件的标题或内容，只写索引号")
                .in_file(e.file()),
            );
            hidden.push((e.file().to_string(), c.id.clone()));
        }
    }
    (findings, hidden)
}

/// Whether a commit message's subject holds a secret: the document it would quote, for the
/// `commit-msg` hook (SPEC §15).
pub fn subject_quotes<'s>(secrets: &'s Secrets, subject: &str) -> Option<&'s Owner> {
    let mut found = None;
    secrets.matcher.find(&Folded::new(subject), |f| {
        found = Some(f.owner);
        false
    });
    found.map(|o| &secrets.owners[o as usize])
}

/// The finding for a quotation of `owner`'s secret in `what` (`附件 x 第3行`, `文件 root/y`).
pub(super) fn quotation(secrets: &Secrets, owner: u32, what: String) -> Diagnostic {
    let owner = &secrets.owners[owner as usize];
    if owner.withheld {
        Diagnostic::error(
            codes::WITHHELD_QUOTED,
            format!(
                "{what}含有不予公开文件 {} 的标题或正文，发布后即泄露 (withheld-quoted)",
                owner.file
            ),
        )
        .help(
            "删除或改写这段内容后再发布；确属通用表述的，写进 site.toml 的 [security] shared_text",
        )
    } else {
        Diagnostic::warning(
            codes::ON_REQUEST_QUOTED,
            format!(
                "{what}含有依申请公开文件 {} 的正文，这段正文会因此公开 (on-request-quoted)",
                owner.file
            ),
        )
        .help("确认这段内容可以公开；否则删除或改写")
    }
}

pub(super) fn merge(all: Vec<Quotes>) -> Quotes {
    let mut out = Quotes::default();
    for q in all {
        out.extend(q);
    }
    out
}

/// The first quotation of each confidential document in `folded`, a text published as a
/// whole (an attachment, a static file): `place` says, from where the quotation starts, what
/// the text is (`附件 x 第3行`), which file the finding is on and where.
pub(super) fn quotes_in<'a>(
    secrets: &Secrets,
    folded: &Folded,
    place: impl Fn(usize) -> (String, &'a str, Option<crate::diag::position::Position>),
) -> Option<Quotes> {
    let mut first: Vec<(u32, usize)> = Vec::new();
    let mut allowed = FastSet::default();
    secrets.matcher.find(folded, |f| {
        let owner = &secrets.owners[f.owner as usize];
        if !owner.withheld
            && let Some(h) = f.run
        {
            allowed.insert(h);
        }
        if !first.iter().any(|(o, _)| *o == f.owner) {
            first.push((f.owner, f.at));
        }
        true
    });
    if first.is_empty() {
        return None;
    }
    let findings = first
        .into_iter()
        .map(|(owner, at)| {
            let (what, file, position) = place(at);
            quotation(secrets, owner, what).in_file(file).at(position)
        })
        .collect();
    Some(Quotes { findings, allowed })
}

/// site.toml's published names (site title, columns, issuers) quoting a withheld document.
fn scan_config(secrets: &Secrets, config: &Config) -> Vec<Diagnostic> {
    let mut texts: Vec<(&str, &str)> = vec![("title", config.title.as_str())];
    texts.extend(config.organizer.as_deref().map(|o| ("organizer", o)));
    for c in &config.categories {
        texts.push(("categories", &c.name));
        texts.extend(c.owner.as_deref().map(|o| ("categories", o)));
        texts.extend(c.empty_note.as_deref().map(|n| ("categories", n)));
    }
    for i in &config.issuers {
        texts.push(("issuers", &i.name));
        texts.extend(i.aliases.iter().map(|a| ("issuers", a.as_str())));
        // The office that answers, shown on the issuer's page and its on-request documents.
        if let Some(o) = &i.office {
            texts.extend(
                [&o.name, &o.address, &o.hours, &o.online_url, &o.form]
                    .into_iter()
                    .filter_map(|t| t.as_deref())
                    .map(|t| ("issuers.office", t)),
            );
        }
    }
    let mut out = Vec::new();
    for (key, text) in texts {
        let mut owners = Vec::new();
        secrets.matcher.find(&Folded::new(text), |f| {
            if secrets.owners[f.owner as usize].withheld && !owners.contains(&f.owner) {
                owners.push(f.owner);
            }
            true
        });
        for o in owners {
            out.push(
                Diagnostic::error(
                    codes::WITHHELD_QUOTED,
                    format!(
                        "site.toml 的 {key} 含有不予公开文件 {} 的标题或正文，它会出现在每个页面上 (withheld-quoted)",
                        secrets.owners[o as usize].file
                    ),
                )
                .in_file(SITE_TOML)
                .field(key)
                .help("改写这个名称，或改写不予公开文件的标题"),
            );
        }
    }
    out
}

mod published;
#[cfg(test)]
mod tests;

pub use published::{published_file, read_ahead, scan_published};
