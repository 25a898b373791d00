//! An image's metadata read completely: PNG text chunks (tEXt, zTXt and iTXt inflated, eXIf),
//! JPEG segments (EXIF, XMP, IPTC, comments), GIF extensions (their sub-blocks joined). The
//! pixels are not read: a residual risk (docs/security.md). Bytes after an image's end are
//! read as bytes by the caller, and so is an image whose structure breaks off (a browser
//! shows no more of it than we read): only compressed text that does not inflate is
//! unchecked. A PNG whose chunks break off is searched on for the next compressed text chunk.

use super::{Reader, Unchecked, bytes, xml};

fn corrupt(what: &str) -> Unchecked {
    Unchecked::Corrupt(format!("{what}图片结构损坏"))
}

pub(super) fn png(r: &mut Reader, data: &[u8]) -> Result<(), Unchecked> {
    let mut at = 8;
    while at < data.len() {
        let chunk = data.get(at..at + 8).and_then(|head| {
            let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
            Some((
                &head[4..8],
                data.get(at + 8..(at + 8).checked_add(len)?)?,
                len,
            ))
        });
        let Some((kind, body, len)) = chunk else {
            break; // broken off: the loose reading below goes on
        };
        match kind {
            b"tEXt" | b"eXIf" => bytes::scan(body, &mut r.sink),
            b"zTXt" => {
                let nul = memchr::memchr(0, body).ok_or_else(|| corrupt("PNG "))?;
                bytes::scan(&body[..nul], &mut r.sink);
                let text = r.inflate(body.get(nul + 2..).unwrap_or_default(), "PNG 文字块")?;
                bytes::scan(&text, &mut r.sink);
            }
            b"iTXt" => itxt(r, body)?,
            // A colour profile: its name, then a zlib stream (an ICC profile with text tags).
            b"iCCP" => {
                let nul = memchr::memchr(0, body).unwrap_or(body.len());
                bytes::scan(&body[..nul], &mut r.sink);
                let profile = r.inflate(body.get(nul + 2..).unwrap_or_default(), "PNG 色彩配置")?;
                bytes::scan(&profile, &mut r.sink);
            }
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    Ok(())
}

/// Every compressed text chunk's tag wherever it stands, whatever the lengths around it say
/// (after `IEND`, behind a broken chunk): what inflates after it is read, as a forensic tool
/// would find it. Failures here are no verdict: the walk above gives those.
pub(super) fn loose_text_chunks(r: &mut Reader, data: &[u8]) {
    use std::io::Read;
    for tag in [&b"zTXt"[..], b"iTXt", b"iCCP"] {
        for at in memchr::memmem::find_iter(data, tag) {
            let body = &data[at + 4..];
            let Some(nul) = body.iter().take(80).position(|b| *b == 0) else {
                continue;
            };
            let compressed = match tag {
                b"iTXt" => {
                    if body.get(nul + 1) != Some(&1) {
                        continue; // not compressed: read as bytes already
                    }
                    let rest = body.get(nul + 3..).unwrap_or_default();
                    let skip = |b: &[u8]| b.iter().position(|c| *c == 0).map_or(b.len(), |i| i + 1);
                    let lang = skip(rest);
                    let translated = skip(rest.get(lang..).unwrap_or_default());
                    rest.get(lang + translated..).unwrap_or_default()
                }
                _ => body.get(nul + 2..).unwrap_or_default(),
            };
            let mut out = Vec::new();
            let mut decoder = flate2::read::ZlibDecoder::new(compressed).take(r.budget);
            let mut chunk = [0u8; 16 * 1024];
            while let Ok(n) = decoder.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&chunk[..n]);
            }
            if !out.is_empty() && r.spend(out.len() as u64).is_ok() {
                bytes::scan(&out, &mut r.sink);
            }
        }
    }
}

/// keyword \0 compressed method language \0 translated \0 text
fn itxt(r: &mut Reader, body: &[u8]) -> Result<(), Unchecked> {
    let nul = memchr::memchr(0, body).ok_or_else(|| corrupt("PNG "))?;
    let compressed = body.get(nul + 1).copied().unwrap_or(0) == 1;
    let rest = body.get(nul + 3..).unwrap_or_default();
    let lang = memchr::memchr(0, rest).map_or(rest.len(), |i| i + 1);
    let rest = rest.get(lang..).unwrap_or_default();
    let translated = memchr::memchr(0, rest).map_or(rest.len(), |i| i + 1);
    bytes::scan(&body[..nul], &mut r.sink);
    bytes::scan(&rest[..translated.min(rest.len())], &mut r.sink);
    let text = rest.get(translated..).unwrap_or_default();
    let text = if compressed {
        r.inflate(text, "PNG 文字块")?
    } else {
        text.to_vec()
    };
    bytes::scan(&text, &mut r.sink);
    if super::trim_start(&text).starts_with(b"<") {
        xml::read(r, "XMP", &text)?;
    }
    Ok(())
}

