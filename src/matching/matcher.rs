//! Finding secrets in folded text: whole names (withheld titles and attachment names), and
//! any [`RUN`]-character run of a secret line.
//!
//! Names: a name has at least [`NAME_CHARS`] characters, so it holds a
//! [`NAME_GRAM`]-character gram at each of its first [`NAME_STRIDE`] offsets, and a text
//! probed at every [`NAME_STRIDE`]-th character meets one of them wherever the name occurs.
//! Each name indexes those grams; a gram met is confirmed by comparing the whole name.
//!
//! Runs: every run of every secret line is a secret, so the index holds each run's hash
//! (sorted, with a bit filter in front). A text is not hashed at every character: each secret
//! line marks every [`GRAM`]-character gram it contains in a second bit filter, and the text
//! is probed only at every [`STRIDE`]-th character. Any run of [`RUN`] characters holds
//! `RUN - GRAM + 1 = STRIDE` gram starts, so exactly one of them is probed, and it lies wholly
//! inside the run; only where that gram is known are the runs around it hashed and looked up,
//! and a run found is confirmed character by character. The cost is one probe per
//! [`STRIDE`] characters plus the (rare) runs around a known gram, however many secrets
//! share a phrase.

use super::fold::Folded;
use crate::hash::FastMap;
use rayon::prelude::*;

/// Characters in a secret run (SPEC §9).
pub const RUN: usize = 20;
/// Characters in a probed gram.
const GRAM: usize = 8;
/// Shortest name (see `matching::NAME_CHARS`).
const NAME_CHARS: usize = super::NAME_CHARS;
/// Characters in a probed gram of a name.
const NAME_GRAM: usize = 4;
/// Characters between probes for names.
const NAME_STRIDE: usize = NAME_CHARS - NAME_GRAM + 1;
/// Characters between probes.
const STRIDE: usize = RUN - GRAM + 1;

/// Who a secret belongs to: an index the caller gives (a document's).
pub type Owner = u32;

/// A secret found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub owner: Owner,
    /// Where it starts in the text, in characters.
    pub at: usize,
    /// Its length in characters.
    pub len: usize,
    /// The run's hash (the key reported runs are exempted by); `None` for a name.
    pub run: Option<u64>,
}

/// The secrets to look for, before indexing.
#[derive(Default)]
pub struct Builder {
    names: Vec<(String, Owner)>,
    lines: Vec<(Vec<char>, Owner)>,
}

impl Builder {
    /// A whole name (already folded); shorter than [`NAME_CHARS`] it is no secret.
    pub fn name(&mut self, name: String, owner: Owner) {
        if name.chars().count() >= NAME_CHARS {
            self.names.push((name, owner));
        }
    }

    /// A secret line (already folded): each of its runs is a secret. Shorter lines hold none.
    pub fn line(&mut self, line: Vec<char>, owner: Owner) {
        if line.len() >= RUN {
            self.lines.push((line, owner));
        }
    }

    /// A hash of the secrets given so far (their owners included). Only `serve` reuses an
    /// index by it; `build` always builds its own.
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hash::FastHasher::default();
        self.names.hash(&mut h);
        self.lines.hash(&mut h);
        h.finish()
    }

    /// SHA-256 of the secrets given so far (their owners included): what a kept verdict
    /// was made against (SPEC §15: no verdict rests on a non-cryptographic hash).
    pub fn digest(&self) -> [u8; 32] {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        for (name, owner) in &self.names {
            h.update(b"n");
            h.update(owner.to_le_bytes());
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
        }
        for (line, owner) in &self.lines {
            h.update(b"l");
            h.update(owner.to_le_bytes());
            h.update((line.len() as u64).to_le_bytes());
            for c in line {
                h.update((*c as u32).to_le_bytes());
            }
        }
        h.finalize().into()
    }

    pub fn build(self) -> Matcher {
        let names: Vec<(Vec<char>, Owner)> = self
            .names
            .iter()
            .map(|(n, o)| (n.chars().collect(), *o))
            .collect();
        let mut name_grams: FastMap<u64, Vec<(u32, u32)>> = FastMap::default();
        let mut name_bits = Bits::new(names.len() * NAME_STRIDE);
        for (i, (name, _)) in names.iter().enumerate() {
            for off in 0..NAME_STRIDE {
                let h = hash(&name[off..off + NAME_GRAM]);
                name_bits.set(h);
                name_grams
                    .entry(h)
                    .or_default()
                    .push((i as u32, off as u32));
            }
        }
        let mut chars = Vec::new();
        let mut starts = Vec::with_capacity(self.lines.len());
        for (line, owner) in &self.lines {
            starts.push((chars.len() as u32, *owner));
            chars.extend_from_slice(line);
        }
        let spans: Vec<(usize, usize)> = starts
            .iter()
            .zip(&self.lines)
            .map(|(&(s, _), (line, _))| (s as usize, line.len()))
            .collect();
        let mut runs: Vec<u64> = spans
            .par_iter()
            .flat_map_iter(|&(start, len)| {
                let mut out = Vec::with_capacity(len + 1 - RUN);
                rolling(&chars[start..start + len], RUN, |i, h| {
                    out.push(h & !0xffff_ffff | (start + i) as u64)
                });
                out
            })
            .collect();
        // The gram filter is filled on one core while the runs are indexed on the other.
        let gram_count: usize = spans.iter().map(|&(_, len)| len + 1 - GRAM).sum();
        let (gram_bits, run_bits) = rayon::join(
            || {
                let mut gram_bits = Bits::new(gram_count);
                for &(start, len) in &spans {
                    rolling(&chars[start..start + len], GRAM, |_, h| gram_bits.set(h));
                }
                gram_bits
            },
            || {
                let mut run_bits = Bits::new(runs.len());
                for &r in &runs {
                    run_bits.set_high(r);
                }
                runs.par_sort_unstable();
                run_bits
            },
        );
        let charset = CharSet::of(
            chars
                .iter()
                .chain(names.iter().flat_map(|(n, _)| n))
                .copied(),
        );
        Matcher {
            charset,
            names,
            name_grams,
            name_bits,
            chars,
            starts,
            runs,
            run_bits,
            gram_bits,
        }
    }
}

