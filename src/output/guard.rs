//! The leak guard: one automaton over every text that must not be published, run over each
//! page before it is written. It is the second line of defence behind `model::visibility`; a
//! hit means a defect in gongkai or a template, and the build stops without writing.

use aho_corasick::AhoCorasick;

pub struct Guard {
    automaton: AhoCorasick,
    patterns: Vec<String>,
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
        if secrets.is_empty() {
            return None;
        }
        let probe = AhoCorasick::new(&secrets).ok()?;
        let mut shared = vec![false; secrets.len()];
        for text in public {
            for m in probe.find_overlapping_iter(*text) {
                shared[m.pattern().as_usize()] = true;
            }
        }
        let patterns: Vec<String> = secrets
            .iter()
            .zip(shared)
            .filter(|(_, s)| !s)
            .map(|(p, _)| p.to_string())
            .collect();
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::new(&patterns).ok()?;
        Some(Guard {
            automaton,
            patterns,
        })
    }

    /// The first secret found in `bytes`, shortened for a message.
    pub fn find(&self, bytes: &[u8]) -> Option<String> {
        self.automaton.find(bytes).map(|m| {
            self.patterns[m.pattern().as_usize()]
                .chars()
                .take(20)
                .collect()
        })
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
    }
}
