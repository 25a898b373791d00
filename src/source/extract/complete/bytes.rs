//! Bytes read as text in every encoding a Chinese office's files use: UTF-8, UTF-16LE and
//! UTF-16BE (from an even and from an odd offset: a string need not start on a pair) and
//! GB18030. What does not decode ends a text, so no secret is found across it.

use super::Sink;

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
    gb18030(data, sink);
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
