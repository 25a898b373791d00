//! The leak guard: one automaton over every text that must not be published, run over each
//! page before it is written. It is the second line of defence behind `model::visibility`; a
//! hit means a defect in gongkai or a template, and the build stops without writing.
//!
//! Speed: the automaton is a DFA over the first [`PREFIX`] bytes of each secret (a DFA over
//! whole paragraphs would be too large); a prefix hit is confirmed against the whole secret.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use rayon::prelude::*;
use std::collections::HashMap;

/// Bytes of each secret the automaton matches on.
const PREFIX: usize = 24;

/// Whether a file is scanned. Every page, feed, export and search result file is; the binary
/// search postings (`.bin`) are not: they hold only two-character terms and numbers, in which
/// no secret of six or more characters can appear, and scanning them cost 15 % of a build.
pub fn scanned(rel: &str) -> bool {
    !rel.ends_with(".bin")
}

pub struct Guard {
    automaton: AhoCorasick,
    /// For each prefix pattern, the secrets that start with it.
    secrets: Vec<Vec<String>>,
}

impl Guard {
    /// Build from the secrets, dropping any that also occur in published text (a withheld
    /// document may share a title or a stock sentence with a published one; that text is
    /// public anyway). `None` when nothing remains to guard.
    pub fn new(secrets: &[&str], public: &[&str]) -> Option<Guard> {
        let mut secrets: Vec<&str> = secrets
            .iter()
            .copied()
            .filter(|s| s.chars().count() >= 6)
            .collect();
        secrets.sort_unstable();
        secrets.dedup();
        let mut guard = Guard::from(&secrets)?;
        // The published text is scanned in parallel, and the shared secrets are dropped from
        // the confirmation lists rather than by building the automaton again: a prefix whose
        // secrets are all public then only costs a failed confirmation when it occurs.
        let mut shared: Vec<String> = public
            .par_iter()
            .flat_map_iter(|text| {
                guard
                    .all(text.as_bytes())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        shared.sort_unstable();
        shared.dedup();
        if shared.is_empty() {
            return Some(guard);
        }
        for group in &mut guard.secrets {
            group.retain(|s| shared.binary_search(s).is_err());
        }
        guard.secrets.iter().any(|g| !g.is_empty()).then_some(guard)
    }

    fn from(secrets: &[&str]) -> Option<Guard> {
        if secrets.is_empty() {
            return None;
        }
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let mut prefixes: Vec<&[u8]> = Vec::new();
        let mut groups: Vec<Vec<String>> = Vec::new();
        for s in secrets {
            let mut end = s.len().min(PREFIX);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            let p = &s.as_bytes()[..end];
            let k = *index.entry(p).or_insert_with(|| {
                prefixes.push(p);
                groups.push(Vec::new());
                prefixes.len() - 1
            });
            groups[k].push(s.to_string());
        }
        // A short secret (shorter than PREFIX, so its own prefix) that begins a longer prefix
        // also occurs wherever that longer prefix does: leftmost-longest search reports only
        // the longer one, so its group must confirm the short secret too.
        let short: Vec<&str> = secrets
            .iter()
            .copied()
            .filter(|s| s.len() < PREFIX)
            .collect();
        for (k, p) in prefixes.iter().enumerate() {
            for s in &short {
                if p.len() > s.len() && p.starts_with(s.as_bytes()) {
                    groups[k].push(s.to_string());
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&prefixes)
            .ok()?;
        Some(Guard {
            automaton,
            secrets: groups,
        })
    }

    /// Every secret that occurs in `bytes`. A prefix hit that does not confirm resumes the
    /// search one byte later, so a secret overlapping a false hit is still found.
    fn all<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = &'a str> + 'a {
        let mut pos = 0;
        let mut pending: Vec<&'a str> = Vec::new();
        std::iter::from_fn(move || {
            loop {
                if let Some(s) = pending.pop() {
                    return Some(s);
                }
                if pos >= bytes.len() {
                    return None;
                }
                let m = self.automaton.find(Input::new(bytes).range(pos..))?;
                let rest = &bytes[m.start()..];
                pending.extend(
                    self.secrets[m.pattern().as_usize()]
                        .iter()
                        .filter(|s| rest.starts_with(s.as_bytes()))
                        .map(String::as_str),
                );
                pos = if pending.is_empty() {
                    m.start() + 1
                } else {
                    m.end()
                };
            }
        })
    }

    /// The first secret found in `bytes`, shortened for a message.
    pub fn find(&self, bytes: &[u8]) -> Option<String> {
        self.all(bytes).next().map(|s| s.chars().take(20).collect())
    }
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
