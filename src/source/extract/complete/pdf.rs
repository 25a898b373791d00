//! A PDF read completely, object by object as they stand in the file, reachable or not: an
//! earlier revision left by an incremental update, an object no page uses, an object stream,
//! the document information, XMP, annotations, outlines, form fields and embedded files are
//! all objects. Every stream is decoded by its filters; every string of the file and of every
//! decoded stream is read (the strings of one stream joined, so text shown piece by piece is
//! whole). Encrypted files, filters we do not implement and streams that do not decode are
//! [`Unchecked`].

use super::{Reader, Unchecked};
use memchr::memmem;

pub(super) fn read(r: &mut Reader, data: &[u8], depth: u8) -> Result<(), Unchecked> {
    // Names may be written with `#xx` escapes (`/Encr#79pt` is `/Encrypt`).
    let names = unescaped_names(data);
    if has_name(&names, b"/Encrypt") {
        return Err(Unchecked::Encrypted("PDF 有密码或权限加密".into()));
    }
    // The strings of the whole file, and of every decoded stream in file order, joined: text
    // drawn piece by piece from several streams (form XObjects) is whole again.
    let mut joined: Vec<u8> = Vec::new();
    strings(&mut joined, data);
    let mut at = 0;
    while let Some(found) = memmem::find(&data[at..], b"stream") {
        let keyword = at + found;
        at = keyword + 6;
        if data[..keyword].ends_with(b"end") {
            continue;
        }
        let start = match data.get(at..) {
            Some([b'\r', b'\n', ..]) => at + 2,
            Some([b'\n' | b'\r', ..]) => at + 1,
            _ => continue,
        };
        let raw_dict = dictionary(data, keyword);
        let end = stream_end(data, raw_dict, start);
        let raw = &data[start..end];
        at = end;
        let dict = unescaped_names(raw_dict);
        if let Some(decoded) = decode(r, &dict, raw)? {
            r.any("", &decoded, depth + 1)?;
            strings(&mut joined, &decoded);
            if has_name(&dict, b"/XML") || has_name(&dict, b"/Metadata") {
                super::xml::read(r, "XMP", &decoded)?;
            }
        }
    }
    super::bytes::scan(&joined, &mut r.sink);
    Ok(())
}

