//! The `broken-link` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::{Diagnostic, codes};
use crate::links::{self, Link, Target};
use crate::model::published::Published;
use crate::model::visibility::Catalogue;
use crate::security::Withheld;
use crate::site_map::{self, Page};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

rule! {
    /// `broken-link`: a relative link, image or `#anchor` in a published body that leads
    /// nowhere: a file of the site's folder that does not exist, an anchor its page lacks, a
    /// path that climbs above the site's folder, or a link from the domain root (`/…`) to no
    /// page of the built site (or outside `base_url`'s path).
    ///
    /// Links resolve as the editor sees them, as a git forge's preview shows them: relative
    /// to the Markdown file's own folder (SPEC §14). `[附件1](附件1.pdf)` reaches a listed
    /// attachment, `[另一文件](../2025/other.md)` the other document's page (its anchors
    /// too), `![图](图.png)` an image beside the file, which is published with the page, and
    /// `../static/…` the site's assets; the page gets each rewritten to its URL. A link
    /// written the old way, from the page (`0001-2026-00002.html`), gets the Markdown path as
    /// its hint. Anchors are checked against heading ids (`## 标题 {#id}`), `id`/`name` in
    /// the body's HTML and the default theme's own ids. External links (any scheme,
    /// `//host`) are not followed.
    ///
    /// Two link findings are errors no site can turn off: `link-to-withheld` (a withheld
    /// document's page, file or attachment) and `unlisted-file` (a file that exists but no
    /// 主动公开 document lists as an attachment or shows as an image: the link would lead
    /// nowhere on the site, and a link never publishes a file).
    pub const RULE = Rule {
        code: "broken-link",
        label: "无效链接",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(check_site)],
    };
}

/// Ids every document page of the default theme carries.
const PAGE_IDS: &[&str] = &["main", "q", "h-att", "h-policy", "h-interp"];

static HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#)
        .expect("a valid pattern")
});
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#)
        .expect("a valid pattern")
});

/// Every file the build writes, where each source file is published, and which source
/// files exist.
pub struct Targets<'e> {
    files: HashSet<String>,
    /// Path part of `base_url` (`/`, `/xxgk/`), for links written from the domain root.
    base_path: String,
    /// Where each source file is published (`model::published::Published`).
    published: &'e Published,
    /// Withheld documents: what a link must never point at (`link-to-withheld`).
    withheld: Vec<Withheld>,
    /// Whether a file of the site's folder exists (path from the site root). The pipeline
    /// gives it: the rules do not read the disk.
    exists: &'e (dyn Fn(&str) -> bool + Sync),
}

impl<'e> Targets<'e> {
    pub fn new(
        cat: &'e Catalogue,
        withheld: &[Withheld],
        exists: &'e (dyn Fn(&str) -> bool + Sync),
    ) -> Targets<'e> {
        let mut files: HashSet<String> = crate::model::pages::listing_pages(cat)
            .iter()
            .map(Page::path)
            .collect();
        files.extend(site_map::EXPORTS.iter().map(|f| f.to_string()));
        if cat.config.report {
            files.insert(Page::Report.path());
        }
        for e in cat.entries() {
            files.insert(e.url());
            for a in e.attachments().iter().chain(e.images()) {
                files.insert(site_map::attachment(e.slug(), &a.file_name));
            }
        }
        let rest = cat.config.base_url.split_once("://").map_or("", |(_, r)| r);
        let base_path = rest.find('/').map_or("/", |i| &rest[i..]).to_string();
        Targets {
            files,
            base_path,
            published: cat.published(),
            withheld: withheld.to_vec(),
            exists,
        }
    }
}

impl Targets<'_> {
    /// Whether the site has no withheld document to link to.
    pub fn withheld_is_empty(&self) -> bool {
        self.withheld.is_empty()
    }
}

/// Anchor ids of each document page, by the page's path.
pub type Ids = HashMap<String, HashSet<String>>;

/// Anchor ids of each document page, from the bodies.
pub fn body_ids(bodies: &[Body]) -> Ids {
    bodies
        .iter()
        .map(|b| {
            let mut ids: HashSet<String> = b.facts.ids.iter().cloned().collect();
            for (_, html) in b.html() {
                ids.extend(ANCHOR.captures_iter(html).filter_map(first_group));
            }
            (b.doc.url(), ids)
        })
        .collect()
}

