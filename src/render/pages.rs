//! The closed list of page kinds and where each is written. Every URL is relative to the
//! site root; `root()` is the prefix that leads from a page back to the root.

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
}

impl Page<'_> {
    /// Output path relative to the site root.
    pub fn path(&self) -> String {
        match self {
            Page::Home => "index.html".into(),
            Page::Categories => "category/index.html".into(),
            Page::Category { id, page } => listing("category", id, *page),
            Page::Issuers => "issuer/index.html".into(),
            Page::Issuer { slug, page } => listing("issuer", slug, *page),
            Page::Document { slug } => format!("docs/{slug}.html"),
            Page::Search => "search/index.html".into(),
            Page::NotFound => "404.html".into(),
            Page::Report => "report/index.html".into(),
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
            | Page::Document { .. } => "../",
            Page::Category { .. } | Page::Issuer { .. } => "../../",
        }
    }
}

fn listing(kind: &str, id: &str, page: usize) -> String {
    if page <= 1 {
        format!("{kind}/{id}/index.html")
    } else {
        format!("{kind}/{id}/page-{page}.html")
    }
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
    }
}
