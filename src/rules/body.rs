//! A published body as the rules see it: its text, its Markdown facts, and positions in the
//! source file.

use crate::diag::Diagnostic;
use crate::diag::position::{LineIndex, Position};
use crate::markdown::inspect::{self, Facts};
use crate::model::visibility::Listed;
use std::ops::Range;
use std::sync::OnceLock;

pub struct Body<'a, 's> {
    pub doc: &'a Listed<'s>,
    pub text: &'s str,
    pub facts: Facts,
    lines: OnceLock<LineIndex<'s>>,
}

impl<'a, 's> Body<'a, 's> {
    pub fn new(doc: &'a Listed<'s>, text: &'s str) -> Self {
        Body {
            doc,
            text,
            facts: inspect::inspect(text),
            lines: OnceLock::new(),
        }
    }

    /// Position in the source file of a byte offset in the body.
    pub fn position(&self, offset: usize) -> Position {
        let p = self
            .lines
            .get_or_init(|| LineIndex::new(self.text))
            .position(offset);
        Position::new(self.doc.body_line() + p.line - 1, p.column)
    }

    /// A warning at a byte offset of the body.
    pub fn warning(&self, code: &'static str, offset: usize, msg: String) -> Diagnostic {
        Diagnostic::warning(code, msg)
            .in_file(self.doc.file())
            .at(Some(self.position(offset)))
    }

    /// Whether a byte offset lies in code (a code block or inline code).
    pub fn in_code(&self, offset: usize) -> bool {
        in_ranges(&self.facts.code, offset)
    }

    /// Lines outside code, each with the byte offset where it starts.
    pub fn prose_lines(&self) -> impl Iterator<Item = (usize, &'s str)> + '_ {
        let text = self.text;
        text.split_inclusive('\n')
            .scan(0usize, |at, line| {
                let start = *at;
                *at += line.len();
                Some((start, line.trim_end_matches(['\n', '\r'])))
            })
            .filter(move |&(start, _)| !self.in_code(start))
    }

    /// Raw HTML fragments of the body with their offsets.
    pub fn html(&self) -> impl Iterator<Item = (usize, &'s str)> + '_ {
        let text = self.text;
        self.facts
            .html
            .iter()
            .map(move |r| (r.start, &text[r.clone()]))
    }
}

fn in_ranges(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lookup() {
        let rs = vec![2..5, 10..12];
        assert!(!in_ranges(&rs, 1));
        assert!(in_ranges(&rs, 2));
        assert!(in_ranges(&rs, 4));
        assert!(!in_ranges(&rs, 5));
        assert!(in_ranges(&rs, 11));
        assert!(!in_ranges(&rs, 12));
    }
}
