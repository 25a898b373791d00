//! Bytes read as text in every encoding a Chinese office's files use: UTF-8, UTF-16LE and
//! UTF-16BE (from an even and from an odd offset: a string need not start on a pair) and
//! GB18030. What does not decode ends a text, so no secret is found across it.

use super::{SHORTEST, Sink};
use crate::matching::matcher::CharSet;

/// Hand every text `data` decodes to, in each encoding, to `sink`.
pub(super) fn scan(data: &[u8], sink: &mut Sink) {
    if data.is_empty() {
        return;
    }
    utf8(data, sink);
    for big_endian in [false, true] {
        for offset in [0, 1] {
            utf16(data.get(offset..).unwrap_or_default(), big_endian, sink);
        }
    }
    // ASCII reads the same in GB18030 as in UTF-8: read once.
    if !data.is_ascii() {
        gb18030(data, sink);
    }
}

/// Bytes read as text in a variable-width encoding, run by run: `decode` gives the character
/// at a byte (`None`: none begins there) and its length; `ends` says, of a byte, where the
/// character that holds it ends when that character ends every run (so no run as long as a
/// secret begins in the [`SHORTEST`] bytes up to it), else `None`. After each run the byte
/// [`SHORTEST`] − 1 ahead is asked first, so that most bytes no secret could stand in are
/// never decoded.
pub(super) fn runs(
    data: &[u8],
    sink: &mut Sink,
    decode: impl Fn(usize) -> Option<(char, usize)>,
    ends: impl Fn(usize) -> Option<usize>,
) {
    let codes = sink.codes;
    // A run the text before began goes on first.
    let mut open = sink.holds();
    let mut i = 0;
    while i < data.len() {
        if !open
            && i + SHORTEST <= data.len()
            && let Some(next) = ends(i + SHORTEST - 1)
        {
            i = next;
            continue;
        }
        open = false;
        while i < data.len() {
            let Some((c, len)) = decode(i) else {
                i += 1;
                sink.end();
                break;
            };
            i += len;
            let code = codes.char(c);
            if code == CharSet::END {
                sink.end();
                break;
            }
            sink.coded(c, code);
        }
    }
}

/// The UTF-8 character that begins at `data[i]`, read as strictly as Rust reads it (no
/// overlong forms, no surrogates), and its length.
fn utf8_at(data: &[u8], i: usize) -> Option<(char, usize)> {
    let b = data[i];
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    // The second byte's range, which rules out overlong forms and surrogates.
    let (len, lo, hi) = match b {
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xed => (3, 0x80, 0x9f),
        0xe1..=0xef => (3, 0x80, 0xbf),
        0xf0 => (4, 0x90, 0xbf),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        _ => return None,
    };
    let rest = data.get(i + 1..i + len)?;
    if !(lo..=hi).contains(&rest[0]) || rest[1..].iter().any(|c| c & 0xc0 != 0x80) {
        return None;
    }
    let bits = u32::from(b) & (0x7f >> len);
    let u = rest.iter().fold(bits, |u, c| u << 6 | u32::from(c & 0x3f));
    Some((char::from_u32(u)?, len))
}

/// UTF-8: a byte that begins no character ends the text, and the next byte is tried as a
/// beginning.
fn utf8(data: &[u8], sink: &mut Sink) {
    utf8_text(data, sink);
    sink.end();
}

/// UTF-8 that goes on the text the sink holds, and leaves it open at the end.
pub(super) fn utf8_text(data: &[u8], sink: &mut Sink) {
    let codes = sink.codes;
    runs(
        data,
        sink,
        |i| utf8_at(data, i),
        |q| {
            // The character that holds byte q begins at most three bytes before it.
            let start = (q.saturating_sub(3)..=q)
                .rev()
                .find(|&s| data[s] & 0xc0 != 0x80)
                .unwrap_or(q);
            match utf8_at(data, start) {
                Some((c, len)) if start + len > q => {
                    (codes.char(c) == CharSet::END).then_some(start + len)
                }
                // Byte q is in no character: no run goes over it.
                _ => Some(q + 1),
            }
        },
    );
}

