//! Text as secrets are compared (SPEC §9): white space removed, full-width forms folded to
//! half-width. The secrets, the rules' view of published text and the guard's view of output
//! files all pass through [`fold`], so the three agree on what "the same text" is.

/// One character as compared: `None` for white space (and the invisible characters that
/// could hide a quotation: zero-width spaces and joiners, the byte-order mark, the soft
/// hyphen); full-width ASCII forms (`Ａ`, `１`, `（`) as their half-width characters.
#[inline]
pub fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return (!c.is_ascii_whitespace()).then_some(c);
    }
    if c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
    {
        return None;
    }
    let u = c as u32;
    if (0xff01..=0xff5e).contains(&u) {
        return char::from_u32(u - 0xfee0);
    }
    Some(c)
}

/// A folded text.
#[derive(Default, Debug, Clone)]
pub struct Folded {
    pub chars: Vec<char>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let mut f = Folded::default();
        f.push_str(s);
        f
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        if let Some(c) = fold(c) {
            self.chars.push(c);
        }
    }

    pub fn push_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII, most of a page's markup text: no decoding.
                if !b.is_ascii_whitespace() {
                    self.chars.push(b as char);
                }
                i += 1;
                continue;
            }
            if (0xe3..=0xe9).contains(&b) && i + 2 < bytes.len() {
                // CJK, most of the rest (U+3000-U+9FFF, whole in a `str`): only U+3000 itself
                // is white space, and nothing here folds.
                let (b1, b2) = (bytes[i + 1], bytes[i + 2]);
                if !(b == 0xe3 && b1 == 0x80 && b2 == 0x80) {
                    let c = u32::from(b & 0x0f) << 12
                        | u32::from(b1 & 0x3f) << 6
                        | u32::from(b2 & 0x3f);
                    self.chars.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                i += 3;
                continue;
            }
            let width = match b {
                0xf0.. => 4,
                0xe0.. => 3,
                _ => 2,
            };
            let end = (i + width).min(bytes.len());
            if let Some(c) = s.get(i..end).and_then(|t| t.chars().next()) {
                self.push(c);
            }
            i = end;
        }
    }

    pub fn clear(&mut self) {
        self.chars.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// `s` folded, as a string.
pub fn folded(s: &str) -> String {
    s.chars().filter_map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_paths_fold_as_fold_does() {
        let text = "甲 乙　丙\u{3001}（Ａ）\u{200b}𠀀é\t中文ｚ\u{3000}\u{9fff}\u{e000}";
        let mut f = Folded::default();
        f.push_str(text);
        let slow: Vec<char> = text.chars().filter_map(fold).collect();
        assert_eq!(f.chars, slow);
    }

    #[test]
    fn white_space_goes_and_widths_fold() {
        assert_eq!(
            folded(" 第一条　（ＡＢ１）\n保密\u{200b}文件 "),
            "第一条(AB1)保密文件"
        );
        assert_eq!(folded("，。"), ",。");
    }
}
