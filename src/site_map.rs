//! The site map: every path the output holds, and the only code that spells one. Pages
//! (the closed list of page kinds), a document's attachments, the theme's assets, the exports
//! and the search index; which pages show a document; which writer thread a file goes to.
//! Render, links, the sitemap, the leak checks, `serve` and `output` ask here.
//!
//! Every path is relative to the site root, with `/` separators; `Page::root()` is the prefix
//! that leads from a page back to the root.

/// A page the site is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page<'a> {
    Home,
    Categories,
    /// A category's listing; `page` counts from 1.
    Category {
        id: &'a str,
        page: usize,
    },
    Issuers,
    Issuer {
        slug: &'a str,
        page: usize,
    },
    Document {
        slug: &'a str,
    },
    Search,
    NotFound,
    /// The editors' report: every column's state and every finding.
    Report,
    /// The 规章 and 规范性文件 in force (`ended: false`, grouped by issuer), or those that
    /// have ended (SPEC §10).
    Validity {
        ended: bool,
    },
}

impl Page<'_> {
    /// Output path relative to the site root.
    pub fn path(&self) -> String {
        match self {
            Page::Home => folder_index(""),
            Page::Categories => folder_index("category"),
            Page::Category { id, page } => listing("category", id, *page),
            Page::Issuers => folder_index("issuer"),
            Page::Issuer { slug, page } => listing("issuer", slug, *page),
            Page::Document { slug } => format!("docs/{slug}.html"),
            Page::Search => folder_index("search"),
            Page::NotFound => "404.html".into(),
            Page::Report => folder_index("report"),
            Page::Validity { ended: false } => "validity/current.html".into(),
            Page::Validity { ended: true } => "validity/ended.html".into(),
        }
    }

    /// Prefix from this page to the site root (`""`, `"../"`, `"../../"`).
    pub fn root(&self) -> &'static str {
        match self {
            Page::Home | Page::NotFound => "",
            Page::Categories
            | Page::Issuers
            | Page::Search
            | Page::Report
            | Page::Validity { .. }
            | Page::Document { .. } => "../",
            Page::Category { .. } | Page::Issuer { .. } => "../../",
        }
    }
}

/// The icon browsers ask every site for, at its root.
pub const FAVICON: &str = "favicon.ico";

/// The site's fixed addresses by the name templates use (`{{ root }}{{ urls.home }}`), so no
/// template spells a path: pages of one kind, the exports, the search index's metadata and
/// the theme's files.
pub fn named_urls() -> Vec<(&'static str, String)> {
    vec![
        ("home", Page::Home.path()),
        ("categories", Page::Categories.path()),
        ("issuers", Page::Issuers.path()),
        ("search", Page::Search.path()),
        ("report", Page::Report.path()),
        ("validity_current", Page::Validity { ended: false }.path()),
        ("validity_ended", Page::Validity { ended: true }.path()),
        ("feed", FEED.into()),
        ("sitemap", SITEMAP.into()),
        ("catalogue_csv", CATALOGUE_CSV.into()),
        ("catalogue_json", CATALOGUE_JSON.into()),
        ("search_meta", SEARCH_META.into()),
        ("style", asset("style.css")),
        ("site_js", asset("site.js")),
        ("search_js", asset("search.js")),
        ("favicon", FAVICON.into()),
    ]
}

/// The page a folder's address is answered with, as every static host answers it (`serve`
/// and the `broken-link` rule too): `""` → `index.html`, `category` or `category/` →
/// `category/index.html`.
pub fn folder_index(folder: &str) -> String {
    match folder.trim_end_matches('/') {
        "" => "index.html".into(),
        folder => format!("{folder}/index.html"),
    }
}

fn listing(kind: &str, id: &str, page: usize) -> String {
    if page <= 1 {
        folder_index(&format!("{kind}/{id}"))
    } else {
        format!("{kind}/{id}/page-{page}.html")
    }
}