/// The characters secrets are made of: a text whose run of such characters (after folding)
/// is shorter than the shortest secret holds none, so readers that produce much text nobody
/// wrote (bytes decoded in every encoding) hand over only the runs that could. Kept as one
/// table of two bits per character as written, below U+30000: folds to a secret's
/// character, folds to nothing (white space, invisible characters: they neither count nor
/// cut a run), a UTF-16 surrogate, or any other; the rest are looked up by folding.
#[derive(Default)]
pub struct CharSet {
    /// Folded characters of the secrets.
    folded: crate::hash::FastSet<char>,
    /// Every character that folds to something is one (reading everything, for tests).
    all: bool,
    /// Two bits per character below [`CharSet::LOW`] ([`Class`] as [`CharSet::code`] gives
    /// it). Made when first asked (a site without files to read needs none).
    table: std::sync::OnceLock<Box<[u64]>>,
}

/// What a character does to a run of secret characters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// It folds to a secret's character: the run goes on.
    Keep,
    /// It folds to nothing: the run goes on without it.
    Skip,
    /// Any other: the run ends.
    End,
}

impl CharSet {
    const LOW: u32 = 0x3_0000;
    /// [`CharSet::code`]'s answers.
    pub const END: u8 = 0;
    pub const KEEP: u8 = 1;
    pub const SKIP: u8 = 2;
    /// A UTF-16 surrogate (U+D800–U+DFFF): no character by itself.
    pub const SURROGATE: u8 = 3;

    /// The set of the folded characters `chars`.
    fn of(chars: impl Iterator<Item = char>) -> CharSet {
        CharSet {
            folded: chars.collect(),
            ..CharSet::default()
        }
    }

    /// Every character: each text is handed over whole (what a reading holds, for tests).
    pub fn everything() -> CharSet {
        CharSet {
            all: true,
            ..CharSet::default()
        }
    }

    /// The set of the characters of `text`, folded (for tests and benchmarks).
    #[cfg(test)]
    pub fn of_text(text: &str) -> CharSet {
        CharSet::of(text.chars().filter_map(super::fold::fold))
    }

    fn folded_class(&self, c: char) -> Class {
        match super::fold::fold(c) {
            None => Class::Skip,
            Some(f) if self.all || self.folded.contains(&f) => Class::Keep,
            Some(_) => Class::End,
        }
    }

    fn table(&self) -> &[u64] {
        self.table.get_or_init(|| {
            let mut table = vec![0u64; (Self::LOW / 32) as usize];
            for u in 0..Self::LOW {
                let code = match char::from_u32(u) {
                    None => Self::SURROGATE,
                    Some(c) => match self.folded_class(c) {
                        Class::End => Self::END,
                        Class::Keep => Self::KEEP,
                        Class::Skip => Self::SKIP,
                    },
                };
                table[(u / 32) as usize] |= u64::from(code) << (u % 32 * 2);
            }
            table.into_boxed_slice()
        })
    }