fn first_group(c: regex::Captures) -> Option<String> {
    c.iter()
        .skip(1)
        .flatten()
        .next()
        .map(|m| m.as_str().to_string())
}

/// Why a link leads nowhere, if it does.
enum Broken {
    /// A page or file of the built site that does not exist (a rooted link).
    Page(String),
    /// A file of the site's folder that does not exist.
    Missing(String),
    /// A file that exists but is published by no document (`unlisted-file`).
    Unlisted,
    Anchor(String),
    Outside,
}

fn resolve(
    dest: &str,
    b: &Body,
    t: &Targets,
    ids: &HashMap<String, HashSet<String>>,
) -> Option<Broken> {
    let (page, fragment) = match links::resolve(b.doc.file(), dest) {
        Link::External => return None,
        Link::Above => return Some(Broken::Outside),
        Link::Fragment(f) => (b.doc.url(), f),
        Link::Rooted { path, fragment } => {
            let rooted = path.strip_prefix(&t.base_path)?;
            let Some(mut norm) = normalize(rooted) else {
                return Some(Broken::Outside);
            };
            if norm.is_empty() || norm.ends_with('/') {
                norm = site_map::folder_index(&norm);
            }
            if norm.starts_with(site_map::ASSETS) {
                return None;
            }
            if !t.files.contains(&norm) {
                let dir = site_map::folder_index(&norm);
                if !t.files.contains(&dir) {
                    return Some(Broken::Page(norm));
                }
                norm = dir;
            }
            (norm, fragment)
        }
        Link::Source { path, fragment } => match t.published.get(&path) {
            Some(Target::Page(p)) => (p.clone(), fragment),
            Some(Target::File(_)) => return None,
            None if path.starts_with("static/") && (t.exists)(&path) => return None,
            None if (t.exists)(&path) => return Some(Broken::Unlisted),
            None => return Some(Broken::Missing(path)),
        },
    };
    if fragment.is_empty() {
        return None;
    }
    let known = ids.get(&page)?;
    (!known.contains(&fragment) && !PAGE_IDS.contains(&fragment.as_str()))
        .then_some(Broken::Anchor(fragment))
}

/// Resolve `.` and `..`, keeping a trailing `/`; `None` when the path climbs above the site
/// root.
fn normalize(path: &str) -> Option<String> {
    let mut out = crate::links::normalize(path)?;
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Every link of a body, with its offset, in order.
fn links(b: &Body) -> Vec<(String, usize)> {
    let markdown = b
        .facts
        .links
        .iter()
        .map(|(d, at)| (d.clone(), *at))
        .chain(b.facts.images.iter().map(|i| (i.dest.clone(), i.at)));
    let html = b.html().flat_map(|(at, h)| {
        HREF.captures_iter(h)
            .filter_map(move |c| Some((first_group(c)?, at)))
            .collect::<Vec<_>>()
    });
    let mut links: Vec<(String, usize)> = markdown.chain(html).collect();
    links.sort_by_key(|&(_, at)| at);
    links
}

/// The withheld document a link points at, read as a browser reads it from the page or as
/// the editor's tools read it from the Markdown file (its source or an attachment).
fn withheld_target<'t>(dest: &str, b: &Body, t: &'t Targets) -> Option<&'t Withheld> {
    if t.withheld.is_empty() {
        return None;
    }
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    if lower.split_once(':').is_some_and(|(s, _)| !s.contains('/')) || dest.starts_with("//") {
        return None;
    }
    let path = links::percent_decode(dest.split(['#', '?']).next().unwrap_or_default());
    if path.is_empty() {
        return None;
    }
    let page = b.doc.url();
    let from_page = match path.strip_prefix(&t.base_path) {
        Some(rooted) if path.starts_with('/') => normalize(rooted),
        None if path.starts_with('/') => None,
        _ => normalize(&format!(
            "{}{path}",
            &page[..page.rfind('/').map_or(0, |i| i + 1)]
        )),
    };
    let file = b.doc.file();
    let from_source = normalize(&format!(
        "{}{path}",
        &file[..file.rfind('/').map_or(0, |i| i + 1)]
    ));
    t.withheld.iter().find(|w| {
        from_page
            .as_deref()
            .is_some_and(|p| p == w.page || p.starts_with(&w.dir) || format!("{p}/") == w.dir)
            || from_source
                .as_deref()
                .is_some_and(|s| w.sources.iter().any(|src| src == s))
    })
}

