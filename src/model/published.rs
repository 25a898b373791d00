//! What each source file of the site is published as, and a body's HTML as its page shows
//! it (SPEC §14): the links of `crate::links` resolved against this catalogue.

use crate::hash::FastMap;
use crate::links::{Link, Target, resolve, urls};
use crate::site_map::{self, Page};
use std::borrow::Cow;

/// Every source file that reaches the output, by its path from the site root: listed
/// documents' Markdown files, and the attachments and images of 主动公开 documents.
/// Nothing of a withheld document and no file of an on-request one is here.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    by_source: FastMap<String, Target>,
}

impl Published {
    /// From each listed document: its Markdown file, its slug, and the source path and
    /// file name of each attachment and image it publishes (`Catalogue::published`).
    pub fn new<'a>(
        listed: impl Iterator<Item = (&'a str, &'a str, Vec<(&'a str, &'a str)>)>,
    ) -> Published {
        let mut by_source = FastMap::default();
        for (file, slug, files) in listed {
            by_source.insert(
                file.to_string(),
                Target::Page(Page::Document { slug }.path()),
            );
            for (rel, file_name) in files {
                by_source.insert(
                    rel.to_string(),
                    Target::File(site_map::attachment_href(slug, file_name)),
                );
            }
        }
        Published { by_source }
    }

    pub fn get(&self, source: &str) -> Option<&Target> {
        self.by_source.get(source)
    }

    /// Every published source file and what it became.
    pub fn by_target(&self) -> impl Iterator<Item = (&str, &Target)> {
        self.by_source.iter().map(|(s, t)| (s.as_str(), t))
    }

    /// The URL a relative link of a document page (`docs/…`) takes to reach `dest`, written
    /// in the body of `file`; `None` when it is not rewritten (external, a fragment, rooted,
    /// or nothing published).
    pub fn href(&self, file: &str, dest: &str) -> Option<String> {
        let Link::Source { path, .. } = resolve(file, dest) else {
            return None;
        };
        // The fragment as written: it is already a valid URL fragment.
        let fragment = dest.trim().split_once('#').map_or("", |(_, f)| f);
        let from_docs = match self.get(&path) {
            Some(t) => site_map::from_document_page(t.path()),
            None => site_map::from_document_page(&site_map::asset(path.strip_prefix("static/")?)),
        };
        Some(if fragment.is_empty() {
            from_docs
        } else {
            format!("{from_docs}#{fragment}")
        })
    }
}

/// The body's HTML as the page of `file` shows it: every relative link to a published
/// source file rewritten to its URL. Bodies without such links are returned as they are.
pub fn rewrite<'h>(html: &'h str, file: &str, published: &Published) -> Cow<'h, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    for (range, _, value) in urls(html) {
        let Some(href) = published.href(file, &value) else {
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
        o.push_str(&html[copied..range.start]);
        o.push_str(&href.replace('&', "&amp;").replace('"', "&quot;"));
        copied = range.end;
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(html),
    }
}
