//! Pages: from a `Catalogue` to HTML through the templates. Documents and listing pages are
//! rendered in parallel and handed to a [`Sink`] as they are produced; nothing here touches
//! the disk itself.

mod document;
pub mod engine;
mod listing;
pub mod report;
mod validity;
pub mod views;

use crate::diag::Diagnostic;
use crate::model::pages::listing_pages;
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::site_map::Page;
use engine::Engine;
use rayon::prelude::*;
use serde::Serialize;
use views::*;

/// Where `needle` (a document's body, kilobytes long) stands in `page`: found by its first
/// 64 bytes, then compared whole (a searcher built for the whole needle cost more than the
/// search).
fn find_whole(page: &[u8], needle: &[u8]) -> Option<std::ops::Range<usize>> {
    let head = &needle[..needle.len().min(64)];
    memchr::memmem::find_iter(page, head)
        .find(|&at| page[at..].starts_with(needle))
        .map(|at| at..at + needle.len())
}

/// Characters of a document's published text in its `<meta name="Description">`.
const DESCRIPTION_CHARS: usize = 120;

#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    site: &'a SiteView<'a>,
    root: &'a str,
    /// The page's own address, and encoded for a query (the 找错 link carries it).
    page_url: String,
    page_url_encoded: String,
    page_title: String,
    nav: &'static str,
    meta: MetaView,
    crumbs: Vec<Crumb>,
    #[serde(flatten)]
    extra: T,
}

struct Renderer<'c, 's> {
    cat: &'c Catalogue<'s>,
    engine: &'c Engine,
    site: SiteView<'s>,
    sink: &'c dyn Sink,
}

/// Render the listing pages `lists` selects and the document pages `docs` selects (`serve`
/// renders only the pages a change touched; the files of the others are kept in `sink` as
/// they are). Returns the problems met (template errors, write failures); an empty list
/// means every page was written.
pub fn render_pages(
    cat: &Catalogue,
    engine: &Engine,
    sink: &dyn Sink,
    docs: &(dyn Fn(&Listed) -> bool + Sync),
    lists: &(dyn Fn(&Page) -> bool + Sync),
) -> Vec<Diagnostic> {
    let r = Renderer::new(cat, engine, sink);
    let (listing, kept): (Vec<Page>, Vec<Page>) =
        listing_pages(cat).into_iter().partition(|p| lists(p));
    for page in kept {
        sink.keep(&page.path());
    }
    let slugs: crate::hash::FastSet<&str> = cat.entries().iter().map(|e| e.slug()).collect();
    let docs = cat.entries().par_iter().flat_map_iter(|e| {
        if !docs(e) {
            r.keep_document(e, &slugs);
            return Vec::new();
        }
        let mut found = r.document(e).err().unwrap_or_default();
        found.extend(r.redirects(e, &slugs));
        found
    });
    let lists = listing.par_iter().filter_map(|p| r.listing(p).err());
    let mut diags: Vec<Diagnostic> = docs.chain(lists).collect();
    diags.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    diags
}

impl<'c, 's> Renderer<'c, 's> {
    fn new(cat: &'c Catalogue<'s>, engine: &'c Engine, sink: &'c dyn Sink) -> Self {
        Renderer {
            cat,
            engine,
            site: SiteView::new(cat.config),
            sink,
        }
    }
}

impl<'s> Renderer<'_, 's> {
    fn emit<T: Serialize>(
        &self,
        page: &Page,
        template: &str,
        ctx: Ctx<'_, T>,
    ) -> Result<(), Diagnostic> {
        let html = self.engine.render(template, ctx)?;
        self.sink.write(&page.path(), html.into_bytes())
    }

    fn ctx<T: Serialize>(
        &self,
        page: &Page,
        page_title: String,
        nav: &'static str,
        meta: MetaView,
        crumbs: Vec<Crumb>,
        extra: T,
    ) -> Ctx<'_, T> {
        let root = if *page == Page::NotFound {
            self.not_found_root()
        } else {
            page.root()
        };
        let url = format!("{}{}", self.site.base_url, page.path());
        Ctx {
            site: &self.site,
            root,
            page_url_encoded: percent_encode(&url),
            page_url: url,
            page_title,
            nav,
            meta,
            crumbs,
            extra,
        }
    }

    /// The 404 page is served at any depth, so its links start from the site's base path.
    fn not_found_root(&self) -> &str {
        let rest = self.site.base_url.split_once("://").map_or("/", |(_, r)| r);
        rest.find('/').map_or("/", |i| &rest[i..])
    }

    fn home_crumb() -> Crumb {
        Crumb {
            title: "首页".into(),
            url: Some(Page::Home.path()),
        }
    }

    /// 首页 › 公开目录 › each column of `path`, linked to its first page.
    fn catalogue_crumbs(&self, path: &[usize]) -> Vec<Crumb> {
        let cfg = self.cat.config;
        let mut crumbs = vec![
            Self::home_crumb(),
            Crumb {
                title: "公开目录".into(),
                url: Some(Page::Categories.path()),
            },
        ];
        crumbs.extend(path.iter().map(|&p| {
            let c = &cfg.categories[p];
            Crumb {
                title: c.name.clone(),
                url: Some(Page::Category { id: &c.id, page: 1 }.path()),
            }
        }));
        crumbs
    }
}