/// The link findings no site can turn off: `link-to-withheld` (SPEC §9), a link in a
/// published body to a withheld document's page, attachment or source file (named by its
/// path only); and `unlisted-file` (SPEC §14), a link to a file of the site's folder that no
/// 主动公开 document lists as an attachment or shows as an image, so it would lead nowhere.
pub fn check_always(b: &Body, t: &Targets) -> Vec<Diagnostic> {
    links(b)
        .into_iter()
        .filter_map(|(dest, at)| {
            if let Some(w) = withheld_target(&dest, b, t) {
                return Some(
                    Diagnostic::error(
                        codes::LINK_TO_WITHHELD,
                        format!(
                            "链接指向不予公开的文件 {}，会公开它的存在和地址 (link to a withheld document)",
                            w.file
                        ),
                    )
                    .in_file(b.doc.file())
                    .at(Some(b.position(at)))
                    .help("删除这个链接；不予公开的文件在网站上没有页面"),
                );
            }
            let Link::Source { path, .. } = links::resolve(b.doc.file(), &dest) else {
                return None;
            };
            let unlisted = t.published.get(&path).is_none()
                && !path.starts_with("static/")
                && !path.ends_with(".md")
                && (t.exists)(&path);
            unlisted.then(|| {
                Diagnostic::error(
                    codes::UNLISTED_FILE,
                    format!(
                        "链接 `{dest}` 指向的文件 {path} 不是任何主动公开文件的附件，不会发布 (unlisted file)"
                    ),
                )
                .in_file(b.doc.file())
                .at(Some(b.position(at)))
                .help("把它加入本文件的 attachments（附件），或删除这个链接")
            })
        })
        .collect()
}

/// Every body's links, against the site's files and every document page's anchors.
fn check_site(ctx: &super::Context, site: &super::registry::Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let ids = body_ids(site.bodies);
    site.bodies
        .par_iter()
        .flat_map_iter(|b| check(b, ctx.targets, &ids))
        .collect()
}

pub fn check(b: &Body, t: &Targets, ids: &HashMap<String, HashSet<String>>) -> Vec<Diagnostic> {
    links(b)
        .into_iter()
        .filter_map(|(dest, at)| {
            if withheld_target(&dest, b, t).is_some() {
                return None; // link-to-withheld says more
            }
            let broken = resolve(&dest, b, t, ids)?;
            let (msg, help) = match broken {
                // `unlisted-file` says more.
                Broken::Unlisted => return None,
                Broken::Page(target) => (
                    format!("链接 `{dest}` 指向站内不存在的页面 {target} (broken link)"),
                    "从网站根目录写起的链接要对应一个已生成的页面；核对路径".to_string(),
                ),
                Broken::Missing(path) => (
                    format!("链接 `{dest}` 指向的文件 {path} 不存在 (broken link)"),
                    hint(&dest, b, t),
                ),
                Broken::Anchor(frag) => (
                    format!("链接 `{dest}` 指向的锚点 #{frag} 在页面上不存在 (broken anchor)"),
                    "给目标标题加上 {#锚点名}，例如 ## 二、工作要求 {#yq}，或改正链接".to_string(),
                ),
                Broken::Outside => (
                    format!("链接 `{dest}` 超出了本站范围 (link leaves the site)"),
                    "链接按 Markdown 文件所在的文件夹计算，例如 附件1.pdf 或 ../2025/other.md"
                        .to_string(),
                ),
            };
            Some(b.warning(RULE.code, at, msg).help(help))
        })
        .collect()
}

