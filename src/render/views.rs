//! The data templates see (`…View`). Built only from a `Catalogue`, so they cannot hold
//! anything a withheld document or an on-request body contains. docs/templates.md lists them.

use crate::config::Config;
use crate::frontmatter::{Block, Field};
use crate::model::document::Value;
use crate::model::labels::Choice;
use crate::model::visibility::{Catalogue, Listed};
use crate::site_map::Page;
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub domain: &'a str,
    pub site_id_code: &'a str,
    pub organizer: &'a str,
    /// The footer's identity marks (SPEC §14), each present only when site.toml gives it.
    pub identity: IdentityView<'a>,
    /// Whether the site has a search index (site.toml `search`, default true).
    pub search: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteView {
            title: &c.title,
            base_url: &c.base_url,
            domain: c.domain(),
            site_id_code: c.identity.site_code.as_deref().unwrap_or(""),
            organizer: c.organizer.as_deref().unwrap_or(&c.title),
            identity: IdentityView::new(&c.identity),
            search: c.search,
        }
    }
}

/// `[identity]` as the footer shows it: plain links, no third-party script.
#[derive(Serialize)]
pub struct IdentityView<'a> {
    pub icp: Option<&'a str>,
    pub icp_url: &'a str,
    pub psb: Option<&'a str>,
    /// The 公安备案 query address with the number's digits.
    pub psb_url: Option<String>,
    /// The 党政机关标识 address, and its image under `assets/` (from the page's root).
    pub conac_url: Option<String>,
    pub conac_image: Option<String>,
    /// The 找错 address without the page: `…?site_code=<code>&url=`; the template appends
    /// the page's own address, encoded.
    pub jiucuo: Option<String>,
}

impl<'a> IdentityView<'a> {
    fn new(i: &'a crate::config::Identity) -> Self {
        let encode = percent_encode;
        let conac = i.conac_id.as_deref().zip(i.conac_image.as_deref());
        IdentityView {
            icp: i.icp.as_deref(),
            icp_url: &i.icp_url,
            psb: i.psb.as_deref(),
            psb_url: i.psb_digits().map(|d| format!("{}{d}", i.psb_url)),
            conac_url: conac.map(|(id, _)| format!("{}{}", i.conac_url, encode(id))),
            conac_image: conac.map(|(_, image)| crate::site_map::identity_image(image)),
            jiucuo: (i.site_code.as_deref())
                .filter(|_| i.jiucuo)
                .map(|code| format!("{}?site_code={}&url=", i.jiucuo_url, encode(code))),
        }
    }
}

/// A query value: every byte but the unreserved characters of RFC 3986 percent-encoded.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

/// The `<meta>` tags of the government website page specification.
#[derive(Serialize, Default)]
pub struct MetaView {
    pub column_name: String,
    pub column_type: String,
    pub article_title: String,
    pub pub_date: String,
    pub content_source: String,
    pub keywords: String,
    pub description: String,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    /// Root-relative URL; `None` for the current page.
    pub url: Option<String>,
}

/// A document in a list.
#[derive(Serialize)]
pub struct DocItem<'a> {
    pub title: &'a str,
    pub url: String,
    pub index_no: &'a str,
    pub issuer: &'a str,
    pub category: &'a str,
    pub published: String,
    pub doc_no: &'a str,
    pub attribute: &'static str,
    pub on_request: bool,
    /// A draft, shown only by `serve` (SPEC §11).
    pub draft: bool,
    /// 内容概述, or empty.
    pub summary: &'a str,
}

impl<'a> DocItem<'a> {
    pub fn new(cat: &Catalogue<'a>, e: &Listed<'a>) -> Self {
        let c = cat.config;
        DocItem {
            title: e.title(),
            url: e.url(),
            index_no: e.index_no(),
            issuer: &c.issuers[e.issuer()].name,
            category: &c.categories[e.category()].name,
            published: e.published().to_string(),
            doc_no: e.doc_no().unwrap_or(""),
            attribute: e.attribute().label(),
            on_request: !e.is_full_text(),
            draft: e.is_draft(),
            summary: e.summary().unwrap_or(""),
        }
    }
}

#[derive(Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// One category in the tree, with its subtree's document count.
#[derive(Serialize)]
pub struct CategoryNode {
    pub id: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub children: Vec<CategoryNode>,
}

