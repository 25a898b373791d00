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
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { text, starts }
    }

    /// Position of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
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
    fn offsets_past_end_clamp() {
        let idx = LineIndex::new("a\nb");
        assert_eq!(idx.position(100), Position::new(2, 2));
    }
}
