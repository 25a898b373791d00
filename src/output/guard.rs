//! The leak guard: every text that must not be published, looked for in each page before it
//! is written. It is the second line of defence behind `model::visibility`; a hit means a
//! defect in gongkai or a template, and the build stops without writing.
//!
//! Speed: the guard reads about 100 MB for 10,000 documents, so it must not look at every
//! byte. Secrets are grouped by the gram size their length allows (16, 8 or 4 bytes). In a
//! group with stride `s`, each secret indexes every gram starting at the first `s` offsets of
//! a window of `gram + s - 1` of its bytes; the page is then read only at every `s`-th byte:
//! wherever the secret occurs, exactly one of those positions falls on one of its indexed
//! grams. A gram found in a small bit filter and then in the table is confirmed by comparing
//! the whole secret. A group's stride is as wide as its shortest secret allows (up to a cap):
//! one pass at the narrower stride reads fewer positions than two passes, one at each.

use crate::fasthash::FastMap;
use rayon::prelude::*;

/// Whether a file is scanned. Every page, feed, export and search result file is; the binary
/// search postings (`.bin`) are not: they hold only two-character terms and numbers, in which
/// no secret of six or more characters can appear, and scanning them cost 15 % of a build.
pub fn scanned(rel: &str) -> bool {
    !rel.ends_with(".bin")
}

/// Shortest secret guarded, in characters.
const MIN_CHARS: usize = 6;

/// (gram bytes, narrowest stride, widest stride) of each group, widest gram first. A secret
/// joins the first group whose gram and narrowest stride it can hold; six characters are at
/// least six bytes, so the last group takes every secret.
const GROUPS: [(usize, usize, usize); 3] = [(16, 9, 33), (8, 5, 17), (4, 1, 5)];

pub struct Guard {
    secrets: Vec<String>,
    groups: Vec<Group>,
}

/// One group of secrets, scanned in one pass.
struct Group {
    gram: usize,
    stride: usize,
    /// One bit per gram hash: most positions stop here.
    filter: Vec<u64>,
    bits: u32,
    /// gram → (secret, offset of the gram in the secret).
    table: FastMap<u64, Vec<(u32, u32)>>,
}

impl Guard {
    /// Build from the secrets, dropping any that also occur in published text (a withheld
    /// document may share a title or a stock sentence with a published one; that text is
    /// public anyway). `None` when nothing remains to guard.
    pub fn new(secrets: &[&str], public: &[&str]) -> Option<Guard> {
        let mut secrets: Vec<&str> = secrets
            .iter()
            .copied()
            .filter(|s| s.chars().count() >= MIN_CHARS)
            .collect();
        secrets.sort_unstable();
        secrets.dedup();
        let mut guard = Guard::from(&secrets)?;
        let mut shared: Vec<u32> = public
            .par_iter()
            .flat_map_iter(|text| guard.hits(text.as_bytes()).collect::<Vec<_>>())
            .collect();
        shared.sort_unstable();
        shared.dedup();
        if shared.len() == secrets.len() {
            return None;
        }
        if !shared.is_empty() {
            for g in &mut guard.groups {
                g.forget(&shared);
            }
        }
        Some(guard)
    }

    fn from(secrets: &[&str]) -> Option<Guard> {
        if secrets.is_empty() {
            return None;
        }
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); GROUPS.len()];
        for (i, s) in secrets.iter().enumerate() {
            let t = GROUPS
                .iter()
                .position(|&(g, narrowest, _)| s.len() >= g + narrowest - 1)
                .unwrap_or(GROUPS.len() - 1);
            members[t].push(i as u32);
        }
        let groups = GROUPS
            .iter()
            .zip(&members)
            .filter(|(_, m)| !m.is_empty())
            .map(|(&(gram, _, widest), m)| {
                let shortest = m.iter().map(|&i| secrets[i as usize].len()).min();
                // Never empty (filtered above); every member is at least `gram` long.
                let stride = shortest.map_or(1, |l| (l + 1 - gram).clamp(1, widest));
                Group::new(gram, stride, secrets, m)
            })
            .collect();
        Some(Guard {
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
            groups,
        })
    }
    /// The index of every secret found in `bytes` (once per occurrence).
    fn hits<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = u32> + 'a {
        self.groups.iter().flat_map(move |t| {
            t.candidates(bytes).filter_map(move |(id, start)| {
                bytes[start..]
                    .starts_with(self.secrets[id as usize].as_bytes())
                    .then_some(id)
            })
        })
    }

    /// Every secret that occurs in `bytes`.
    #[cfg(test)]
    fn all<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = &'a str> + 'a {
        self.hits(bytes).map(|i| self.secrets[i as usize].as_str())
    }

    /// The first secret found in `bytes`, shortened for a message.
    pub fn find(&self, bytes: &[u8]) -> Option<String> {
        self.hits(bytes)
            .next()
            .map(|i| self.secrets[i as usize].chars().take(20).collect())
    }
}

