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

/// A folded text, as characters (for runs) and as a string (for names).
#[derive(Default, Debug, Clone)]
pub struct Folded {
    pub chars: Vec<char>,
    pub text: String,
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
            self.text.push(c);
        }
    }

    pub fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.text.clear();
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
    fn white_space_goes_and_widths_fold() {
        assert_eq!(
            folded(" 第一条　（ＡＢ１）\n保密\u{200b}文件 "),
            "第一条(AB1)保密文件"
        );
        assert_eq!(folded("，。"), ",。");
    }
}
