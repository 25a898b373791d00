//! Pages: from a `Catalogue` to HTML through the templates. Documents and listing pages are
//! rendered in parallel and handed to a [`Sink`] as they are produced; nothing here touches
//! the disk itself.

pub mod engine;
pub mod report;
pub mod views;

use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::labels::Choice;
use crate::model::visibility::{Catalogue, Listed};
use crate::site_map::{self, Page, listing_pages};
use engine::Engine;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use views::*;

/// Where rendered files go. Implemented by the output stage; called from many threads.
pub trait Sink: Sync {
    /// Takes the bytes by value: a page is moved to the writer, never copied.
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    /// A page whose bytes in `body` are a document's published HTML, which the quotation
    /// rules have read already with the guard's own reader (`security::quoting`): the guard
    /// may read the rest only.
    fn write_page(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        body: std::ops::Range<usize>,
    ) -> Result<(), Diagnostic> {
        let _ = body;
        self.write(rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
}

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
/// renders only the pages a change touched; the others are unchanged on disk). Returns the
/// problems met (template errors, write failures); an empty list means every page was
/// written.
pub fn render_pages(
    cat: &Catalogue,
    engine: &Engine,
    sink: &dyn Sink,
    docs: &(dyn Fn(&Listed) -> bool + Sync),
    lists: &(dyn Fn(&Page) -> bool + Sync),
) -> Vec<Diagnostic> {
    let r = Renderer::new(cat, engine, sink);
    let mut listing = listing_pages(cat);
    listing.retain(|p| lists(p));
    let docs = cat
        .entries()
        .par_iter()
        .filter(|e| docs(e))
        .flat_map_iter(|e| r.document(e).err().into_iter().flatten());
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
        Ctx {
            site: &self.site,
            root,
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
            url: Some("index.html".into()),
        }
    }

    fn meta(&self, column: &str, title: &str, date: String, source: &str) -> MetaView {
        MetaView {
            column_name: column.to_string(),
            column_type: "信息公开".into(),
            article_title: title.to_string(),
            pub_date: date,
            content_source: source.to_string(),
            keywords: column.to_string(),
            description: format!("{}：{}", self.site.title, title),
        }
    }

    fn newest_date(&self, entries: &[usize]) -> String {
        entries
            .first()
            .map(|&k| self.cat.get(k).published().to_string())
            .unwrap_or_default()
    }

    fn items(&self, ks: &[usize]) -> Vec<DocItem<'s>> {
        ks.iter()
            .map(|&k| DocItem::new(self.cat, self.cat.get(k)))
            .collect()
    }

