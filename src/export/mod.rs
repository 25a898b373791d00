//! Machine-readable outputs built from the `Catalogue`: the Atom feed, sitemap.xml, and the
//! open-data catalogue as JSON and CSV. Same visibility rules as the pages, by construction.

use crate::diag::Diagnostic;
use crate::escape::xml_escape;
use crate::frontmatter::{FIELDS, Field};
use crate::model::document::Value;
use crate::model::labels::Choice;
use crate::model::visibility::{Catalogue, Listed};
use crate::output::Sink;
use crate::site_map::Page;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;

/// How many documents the feed carries.
pub const FEED_ENTRIES: usize = 20;

/// The files this module writes, relative to the site root.
pub use crate::site_map::EXPORTS as FILES;

/// Write feed.xml, sitemap.xml, catalogue.json and catalogue.csv, and the feed of each column
/// and each issuer. The four are independent, so each is built on its own core.
pub fn write_all(cat: &Catalogue, sink: &dyn Sink) -> Vec<Diagnostic> {
    let makers: [fn(&Catalogue) -> String; 4] = [feed, sitemap, catalogue_json, catalogue_csv];
    let mut problems: Vec<Diagnostic> = FILES
        .par_iter()
        .zip(makers)
        .filter_map(|(name, make)| sink.write(name, make(cat).into_bytes()).err())
        .collect();
    let c = cat.config;
    let feed = |path: String, name: &str, page: Page, ks| {
        (path, format!("{name} - {}", c.title), page.path(), ks)
    };
    let columns = c.categories.iter().enumerate().map(|(i, cg)| {
        let page = Page::Category {
            id: &cg.id,
            page: 1,
        };
        feed(
            crate::site_map::category_feed(&cg.id),
            &cg.name,
            page,
            &cat.by_category[i],
        )
    });
    let issuers = c.issuers.iter().enumerate().map(|(i, is)| {
        let page = Page::Issuer {
            slug: &is.slug,
            page: 1,
        };
        feed(
            crate::site_map::issuer_feed(&is.slug),
            &is.name,
            page,
            &cat.by_issuer[i],
        )
    });
    let feeds: Vec<_> = columns.chain(issuers).collect();
    problems.par_extend(feeds.par_iter().filter_map(|(path, title, page, ks)| {
        let entries = ks.iter().map(|&k| cat.get(k));
        let xml = atom(cat, title, path, page, entries);
        sink.write(path, xml.into_bytes()).err()
    }));
    problems
}

/// Atom feed of the site's latest 主动公开 documents.
fn feed(cat: &Catalogue) -> String {
    atom(cat, &cat.config.title, FILES[0], "", cat.entries().iter())
}

/// An Atom feed of the latest 主动公开 documents among `entries` (newest first), at `path`,
/// about the page `page`. Dates are the documents' own (China time), never the build time,
/// so two builds are identical.
fn atom<'a, 's: 'a>(
    cat: &Catalogue,
    title: &str,
    path: &str,
    page: &str,
    entries: impl Iterator<Item = &'a Listed<'s>>,
) -> String {
    let c = cat.config;
    let base = &c.base_url;
    let latest: Vec<&Listed> = entries
        .filter(|e| e.is_full_text())
        .take(FEED_ENTRIES)
        .collect();
    let updated = latest
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |e| e.published().to_string());
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{updated}T00:00:00+08:00</updated>\n<author><name>{}</name></author>\n",
        xml_escape(title),
        xml_escape(&format!("{base}{page}")),
        xml_escape(&format!("{base}{page}")),
        xml_escape(&format!("{base}{path}")),
        xml_escape(c.organizer.as_deref().unwrap_or(&c.title)),
    );
    for e in latest {
        let url = format!("{base}{}", e.url());
        let issuer = &c.issuers[e.issuer()].name;
        let category = &c.categories[e.category()].name;
        let mut summary = format!(
            "索引号：{}；发布机构：{issuer}；公开目录：{category}",
            e.index_no()
        );
        if let Some(no) = e.doc_no() {
            let _ = write!(summary, "；文号：{no}");
        }
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00+08:00</updated>\n<author><name>{}</name></author>\n<category term=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(e.title()),
            xml_escape(&url),
            xml_escape(&url),
            e.updated(),
            xml_escape(issuer),
            xml_escape(category),
            xml_escape(&summary),
        );
    }
    x.push_str("</feed>\n");
    x
}

/// Every page of the site with an absolute URL (the sitemap protocol requires them).
fn sitemap(cat: &Catalogue) -> String {
    let c = cat.config;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<String>| {
        let _ = write!(
            x,
            "<url><loc>{}</loc>",
            xml_escape(&format!("{}{path}", c.base_url))
        );
        if let Some(d) = lastmod {
            let _ = write!(x, "<lastmod>{d}</lastmod>");
        }
        x.push_str("</url>\n");
    };
    let newest = |ks: &[usize]| ks.first().map(|&k| cat.get(k).published().to_string());
    url("", cat.entries().first().map(|e| e.published().to_string()));
    url(&Page::Categories.path(), None);
    for (i, cg) in c.categories.iter().enumerate() {
        url(
            &Page::Category {
                id: &cg.id,
                page: 1,
            }
            .path(),
            newest(&cat.by_category[i]),
        );
    }
    url(&Page::Issuers.path(), None);
    for (i, is) in c.issuers.iter().enumerate() {
        url(
            &Page::Issuer {
                slug: &is.slug,
                page: 1,
            }
            .path(),
            newest(&cat.by_issuer[i]),
        );
    }
    for e in cat.entries() {
        url(&e.url(), Some(e.updated().to_string()));
    }
    x.push_str("</urlset>\n");
    x
}