/// A fix for a link to a missing file: a link written the old way, from the page (to
/// another document's page, or to an attachment under its page's folder), gets the path it
/// should have from the Markdown file.
fn hint(dest: &str, b: &Body, t: &Targets) -> String {
    let name = links::percent_decode(dest.split(['#', '?']).next().unwrap_or(dest));
    let name = name.rsplit('/').next().unwrap_or(&name);
    let file = b.doc.file();
    let page = name
        .strip_suffix(".html")
        .map(|slug| Page::Document { slug }.path());
    let source = (t.published.by_target())
        .find(|(_, target)| Some(target.path()) == page.as_deref())
        .map(|(source, _)| source)
        .or_else(|| {
            let a = b.doc.attachments().iter().chain(b.doc.images());
            a.map(|a| a.rel.as_str())
                .find(|rel| rel.ends_with(&format!("/{name}")))
        });
    match source {
        Some(source) => format!(
            "链接按 Markdown 文件所在的文件夹计算：写成 {}",
            links::relative(file, source)
        ),
        None => "链接按 Markdown 文件所在的文件夹计算，与在代码托管网站上预览时一样；核对路径，或改为完整网址".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::body::Body;
    use crate::rules::testing::{SITE, doc, site};

    /// Files of the site's folder besides the documents.
    fn exists(rel: &str) -> bool {
        matches!(rel, "static/logo.png" | "content/名单.xlsx")
    }

    fn run(md: &str, check_fn: fn(&Body, &Targets, &Ids) -> Vec<Diagnostic>) -> Vec<Diagnostic> {
        let s = site(
            SITE,
            vec![
                doc(1, "", md),
                doc(2, "", "## 附则 {#fz}\n\n<a name=\"tail\"></a>\n"),
            ],
        );
        let cat = Catalogue::new(&s);
        let t = Targets::new(&cat, &[], &exists);
        let bodies: Vec<Body> = cat
            .entries()
            .iter()
            .map(|e| Body::new(e, e.body().unwrap_or_default()))
            .collect();
        let ids = body_ids(&bodies);
        let me = bodies
            .iter()
            .find(|b| b.doc.file() == "content/001.md")
            .unwrap();
        check_fn(me, &t, &ids)
    }

    fn findings(md: &str) -> Vec<Diagnostic> {
        run(md, check)
    }

    fn broken(md: &str) -> Vec<String> {
        findings(md).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn links_as_the_editor_sees_them_pass() {
        let md = "[文件二](002.md) [锚](002.md#fz) [名](./002.md#tail) [本页](#main) [外](https://www.gov.cn/) [邮件](mailto:a@b.cn) [根](/index.html) [目录](/category/) ![标志](../static/logo.png)";
        assert!(broken(md).is_empty(), "{:?}", broken(md));
    }

    #[test]
    fn missing_files_anchors_and_escapes_are_reported() {
        let md = "[旧](old.md)\n\n[锚](002.md#nope) [本页](#nowhere)\n\n![图](missing-pic.png) [上](../../x.html)\n\n<a href=\"/category/nope/\">x</a>\n";
        let found = broken(md);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found[0].contains("content/old.md"));
        assert!(found[1].contains("#nope"));
        assert!(found[2].contains("#nowhere"));
        assert!(found[3].contains("content/missing-pic.png"));
        assert!(found[4].contains("超出"));
        assert!(found[5].contains("category/nope/index.html"));
    }

    #[test]
    fn a_link_written_from_the_page_gets_the_markdown_path_as_hint() {
        let found = findings("见[第二号文件](0001-2026-00002.html)。");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].help.as_deref().unwrap().contains("写成 002.md"),
            "{:?}",
            found[0].help
        );
        assert_eq!(found[0].line, Some(9));
        assert_eq!(found[0].column, Some(2));
    }

    #[test]
    fn a_file_no_document_publishes_is_unlisted() {
        let always =
            |b: &Body, t: &Targets, _: &HashMap<String, HashSet<String>>| check_always(b, t);
        let found = run("见[名单](名单.xlsx) 和 [无](无.xlsx)。", always);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, codes::UNLISTED_FILE);
        assert!(found[0].is_error());
        // broken-link leaves it to unlisted-file, and reports the missing one.
        let broken = broken("见[名单](名单.xlsx) 和 [无](无.xlsx)。");
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(broken[0].contains("无.xlsx"));
    }
}