impl Group {
    fn new(gram: usize, stride: usize, secrets: &[&str], members: &[u32]) -> Group {
        let window = gram + stride - 1;
        let grams: usize = members
            .iter()
            .map(|&id| secrets[id as usize].len() + 1 - gram)
            .sum();
        let mut table: FastMap<u64, Vec<(u32, u32)>> =
            FastMap::with_capacity_and_hasher(members.len() * stride, Default::default());
        // Secrets share stock phrases (a salutation, 为进一步加强…) with each other and with
        // published pages, and a gram shared by many secrets costs a confirmation for each of
        // them wherever it occurs. So each secret indexes the window whose grams the fewest
        // other secrets contain.
        let mut seen: FastMap<u64, (u32, u32)> =
            FastMap::with_capacity_and_hasher(grams, Default::default());
        for &id in members {
            let s = secrets[id as usize].as_bytes();
            for off in 0..=s.len() - gram {
                let e = seen.entry(read(&s[off..], gram)).or_insert((0, u32::MAX));
                if e.1 != id {
                    *e = (e.0 + 1, id);
                }
            }
        }
        for &id in members {
            let s = secrets[id as usize].as_bytes();
            let cost: Vec<u32> = (0..=s.len() - gram)
                .map(|off| seen[&read(&s[off..], gram)].0)
                .collect();
            // Sliding sum of `stride` costs; the first window of least cost.
            let mut sum: u32 = cost[..stride].iter().sum();
            let (mut best, mut start) = (sum, 0);
            for w in 1..=s.len() - window {
                sum = sum + cost[w + stride - 1] - cost[w - 1];
                if sum < best {
                    (best, start) = (sum, w);
                }
            }
            for off in start..start + stride {
                table
                    .entry(read(&s[off..], gram))
                    .or_default()
                    .push((id, off as u32));
            }
        }
        let bits = (table.len() * 16)
            .next_power_of_two()
            .max(1 << 12)
            .trailing_zeros();
        let mut filter = vec![0u64; (1usize << bits) / 64];
        for &g in table.keys() {
            let h = slot(g, bits);
            filter[h / 64] |= 1 << (h % 64);
        }
        Group {
            gram,
            stride,
            filter,
            bits,
            table,
        }
    }

    /// Stop looking for the secrets in `ids` (sorted): they are published text.
    fn forget(&mut self, ids: &[u32]) {
        self.table.retain(|_, list| {
            list.retain(|(id, _)| ids.binary_search(id).is_err());
            !list.is_empty()
        });
    }

    /// (secret, start in `bytes`) for every indexed gram met at a stride position.
    fn candidates<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = (u32, usize)> + 'a {
        let ends = bytes.len().checked_sub(self.gram).map(|last| last + 1);
        (0..ends.unwrap_or(0))
            .step_by(self.stride)
            .filter_map(move |i| {
                let g = read(&bytes[i..], self.gram);
                let h = slot(g, self.bits);
                if self.filter[h / 64] & (1 << (h % 64)) == 0 {
                    return None;
                }
                Some(self.table.get(&g)?.iter().filter_map(move |&(id, off)| {
                    let off = off as usize;
                    (i >= off).then(|| (id, i - off))
                }))
            })
            .flatten()
    }
}

/// The first `gram` (4, 8 or 16) bytes as a number: the bytes themselves up to 8, a mix of
/// both halves for 16 (two grams that mix alike are told apart by the confirmation).
fn read(bytes: &[u8], gram: usize) -> u64 {
    let word = |at: usize| {
        let mut b = [0u8; 8];
        let n = gram.min(8);
        b[..n].copy_from_slice(&bytes[at..at + n]);
        u64::from_le_bytes(b)
    };
    if gram == 16 {
        word(0) ^ word(8).rotate_left(31).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
    } else {
        word(0)
    }
}

