//! The listing pages: home, the catalogue and issuer indexes, each column's and each
//! issuer's paginated list, search and 404.

use super::Renderer;
use super::views::*;
use crate::diag::Diagnostic;
use crate::site_map::{self, Page};
use serde::Serialize;

impl<'s> Renderer<'_, 's> {
    pub(super) fn meta(&self, column: &str, title: &str, date: String, source: &str) -> MetaView {
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

    /// The site's newest publication date (entries are newest first).
    pub(super) fn newest_on_site(&self) -> String {
        self.newest_date(&[0])
    }

    /// The publication date of the first of `entries` (lists are newest first).
    pub(super) fn newest_date(&self, entries: &[usize]) -> String {
        entries
            .first()
            .filter(|&&k| k < self.cat.entries().len())
            .map(|&k| self.cat.get(k).published().to_string())
            .unwrap_or_default()
    }

    pub(super) fn items(&self, ks: &[usize]) -> Vec<DocItem<'s>> {
        ks.iter()
            .map(|&k| DocItem::new(self.cat, self.cat.get(k)))
            .collect()
    }

    /// One page of a paginated listing of `ks`: its documents, its pager (`url` gives a
    /// page number's path) and its title (`name`, with the page number after the first).
    fn paged(
        &self,
        ks: &[usize],
        n: usize,
        name: &str,
        url: impl Fn(usize) -> String,
    ) -> (Vec<DocItem<'s>>, PagerView, String) {
        let size = self.cat.config.page_size;
        let total = ks.len().div_ceil(size).max(1);
        let slice = &ks[((n - 1) * size).min(ks.len())..(n * size).min(ks.len())];
        let pager = PagerView {
            page: n,
            total,
            first_url: (n > 1).then(|| url(1)),
            prev_url: (n > 1).then(|| url(n - 1)),
            next_url: (n < total).then(|| url(n + 1)),
            last_url: (n < total).then(|| url(total)),
        };
        let title = if n > 1 {
            format!("{name}（第 {n} 页）")
        } else {
            name.to_string()
        };
        (self.items(slice), pager, title)
    }

    pub(super) fn listing(&self, page: &Page) -> Result<(), Diagnostic> {
        let title = &self.site.title;
        let n_all = self.cat.entries().len();
        let newest = self.newest_on_site();
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
            Page::Category { id, page: n } => self.category_page(page, id, *n),
            Page::Issuer { slug, page: n } => self.issuer_page(page, slug, *n),
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
            Page::Validity { ended } => self.validity(page, *ended),
            // Rendered by their own functions: they need more than the catalogue.
            Page::Document { .. } | Page::Report => Ok(()),
        }
    }

    /// A column's listing page `n`.
    fn category_page(&self, page: &Page, id: &str, n: usize) -> Result<(), Diagnostic> {
        let cfg = self.cat.config;
        let i = cfg
            .category(id)
            .expect("listing pages name configured columns");
        let c = &cfg.categories[i];
        let ks = &self.cat.by_category[i];
        let (docs, pager, page_title) =
            self.paged(ks, n, &c.name, |n| Page::Category { id, page: n }.path());
        #[derive(Serialize)]
        struct Cat<'a> {
            category: CategoryView<'a>,
            children: Vec<CategoryNode>,
            docs: Vec<DocItem<'a>>,
            pager: PagerView,
            /// The column lists 规章 or 规范性文件: it links the validity lists.
            policies: bool,
            /// The column's Atom feed, from the root.
            feed: String,
        }
        let path = cfg.category_path(i);
        let ancestors: Vec<usize> = path.into_iter().take_while(|&p| p != i).collect();
        let mut crumbs = self.catalogue_crumbs(&ancestors);
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
            docs,
            pager,
            feed: crate::site_map::category_feed(&c.id),
            policies: ks.iter().any(|&k| {
                use crate::model::document::DocType;
                matches!(
                    self.cat.get(k).doc_type(),
                    DocType::Rule | DocType::Normative
                )
            }),
        };
        let source = c.owner.as_deref().unwrap_or(self.site.organizer);
        let meta = self.meta(&c.name, &page_title, self.newest_date(ks), source);
        self.emit(
            page,
            "category.html",
            self.ctx(page, page_title, "categories", meta, crumbs, extra),
        )
    }

    /// An issuer's listing page `n`.
    fn issuer_page(&self, page: &Page, slug: &str, n: usize) -> Result<(), Diagnostic> {
        let cfg = self.cat.config;
        let i = cfg
            .issuers
            .iter()
            .position(|is| is.slug == slug)
            .expect("listing pages name configured issuers");
        let is = &cfg.issuers[i];
        let ks = &self.cat.by_issuer[i];
        let (docs, pager, page_title) =
            self.paged(ks, n, &is.name, |n| Page::Issuer { slug, page: n }.path());
        #[derive(Serialize)]
        struct Iss<'a> {
            issuer: IssuerView<'a>,
            docs: Vec<DocItem<'a>>,
            pager: PagerView,
            /// The issuer's Atom feed, from the root.
            feed: String,
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
            docs,
            pager,
            feed: crate::site_map::issuer_feed(&is.slug),
        };
        let meta = self.meta("发布机构", &page_title, self.newest_date(ks), &is.name);
        self.emit(
            page,
            "issuer.html",
            self.ctx(page, page_title, "issuers", meta, crumbs, extra),
        )
    }

    pub(super) fn issuer_view(&self, i: usize) -> IssuerView<'s> {
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
            office: OfficeView::of(is),
        }
    }

    pub(super) fn issuer_views(&self) -> Vec<IssuerView<'s>> {
        (0..self.cat.config.issuers.len())
            .map(|i| self.issuer_view(i))
            .collect()
    }
}