pub fn category_tree(cat: &Catalogue) -> Vec<CategoryNode> {
    let roots: Vec<usize> = (0..cat.config.categories.len())
        .filter(|&i| cat.config.categories[i].parent.is_none())
        .collect();
    roots.into_iter().map(|i| node(cat, i)).collect()
}

pub fn node(cat: &Catalogue, i: usize) -> CategoryNode {
    let c = &cat.config.categories[i];
    CategoryNode {
        id: c.id.clone(),
        name: c.name.clone(),
        url: crate::site_map::Page::Category { id: &c.id, page: 1 }.path(),
        count: cat.by_category[i].len(),
        children: c.children.iter().map(|&k| node(cat, k)).collect(),
    }
}

#[derive(Serialize)]
pub struct PagerView {
    pub page: usize,
    pub total: usize,
    pub first_url: Option<String>,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub last_url: Option<String>,
}

#[derive(Serialize)]
pub struct CategoryView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub owner: &'a str,
    pub count: usize,
    pub last_update: String,
    pub update_every: String,
    pub empty_note: &'a str,
}

#[derive(Serialize)]
pub struct IssuerView<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub url: String,
    pub count: usize,
    /// The office that answers its applications, when site.toml gives it.
    pub office: Option<OfficeView<'a>>,
}

/// `[issuers.office]` as pages show it: each part present only when given.
#[derive(Serialize)]
pub struct OfficeView<'a> {
    #[serde(flatten)]
    pub office: &'a crate::config::Office,
    /// The 申请表's address from the site root, and its file name.
    pub form_url: Option<String>,
    pub form_name: Option<&'a str>,
}

impl<'a> OfficeView<'a> {
    pub fn of(issuer: &'a crate::config::Issuer) -> Option<Self> {
        let office = issuer.office.as_ref()?;
        let form = office.form.as_deref();
        Some(OfficeView {
            office,
            form_url: form.map(|f| crate::site_map::office_form(&issuer.slug, f)),
            form_name: form.map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f)),
        })
    }
}

#[derive(Serialize)]
pub struct AttachmentView {
    pub name: String,
    pub url: String,
}

/// Everything a document page shows. `body_html` and `attachments` are empty for 依申请公开.
#[derive(Serialize)]
pub struct DocView<'a> {
    pub title: &'a str,
    pub index_no: &'a str,
    pub issuer: Link,
    pub category: Link,
    pub written: String,
    pub published: String,
    pub doc_no: &'a str,
    pub keywords: &'a [String],
    pub attribute: &'static str,
    pub doc_type: &'static str,
    pub validity: &'static str,
    pub on_request: bool,
    /// A draft: only `serve` shows it, with a banner (SPEC §11).
    pub draft: bool,
    /// 内容概述, or empty: shown above the text, and in its place on an on-request page.
    pub summary: &'a str,
    /// The issuer's office that answers applications (shown on an on-request page).
    pub office: Option<OfficeView<'a>>,
    /// Where to apply for an on-request document's text (already relative to this page).
    pub apply_href: String,
    pub body_html: &'a str,
    /// The metadata block, in `frontmatter::metadata_block()`'s order.
    pub meta: Vec<MetaRow>,
    pub attachments: Vec<AttachmentView>,
    pub interprets: Option<DocItem<'a>>,
    pub interpretations: Vec<DocItem<'a>>,
    /// The policy's status and the documents that changed it (SPEC §10).
    pub life: Option<LifeView<'a>>,
    /// 更新日期: the last commit that changed it after the first, or empty (SPEC §12).
    pub updated: String,
    /// 更新记录: the commits after the first, newest first (date and subject).
    pub history: Vec<HistoryEntry<'a>>,
}

/// One line of a page's 更新记录.
#[derive(Serialize)]
pub struct HistoryEntry<'a> {
    pub date: String,
    pub subject: &'a str,
}