/// The columns derived after `validity` (key, CSV header): the status on the build's day and
/// the index number of the document that replaced it.
const LIFECYCLE_COLUMNS: [(&str, &str); 2] =
    [("status", "有效状态"), ("replaced_by", "替代文件索引号")];

/// One document's row of the open-data catalogue: the exported fields of the field table,
/// in its order, with `category_id` after `category`, then the page's `url`.
fn row<'a>(cat: &'a Catalogue, e: &'a Listed) -> Vec<(&'static str, &'static str, Cell<'a>)> {
    let c = cat.config;
    let mut out = Vec::new();
    for spec in FIELDS.iter().filter(|s| s.exported) {
        let cell = match e.value(spec.field) {
            Value::Absent => Cell::Null,
            Value::Text(t) => Cell::Text(t),
            Value::Date(d) => Cell::Owned(d.to_string()),
            Value::List(items) => Cell::List(items),
            Value::Label(l) => Cell::Text(l),
            Value::Issuer(i) => Cell::Text(&c.issuers[i].name),
            Value::Category(i) => Cell::Text(&c.categories[i].name),
            Value::Paths(p) => Cell::Owned(p.join("；")),
        };
        out.push((spec.key, spec.alias, cell));
        if spec.field == Field::Category {
            let id = &c.categories[e.category()].id;
            out.push(("category_id", "", Cell::Text(id)));
        }
        if spec.field == Field::Validity {
            // The status derived on the build's day (SPEC §10), and what replaced it.
            let life = e.life();
            let by = life.and_then(|l| l.replaced_by());
            let [(status, status_zh), (replaced, replaced_zh)] = LIFECYCLE_COLUMNS;
            out.push((
                status,
                status_zh,
                life.map_or(Cell::Null, |l| Cell::Text(l.status.label())),
            ));
            out.push((
                replaced,
                replaced_zh,
                by.map_or(Cell::Null, |k| Cell::Text(cat.get(k).index_no())),
            ));
        }
    }
    out.push(("url", "网址", Cell::Owned(e.url())));
    out
}

/// A value in the catalogue.
enum Cell<'a> {
    Null,
    Text(&'a str),
    Owned(String),
    List(&'a [String]),
}

impl Cell<'_> {
    /// As a CSV field (before quoting): lists joined with `；`, nothing for null.
    fn csv(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(t) => t.to_string(),
            Cell::Owned(t) => t.clone(),
            Cell::List(items) => items.join("；"),
        }
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Owned(t) => s.serialize_str(t),
            Cell::List(items) => items.serialize(s),
        }
    }
}

/// A row as a JSON object, keys in the row's order.
struct JsonRow<'a>(Vec<(&'static str, &'static str, Cell<'a>)>);

impl Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, _, cell) in &self.0 {
            map.serialize_entry(key, cell)?;
        }
        map.end()
    }
}

fn catalogue_json(cat: &Catalogue) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        title: &'a str,
        base_url: &'a str,
        documents: Rows<'a>,
    }
    let out = Out {
        title: &cat.config.title,
        base_url: &cat.config.base_url,
        documents: Rows(cat),
    };
    serde_json::to_string_pretty(&out).expect("a struct of strings and numbers serialises") + "\n"
}

/// Every document's row, each made as it is written: the rows of 10,000 documents held at
/// once were 17 MB of a build's peak memory.
struct Rows<'a>(&'a Catalogue<'a>);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cat = self.0;
        s.collect_seq(cat.entries().iter().map(|e| JsonRow(row(cat, e))))
    }
}

/// CSV with a UTF-8 BOM, so that Excel on Windows, where most offices open it, reads the
/// Chinese correctly. The header is each field's Chinese name.
fn catalogue_csv(cat: &Catalogue) -> String {
    let header: Vec<&str> = (FIELDS.iter())
        .filter(|s| s.exported)
        .flat_map(|s| match s.field {
            Field::Validity => vec![s.alias, LIFECYCLE_COLUMNS[0].1, LIFECYCLE_COLUMNS[1].1],
            _ => vec![s.alias],
        })
        .chain(["网址"])
        .collect();
    let mut out = format!("\u{feff}{}\n", header.join(","));
    for e in cat.entries() {
        // `category_id` is for machines; the CSV names the column.
        let cells: Vec<_> = row(cat, e)
            .into_iter()
            .filter(|(_, header, _)| !header.is_empty())
            .collect();
        let line: Vec<String> = cells.iter().map(|(_, _, c)| csv_field(&c.csv())).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// Quote a CSV field when needed; a leading `= + - @` is prefixed with `'` so a spreadsheet
/// never runs a title as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("普通"), "普通");
    }
}
