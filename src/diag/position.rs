//! Byte offsets to 1-based line and column (columns count characters, not bytes).
//!
//! The one place positions are computed. Text reaching here has had its BOM removed and CRLF
//! turned into LF by `source`, so lines match what an editor shows.

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// Line starts of one text, for turning byte offsets into positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// (byte offset, characters before it) every [`MARK`] bytes, made when a column on a
    /// long line is asked for: counting from the line's start each time made many findings
    /// on one long line quadratic (SPEC §9).
    marks: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between two marks.
const MARK: usize = 4096;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex {
            text,
            starts,
            marks: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[from..to]` (both char boundaries).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= 2 * MARK {
            return self.text[from..to].chars().count();
        }
        self.chars_before(to) - self.chars_before(from)
    }

    /// Characters in `text[..at]`.
    fn chars_before(&self, at: usize) -> usize {
        let marks = self.marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let (mut prev, mut count) = (0, 0);
            let mut next = MARK;
            while next < self.text.len() {
                let mut b = next;
                while !self.text.is_char_boundary(b) {
                    b -= 1;
                }
                count += self.text[prev..b].chars().count();
                marks.push((b, count));
                prev = b;
                next += MARK;
            }
            marks
        });
        let (byte, count) = marks[marks.partition_point(|m| m.0 <= at) - 1];
        count + self.text[byte..at].chars().count()
    }

    /// Position of a byte offset; offsets past the end clamp to the end.
    /// The text of line `line` (from 1), without its line break.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.chars_between(start, end) + 1;
        Position::new(line + 1, column)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let idx = LineIndex::new("ab\n标题: x\n");
        assert_eq!(idx.position(0), Position::new(1, 1));
        assert_eq!(idx.position(3), Position::new(2, 1));
        // "标题" is 6 bytes; the colon is the third character.
        assert_eq!(idx.position(9), Position::new(2, 3));
    }

    #[test]
    fn columns_on_long_lines_count_characters_through_the_marks() {
        let text = format!("首行\n{}", "a标题b".repeat(5000));
        let idx = LineIndex::new(&text);
        for offset in [7, 100, 4095, 4096, 4097, 9000, 20_000, text.len()] {
            let mut o = offset.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            let slow = text[7..o].chars().count() + 1;
            assert_eq!(idx.position(o), Position::new(2, slow), "{offset}");
        }
    }

    #[test]
    fn offsets_past_end_clamp() {
        let idx = LineIndex::new("a\nb");
        assert_eq!(idx.position(100), Position::new(2, 2));
    }
}