fn slot(gram: u64, bits: u32) -> usize {
    (gram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secrets_but_not_shared_text() {
        let g = Guard::new(
            &["内部绝密会议纪要", "关于做好安全生产工作的通知"],
            &["关于做好安全生产工作的通知正文"],
        )
        .unwrap();
        assert!(g.find("<p>内部绝密会议纪要</p>".as_bytes()).is_some());
        assert!(g.find("关于做好安全生产工作的通知".as_bytes()).is_none());
        // Nothing left to guard when every secret is also published.
        assert!(Guard::new(&["内部绝密会议纪要"], &["前文内部绝密会议纪要后文"]).is_none());
    }

    /// The guard finds exactly what a byte-by-byte search finds, over random secrets that
    /// overlap, share openings and sit at every offset of every tier's stride.
    #[test]
    fn finds_what_a_naive_search_finds() {
        struct Rng(u64, Vec<char>);
        impl Rng {
            fn next(&mut self, n: usize) -> usize {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 % n as u64) as usize
            }
            fn word(&mut self, len: usize) -> String {
                (0..len)
                    .map(|_| {
                        let k = self.next(self.1.len());
                        self.1[k]
                    })
                    .collect()
            }
        }
        let mut rng = Rng(
            0x2545_f491_4f6c_dd1d,
            "政府信息公开县乡镇aZ1，。（）".chars().collect(),
        );
        for round in 0..200 {
            let stem = rng.word(8);
            let secrets: Vec<String> = (0..12)
                .map(|i| {
                    let w = rng.word(4 + i * 3 % 30);
                    if i % 3 == 0 { format!("{stem}{w}") } else { w }
                })
                .collect();
            let public: Vec<String> = (0..3).map(|_| rng.word(40)).collect();
            let pieces: Vec<String> = (0..6)
                .map(|_| {
                    let s = &secrets[rng.next(secrets.len())];
                    let cut = rng.next(3);
                    let s: String = s.chars().skip(cut).collect();
                    let gap = rng.next(20);
                    format!("{}{s}", rng.word(gap))
                })
                .collect();
            let page = pieces.concat();
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            let publics: Vec<&str> = public.iter().map(String::as_str).collect();
            let guarded: Vec<&String> = secrets
                .iter()
                .filter(|s| s.chars().count() >= MIN_CHARS)
                .filter(|s| !public.iter().any(|p| p.contains(s.as_str())))
                .collect();
            let mut expected: Vec<&str> = guarded
                .iter()
                .filter(|s| page.contains(s.as_str()))
                .map(|s| s.as_str())
                .collect();
            expected.sort_unstable();
            expected.dedup();
            let mut found: Vec<&str> = match Guard::new(&refs, &publics) {
                Some(g) => {
                    let mut f: Vec<&str> = g.all(page.as_bytes()).collect();
                    f.sort_unstable();
                    f.dedup();
                    f.into_iter()
                        .map(|s| *refs.iter().find(|r| **r == s).unwrap())
                        .collect()
                }
                None => {
                    assert!(guarded.is_empty(), "round {round}: nothing guarded");
                    Vec::new()
                }
            };
            found.sort_unstable();
            assert_eq!(found, expected, "round {round}: page {page}");
        }
    }

    #[test]
    fn long_secrets_sharing_a_prefix_are_told_apart() {
        let head = "各乡（镇）人民政府，县直各部门：为进一步加强";
        let (a, b) = (
            format!("{head}甲项工作的管理"),
            format!("{head}乙项工作的管理"),
        );
        let g = Guard::new(&[&a, &b], &[&format!("x{a}y")]).unwrap();
        assert!(g.find(a.as_bytes()).is_none(), "a is public");
        assert!(g.find(format!("<p>{b}</p>").as_bytes()).is_some());
        assert!(
            g.find(head.as_bytes()).is_none(),
            "a shared prefix alone is no leak"
        );
    }

    #[test]
    fn a_short_secret_inside_a_longer_false_hit_is_found() {
        let long = "县应急指挥部成员私人联系电话及家庭住址登记表（内部）";
        let short = "县应急指挥部成员";
        let g = Guard::new(&[long, short], &[]).unwrap();
        assert!(
            g.find("县应急指挥部成员私人联系电话及家庭住址登记表（公开版）".as_bytes())
                .is_some()
        );
        // A false hit overlapping a true one.
        let tricky = format!("县应急指挥部成员私人联系电话及家庭住址登记表{long}");
        assert_eq!(g.all(tricky.as_bytes()).filter(|s| *s == long).count(), 1);
    }
}
