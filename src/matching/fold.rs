//! Text as secrets are compared (SPEC §9): white space removed, full-width forms folded to
//! half-width. The secrets, the rules' view of published text and the guard's view of output
//! files all pass through [`fold`], so the three agree on what "the same text" is.

/// One character as compared: `None` for white space and for every character Unicode calls
/// default-ignorable (zero-width spaces and joiners, invisible operators, direction marks,
/// variation selectors, Hangul fillers, tags, the byte-order mark, the soft hyphen: an
/// editor could put one between every two characters of a quotation and a reader would see
/// the same text); full-width ASCII forms (`Ａ`, `１`, `（`) as their half-width characters;
/// a character whose compatibility form is one other character as that character (a
/// Kangxi radical `⼯` as `工`, a CJK compatibility ideograph `不` as `不`, a mathematical
/// `𝐚` as `a`): they look the same on the page.
#[inline]
pub fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return (!c.is_ascii_whitespace()).then_some(c);
    }
    if ('\u{3400}'..='\u{9fff}').contains(&c) {
        return Some(c); // the ideographs: most of the text, and none folds
    }
    if c.is_whitespace() || ignorable(c) {
        return None;
    }
    let u = c as u32;
    if (0xff01..=0xff5e).contains(&u) {
        return char::from_u32(u - 0xfee0);
    }
    Some(compatible(c))
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 16): drawn as
/// nothing.
fn ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// `c`'s compatibility decomposition when it is one character, else `c`. Below U+2100
/// (Latin, Greek, Cyrillic, general punctuation: the quotation marks and dashes of Chinese
/// text) the forms that have one are superscripts and the like, which look different: not
/// looked up.
fn compatible(c: char) -> char {
    if c < '\u{2100}' || ('\u{ac00}'..='\u{d7a3}').contains(&c) {
        return c; // and a Hangul syllable is several jamo
    }
    let mut first = None;
    let mut more = false;
    unicode_normalization::char::decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        } else {
            more = true;
        }
    });
    match first {
        Some(d) if !more => d,
        _ => c,
    }
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
        // At most one character per byte: no growth inside the loop.
        self.chars.reserve(bytes.len());
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
                // CJK, most of the rest (U+3000-U+9FFF, whole in a `str`). The ideographs
                // and the common punctuation (、。〈〉《》「」【】…) fold to themselves; the
                // rest of U+3000-U+33FF (an ideographic space, Hangul fillers, kanbun, squared
                // forms) as `fold` says.
                let (b1, b2) = (bytes[i + 1], bytes[i + 2]);
                let c =
                    u32::from(b & 0x0f) << 12 | u32::from(b1 & 0x3f) << 6 | u32::from(b2 & 0x3f);
                let c = char::from_u32(c).unwrap_or('\u{fffd}');
                if b != 0xe3 || ('\u{3001}'..='\u{3035}').contains(&c) || c >= '\u{3400}' {
                    self.chars.push(c);
                } else {
                    self.push(c);
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
        let text = "甲 乙　丙\u{3001}（Ａ）\u{200b}𠀀é\t中文ｚ\u{3000}\u{9fff}\u{e000}\u{3164}\u{3192}\u{3036}〈》\u{3300}\u{2f00}";
        let mut f = Folded::default();
        f.push_str(text);
        let slow: Vec<char> = text.chars().filter_map(fold).collect();
        assert_eq!(f.chars, slow);
    }

    #[test]
    fn invisible_characters_go_and_look_alikes_fold() {
        let quote = "县领导批示此项工程暂缓实施";
        for sep in [
            "\u{2063}",
            "\u{200e}",
            "\u{202a}",
            "\u{2066}",
            "\u{fe00}",
            "\u{e0101}",
            "\u{34f}",
            "\u{3164}",
            "\u{180e}",
            "\u{e0020}",
            "\u{ffa0}",
        ] {
            let disguised: String = quote
                .chars()
                .flat_map(|c| [c.to_string(), sep.to_string()])
                .collect();
            assert_eq!(
                folded(&disguised),
                quote,
                "U+{:04X}",
                sep.chars().next().unwrap() as u32
            );
            assert_eq!(
                Folded::new(&disguised).chars,
                quote.chars().collect::<Vec<_>>()
            );
        }
        // Kangxi radicals, a compatibility ideograph, mathematical letters, kanbun.
        assert_eq!(folded("\u{2f2f}程\u{2f00}\u{f967}"), "工程一不");
        assert_eq!(folded("\u{1d433}\u{1d42a}"), "zq");
        assert_eq!(Folded::new("\u{3192}").chars, ['一']);
        // What has no single look-alike stays: a ligature, a squared word.
        assert_eq!(folded("\u{fb01}\u{3300}"), "\u{fb01}\u{3300}");
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