/// Where a document's attachments (and the images its body shows) are published.
pub fn document_dir(slug: &str) -> String {
    format!("docs/{slug}/")
}

/// One attachment's path, as written to disk.
pub fn attachment(slug: &str, file_name: &str) -> String {
    format!("docs/{slug}/{file_name}")
}

/// One attachment's link from its document's page (`Page::Document`).
pub fn attachment_href(slug: &str, file_name: &str) -> String {
    format!("{}{}", document_dir(slug), encode_segment(file_name))
}

/// A path from the site root as a link from a document page (`Page::Document`) writes it.
pub fn from_document_page(path: &str) -> String {
    match path.strip_prefix("docs/") {
        Some(beside) => beside.to_string(),
        None => format!("../{path}"),
    }
}

/// The file that marks an output folder as one gongkai wrote, listing what it wrote.
pub const MARKER: &str = ".gongkai-output";

/// The site's own files for the output root (robots.txt, CNAME, verification files), copied
/// as they are from this folder of the site (SPEC §14).
pub const ROOT_FILES: &str = "root";

/// The site's Markdown documents and their attachments.
pub const CONTENT: &str = "content";

/// The folders of the site whose files reach the output: documents and attachments, themes,
/// the site's own templates, static files and root files. `serve` watches each of them (the
/// settings files are watched where they are).
pub const SITE_FOLDERS: [&str; 5] = [CONTENT, "themes", "templates", "static", ROOT_FILES];

/// Whether a path of the output is one a build generates (or a folder it fills), so that a
/// file of `root/` may not take it.
pub fn is_generated(rel: &str) -> bool {
    const FOLDERS: [&str; 8] = [
        "docs", "category", "issuer", "assets", "search", "feeds", "validity", "report",
    ];
    const FILES: [&str; 3] = ["index.html", "404.html", MARKER];
    let first = rel.split('/').next().unwrap_or(rel);
    (rel.contains('/') && FOLDERS.contains(&first))
        || FOLDERS.contains(&rel)
        || FILES.contains(&rel)
        || EXPORTS.contains(&rel)
}

/// The folder of the theme's static files and the site's `static/`.
pub const ASSETS: &str = "assets/";

/// One static file under [`ASSETS`].
pub fn asset(rel: &str) -> String {
    format!("{ASSETS}{rel}")
}

/// The 党政机关标识 image of `[identity] conac_image` (a path from the site root), published
/// under its own name.
pub fn identity_image(source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    format!("{ASSETS}identity/{name}")
}

/// An issuer's 申请表 (`[issuers.office] form`, a path from the site root), published under
/// its own name.
pub fn office_form(issuer: &str, source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    format!("{ASSETS}office/{issuer}/{name}")
}

pub const FEED: &str = "feed.xml";
/// The feeds of each column and each issuer (SPEC §14), in a folder of their own so that
/// `serve` can keep or replace them together.
pub const FEEDS: &str = "feeds/";

/// The Atom feed of a column (its whole subtree).
pub fn category_feed(id: &str) -> String {
    format!("{FEEDS}category/{id}.xml")
}

/// The Atom feed of an issuer.
pub fn issuer_feed(slug: &str) -> String {
    format!("{FEEDS}issuer/{slug}.xml")
}
pub const SITEMAP: &str = "sitemap.xml";
pub const CATALOGUE_JSON: &str = "catalogue.json";
pub const CATALOGUE_CSV: &str = "catalogue.csv";
/// The exports, in the order they are made.
pub const EXPORTS: [&str; 4] = [FEED, SITEMAP, CATALOGUE_JSON, CATALOGUE_CSV];