/// UTF-16 from the first byte of `data` on. Most units of bytes that are no UTF-16 at all are
/// characters no secret has, and a secret needs [`SHORTEST`] characters that are a secret's in
/// a row: so the unit [`SHORTEST`] − 1 ahead is looked up first, and when it ends every run
/// it could be part of, none of the units before it is looked at (a run that short is never
/// handed over). Runs long enough are decoded unit by unit; a surrogate pairs with the unit
/// after it, or ends the run.
fn utf16(data: &[u8], big_endian: bool, sink: &mut Sink) {
    let codes = sink.codes;
    let n = data.len() / 2;
    let unit = |k: usize| {
        let p = [data[2 * k], data[2 * k + 1]];
        if big_endian {
            u16::from_be_bytes(p)
        } else {
            u16::from_le_bytes(p)
        }
    };
    let ends = |k: usize| codes.bmp(unit(k)) == CharSet::END;
    let mut i = 0;
    while i + SHORTEST <= n {
        let last = i + SHORTEST - 1;
        if ends(last) {
            i = last + 1;
            continue;
        }
        // The last unit before it that ends a run: a run starts after it.
        if let Some(k) = (i..last).rev().find(|&k| ends(k)) {
            i = k + 1;
            continue;
        }
        let mut k = i;
        while k < n {
            let u = unit(k);
            k += 1;
            match codes.bmp(u) {
                CharSet::END => break,
                CharSet::SKIP => {}
                CharSet::KEEP => sink.push_kept(char::from_u32(u32::from(u)).unwrap_or_default()),
                _ => {
                    let low = (k < n)
                        .then(|| unit(k))
                        .filter(|n| (0xdc00..0xe000).contains(n));
                    match low.and_then(|l| char::decode_utf16([u, l]).next()?.ok()) {
                        Some(c) => {
                            k += 1;
                            sink.push(c);
                        }
                        None => sink.end(),
                    }
                }
            }
        }
        sink.end();
        i = k;
    }
    sink.end();
}

/// GB18030's two-byte codes (lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE) as the BMP
/// characters they stand for, 0 where none: decoded once by `encoding_rs`.
fn gb_pairs() -> &'static [u16] {
    static PAIRS: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs = vec![0u16; 126 * 190];
        for lead in 0x81..=0xfeu8 {
            for trail in (0x40..=0x7eu8).chain(0x80..=0xfe) {
                let pair = [lead, trail];
                let decoded =
                    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&pair);
                let mut chars = decoded.as_deref().unwrap_or_default().chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && let Ok(u) = u16::try_from(u32::from(c))
                {
                    pairs[gb_pair_index(lead, trail)] = u;
                }
            }
        }
        pairs
    })
}

fn gb_pair_index(lead: u8, trail: u8) -> usize {
    usize::from(lead - 0x81) * 190 + usize::from(trail - 0x40) - usize::from(trail > 0x7f)
}

/// The GB18030 character (GBK and GB2312 within it) that begins at `data[i]`: ASCII and
/// two-byte codes from a table, four-byte codes by `encoding_rs`.
fn gb18030_at(data: &[u8], pairs: &[u16], i: usize) -> Option<(char, usize)> {
    let b = data[i];
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    if b == 0x80 {
        return Some(('\u{20ac}', 1));
    }
    if b == 0xff {
        return None;
    }
    let trail = *data.get(i + 1)?;
    if matches!(trail, 0x40..=0x7e | 0x80..=0xfe) {
        let u = pairs[gb_pair_index(b, trail)];
        return (u != 0).then(|| (char::from_u32(u32::from(u)).unwrap_or_default(), 2));
    }
    let four = data.get(i..i + 4)?;
    if !(four[1].is_ascii_digit() && (0x81..=0xfe).contains(&four[2]) && four[3].is_ascii_digit()) {
        return None;
    }
    let decoded = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(four)?;
    Some((decoded.chars().next()?, 4))
}