pub(super) fn jpeg(r: &mut Reader, data: &[u8]) -> Result<(), Unchecked> {
    const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    const XMP_EXT: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
    let mut extended = Vec::new();
    // Each application segment's pieces joined by kind (an ICC profile or any other data cut
    // into segments is whole again), less the identifier each piece repeats.
    let mut joined: std::collections::BTreeMap<u8, Vec<u8>> = Default::default();
    let mut at = 2;
    while at + 4 <= data.len() {
        if data[at] != 0xff {
            break; // broken off: the rest was read as bytes
        }
        let marker = data[at + 1];
        match marker {
            0xff => {
                at += 1;
                continue;
            }
            0x01 | 0xd0..=0xd8 => {
                at += 2;
                continue;
            }
            0xd9 | 0xda => break, // the end, or the pixels
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([data[at + 2], data[at + 3]]));
        let Some(body) = data.get(at + 4..at + 2 + len) else {
            break;
        };
        if (0xe0..=0xef).contains(&marker) || marker == 0xfe {
            let piece = match body.strip_prefix(b"ICC_PROFILE\0") {
                Some(p) => p.get(2..).unwrap_or_default(),
                None => body,
            };
            joined.entry(marker).or_default().extend_from_slice(piece);
        }
        if marker == 0xe1 && body.starts_with(b"Exif\0\0") {
            r.facts.gps |= exif_gps(&body[6..]);
        } else if let Some(xmp) = body.strip_prefix(XMP) {
            xml::read(r, "XMP", xmp)?;
        } else if let Some(part) = body.strip_prefix(XMP_EXT) {
            // A GUID (32), the full length (4) and this piece's offset (4), then the piece.
            extended.extend_from_slice(part.get(40..).unwrap_or_default());
        }
        at += 2 + len;
    }
    if !extended.is_empty() {
        bytes::scan(&extended, &mut r.sink);
        xml::read(r, "XMP", &extended)?;
    }
    for piece in joined.values() {
        bytes::scan(piece, &mut r.sink);
    }
    Ok(())
}

/// Whether an EXIF block (a TIFF structure) points at GPS coordinates: IFD0 holds the GPS
/// IFD tag (0x8825) and that IFD a latitude (tag 2).
fn exif_gps(tiff: &[u8]) -> bool {
    let big = tiff.starts_with(b"MM");
    let u16_at = |i: usize| {
        tiff.get(i..i + 2).map(|b| {
            if big {
                u16::from_be_bytes([b[0], b[1]])
            } else {
                u16::from_le_bytes([b[0], b[1]])
            }
        })
    };
    let u32_at = |i: usize| {
        tiff.get(i..i + 4).map(|b| {
            if big {
                u32::from_be_bytes([b[0], b[1], b[2], b[3]])
            } else {
                u32::from_le_bytes([b[0], b[1], b[2], b[3]])
            }
        })
    };
    let find = |ifd: usize, tag: u16| -> Option<usize> {
        let n = usize::from(u16_at(ifd)?);
        (0..n.min(512))
            .map(|i| ifd + 2 + 12 * i)
            .find(|&e| u16_at(e) == Some(tag))
    };
    let Some(ifd0) = u32_at(4) else { return false };
    let Some(entry) = find(ifd0 as usize, 0x8825) else {
        return false;
    };
    let Some(gps) = u32_at(entry + 8) else {
        return false;
    };
    find(gps as usize, 2).is_some()
}

pub(super) fn gif(r: &mut Reader, data: &[u8]) -> Result<(), Unchecked> {
    let table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        }
    };
    let Some(&flags) = data.get(10) else {
        return Ok(());
    };
    let mut at = 13 + table(flags);
    // The sub-blocks from `at`, joined; where they end.
    let blocks = |mut at: usize, joined: &mut Vec<u8>| -> Result<usize, Unchecked> {
        loop {
            let n = usize::from(*data.get(at).ok_or_else(|| corrupt("GIF "))?);
            at += 1;
            if n == 0 {
                return Ok(at);
            }
            joined.extend_from_slice(data.get(at..at + n).ok_or_else(|| corrupt("GIF "))?);
            at += n;
        }
    };
    // A structure that breaks off ends the reading: the rest was read as bytes.
    loop {
        match data.get(at) {
            Some(0x21) => {
                let mut joined = Vec::new();
                let Ok(next) = blocks(at + 2, &mut joined) else {
                    bytes::scan(&joined, &mut r.sink);
                    return Ok(());
                };
                at = next;
                bytes::scan(&joined, &mut r.sink);
            }
            Some(0x2c) => {
                let Some(&flags) = data.get(at + 9) else {
                    return Ok(());
                };
                at += 10 + table(flags) + 1; // the descriptor, a colour table, LZW's code size
                let Ok(next) = blocks(at, &mut Vec::new()) else {
                    return Ok(());
                };
                at = next;
            }
            _ => return Ok(()),
        }
    }
}