    /// The table, to look code points up in a loop.
    pub fn codes(&self) -> Codes<'_> {
        Codes {
            table: self.table(),
            set: self,
        }
    }

    /// What `c`, as written, does to a run.
    pub fn class(&self, c: char) -> Class {
        match self.codes().char(c) {
            Self::KEEP => Class::Keep,
            Self::SKIP => Class::Skip,
            _ => Class::End,
        }
    }
}

/// [`CharSet`]'s table, held by a reading loop.
#[derive(Clone, Copy)]
pub struct Codes<'a> {
    table: &'a [u64],
    set: &'a CharSet,
}

impl Codes<'_> {
    /// The code ([`CharSet::KEEP`] …) of a code point below U+10000 (a surrogate included).
    #[inline]
    pub fn bmp(&self, u: u16) -> u8 {
        let u = u32::from(u);
        (self.table[(u / 32) as usize] >> (u % 32 * 2)) as u8 & 3
    }

    /// The code of any character.
    #[inline]
    pub fn char(&self, c: char) -> u8 {
        let u = c as u32;
        match self.table.get((u / 32) as usize) {
            Some(w) => (w >> (u % 32 * 2)) as u8 & 3,
            None => match self.set.folded_class(c) {
                Class::Keep => CharSet::KEEP,
                Class::Skip => CharSet::SKIP,
                Class::End => CharSet::END,
            },
        }
    }
}

/// The index of every secret.
pub struct Matcher {
    /// Every character of every secret.
    pub charset: CharSet,
    names: Vec<(Vec<char>, Owner)>,
    /// Gram → (name, offset of the gram in it), for the first [`NAME_STRIDE`] offsets.
    name_grams: FastMap<u64, Vec<(u32, u32)>>,
    name_bits: Bits,
    /// Every secret line, one after another.
    chars: Vec<char>,
    /// Where each line starts in `chars`, and its owner.
    starts: Vec<(u32, Owner)>,
    /// Every run as its hash's high 32 bits over its start in `chars`, sorted: half the
    /// memory and sorting time of a (hash, start) pair; runs whose halves collide are told
    /// apart by their characters.
    runs: Vec<u64>,
    run_bits: Bits,
    gram_bits: Bits,
}

impl Matcher {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.runs.is_empty()
    }

    /// Call `each` with every secret in `text` (once per position), until it returns
    /// `false`.
    pub fn find(&self, text: &Folded, mut each: impl FnMut(Found) -> bool) {
        let c = &text.chars;
        if c.len() < NAME_CHARS.min(RUN) {
            return;
        }
        if !self.names.is_empty() {
            let mut p = 0;
            while p + NAME_GRAM <= c.len() {
                let h = hash(&c[p..p + NAME_GRAM]);
                if self.name_bits.has(h) {
                    for &(i, off) in self.name_grams.get(&h).into_iter().flatten() {
                        let (name, owner) = &self.names[i as usize];
                        let Some(at) = p.checked_sub(off as usize) else {
                            continue;
                        };
                        if c[at..].starts_with(name)
                            && !each(Found {
                                owner: *owner,
                                at,
                                len: name.len(),
                                run: None,
                            })
                        {
                            return;
                        }
                    }
                }
                p += NAME_STRIDE;
            }
        }
        if self.runs.is_empty() || c.len() < RUN {
            return;
        }
        let mut p = 0;
        while p + GRAM <= c.len() {
            if self.gram_bits.has(hash(&c[p..p + GRAM])) {
                for w in p.saturating_sub(STRIDE - 1)..=p.min(c.len() - RUN) {
                    let window = &c[w..w + RUN];
                    let h = hash(window);
                    if let Some(owner) = self.run_owner(h, window)
                        && !each(Found {
                            owner,
                            at: w,
                            len: RUN,
                            run: Some(h),
                        })
                    {
                        return;
                    }
                }
            }
            p += STRIDE;
        }
    }

    /// The owner of the secret run `window` whose hash is `h`, if it is one.
    fn run_owner(&self, h: u64, window: &[char]) -> Option<Owner> {
        if !self.run_bits.has_high(h) {
            return None;
        }
        let high = h >> 32;
        let from = self.runs.partition_point(|r| r >> 32 < high);
        let start = self.runs[from..]
            .iter()
            .take_while(|r| *r >> 32 == high)
            .map(|r| (r & 0xffff_ffff) as usize)
            .find(|&s| self.chars[s..s + RUN] == *window)?;
        let line = self.starts.partition_point(|s| s.0 as usize <= start) - 1;
        Some(self.starts[line].1)
    }
}

/// The multiplier of the polynomial hash.
const BASE: u64 = 0x0000_0100_0000_01b3;

/// A polynomial hash of the characters, then a finalizer so that all bits are mixed. The
/// polynomial part rolls: [`rolling`] gives the same values for every window of a line.
fn hash(chars: &[char]) -> u64 {
    finish(chars.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(BASE).wrapping_add(u64::from(c as u32) + 1)
    }))
}