impl<'a> HistoryEntry<'a> {
    /// The changes after a document's first commit, newest first; none when the site sets
    /// `history = false` or the file has not changed since it was committed.
    pub fn of(cat: &Catalogue, e: &Listed<'a>) -> Vec<HistoryEntry<'a>> {
        if !cat.config.history {
            return Vec::new();
        }
        e.history().map_or(Vec::new(), |h| {
            h.changes()
                .iter()
                .rev()
                .map(|c| HistoryEntry {
                    date: c.date.to_string(),
                    subject: c.subject.as_str(),
                })
                .collect()
        })
    }
}

/// A policy's status as its page shows it: the banner of an ended, amended or pending one,
/// and the documents it replaces and amends.
#[derive(Serialize)]
pub struct LifeView<'a> {
    pub status: &'static str,
    /// 失效 or 废止.
    pub ended: bool,
    /// Why: `replaced`, `repealed`, `term`, `amended`, or empty.
    pub cause: &'static str,
    /// When the status began.
    pub since: String,
    /// The document that replaced or amended it.
    pub by: Option<DocItem<'a>>,
    /// The document now in force, when the one that replaced it has ended too.
    pub in_force: Option<DocItem<'a>>,
    /// A replacement not yet in force.
    pub pending_date: String,
    pub pending_by: Option<DocItem<'a>>,
    /// When a 尚未施行 document takes effect.
    pub effective: String,
    pub replaces: Vec<DocItem<'a>>,
    pub amends: Vec<DocItem<'a>>,
    pub amended_by: Vec<DocItem<'a>>,
}

impl<'a> LifeView<'a> {
    pub fn new(cat: &Catalogue<'a>, e: &Listed<'a>) -> Option<Self> {
        use crate::model::lifecycle::Cause;
        let l = e.life()?;
        let item = |k: usize| DocItem::new(cat, cat.get(k));
        let items = |ks: &[usize]| ks.iter().map(|&k| item(k)).collect();
        Some(LifeView {
            status: l.status.label(),
            ended: l.status.ended(),
            cause: match l.cause {
                Some(Cause::ReplacedBy(_)) => "replaced",
                Some(Cause::Repealed) => "repealed",
                Some(Cause::TermEnded) => "term",
                Some(Cause::AmendedBy(_)) => "amended",
                None => "",
            },
            since: l.since.map(|d| d.to_string()).unwrap_or_default(),
            by: l.by.map(item),
            in_force: l.in_force.map(item),
            pending_date: l.pending.map(|(d, _)| d.to_string()).unwrap_or_default(),
            pending_by: l.pending.map(|(_, k)| item(k)),
            effective: e.effective().map(|d| d.to_string()).unwrap_or_default(),
            replaces: items(&l.replaces),
            amends: items(&l.amends),
            amended_by: items(&l.amended_by),
        })
    }
}

/// One cell of a document's metadata block: the field's Chinese name, its text, and a link
/// (an issuer's or a column's page) when it has one.
#[derive(Serialize)]
pub struct MetaRow {
    pub label: &'static str,
    pub text: String,
    pub url: Option<String>,
}

impl MetaRow {
    /// Every field of the metadata block of `e`, from the field table.
    pub fn block(cat: &Catalogue, e: &Listed) -> Vec<MetaRow> {
        let cfg = cat.config;
        crate::frontmatter::metadata_block()
            .iter()
            // A policy's dates only for a document with a status (SPEC §10); a row shown
            // when given only when it is.
            .filter(|&&f| match f {
                Field::Effective | Field::Expires => e.life().is_some(),
                _ => match f.spec().block {
                    Block::WhenGiven(_) => e.value(f) != Value::Absent,
                    _ => true,
                },
            })
            .map(|&f| {
                let value = match f {
                    Field::Validity => e.shown_validity().map_or(Value::Absent, Value::Label),
                    _ => e.value(f),
                };
                let (text, url) = match value {
                    Value::Absent => (String::new(), None),
                    Value::Text(t) => (t.to_string(), None),
                    Value::Date(d) => (d.to_string(), None),
                    Value::List(items) => (items.join("　"), None),
                    Value::Label(l) => (l.to_string(), None),
                    Value::Paths(p) => (p.join("　"), None),
                    Value::Issuer(i) => {
                        let is = &cfg.issuers[i];
                        let page = Page::Issuer {
                            slug: &is.slug,
                            page: 1,
                        };
                        (is.name.clone(), Some(page.path()))
                    }
                    Value::Category(i) => {
                        let c = &cfg.categories[i];
                        let page = Page::Category { id: &c.id, page: 1 };
                        (c.name.clone(), Some(page.path()))
                    }
                };
                MetaRow {
                    label: f.chinese(),
                    text,
                    url,
                }
            })
            .collect()
    }
}
