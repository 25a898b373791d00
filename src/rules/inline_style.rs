//! The `inline-style` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

rule! {
    /// `inline-style`: `style=` attributes, `<font>` tags, Word's `class=Mso…` and `<o:p>` in a
    /// body's raw HTML.
    ///
    /// One finding per document, at the first one; the message counts them. The sanitizer
    /// removes them from the page anyway; the finding tells the editor the text was pasted with
    /// its Word formatting.
    pub const RULE = Rule {
        code: "inline-style",
        label: "内联样式",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|_, b| check(b).into_iter().collect())],
    };
}

static PASTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\sstyle\s*=|<font[\s>]|\sclass\s*=\s*["']?Mso|<o:p>|<span\s+lang\s*="#)
        .expect("a valid pattern")
});

pub fn check(b: &Body) -> Option<Diagnostic> {
    let mut hits = b
        .html()
        .flat_map(|(at, html)| PASTED.find_iter(html).map(move |m| at + m.start()));
    let first = hits.next()?;
    let count = 1 + hits.count();
    let first = first
        + b.text[first..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(0);
    Some(
        b.warning(
            RULE.code,
            first,
            format!("正文有 {count} 处内联样式（style=、<font> 等，从 Word 粘贴），首处在此 (inline style)"),
        )
        .help("用 Markdown 重写这段文字，或粘贴为纯文本；页面样式由主题统一"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    #[test]
    fn styles_and_fonts_are_found() {
        let md = "正文。\n\n<p class=MsoNormal><span style=\"font-size:16pt\">字</span></p>\n\n<font face=\"宋体\">字</font>\n";
        let d = with_body(md, check).unwrap();
        assert_eq!(d.line, Some(BODY_LINE + 2));
        assert!(d.message.contains("3 处"), "{}", d.message);
    }

    #[test]
    fn plain_html_and_text_about_style_pass() {
        let md = "文中写 style=\"x\" 和 \\<font> 只是文字。\n\n`<font>`\n\n<table><tr><td>字</td></tr></table>\n";
        assert!(with_body(md, check).is_none());
    }
}
