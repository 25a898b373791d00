//! The bytes a reading travels in, from the child process to the parent and into the cache:
//! the text whole, then each piece as its length and its place in varints (a name list's
//! tens of thousands of cells take a few bytes each, where JSON took twenty-five). Decoding
//! checks everything, since the cache is a file anyone can change.

use super::{Place, Text};
use crate::varint::{Bytes, put};

const TEXT: &[u8; 4] = b"GKT1";
const FAILED: &[u8; 4] = b"GKE1";

pub fn encode(read: &Result<Text, String>) -> Vec<u8> {
    let mut out = Vec::new();
    match read {
        Err(why) => {
            out.extend_from_slice(FAILED);
            out.extend_from_slice(why.as_bytes());
        }
        Ok(t) => {
            out.extend_from_slice(TEXT);
            put(&mut out, t.text.len() as u64);
            out.extend_from_slice(t.text.as_bytes());
            put(&mut out, t.sheets.len() as u64);
            for s in &t.sheets {
                put(&mut out, s.len() as u64);
                out.extend_from_slice(s.as_bytes());
            }
            put(&mut out, t.pieces.len() as u64);
            let mut start = 0;
            for &(end, place) in &t.pieces {
                put(&mut out, u64::from(end - start));
                start = end;
                let numbers: &[u64] = match place {
                    Place::Line(n) => &[0, u64::from(n)],
                    Place::Para(n) => &[1, u64::from(n)],
                    Place::Page(n) => &[2, u64::from(n)],
                    Place::Csv(r, c) => &[3, u64::from(r), u64::from(c)],
                    Place::Cell(s, r, c) => &[4, u64::from(s), u64::from(r), u64::from(c)],
                };
                for &n in numbers {
                    put(&mut out, n);
                }
            }
        }
    }
    out
}

/// The reading in `bytes`; `None` when they are not one (damaged, cut short, or written by
/// something else).
pub fn decode(bytes: &[u8]) -> Option<Result<Text, String>> {
    let (magic, rest) = bytes.split_at_checked(4)?;
    if magic == FAILED {
        return Some(Err(String::from_utf8(rest.to_vec()).ok()?));
    }
    if magic != TEXT {
        return None;
    }
    let mut b = Bytes(rest);
    let text = std::str::from_utf8(b.run()?).ok()?.to_string();
    let sheets = (0..b.number()?)
        .map(|_| Some(std::str::from_utf8(b.run()?).ok()?.to_string()))
        .collect::<Option<Vec<_>>>()?;
    let count = usize::try_from(b.number()?).ok()?;
    // Each piece takes at least two bytes: a count beyond that is damage, not a reason to
    // reserve memory.
    let mut pieces = Vec::with_capacity(count.min(b.0.len() / 2));
    let mut end = 0u32;
    for _ in 0..count {
        end = end.checked_add(u32::try_from(b.number()?).ok()?)?;
        if !text.is_char_boundary(end as usize) {
            return None;
        }
        let mut n = || u32::try_from(b.number()?).ok();
        let place = match n()? {
            0 => Place::Line(n()?),
            1 => Place::Para(n()?),
            2 => Place::Page(n()?),
            3 => Place::Csv(n()?, n()?),
            4 => Place::Cell(u16::try_from(n()?).ok()?, n()?, n()?),
            _ => return None,
        };
        pieces.push((end, place));
    }
    b.is_empty().then_some(Ok(Text {
        text,
        pieces,
        sheets,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_round_trip() {
        let mut t = Text::default();
        t.sheets.push("低保名单".into());
        t.push(Place::Cell(0, 1, 2), "身份证号");
        t.push(Place::Page(3), "第三页的字");
        t.push(Place::Csv(4, 5), "x");
        t.push(Place::Line(7), "行");
        t.push(Place::Para(9), "段");
        for read in [Ok(t), Ok(Text::default()), Err("PDF 已加密".to_string())] {
            assert_eq!(decode(&encode(&read)), Some(read));
        }
    }

    #[test]
    fn damage_is_refused_never_a_panic() {
        let mut t = Text::default();
        t.push(Place::Line(1), "中文");
        let good = encode(&Ok(t));
        assert_eq!(decode(b"{\"Ok\":{}}"), None);
        for cut in 0..good.len() {
            assert_eq!(decode(&good[..cut]), None, "cut at {cut}");
        }
        // A piece ending inside a character.
        let mut bad = good.clone();
        let at = bad.len() - 3;
        bad[at] = 4;
        assert_eq!(decode(&bad), None);
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None, "bytes after the end");
    }
}
