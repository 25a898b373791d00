//! The `empty-paragraphs` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;

rule! {
    /// `empty-paragraphs`: two or more empty paragraphs in a row — lines holding only full-width
    /// or non-breaking spaces, `&nbsp;`, `<br>`, `<p></p>` or `\` — as Word leaves them.
    ///
    /// It points at the first of each run. Plain blank lines are Markdown's paragraph breaks and
    /// never count.
    pub const RULE = Rule {
        code: "empty-paragraphs",
        label: "连续空段落",
        level: crate::config::Level::Warning,
        checks: &[Check::Body(|_, b| check(b))],
    };
}

const FILLERS: &[&str] = &[
    "<p>", "</p>", "<br>", "<br/>", "<br />", "&nbsp;", "&emsp;", "&#160;", "&#12288;", "\\",
    "<o:p>", "</o:p>",
];

/// A line that renders as an empty paragraph.
fn empty_paragraph(line: &str) -> bool {
    let mut rest = line.trim_matches(|c: char| c.is_whitespace());
    if rest.is_empty() {
        return line.contains(['\u{3000}', '\u{a0}']);
    }
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace());
        if rest.is_empty() {
            return true;
        }
        let lower = rest
            .get(..rest.len().min(8))
            .unwrap_or(rest)
            .to_ascii_lowercase();
        match FILLERS.iter().find(|f| lower.starts_with(*f)) {
            Some(f) => rest = &rest[f.len()..],
            None => return false,
        }
    }
}

pub fn check(b: &Body) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let mut flush = |run: &mut Option<(usize, usize)>| {
        if let Some((start, n)) = run.take()
            && n >= 2
        {
            out.push(
                b.warning(
                    RULE.code,
                    start,
                    format!("连续 {n} 个空段落（从 Word 粘贴）(empty paragraphs)"),
                )
                .help("删除这些只含空格、&nbsp; 或 <br> 的行；段落之间空一行即可"),
            );
        }
    };
    for (at, line) in b.prose_lines() {
        if line.trim().is_empty() && !line.contains(['\u{3000}', '\u{a0}']) {
            continue;
        }
        if empty_paragraph(line) {
            match &mut run {
                Some((_, n)) => *n += 1,
                None => run = Some((at, 1)),
            }
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, with_body};

    #[test]
    fn runs_of_two_or_more_are_reported_at_their_start() {
        let md =
            "正文。\n\n&nbsp;\n\n\u{3000}\u{3000}\n<p>&nbsp;</p>\n\n下文。\n\n<br>\n\n结尾。\n";
        let found = with_body(md, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(BODY_LINE + 2));
        assert!(found[0].message.contains("连续 3 个"));
    }

    #[test]
    fn blank_lines_and_text_pass() {
        let md = "正文。\n\n\n\n下文。\n\n<p>有字</p>\n\n<p>也有字</p>\n";
        assert!(with_body(md, check).is_empty());
    }
}