/// GB18030: a byte that begins no character ends the text, and the next byte is tried as a
/// beginning. A byte below 0x40 other than a digit is a character of its own wherever the
/// reading stands (no code has it as a later byte), so only such a byte is asked ahead.
fn gb18030(data: &[u8], sink: &mut Sink) {
    let codes = sink.codes;
    let pairs = gb_pairs();
    runs(
        data,
        sink,
        |i| gb18030_at(data, pairs, i),
        |q| {
            let b = data[q];
            (b < 0x40 && !b.is_ascii_digit() && codes.bmp(u16::from(b)) == CharSet::END)
                .then_some(q + 1)
        },
    );
    sink.end();
}

/// Text written as markup, read as a browser shows it: tags dropped (so characters a tag
/// separates are together again, whatever CSS makes of the tags), character references and
/// the predefined entities resolved, CSS escapes (`\4E0D `) decoded. Only data that has
/// something of the kind is read again.
pub(super) fn markup(data: &[u8], sink: &mut Sink) {
    if memchr::memchr3(b'<', b'&', b'\\', data).is_none() || !text_like(data) {
        return;
    }
    let mut plain = Vec::with_capacity(data.len());
    let mut rest = data;
    while let Some(i) = memchr::memchr(b'<', rest) {
        plain.extend_from_slice(&rest[..i]);
        // A tag ends at `>`; a `<` with none after it is text.
        match memchr::memchr(b'>', &rest[i..]) {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                plain.extend_from_slice(&rest[i..]);
                rest = &[];
            }
        }
    }
    plain.extend_from_slice(rest);
    let resolved = super::xml::resolved(&plain);
    sink.push_str(&css_unescaped(&resolved));
    sink.end();
}

/// CSS escapes (`\` and one to six hex digits, one white space after) decoded.
fn css_unescaped(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex: String = s[i + 1..]
            .chars()
            .take(6)
            .take_while(char::is_ascii_hexdigit)
            .collect();
        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            Some(decoded) if !hex.is_empty() => {
                out.push(decoded);
                for _ in 0..hex.len() {
                    chars.next();
                }
                if chars.peek().is_some_and(|(_, c)| c.is_ascii_whitespace()) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// An RTF file's text: `\'hh` bytes (the file's code page: GBK in a Chinese office, read as
/// GB18030) and `\uN` characters, control words and groups dropped.
pub(super) fn rtf(data: &[u8], sink: &mut Sink) {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let flush = |pending: &mut Vec<u8>, out: &mut String| {
        if !pending.is_empty() {
            out.push_str(&encoding_rs::GB18030.decode_without_bom_handling(pending).0);
            pending.clear();
        }
    };
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\\' => {
                let next = data.get(i + 1).copied().unwrap_or(b' ');
                if next == b'\'' {
                    let hex = data
                        .get(i + 2..i + 4)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        pending.push(b);
                    }
                    i += 4;
                    continue;
                }
                flush(&mut pending, &mut out);
                if !next.is_ascii_alphabetic() {
                    // An escaped symbol: `\\`, `\{`, `\}`, `\~`.
                    if matches!(next, b'\\' | b'{' | b'}') {
                        out.push(next as char);
                    }
                    i += 2;
                    continue;
                }
                let word_end = i
                    + 1
                    + data[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                let word = &data[i + 1..word_end];
                let num_end = word_end
                    + data[word_end..]
                        .iter()
                        .enumerate()
                        .take_while(|(k, b)| b.is_ascii_digit() || (*k == 0 && **b == b'-'))
                        .count();
                let n: Option<i32> = std::str::from_utf8(&data[word_end..num_end])
                    .ok()
                    .and_then(|s| s.parse().ok());
                i = num_end;
                if data.get(i) == Some(&b' ') {
                    i += 1;
                }
                if word == b"u"
                    && let Some(n) = n
                {
                    let code = if n < 0 { n + 65536 } else { n } as u32;
                    if let Some(c) = char::from_u32(code) {
                        out.push(c);
                    }
                    // The one replacement character readers without Unicode show.
                    if data
                        .get(i)
                        .is_some_and(|b| *b != b'\\' && *b != b'{' && *b != b'}')
                    {
                        i += 1;
                    }
                } else if word == b"par" || word == b"line" {
                    out.push('\n');
                }
            }
            b'{' | b'}' | b'\r' | b'\n' => {
                flush(&mut pending, &mut out);
                i += 1;
            }
            b => {
                flush(&mut pending, &mut out);
                out.push(b as char);
                i += 1;
            }
        }
    }
    flush(&mut pending, &mut out);
    sink.push_str(&out);
    sink.end();
}

