//! The `fullwidth-indent` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;

rule! {
    /// `fullwidth-indent`: paragraphs starting with full-width spaces (U+3000), `&emsp;` or
    /// `&nbsp;&nbsp;`, as pasted from Word.
    ///
    /// One finding per document, at the first such paragraph; the message counts them (pasted
    /// text indents every paragraph). The theme indents each paragraph by 2em with CSS, so
    /// pasted indents double up and break the alignment.
    pub const RULE = Rule {
        code: "fullwidth-indent",
        label: "全角空格缩进",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|_, b| check(b).into_iter().collect())],
    };
}

const INDENTS: &[&str] = &[
    "\u{3000}",
    "&emsp;",
    "&#12288;",
    "&#x3000;",
    "&nbsp;&nbsp;",
    "\u{a0}\u{a0}",
];

fn indented(line: &str) -> bool {
    let mut rest = line;
    while let Some(r) = INDENTS.iter().find_map(|p| rest.strip_prefix(p)) {
        rest = r;
    }
    // A line of nothing but spaces is an empty paragraph, another rule's business.
    rest.len() < line.len() && !rest.trim().is_empty()
}

pub fn check(b: &Body) -> Option<Diagnostic> {
    let mut hits = b
        .prose_lines()
        .filter(|(_, l)| indented(l))
        .map(|(at, _)| at);
    let first = hits.next()?;
    let count = 1 + hits.count();
    Some(
        b.warning(
            RULE.code,
            first,
            format!(
                "{count} 个段落用全角空格缩进（从 Word 粘贴），首处在此 (full-width-space indent)"
            ),
        )
        .help("删除段首的全角空格：主题已用 CSS 统一缩进 2 个字"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    #[test]
    fn indented_paragraphs_are_counted_once() {
        let md = "第一段正常。\n\n\u{3000}\u{3000}第二段缩进。\n\n&emsp;&emsp;第三段也缩进。\n";
        let d = with_body(md, check).unwrap();
        assert_eq!(d.line, Some(BODY_LINE + 2));
        assert!(d.message.starts_with("2 个段落"), "{}", d.message);
    }

    #[test]
    fn clean_text_code_and_inner_spaces_pass() {
        let md = "正文　中间有全角空格。\n\n```\n\u{3000}\u{3000}代码\n```\n\n\u{3000}\u{3000}\n";
        assert!(with_body(md, check).is_none());
    }
}
