//! The `broken-link` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::{Diagnostic, codes};
use crate::export;
use crate::model::visibility::Catalogue;
use crate::security::Withheld;
use crate::site_map::{self, Page};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

rule! {
    /// `broken-link`: a relative link, image or `#anchor` in a published body that leads to no
    /// file of the built site; a rooted link outside `base_url`'s path; a path above the site
    /// root.
    ///
    /// Each link is one finding, with hints for links to `.md` source files and to attachments.
    /// Links resolve as a browser does from the page `docs/<slug>.html`. Anchors are checked on
    /// document pages against heading ids (`## 标题 {#id}`), `id`/`name` in the body's HTML and
    /// the default theme's own ids; `assets/` links and external links (any scheme, `//host`)
    /// are not followed.
    pub const RULE = Rule {
        code: "broken-link",
        label: "无效链接",
        level: crate::config::Level::Warning,
        options: &[],
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

/// Every file the build writes, and where each document's source file is published.
pub struct Targets {
    files: HashSet<String>,
    /// Path part of `base_url` (`/`, `/xxgk/`), for links written from the domain root.
    base_path: String,
    /// Source file (`content/…md`) → its page, for a hint when a body links to a `.md` file.
    sources: HashMap<String, String>,
    /// Withheld documents: what a link must never point at (`link-to-withheld`).
    withheld: Vec<Withheld>,
}

impl Targets {
    pub fn new(cat: &Catalogue, withheld: &[Withheld]) -> Targets {
        let mut files: HashSet<String> = site_map::listing_pages(cat)
            .iter()
            .map(Page::path)
            .collect();
        files.extend(export::FILES.iter().map(|f| f.to_string()));
        if cat.config.report {
            files.insert(Page::Report.path());
        }
        let mut sources = HashMap::new();
        for e in cat.entries() {
            files.insert(e.url());
            for a in e.attachments() {
                files.insert(site_map::attachment(e.slug(), &a.file_name));
            }
            sources.insert(e.file().to_string(), e.url());
        }
        let rest = cat.config.base_url.split_once("://").map_or("", |(_, r)| r);
        let base_path = rest.find('/').map_or("/", |i| &rest[i..]).to_string();
        Targets {
            files,
            base_path,
            sources,
            withheld: withheld.to_vec(),
        }
    }
}

impl Targets {
    /// Whether the site has no withheld document to link to.
    pub fn withheld_is_empty(&self) -> bool {
        self.withheld.is_empty()
    }
}

/// Anchor ids of each document page, from the bodies.
pub fn body_ids(bodies: &[Body]) -> HashMap<String, HashSet<String>> {
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
    Page(String),
    Anchor(String),
    Outside,
}

fn resolve(
    dest: &str,
    page: &str,
    t: &Targets,
    ids: &HashMap<String, HashSet<String>>,
) -> Option<Broken> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    let scheme = lower.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme || dest.starts_with("//") {
        return None;
    }
    let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    let path = path.split('?').next().unwrap_or_default();
    let path = percent_decode(path);
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let joined = match path.strip_prefix(&t.base_path) {
            Some(rooted) if path.starts_with('/') => rooted.to_string(),
            None if path.starts_with('/') => return Some(Broken::Outside),
            _ => format!("{}{path}", &page[..page.rfind('/').map_or(0, |i| i + 1)]),
        };
        let Some(mut norm) = normalize(&joined) else {
            return Some(Broken::Outside);
        };
        if norm.is_empty() || norm.ends_with('/') {
            norm.push_str("index.html");
        }
        if norm.starts_with(site_map::ASSETS) {
            return None;
        }
        if !t.files.contains(&norm) {
            let dir = format!("{norm}/index.html");
            if t.files.contains(&dir) {
                norm = dir;
            } else {
                return Some(Broken::Page(norm));
            }
        }
        norm
    };
    if fragment.is_empty() {
        return None;
    }
    let known = ids.get(&target)?;
    let fragment = percent_decode(fragment);
    (!known.contains(&fragment) && !PAGE_IDS.contains(&fragment.as_str()))
        .then_some(Broken::Anchor(fragment))
}

