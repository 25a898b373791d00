//! Bytes read as text in every encoding a Chinese office's files use: UTF-8, UTF-16LE and
//! UTF-16BE (from an even and from an odd offset: a string need not start on a pair) and
//! GB18030. What does not decode ends a text, so no secret is found across it.

use super::Sink;
use crate::security::matcher::Class;

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

fn utf8(data: &[u8], sink: &mut Sink) {
    for chunk in data.utf8_chunks() {
        sink.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            sink.end();
        }
    }
    sink.end();
}

fn utf16(data: &[u8], big_endian: bool, sink: &mut Sink) {
    if let Some(keep) = sink.keep {
        // Each unit looked up at once: most are characters no secret has (bytes that are
        // no UTF-16 at all), and end a run without being decoded or folded.
        let mut pairs = data.chunks_exact(2);
        while let Some(p) = pairs.next() {
            let u = if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            };
            let c = match char::from_u32(u32::from(u)) {
                Some(c) => c,
                None => {
                    // A surrogate: with the next unit, a character above the BMP.
                    let next = pairs.next().map(|q| {
                        if big_endian {
                            u16::from_be_bytes([q[0], q[1]])
                        } else {
                            u16::from_le_bytes([q[0], q[1]])
                        }
                    });
                    match next.and_then(|n| char::decode_utf16([u, n]).next()?.ok()) {
                        Some(c) => c,
                        None => {
                            sink.end();
                            continue;
                        }
                    }
                }
            };
            match keep.class(c) {
                Class::Keep => sink.push_kept(c),
                Class::Skip => {}
                Class::End => sink.end(),
            }
        }
        sink.end();
        return;
    }
    let units = data.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => sink.push(c),
            Err(_) => sink.end(),
        }
    }
    sink.end();
}

fn gb18030(data: &[u8], sink: &mut Sink) {
    use encoding_rs::DecoderResult;
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(64 * 1024);
    let mut rest = data;
    loop {
        out.clear();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        sink.push_str(&out);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(64 * 1024),
            DecoderResult::Malformed(_, _) => sink.end(),
        }
    }
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
    let text = String::from_utf8_lossy(data);
    let mut plain = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(i) = rest.find('<') {
        plain.push_str(&rest[..i]);
        // A tag ends at `>`; a `<` with none after it is text.
        match rest[i..].find('>') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                plain.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    plain.push_str(rest);
    let resolved = super::xml::resolved(plain.as_bytes());
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