/// [`hash`] of every `len`-character window of `chars`, in one pass: `each(start, hash)`.
fn rolling(chars: &[char], len: usize, mut each: impl FnMut(usize, u64)) {
    if chars.len() < len {
        return;
    }
    let top = (1..len).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let code = |c: char| u64::from(c as u32) + 1;
    let mut h = chars[..len]
        .iter()
        .fold(0u64, |h, &c| h.wrapping_mul(BASE).wrapping_add(code(c)));
    each(0, finish(h));
    for i in 1..=chars.len() - len {
        h = h
            .wrapping_sub(code(chars[i - 1]).wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(code(chars[i + len - 1]));
        each(i, finish(h));
    }
}

fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A one-hash bit filter with 16 to 32 bits per key (3-6 % false hits).
struct Bits {
    words: Vec<u64>,
    shift: u32,
}

impl Bits {
    fn new(keys: usize) -> Bits {
        let bits = (keys * 16).next_power_of_two().max(1 << 12);
        Bits {
            words: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        }
    }

    fn slot(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn set(&mut self, h: u64) {
        let s = self.slot(h);
        self.words[s / 64] |= 1 << (s % 64);
    }

    fn has(&self, h: u64) -> bool {
        let s = self.slot(h);
        self.words[s / 64] & (1 << (s % 64)) != 0
    }

    /// [`Bits::set`] and [`Bits::has`] by the high 32 bits of a hash only.
    fn set_high(&mut self, h: u64) {
        self.set(h >> 32);
    }

    fn has_high(&self, h: u64) -> bool {
        self.has(h >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(m: &Matcher, text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        m.find(&Folded::new(text), |f| {
            out.push(f);
            true
        });
        out
    }

    /// The matcher finds exactly the runs a naive search finds, at every offset of every
    /// stride, in random texts over a small alphabet (so runs recur and overlap).
    #[test]
    fn finds_what_a_naive_search_finds() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let alphabet: Vec<char> = "政府信息公开县乡a1".chars().collect();
        for round in 0..200 {
            let lines: Vec<Vec<char>> = (0..4)
                .map(|_| {
                    let len = 10 + next(40);
                    (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
                })
                .collect();
            let mut b = Builder::default();
            for (i, l) in lines.iter().enumerate() {
                b.line(l.clone(), i as u32);
            }
            let m = b.build();
            let mut text: Vec<char> = Vec::new();
            for _ in 0..5 {
                let filler = next(15);
                text.extend((0..filler).map(|_| alphabet[next(alphabet.len())]));
                let l = &lines[next(lines.len())];
                let from = next(l.len());
                text.extend_from_slice(&l[from..]);
            }
            let text: String = text.into_iter().collect();
            let chars: Vec<char> = text.chars().collect();
            let mut expected: Vec<usize> = (0..chars.len().saturating_sub(RUN - 1))
                .filter(|&w| {
                    lines
                        .iter()
                        .any(|l| l.len() >= RUN && l.windows(RUN).any(|r| r == &chars[w..w + RUN]))
                })
                .collect();
            expected.dedup();
            let mut found: Vec<usize> = all(&m, &text).iter().map(|f| f.at).collect();
            found.sort_unstable();
            found.dedup();
            assert_eq!(found, expected, "round {round}: {text}");
        }
    }

    #[test]
    fn the_rolling_hash_is_the_hash_of_each_window() {
        let chars: Vec<char> = "政府信息公开工作年度报告abc１２３中文".chars().collect();
        let mut seen = Vec::new();
        rolling(&chars, 8, |i, h| seen.push((i, h)));
        assert_eq!(seen.len(), chars.len() - 7);
        for (i, h) in seen {
            assert_eq!(h, hash(&chars[i..i + 8]));
        }
    }

    #[test]
    fn names_are_found_whole_and_runs_name_their_owner() {
        let mut b = Builder::default();
        b.name("内部会议纪要八字".into(), 7);
        b.line(
            "关于做好二〇二六年度内部审计整改工作的具体安排"
                .chars()
                .collect(),
            3,
        );
        let m = b.build();
        let f = all(&m, "前文内部会议纪要八字后文");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].owner, f[0].at, f[0].len, f[0].run), (7, 2, 8, None));
        let f = all(&m, "引用：做好二〇二六年度内部审计整改工作的具体安排如下");
        assert!(!f.is_empty() && f.iter().all(|x| x.owner == 3 && x.run.is_some()));
        assert!(
            all(&m, "二〇二六年度内部审计整改工作").is_empty(),
            "shorter than a run"
        );
    }
}
