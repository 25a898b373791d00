//! LEB128 varints: the search index's files and the attachments' cache are written with
//! them (small numbers in one byte).

/// Append `v` to `out`, seven bits a byte, low bits first.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads varints and byte runs from the front of a slice; `None` when the bytes end early
/// or a number is too long (the bytes may come from a damaged file).
pub struct Bytes<'a>(pub &'a [u8]);

impl<'a> Bytes<'a> {
    pub fn number(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for (i, &b) in self.0.iter().enumerate().take(10) {
            v |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.0 = &self.0[i + 1..];
                return Some(v);
            }
        }
        None
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (run, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(run)
    }

    /// A length, then that many bytes.
    pub fn run(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.number()?).ok()?;
        self.take(n)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_damage_is_none() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            put(&mut out, v);
        }
        put(&mut out, 3);
        out.extend_from_slice(b"abc");
        let mut b = Bytes(&out);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(b.number(), Some(v));
        }
        assert_eq!(b.run(), Some(&b"abc"[..]));
        assert!(b.is_empty());
        assert_eq!(b.number(), None);
        assert_eq!(Bytes(&[0x80, 0x80]).number(), None, "cut short");
        assert_eq!(Bytes(&[0xff; 11]).number(), None, "too long");
        assert_eq!(Bytes(&[5, 1]).run(), None, "a run past the end");
    }
}
