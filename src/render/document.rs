//! A document's page, with its attachments copied beside it.

use super::views::*;
use super::{DESCRIPTION_CHARS, Renderer, find_whole};
use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::labels::Choice;
use crate::model::visibility::Listed;
use crate::site_map::{self, Page};
use serde::Serialize;

impl<'s> Renderer<'_, 's> {
    /// One document page, and its attachments and images beside it.
    pub(super) fn document(&self, e: &Listed<'s>) -> Result<(), Vec<Diagnostic>> {
        let cfg = self.cat.config;
        let page = Page::Document { slug: e.slug() };
        let root = page.root();
        let body_html =
            crate::links::rewrite(e.html().unwrap_or_default(), e.file(), self.cat.published());
        // The page's description: its 内容概述 when it has one, else its text's opening.
        let summary = match e.summary() {
            Some(s) => markdown::text::opening(s, DESCRIPTION_CHARS),
            None => e
                .text()
                .map(|t| markdown::text::opening(t, DESCRIPTION_CHARS))
                .unwrap_or_default(),
        };
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
        for image in e.images() {
            let copied = self.sink.copy(
                &site_map::attachment(e.slug(), &image.file_name),
                &image.source,
            );
            errors.extend(copied.err());
        }
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
            draft: e.is_draft(),
            summary: e.summary().unwrap_or(""),
            office: OfficeView::of(issuer),
            apply_href,
            body_html: &body_html,
            meta: MetaRow::block(self.cat, e),
            attachments,
            interprets: e
                .interprets()
                .map(|k| DocItem::new(self.cat, self.cat.get(k))),
            interpretations: e
                .interpreted_by()
                .iter()
                .map(|&k| DocItem::new(self.cat, self.cat.get(k)))
                .collect(),
            life: LifeView::new(self.cat, e),
        };
        let mut crumbs = self.catalogue_crumbs(&cfg.category_path(e.category()));
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
            let body = Some(&*body_html)
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
