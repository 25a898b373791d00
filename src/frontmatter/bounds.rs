//! Bounded input (SPEC §9): what is refused before or besides the YAML parser.
//!
//! - [`too_deep`]: front matter nested deeper than [`MAX_DEPTH`] levels, found by one linear
//!   scan of the text before serde_yaml sees it (libyaml takes quadratic time on deeply
//!   nested flow collections: 300,000 `[` ran over a minute).
//! - [`control_characters`]: C0 controls other than tab and newline (a carriage return only
//!   before a newline), DEL, C1 controls and the non-characters U+FFFE/U+FFFF, in any text.
//!   They reach a page as raw bytes and make the feed ill-formed XML.

use crate::diag::position::Position;

/// Deepest nesting allowed in front matter.
pub const MAX_DEPTH: usize = 32;

/// The longest value of a field, in characters (SPEC §15, `field-too-long`): a title 200, a
/// document number 60, any other single-line value (each item of a list) 1,000.
pub fn max_chars(field: super::Field) -> usize {
    match field {
        super::Field::Title => 200,
        super::Field::DocNo => 60,
        _ => 1000,
    }
}

/// Whether `c` is a control character no field or body may hold.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Byte offsets and characters of the control characters in `text` (a lone `\r`, not
/// followed by `\n`, counts), at most `limit` of them.
pub fn control_characters(text: &str, limit: usize) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    text.char_indices()
        .filter(|&(i, c)| is_control(c) || (c == '\r' && bytes.get(i + 1) != Some(&b'\n')))
        .take(limit)
        .collect()
}

/// How a control character is named in a message: `U+000B`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Where the front matter `yaml` (starting on line `first_line`) first nests deeper than
/// [`MAX_DEPTH`]: block indentation levels, compact `- - -` sequences and `[`/`{` flow
/// collections all count. One pass; quoted strings, comments and block scalars are skipped.
pub fn too_deep(yaml: &str, first_line: usize) -> Option<Position> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // The indentation of a line that opened a block scalar (`|`, `>`): more indented lines
    // after it are text.
    let mut scalar_from: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let lineno = first_line + n;
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(from) = scalar_from {
            if indent > from {
                continue;
            }
            scalar_from = None;
        }
        if flow == 0 {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        // Compact nested sequences: each `- ` opens a level.
        let mut rest = body;
        let mut dashes = 0;
        while let Some(r) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
        {
            dashes += 1;
            rest = r.trim_start_matches(' ');
        }
        let block = indents.len() + dashes;
        if block + flow > MAX_DEPTH {
            return Some(Position::new(lineno, indent + 1));
        }
        // Flow collections, outside quotes and comments.
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut col = 0;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            col += 1;
            match quote {
                Some('\'') if c == '\'' => {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        col += 1;
                    } else {
                        quote = None;
                    }
                }
                Some('"') if c == '\\' => {
                    chars.next();
                    col += 1;
                }
                Some('"') if c == '"' => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if prev == ' ' || prev == '\t' => break,
                    '"' | '\'' => quote = Some(c),
                    '[' | '{' => {
                        flow += 1;
                        if block + flow > MAX_DEPTH {
                            return Some(Position::new(lineno, col));
                        }
                    }
                    ']' | '}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
        let trimmed = line.trim_end();
        if flow == 0
            && quote.is_none()
            && (trimmed.ends_with(['|', '>'])
                || trimmed
                    .rsplit_once(' ')
                    .is_some_and(|(_, t)| t.starts_with(['|', '>']) && t.len() <= 3))
        {
            scalar_from = Some(indent);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_and_block_nesting_are_counted() {
        let deep = format!("keywords: {}a{}\n", "[".repeat(40), "]".repeat(40));
        assert_eq!(too_deep(&deep, 2), Some(Position::new(2, 42)));
        let ok = format!("keywords: {}a{}\n", "[".repeat(20), "]".repeat(20));
        assert_eq!(too_deep(&ok, 2), None);
        let mut block = String::from("title: x\nkeywords:\n");
        for i in 0..40 {
            block.push_str(&format!("{}k{i}:\n", " ".repeat(i * 2 + 2)));
        }
        assert!(too_deep(&block, 2).is_some());
        let dashes = format!("keywords:\n  {}x\n", "- ".repeat(40));
        assert!(too_deep(&dashes, 2).is_some());
    }

    #[test]
    fn quotes_comments_and_block_scalars_are_not_nesting() {
        let quoted = format!(
            "title: \"{}\"\nkeywords: ['[[[', \"{{{{\"] # {}\n",
            "[".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&quoted, 2), None);
        let mut scalar = String::from("title: |\n");
        for i in 0..40 {
            scalar.push_str(&format!("{}第{i}行\n", " ".repeat(i + 2)));
        }
        scalar.push_str("index_no: A/2026-00001\n");
        assert_eq!(too_deep(&scalar, 2), None);
    }

    #[test]
    fn a_huge_nesting_is_rejected_in_linear_time() {
        let huge = format!("keywords: {}\n", "[".repeat(300_000));
        assert!(too_deep(&huge, 2).is_some());
    }

    #[test]
    fn control_characters_are_found_with_their_offsets() {
        assert_eq!(
            control_characters("a\tb\nc\r\nd\u{b}e\u{0}\u{85}\u{fffe}\rz", 10),
            [
                (8, '\u{b}'),
                (10, '\u{0}'),
                (11, '\u{85}'),
                (13, '\u{fffe}'),
                (16, '\r')
            ]
        );
        assert!(control_characters("正常的文字\r\n第二行", 10).is_empty());
    }
}
