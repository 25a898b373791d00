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
        let body_html = crate::model::published::rewrite(
            e.html().unwrap_or_default(),
            e.file(),
            self.cat.published(),
        );
        let summary = description(e);
        let mut errors = Vec::new();
        let attachments = self.copy_files(e, &mut errors);
        let issuer = &cfg.issuers[e.issuer()];
        let category = &cfg.categories[e.category()];
        let apply_href = match cfg.apply_url.as_deref() {
            Some(u) if u.contains("://") || u.starts_with('/') => u.to_string(),
            Some(u) => format!("{root}{u}"),
            None => String::new(),
        };
        let history = HistoryEntry::of(self.cat, e);
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
            updated: history.first().map_or(String::new(), |h| h.date.clone()),
            history,
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

impl Renderer<'_, '_> {
    /// Copy a document's attachments and images beside its page; the attachments as its
    /// page lists them. A copy that fails is added to `errors`.
    fn copy_files(&self, e: &Listed, errors: &mut Vec<Diagnostic>) -> Vec<AttachmentView> {
        let views = e
            .attachments()
            .iter()
            .map(|a| {
                let to = site_map::attachment(e.slug(), &a.file_name);
                errors.extend(self.sink.copy(&to, &a.source).err());
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
        views
    }

    /// The files [`Renderer::document`] and [`Renderer::redirects`] write for `e`, kept in
    /// the sink as they are (a page `serve` did not render again).
    pub(super) fn keep_document(&self, e: &Listed, slugs: &crate::hash::FastSet<&str>) {
        self.sink.keep(&Page::Document { slug: e.slug() }.path());
        for a in e.attachments().iter().chain(e.images()) {
            self.sink
                .keep(&site_map::attachment(e.slug(), &a.file_name));
        }
        for (slug, _) in redirected(e, slugs) {
            self.sink.keep(&Page::Document { slug: &slug }.path());
        }
    }

    /// A page at each former index number's address (前索引号, SPEC §12) that sends the
    /// reader to the document's page: links and bookmarks to the old number keep working.
    pub(super) fn redirects(
        &self,
        e: &Listed,
        slugs: &crate::hash::FastSet<&str>,
    ) -> Vec<Diagnostic> {
        let target = Page::Document { slug: e.slug() }.path();
        let name = target.rsplit('/').next().unwrap_or_default();
        let title = crate::escape::xml_escape(e.title());
        let canonical = format!("{}{target}", self.cat.config.base_url);
        redirected(e, slugs)
            .into_iter()
            .filter_map(|(slug, old)| {
                let html = format!(
                    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title><meta http-equiv=\"refresh\" content=\"0; url={name}\"><link rel=\"canonical\" href=\"{}\"><meta name=\"robots\" content=\"noindex\"></head>\n<body><p>索引号 {} 已改为 {}：<a href=\"{name}\">{title}</a></p></body></html>\n",
                    crate::escape::xml_escape(&canonical),
                    crate::escape::xml_escape(old),
                    crate::escape::xml_escape(e.index_no()),
                );
                self.sink
                    .write(&Page::Document { slug: &slug }.path(), html.into_bytes())
                    .err()
            })
            .collect()
    }
}

/// A document page's description: its 内容概述 when it has one, else its text's opening.
fn description(e: &Listed) -> String {
    match e.summary() {
        Some(s) => markdown::text::opening(s, DESCRIPTION_CHARS),
        None => e
            .text()
            .map(|t| markdown::text::opening(t, DESCRIPTION_CHARS))
            .unwrap_or_default(),
    }
}

/// The former index numbers of `e` that get a page sending the reader on, with the slug of
/// each: an address another document now has is left to it.
fn redirected<'s>(e: &Listed<'s>, slugs: &crate::hash::FastSet<&str>) -> Vec<(String, &'s str)> {
    let crate::model::document::Value::List(former) =
        e.value(crate::frontmatter::Field::FormerIndexNo)
    else {
        return Vec::new();
    };
    former
        .iter()
        .map(|old| (crate::model::document::slug(old), old.as_str()))
        .filter(|(slug, _)| !slugs.contains(slug.as_str()))
        .collect()
}