    fn pager(&self, kind: &str, id: &str, page: usize, total: usize) -> PagerView {
        let url = |n: usize| {
            Page::path(&if kind == "category" {
                Page::Category { id, page: n }
            } else {
                Page::Issuer { slug: id, page: n }
            })
        };
        PagerView {
            page,
            total,
            first_url: (page > 1).then(|| url(1)),
            prev_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < total).then(|| url(page + 1)),
            last_url: (page < total).then(|| url(total)),
        }
    }

    fn listing(&self, page: &Page) -> Result<(), Diagnostic> {
        let cfg = self.cat.config;
        let title = &self.site.title;
        let n_all = self.cat.entries().len();
        let newest = self
            .cat
            .entries()
            .first()
            .map(|e| e.published().to_string())
            .unwrap_or_default();
        match page {
            Page::Home => {
                #[derive(Serialize)]
                struct Home<'a> {
                    tree: Vec<CategoryNode>,
                    latest: Vec<DocItem<'a>>,
                    total: usize,
                    issuers: Vec<IssuerView<'a>>,
                }
                let latest: Vec<usize> = (0..n_all.min(site_map::LATEST)).collect();
                let extra = Home {
                    tree: category_tree(self.cat),
                    latest: self.items(&latest),
                    total: n_all,
                    issuers: self.issuer_views(),
                };
                let meta = self.meta("首页", title, newest.clone(), self.site.organizer);
                self.emit(
                    page,
                    "home.html",
                    self.ctx(page, title.to_string(), "home", meta, vec![], extra),
                )
            }
            Page::Categories => {
                #[derive(Serialize)]
                struct Tree {
                    tree: Vec<CategoryNode>,
                }
                let crumbs = vec![
                    Self::home_crumb(),
                    Crumb {
                        title: "公开目录".into(),
                        url: None,
                    },
                ];
                let meta = self.meta("公开目录", "公开目录", newest.clone(), self.site.organizer);
                let ctx = self.ctx(
                    page,
                    "公开目录".into(),
                    "categories",
                    meta,
                    crumbs,
                    Tree {
                        tree: category_tree(self.cat),
                    },
                );
                self.emit(page, "categories.html", ctx)
            }
            Page::Issuers => {
                #[derive(Serialize)]
                struct List<'a> {
                    issuers: Vec<IssuerView<'a>>,
                }
                let crumbs = vec![
                    Self::home_crumb(),
                    Crumb {
                        title: "发布机构".into(),
                        url: None,
                    },
                ];
                let meta = self.meta("发布机构", "发布机构", newest.clone(), self.site.organizer);
                let ctx = self.ctx(
                    page,
                    "发布机构".into(),
                    "issuers",
                    meta,
                    crumbs,
                    List {
                        issuers: self.issuer_views(),
                    },
                );
                self.emit(page, "issuers.html", ctx)
            }
            Page::Category { id, page: n } => {
                let i = cfg
                    .category(id)
                    .expect("listing pages name configured columns");
                let c = &cfg.categories[i];
                let ks = &self.cat.by_category[i];
                let total = ks.len().div_ceil(cfg.page_size).max(1);
                let slice =
                    &ks[((n - 1) * cfg.page_size).min(ks.len())..(n * cfg.page_size).min(ks.len())];
                #[derive(Serialize)]
                struct Cat<'a> {
                    category: CategoryView<'a>,
                    children: Vec<CategoryNode>,
                    docs: Vec<DocItem<'a>>,
                    pager: PagerView,
                }
                let mut crumbs = vec![
                    Self::home_crumb(),
                    Crumb {
                        title: "公开目录".into(),
                        url: Some(Page::Categories.path()),
                    },
                ];
                for &p in cfg.category_path(i).iter().take_while(|&&p| p != i) {
                    let pc = &cfg.categories[p];
                    crumbs.push(Crumb {
                        title: pc.name.clone(),
                        url: Some(
                            Page::Category {
                                id: &pc.id,
                                page: 1,
                            }
                            .path(),
                        ),
                    });
                }
                crumbs.push(Crumb {
                    title: c.name.clone(),
                    url: None,
                });
                let extra = Cat {
                    category: CategoryView {
                        id: &c.id,
                        name: &c.name,
                        owner: c.owner.as_deref().unwrap_or(""),
                        count: ks.len(),
                        last_update: self.newest_date(ks),
                        update_every: c.update_every.map(|e| e.to_string()).unwrap_or_default(),
                        empty_note: c.empty_note.as_deref().unwrap_or(""),
                    },
                    children: c.children.iter().map(|&k| node(self.cat, k)).collect(),
                    docs: self.items(slice),
                    pager: self.pager("category", id, *n, total),
                };
                let page_title = if *n > 1 {
                    format!("{}（第 {n} 页）", c.name)
                } else {
                    c.name.clone()
                };
                let source = c.owner.as_deref().unwrap_or(self.site.organizer);
                let meta = self.meta(&c.name, &page_title, self.newest_date(ks), source);
                self.emit(
                    page,
                    "category.html",
                    self.ctx(page, page_title, "categories", meta, crumbs, extra),
                )
            }
            Page::Issuer { slug, page: n } => {
                let i = cfg
                    .issuers
                    .iter()
                    .position(|is| is.slug == *slug)
                    .expect("listing pages name configured issuers");
                let is = &cfg.issuers[i];
                let ks = &self.cat.by_issuer[i];
                let total = ks.len().div_ceil(cfg.page_size).max(1);
                let slice =
                    &ks[((n - 1) * cfg.page_size).min(ks.len())..(n * cfg.page_size).min(ks.len())];
                #[derive(Serialize)]
                struct Iss<'a> {
                    issuer: IssuerView<'a>,
                    docs: Vec<DocItem<'a>>,
                    pager: PagerView,
                }
                let crumbs = vec![
                    Self::home_crumb(),
                    Crumb {
                        title: "发布机构".into(),
                        url: Some(Page::Issuers.path()),
                    },
                    Crumb {
                        title: is.name.clone(),
                        url: None,
                    },
                ];
                let extra = Iss {
                    issuer: self.issuer_view(i),
                    docs: self.items(slice),
                    pager: self.pager("issuer", slug, *n, total),
                };
                let page_title = if *n > 1 {
                    format!("{}（第 {n} 页）", is.name)
                } else {
                    is.name.clone()
                };
                let meta = self.meta("发布机构", &page_title, self.newest_date(ks), &is.name);
                self.emit(
                    page,
                    "issuer.html",
                    self.ctx(page, page_title, "issuers", meta, crumbs, extra),
                )
            }
            Page::Search => {
                let crumbs = vec![
                    Self::home_crumb(),
                    Crumb {
                        title: "搜索".into(),
                        url: None,
                    },
                ];
                let meta = self.meta("搜索", "搜索", String::new(), self.site.organizer);
                self.emit(
                    page,
                    "search.html",
                    self.ctx(page, "搜索".into(), "search", meta, crumbs, ()),
                )
            }
            Page::NotFound => {
                let meta = self.meta(
                    "页面不存在",
                    "页面不存在",
                    String::new(),
                    self.site.organizer,
                );
                self.emit(
                    page,
                    "404.html",
                    self.ctx(page, "页面不存在".into(), "", meta, vec![], ()),
                )
            }
            // Rendered by their own functions: they need more than the catalogue.
            Page::Document { .. } | Page::Report => Ok(()),
        }
    }

    fn issuer_view(&self, i: usize) -> IssuerView<'s> {
        let is = &self.cat.config.issuers[i];
        IssuerView {
            name: &is.name,
            code: is.code.as_deref().unwrap_or(""),
            url: Page::Issuer {
                slug: &is.slug,
                page: 1,
            }
            .path(),
            count: self.cat.by_issuer[i].len(),
        }
    }

    fn issuer_views(&self) -> Vec<IssuerView<'s>> {
        (0..self.cat.config.issuers.len())
            .map(|i| self.issuer_view(i))
            .collect()
    }

    /// One document page, and its attachments beside it.
    fn document(&self, e: &Listed<'s>) -> Result<(), Vec<Diagnostic>> {
        let cfg = self.cat.config;
        let page = Page::Document { slug: e.slug() };
        let root = page.root();
        let body_html = e.html().unwrap_or_default();
        let summary = e
            .text()
            .map(|t| markdown::text::opening(t, DESCRIPTION_CHARS))
            .unwrap_or_default();
        let mut errors = Vec::new();
        let attachments = e
            .attachments()
            .iter()
            .map(|a| {
                if let Err(d) = self
                    .sink
                    .copy(&site_map::attachment(e.slug(), &a.file_name), &a.source)
                {
                    errors.push(d);
                }
                AttachmentView {
                    name: a.file_name.clone(),
                    url: site_map::attachment_href(e.slug(), &a.file_name),
                }
            })
            .collect();
        let issuer = &cfg.issuers[e.issuer()];
        let category = &cfg.categories[e.category()];
        let apply_href = match cfg.apply_url.as_deref() {
            Some(u) if u.contains("://") || u.starts_with('/') => u.to_string(),
            Some(u) => format!("{root}{u}"),
            None => String::new(),
        };
        let view = DocView {
            title: e.title(),
            index_no: e.index_no(),
            issuer: Link {
                name: issuer.name.clone(),
                url: Page::Issuer {
                    slug: &issuer.slug,
                    page: 1,
                }
                .path(),
            },
            category: Link {
                name: category.name.clone(),
                url: Page::Category {
                    id: &category.id,
                    page: 1,
                }
                .path(),
            },
            written: e.written().map(|d| d.to_string()).unwrap_or_default(),
            published: e.published().to_string(),
            doc_no: e.doc_no().unwrap_or(""),
            keywords: e.keywords(),
            attribute: e.attribute().label(),
            doc_type: e.doc_type().label(),
            validity: e.validity().map_or("", |v| v.label()),
            on_request: !e.is_full_text(),
            apply_href,
            body_html,
            attachments,
            interprets: e
                .interprets()
                .map(|k| DocItem::new(self.cat, self.cat.get(k))),
            interpretations: e
                .interpreted_by()
                .iter()
                .map(|&k| DocItem::new(self.cat, self.cat.get(k)))
                .collect(),
        };
        let mut crumbs = vec![
            Self::home_crumb(),
            Crumb {
                title: "公开目录".into(),
                url: Some(Page::Categories.path()),
            },
        ];
        for p in cfg.category_path(e.category()) {
            let pc = &cfg.categories[p];
            crumbs.push(Crumb {
                title: pc.name.clone(),
                url: Some(
                    Page::Category {
                        id: &pc.id,
                        page: 1,
                    }
                    .path(),
                ),
            });
        }
        crumbs.push(Crumb {
            title: "正文".into(),
            url: None,
        });
        let meta = MetaView {
            column_name: category.name.clone(),
            column_type: "信息公开".into(),
            article_title: e.title().to_string(),
            pub_date: e.published().to_string(),
            content_source: issuer.name.clone(),
            keywords: e.keywords().join(","),
            description: if summary.is_empty() {
                e.title().to_string()
            } else {
                summary
            },
        };
        #[derive(Serialize)]
        struct DocCtx<'a> {
            doc: DocView<'a>,
        }
        let ctx = self.ctx(
            &page,
            e.title().to_string(),
            "categories",
            meta,
            crumbs,
            DocCtx { doc: view },
        );
        let written = self.engine.render("document.html", ctx).and_then(|html| {
            let body = Some(body_html)
                .filter(|b| crate::security::output::whole_blocks(b))
                .and_then(|b| find_whole(html.as_bytes(), b.as_bytes()));
            match body {
                Some(body) => self.sink.write_page(&page.path(), html.into_bytes(), body),
                None => self.sink.write(&page.path(), html.into_bytes()),
            }
        });
        if let Err(d) = written {
            errors.push(d);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