/// The search index: its metadata, its facet table, the term shards and the result lines.
pub const SEARCH_META: &str = "search/meta.json";
pub const SEARCH_FACETS: &str = "search/facets.bin";
const SEARCH_TERMS: &str = "search/t/";
const SEARCH_DOCS: &str = "search/d/";
/// What the search index is written to: files, and folders (ending in `/`).
pub const SEARCH_FILES: [&str; 4] = [SEARCH_META, SEARCH_FACETS, SEARCH_TERMS, SEARCH_DOCS];

/// Everything the exports and the search index write (files and folders), which `serve`
/// writes apart from the pages.
pub const GENERATED: [&str; 9] = [
    FEED,
    FEEDS,
    SITEMAP,
    CATALOGUE_JSON,
    CATALOGUE_CSV,
    SEARCH_META,
    SEARCH_FACETS,
    SEARCH_TERMS,
    SEARCH_DOCS,
];

/// Shard `n` of the search terms (`"{}"` for the pattern search.js fills in).
pub fn search_terms(n: impl std::fmt::Display) -> String {
    format!("{SEARCH_TERMS}{n}.bin")
}

/// Group `g` of the search result lines (`"{}"` for the pattern search.js fills in).
pub fn search_docs(g: impl std::fmt::Display) -> String {
    format!("{SEARCH_DOCS}{g}.json")
}

/// How many of the newest documents the home page lists.
pub const LATEST: usize = 20;

/// Writer threads for the output. Each owns whole folders: the document pages and their
/// attachments (most of the files) go to one, everything else to the other, so no two
/// threads ever create files in the same folder (they would spin on its lock in the kernel).
pub const WRITER_LANES: usize = 2;

/// The writer thread of a file.
pub fn writer_lane(rel: &str) -> usize {
    usize::from(!rel.starts_with("docs/"))
}

/// Percent-encode one path segment (for attachment file names).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_answered_by_its_index_page() {
        assert_eq!(folder_index(""), "index.html");
        assert_eq!(folder_index("category"), "category/index.html");
        assert_eq!(folder_index("category/zcwj/"), "category/zcwj/index.html");
        assert_eq!(Page::Home.path(), folder_index(""));
        assert_eq!(Page::Search.path(), "search/index.html");
    }

    /// The theme names pages through `urls`: each one is a page or file the site map knows.
    #[test]
    fn named_urls_are_the_site_maps_own() {
        let urls: std::collections::BTreeMap<_, _> = named_urls().into_iter().collect();
        assert_eq!(urls["categories"], Page::Categories.path());
        assert_eq!(urls["validity_ended"], "validity/ended.html");
        assert_eq!(urls["search_meta"], SEARCH_META);
        assert!(urls["style"].starts_with(ASSETS));
        assert_eq!(urls.len(), named_urls().len(), "no name given twice");
    }

    #[test]
    fn root_matches_depth() {
        for page in [
            Page::Home,
            Page::Categories,
            Page::Category {
                id: "zcwj",
                page: 3,
            },
            Page::Issuers,
            Page::Issuer {
                slug: "jyj",
                page: 1,
            },
            Page::Document { slug: "a-2026-1" },
            Page::Search,
            Page::Report,
        ] {
            let depth = page.path().matches('/').count();
            assert_eq!(page.root(), "../".repeat(depth), "{page:?}");
        }
        assert_eq!(
            Page::Category {
                id: "zcwj",
                page: 2
            }
            .path(),
            "category/zcwj/page-2.html"
        );
    }

    #[test]
    fn encodes_names() {
        assert_eq!(encode_segment("附件 1.pdf"), "%E9%99%84%E4%BB%B6%201.pdf");
        assert_eq!(
            attachment_href("a-1", "附件 1.pdf"),
            "docs/a-1/%E9%99%84%E4%BB%B6%201.pdf"
        );
        assert_eq!(
            writer_lane(&attachment("a-1", "x.pdf")),
            writer_lane(&Page::Document { slug: "a-1" }.path())
        );
        assert_ne!(
            writer_lane(&asset("style.css")),
            writer_lane("docs/a-1.html")
        );
    }
}
