//! The pages a catalogue makes: which listing pages a build writes, and which of them show a
//! document. The addresses are the site map's (`crate::site_map`); the counts are this
//! catalogue's.

use crate::model::visibility::Catalogue;
use crate::site_map::{LATEST, Page};

/// Every page that is not a document page: home, indexes, each listing page, search, 404.
pub fn listing_pages<'c>(cat: &'c Catalogue) -> Vec<Page<'c>> {
    let mut listing: Vec<Page> = vec![
        Page::Home,
        Page::Categories,
        Page::Issuers,
        Page::Search,
        Page::NotFound,
        Page::Validity { ended: false },
        Page::Validity { ended: true },
    ];
    let size = cat.config.page_size;
    for (i, c) in cat.config.categories.iter().enumerate() {
        let pages = cat.by_category[i].len().div_ceil(size).max(1);
        listing.extend((1..=pages).map(|page| Page::Category { id: &c.id, page }));
    }
    for (i, is) in cat.config.issuers.iter().enumerate() {
        let pages = cat.by_issuer[i].len().div_ceil(size).max(1);
        listing.extend((1..=pages).map(|page| Page::Issuer {
            slug: &is.slug,
            page,
        }));
    }
    listing
}

/// The listing pages that show the listed document at position `k` of `cat.entries()`: the
/// home page while it is among the newest, the page of each column on its path that holds
/// it, and its issuer's page.
pub fn pages_showing<'c>(cat: &'c Catalogue, k: usize) -> Vec<Page<'c>> {
    let cfg = cat.config;
    let e = &cat.entries()[k];
    let mut pages = Vec::new();
    if k < LATEST {
        pages.push(Page::Home);
    }
    let page_of = |list: &[usize]| list.binary_search(&k).ok().map(|p| p / cfg.page_size + 1);
    for c in cfg.category_path(e.category()) {
        if let Some(page) = page_of(&cat.by_category[c]) {
            pages.push(Page::Category {
                id: &cfg.categories[c].id,
                page,
            });
        }
    }
    if let Some(page) = page_of(&cat.by_issuer[e.issuer()]) {
        pages.push(Page::Issuer {
            slug: &cfg.issuers[e.issuer()].slug,
            page,
        });
    }
    if e.life().is_some() {
        pages.extend([
            Page::Validity { ended: false },
            Page::Validity { ended: true },
        ]);
    }
    pages
}