/// Resolve `.` and `..`, keeping a trailing `/`; `None` when the path climbs above the site
/// root.
fn normalize(path: &str) -> Option<String> {
    let mut out = crate::security::normalize(path)?;
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    let path = percent_decode(dest.split(['#', '?']).next().unwrap_or_default());
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

/// `link-to-withheld` (error, SPEC §9): a link in a published body to a withheld document's
/// page, attachment or source file. The document is named by its path only.
pub fn check_withheld(b: &Body, t: &Targets) -> Vec<Diagnostic> {
    links(b)
        .into_iter()
        .filter_map(|(dest, at)| {
            let w = withheld_target(&dest, b, t)?;
            Some(
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
            )
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
    let page = b.doc.url();
    links(b)
        .into_iter()
        .filter_map(|(dest, at)| {
            if withheld_target(&dest, b, t).is_some() {
                return None; // link-to-withheld says more
            }
            let broken = resolve(&dest, &page, t, ids)?;
            let (msg, help) = match broken {
                Broken::Page(target) => (
                    format!("链接 `{dest}` 指向站内不存在的页面 {target} (broken link)"),
                    hint(&dest, b, t),
                ),
                Broken::Anchor(frag) => (
                    format!("链接 `{dest}` 指向的锚点 #{frag} 在页面上不存在 (broken anchor)"),
                    "给目标标题加上 {#锚点名}，例如 ## 二、工作要求 {#yq}，或改正链接".to_string(),
                ),
                Broken::Outside => (
                    format!("链接 `{dest}` 超出了本站范围 (link leaves the site)"),
                    "站内链接写相对路径，例如 ../category/zcwj/index.html".to_string(),
                ),
            };
            Some(b.warning(RULE.code, at, msg).help(help))
        })
        .collect()
}

fn hint(dest: &str, b: &Body, t: &Targets) -> String {
    let file = b.doc.file();
    let dir = &file[..file.rfind('/').map_or(0, |i| i + 1)];
    if dest.ends_with(".md")
        && let Some(src) = normalize(&format!("{dir}{dest}"))
        && let Some(url) = t.sources.get(&src)
    {
        return format!(
            "链接到文件的页面而不是 Markdown 源文件：写成 {}",
            url.trim_start_matches("docs/")
        );
    }
    let name = dest.rsplit('/').next().unwrap_or(dest);
    if b.doc.attachments().iter().any(|a| a.file_name == name) {
        return format!(
            "附件发布在 docs/{slug}/ 下，从正文链接写成 {slug}/{name}",
            slug = b.doc.slug()
        );
    }
    "链接按本页 docs/<索引号>.html 的位置计算；核对路径，或改为完整网址".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::body::Body;
    use crate::rules::testing::{SITE, doc, site};

    fn findings(md: &str) -> Vec<Diagnostic> {
        let s = site(
            SITE,
            vec![
                doc(1, "", md),
                doc(2, "", "## 附则 {#fz}\n\n<a name=\"tail\"></a>\n"),
            ],
        );
        let cat = Catalogue::new(&s);
        let t = Targets::new(&cat, &[]);
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
        check(me, &t, &ids)
    }

    fn broken(md: &str) -> Vec<String> {
        findings(md).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn links_to_pages_that_exist_pass() {
        let md = "[政策文件](../category/zcwj/index.html) [文件二](0001-2026-00002.html) [锚](0001-2026-00002.html#fz) [名](0001-2026-00002.html#tail) [本页](#main) [外](https://www.gov.cn/) [邮件](mailto:a@b.cn) [首页](../) [根](/index.html) [目录](../category/)";
        assert!(broken(md).is_empty(), "{:?}", broken(md));
    }

    #[test]
    fn missing_pages_anchors_and_escapes_are_reported() {
        let md = "[旧](../docs/old.html)\n\n[锚](0001-2026-00002.html#nope) [本页](#nowhere)\n\n![图](pic.png) [源](002.md) [上](../../x.html)\n\n<a href=\"../category/nope/\">x</a>\n";
        let found = broken(md);
        assert_eq!(found.len(), 7, "{found:?}");
        assert!(found[0].contains("docs/old.html"));
        assert!(found[1].contains("#nope"));
        assert!(found[2].contains("#nowhere"));
        assert!(found[3].contains("pic.png"));
        assert!(found[5].contains("超出"));
        assert!(found[6].contains("category/nope/index.html"));
    }

    #[test]
    fn a_link_to_a_source_file_gets_the_page_as_hint() {
        let found = findings("见[第二号文件](002.md)。");
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("写成 0001-2026-00002.html"),
            "{:?}",
            found[0].help
        );
        assert_eq!(found[0].line, Some(9));
        assert_eq!(found[0].column, Some(2));
    }
}
