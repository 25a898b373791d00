//! The search tokenizer, mirrored exactly by `themes/default/static/search.js` (a test runs
//! both on the same strings).
//!
//! Chinese needs no dictionary: every run of Han characters is indexed as its character
//! bigrams, so any word of two or more characters that occurs in a text is found by the
//! bigrams of that word (recall is complete by construction; ranking sorts out bigrams that
//! occur apart). Latin letters and digits form words. Full-width letters and digits count as
//! their ASCII forms; case is ignored.

/// Han ideographs: the unified block, extension A and compatibility ideographs (the planes
/// above are rare in government documents and are treated the same way).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// Full-width ASCII to ASCII, ASCII letters to lower case.
pub fn fold(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A term as the tokenizer finds it, without allocating: a Han bigram or a Latin word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term<'a> {
    Pair(char, char),
    Word(&'a str),
}

impl Term<'_> {
    /// The term as text (what the index files store and the browser computes).
    pub fn text(&self) -> String {
        match *self {
            Term::Pair(a, b) => [a, b].iter().collect(),
            Term::Word(w) => w.to_string(),
        }
    }
}

/// The terms of a text, in order, repeats included.
pub fn each_term(text: &str, mut emit: impl FnMut(Term)) {
    let mut prev_han: Option<char> = None;
    let mut word = String::new();
    for c in text.chars().map(fold) {
        if is_han(c) {
            if !word.is_empty() {
                emit(Term::Word(&word));
                word.clear();
            }
            if let Some(p) = prev_han {
                emit(Term::Pair(p, c));
            }
            prev_han = Some(c);
        } else if c.is_ascii_alphanumeric() {
            prev_han = None;
            word.push(c);
        } else {
            prev_han = None;
            if !word.is_empty() {
                emit(Term::Word(&word));
                word.clear();
            }
        }
    }
    if !word.is_empty() {
        emit(Term::Word(&word));
    }
}

/// The terms of a text as strings (for tests and small texts).
pub fn terms(text: &str, mut emit: impl FnMut(&str)) {
    each_term(text, |t| emit(&t.text()));
}

/// An index or document number reduced to what identifies it: Han characters, letters and
/// digits, so `开府办发〔2019〕38号`, `开府办发[2019]38号` and `开府办发（2019）38 号` agree.
pub fn number_key(s: &str) -> String {
    s.chars()
        .map(fold)
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn han_runs_become_bigrams_and_latin_words() {
        assert_eq!(
            all("非洲猪瘟防控"),
            ["非洲", "洲猪", "猪瘟", "瘟防", "防控"]
        );
        assert_eq!(all("招考、招聘"), ["招考", "招聘"]);
        assert_eq!(all("ＰＭ2.5 监测 2026年"), ["pm2", "5", "监测", "2026"]);
        assert_eq!(all("县"), Vec::<String>::new());
    }

    /// The cases the browser's tokenizer is checked against too (tests/browser/search.spec.mjs).
    #[test]
    fn shared_cases_with_the_browser() {
        let cases: Vec<(String, Vec<String>, String)> =
            serde_json::from_str(include_str!("../../tests/browser/tokenizer-cases.json")).unwrap();
        for (text, want, key) in cases {
            assert_eq!(all(&text), want, "{text}");
            assert_eq!(number_key(&text), key, "{text}");
        }
    }

    #[test]
    fn numbers_agree_across_bracket_styles_and_spacing() {
        let want = number_key("开府办发〔2019〕38号");
        for v in [
            "开府办发[2019]38号",
            "开府办发(2019)38号",
            "开府办发【2019】38号",
            "开府办发（2019）38号",
            " 开府办发 〔2019〕 38 号",
        ] {
            assert_eq!(number_key(v), want, "{v}");
        }
        assert_eq!(
            number_key("01526376-X/2018-1204001"),
            "01526376x20181204001"
        );
    }
}
