//! The `image-alt` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

rule! {
    /// `image-alt`: an image without alternative text, which screen readers cannot describe
    /// (GB/T 37668): Markdown `![](…)` with empty alt text, or `<img>` without a non-empty
    /// `alt`.
    ///
    /// Each image is one finding.
    pub const RULE = Rule {
        code: "image-alt",
        label: "图片缺少替代文字",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|_, b| check(b))],
    };
}

static IMG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<img\b[^>]*>").expect("a valid pattern"));
static ALT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\salt\s*=\s*(?:"\s*[^"\s][^"]*"|'\s*[^'\s][^']*'|[^\s"'>]+)"#)
        .expect("a valid pattern")
});

pub fn check(b: &Body) -> Vec<Diagnostic> {
    let markdown = b
        .facts
        .images
        .iter()
        .filter(|img| img.alt.trim().is_empty())
        .map(|img| img.at);
    let html = b.html().flat_map(|(at, h)| {
        IMG.find_iter(h)
            .filter(|m| !ALT.is_match(m.as_str()))
            .map(move |m| at + m.start())
    });
    let mut at: Vec<usize> = markdown.chain(html).collect();
    at.sort_unstable();
    at.into_iter()
        .map(|offset| {
            b.warning(
                RULE.code,
                offset,
                "图片没有替代文字，读屏软件无法读出 (image without alt text)".into(),
            )
            .help("写成 ![图片内容的简要说明](图片.png)，或给 <img> 加 alt=\"…\"")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    #[test]
    fn images_without_alt_are_each_reported() {
        let md = "![](a.png)\n\n![ ](b.png) ![示意图](c.png)\n\n<img src=\"d.png\">\n\n<img src=\"e.png\" alt=\"\">\n\n<img src=\"f.png\" alt=\"现场照片\">\n";
        let found = with_body(md, check);
        let lines: Vec<_> = found.iter().map(|d| d.line.unwrap() - BODY_LINE).collect();
        assert_eq!(lines, [0, 2, 4, 6]);
    }
}