/// Whether `data` begins as text does (UTF-8, or GB18030's bytes, without NUL or other
/// control bytes but white space): markup is only ever written so. Compressed and binary data
/// is read as bytes in every encoding already.
fn text_like(data: &[u8]) -> bool {
    data[..data.len().min(4096)]
        .iter()
        .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The texts a decoder hands over, every character kept.
    fn pieces(decode: fn(&[u8], &mut Sink), data: &[u8]) -> Vec<String> {
        let everything = CharSet::everything();
        let mut out = Vec::new();
        let mut each = |f: &crate::matching::fold::Folded| out.push(f.chars.iter().collect());
        let mut sink = Sink::new(&everything, &mut each);
        decode(data, &mut sink);
        drop(sink);
        out
    }

    /// Characters every decoder must reach: ASCII, CJK, the euro sign, Latin, and characters
    /// beyond the BMP (four bytes in UTF-8 and in GB18030, a pair in UTF-16).
    fn text() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('\u{4e00}', '\u{9fa5}'),
            Just('€'),
            Just('é'),
            Just('\u{20000}'),
            Just('\u{1f600}'),
            proptest::char::range('\u{3400}', '\u{4db5}'),
        ];
        proptest::collection::vec(chars, 8..60).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn each_encoding_reads_back_the_text_it_was_written_in(s in text()) {
            let want = vec![crate::matching::fold::folded(&s)];
            prop_assert_eq!(pieces(utf8, s.as_bytes()), want.clone());
            let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
            prop_assert_eq!(pieces(|d, k| utf16(d, false, k), &le), want.clone());
            prop_assert_eq!(pieces(|d, k| utf16(d, true, k), &be), want.clone());
            let (gb, _, unmappable) = encoding_rs::GB18030.encode(&s);
            prop_assert!(!unmappable);
            prop_assert_eq!(pieces(gb18030, &gb), want);
        }

        /// Bytes that are partly no UTF-8 give the texts Rust's own reading gives.
        #[test]
        fn utf8_ends_where_rust_finds_no_character(
            parts in proptest::collection::vec((text(), proptest::collection::vec(any::<u8>(), 0..4)), 1..5)
        ) {
            let mut data = Vec::new();
            for (s, junk) in &parts {
                data.extend_from_slice(s.as_bytes());
                data.extend_from_slice(junk);
            }
            // Rust's reading, less the texts shorter than the shortest secret.
            let mut want = vec![String::new()];
            for chunk in data.utf8_chunks() {
                want.last_mut().unwrap().push_str(&crate::matching::fold::folded(chunk.valid()));
                if !chunk.invalid().is_empty() {
                    want.push(String::new());
                }
            }
            want.retain(|p| p.chars().count() >= super::super::SHORTEST);
            prop_assert_eq!(pieces(utf8, &data), want);
        }

        /// Every GB18030 two-byte code reads as `encoding_rs` reads it.
        #[test]
        fn gb18030_pairs_read_as_encoding_rs_reads_them(
            codes in proptest::collection::vec((0x81u8..=0xfe, 0x40u8..=0xfe), 8..40)
        ) {
            // 0x7F is no trail byte.
            let data: Vec<u8> = codes
                .iter()
                .flat_map(|(l, t)| [*l, if *t == 0x7f { 0x80 } else { *t }])
                .collect();
            let (want, _) = encoding_rs::GB18030.decode_without_bom_handling(&data);
            let want = crate::matching::fold::folded(&want);
            prop_assert_eq!(pieces(gb18030, &data).concat(), want);
        }
    }
}
