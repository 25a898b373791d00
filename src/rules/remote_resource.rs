//! The `remote-resource` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

rule! {
    /// `remote-resource` (外部资源): an image, stylesheet, script, frame or media file in a
    /// body that the reader's browser would load from another host — Markdown `![](https://…)`,
    /// or raw HTML `src`, `srcset`, `data`, `poster`, a stylesheet `href` or a CSS `url(…)`
    /// pointing off the site. Each load tells that host who read which page (a tracking pixel),
    /// and the page breaks when the host does. The site serves its own files: save the image
    /// beside the document and show it by its name. Links a reader clicks are not resources.
    ///
    /// Each resource is one finding.
    pub const RULE = Rule {
        code: "remote-resource",
        label: "正文加载外部资源",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|ctx, b| check(&ctx.cat.config.base_url, b))],
    };
}

/// An attribute that makes a browser load what it names, and a CSS `url(…)`.
static LOADS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)\b(?:src|srcset|data|poster|background)\s*=\s*["']?\s*([^"'\s>]+)|<link\b[^>]*?\bhref\s*=\s*["']?\s*([^"'\s>]+)|url\(\s*["']?\s*([^"')\s]+)"#,
    )
    .expect("a valid pattern")
});

/// The host of an absolute or protocol-relative address, lower case.
fn host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("//").or_else(|| {
        let (scheme, rest) = url.split_once("://")?;
        scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            .then_some(rest)
    })?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `url` is loaded from a host other than the site's own.
fn remote(site: Option<&str>, url: &str) -> bool {
    host(url.trim()).is_some_and(|h| Some(h.as_str()) != site)
}

pub fn check(base_url: &str, b: &Body) -> Vec<Diagnostic> {
    let site = host(base_url);
    let site = site.as_deref();
    let markdown = (b.facts.images.iter())
        .filter(|img| remote(site, &img.dest))
        .map(|img| (img.at, img.dest.clone()));
    let html = b.html().flat_map(|(at, h)| {
        LOADS.captures_iter(h).filter_map(move |c| {
            let m = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))?;
            remote(site, m.as_str()).then(|| (at + m.start(), m.as_str().to_string()))
        })
    });
    let mut found: Vec<(usize, String)> = markdown.chain(html).collect();
    found.sort();
    found
        .into_iter()
        .map(|(offset, url)| {
            let shown: String = url.chars().take(60).collect();
            b.warning(
                RULE.code,
                offset,
                format!("正文从其他网站加载 {shown}，读者打开页面时该网站会得知 (remote resource)"),
            )
            .help(
                "把图片等文件下载后放在文档旁边，用 ![说明](文件名) 引用；网址链接用 [文字](网址)",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    #[test]
    fn loads_from_other_hosts_are_reported_and_links_are_not() {
        let md = "![](https://t.example.com/p.gif)\n\n[公告](https://www.gov.cn/x.html)\n\n<img src=\"//cdn.example.net/a.png\" alt=\"a\">\n\n<p style=\"background:url('http://x.example/b.png')\">x</p>\n\n![本站](https://xxgk.example.gov.cn/a.png) ![旁边](a.png)\n";
        let found = with_body(md, |b| check("https://xxgk.example.gov.cn/", b));
        let lines: Vec<_> = found.iter().map(|d| d.line.unwrap() - BODY_LINE).collect();
        assert_eq!(lines, [0, 4, 6]);
        assert_eq!(host("HTTPS://User@Host.CN:8080/x"), Some("host.cn".into()));
        assert_eq!(host("a/b.png"), None);
    }
}