/// `data` with every `#xx` of a name decoded (the only escape names have); borrowed as it
/// is when it has none.
fn unescaped_names(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if memchr::memchr(b'#', data).is_none() {
        return std::borrow::Cow::Borrowed(data);
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'#'
            && let (Some(h), Some(l)) = (
                data.get(i + 1).copied().and_then(hex),
                data.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The dictionary before the `stream` keyword at `keyword`: back to its object's `obj`.
fn dictionary(data: &[u8], keyword: usize) -> &[u8] {
    let from = keyword.saturating_sub(1 << 16);
    let before = &data[from..keyword];
    let start = memmem::rfind(before, b"obj").map_or(0, |i| i + 3);
    &before[start..]
}

/// Where a stream's data ends: its direct `/Length` when `endstream` follows it, else the
/// next `endstream`.
fn stream_end(data: &[u8], dict: &[u8], start: usize) -> usize {
    if let Some(len) = integer_after(dict, b"/Length") {
        let end = start.saturating_add(len);
        if let Some(after) = data.get(end..) {
            let after = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            if after.starts_with(b"endstream") {
                return end;
            }
        }
    }
    memmem::find(&data[start..], b"endstream").map_or(data.len(), |i| start + i)
}

/// Whether the PDF name `name` (with its slash) stands in `data` as a whole name.
fn has_name(data: &[u8], name: &[u8]) -> bool {
    memmem::find_iter(data, name).any(|i| {
        !data
            .get(i + name.len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

/// The direct integer after the key `key` in a dictionary (an indirect one reads as none).
fn integer_after(dict: &[u8], key: &[u8]) -> Option<usize> {
    let i = memmem::find_iter(dict, key).find(|&i| {
        !dict
            .get(i + key.len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
    })?;
    let rest = &dict[i + key.len()..];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = &rest[digits..];
    let after = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    // `12 0 R` is a reference, not a length.
    if after.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// The names of a stream's filters, in order.
fn filters(dict: &[u8]) -> Result<Vec<Vec<u8>>, Unchecked> {
    let Some(i) = memmem::find(dict, b"/Filter") else {
        return Ok(Vec::new());
    };
    let rest = &dict[i + 7..];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let names = match rest.first() {
        Some(b'/') => {
            &rest[..rest.len().min(
                1 + rest[1..]
                    .iter()
                    .take_while(|b| !b"/[]<>() \r\n\t".contains(b))
                    .count(),
            )]
        }
        Some(b'[') => &rest[1..memchr::memchr(b']', rest).unwrap_or(rest.len())],
        _ => return Err(Unchecked::Filter("间接指定的过滤器".into())),
    };
    Ok(names
        .split(|b| *b == b'/')
        .map(|n| n.trim_ascii().to_vec())
        .filter(|n| !n.is_empty())
        .collect())
}

/// A stream's data through its filters; `None` when it is pixels (an image filter).
fn decode(r: &mut Reader, dict: &[u8], raw: &[u8]) -> Result<Option<Vec<u8>>, Unchecked> {
    let mut data = raw.to_vec();
    let filters = filters(dict)?;
    for f in &filters {
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => r.inflate(&data, "PDF 数据流")?,
            b"LZWDecode" | b"LZW" => {
                let early = integer_after(dict, b"/EarlyChange") != Some(0);
                let mut decoder = if early {
                    weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
                } else {
                    weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8)
                };
                let out = decoder
                    .decode(&data)
                    .map_err(|_| Unchecked::Corrupt("PDF 数据流无法解压".into()))?;
                r.spend(out.len() as u64)?;
                out
            }
            b"ASCIIHexDecode" | b"AHx" => hex(&data),
            b"ASCII85Decode" | b"A85" => ascii85(&data)?,
            b"RunLengthDecode" | b"RL" => run_length(&data)?,
            b"DCTDecode" | b"DCT" => {
                super::image::jpeg(r, &data)?;
                return Ok(None);
            }
            b"JPXDecode" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" => return Ok(None),
            b"Crypt" => return Err(Unchecked::Encrypted("PDF 数据流加密".into())),
            other => {
                return Err(Unchecked::Filter(format!(
                    "PDF 过滤器 {}",
                    String::from_utf8_lossy(other)
                )));
            }
        };
    }
    if !filters.is_empty() {
        predictor(dict, &mut data)?;
    }
    Ok(Some(data))
}

/// Undo a PNG or TIFF predictor (`/DecodeParms`), so that text stored under one reads.
fn predictor(dict: &[u8], data: &mut Vec<u8>) -> Result<(), Unchecked> {
    let p = integer_after(dict, b"/Predictor").unwrap_or(1);
    if p < 2 {
        return Ok(());
    }
    let colors = integer_after(dict, b"/Colors").unwrap_or(1).clamp(1, 32);
    let bits = integer_after(dict, b"/BitsPerComponent")
        .unwrap_or(8)
        .clamp(1, 16);
    let columns = integer_after(dict, b"/Columns")
        .unwrap_or(1)
        .clamp(1, 1 << 20);
    let bpp = (colors * bits).div_ceil(8);
    let row = (colors * bits * columns).div_ceil(8);
    if p == 2 {
        if bits != 8 {
            return Err(Unchecked::Filter("TIFF 预测器".into()));
        }
        for line in data.chunks_mut(row) {
            for i in bpp..line.len() {
                line[i] = line[i].wrapping_add(line[i - bpp]);
            }
        }
        return Ok(());
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    for line in data.chunks(row + 1) {
        let (kind, line) = line.split_first().unwrap_or((&0, &[]));
        let mut cur = line.to_vec();
        for i in 0..cur.len() {
            let a = if i >= bpp { cur[i - bpp] } else { 0 };
            let b = prev.get(i).copied().unwrap_or(0);
            let c = if i >= bpp {
                prev.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            cur[i] = cur[i].wrapping_add(match kind {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => return Err(Unchecked::Corrupt("PDF 预测器数据损坏".into())),
            });
        }
        out.extend_from_slice(&cur);
        cur.resize(row, 0);
        prev = cur;
    }
    *data = out;
    Ok(())
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|b| **b != b'>')
        .filter_map(|b| (*b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Result<Vec<u8>, Unchecked> {
    let bad = || Unchecked::Corrupt("PDF ASCII85 数据损坏".into());
    let data = data.strip_prefix(b"<~").unwrap_or(data);
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u8; 5];
    let mut n = 0;
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .try_fold(0u32, |v, d| v.checked_mul(85)?.checked_add(u32::from(*d)));
                    out.extend_from_slice(&v.ok_or_else(bad)?.to_be_bytes());
                    n = 0;
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => return Err(bad()),
        }
    }
    if n > 1 {
        group[n..].fill(84);
        let v = (group.iter())
            .try_fold(0u32, |v, d| v.checked_mul(85)?.checked_add(u32::from(*d)))
            .ok_or_else(bad)?;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    Ok(out)
}

fn run_length(data: &[u8]) -> Result<Vec<u8>, Unchecked> {
    let bad = || Unchecked::Corrupt("PDF RunLength 数据损坏".into());
    let mut out = Vec::with_capacity(data.len() * 2);
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        match n {
            128 => break,
            0..=127 => {
                let run = data.get(i + 1..i + 2 + usize::from(n)).ok_or_else(bad)?;
                out.extend_from_slice(run);
                i += 2 + usize::from(n);
            }
            _ => {
                let b = *data.get(i + 1).ok_or_else(bad)?;
                out.extend(std::iter::repeat_n(b, 257 - usize::from(n)));
                i += 2;
            }
        }
    }
    Ok(out)
}

/// Every literal `( … )` and hex `< … >` string in `data`, decoded, appended to `joined`
/// (a string with a UTF-16 byte-order mark as UTF-8), to be read in every encoding.
fn strings(joined: &mut Vec<u8>, data: &[u8]) {
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'(' => {
                let (s, end) = literal(data, i + 1);
                push_string(joined, &s);
                i = end;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                // Hex digits and white space up to `>`; anything else: no string here. The
                // scan stops at the next `<` at the latest, so it stays linear.
                let body = &data[i + 1..];
                let n = body
                    .iter()
                    .take_while(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace())
                    .count();
                if body.get(n) == Some(&b'>') {
                    push_string(joined, &hex(&body[..n]));
                    i += n + 2;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
}

/// A string's bytes, joined as UTF-8 when they carry a UTF-16 byte-order mark.
fn push_string(joined: &mut Vec<u8>, s: &[u8]) {
    let utf16 = |be: bool| {
        let units = s[2..].chunks_exact(2).map(|p| {
            if be {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect::<String>()
    };
    match s {
        [0xfe, 0xff, ..] => joined.extend_from_slice(utf16(true).as_bytes()),
        [0xff, 0xfe, ..] => joined.extend_from_slice(utf16(false).as_bytes()),
        _ => joined.extend_from_slice(s),
    }
}

/// A literal string from just after its `(`: its bytes, and where it ends.
fn literal(data: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 0usize;
    while let Some(&b) = data.get(i) {
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = data.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    b'\r' => {
                        if data.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' if depth == 0 => return (out, i),
            b')' => {
                depth -= 1;
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    (out, i)
}
