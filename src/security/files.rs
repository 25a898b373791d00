//! SPEC §15, read completely: the verdict on a file published as it is (an attachment, an
//! image, a `root/` or `static/` file), from its bytes read completely
//! (`source::extract::complete`): which confidential documents' secrets are anywhere in it,
//! or why it could not be read. One verdict per content: the rules ask for it before anything
//! is staged, and the guard, holding the bytes it will write, finds the same verdict by their
//! SHA-256. Verdicts are kept under `.gongkai/guard/`, named by the SHA-256 of the file and
//! of the secrets; nothing here rests on a time stamp or a non-cryptographic hash.

use super::Secrets;
use crate::source::extract::complete::{self, Facts, Unchecked};
use std::path::Path;
use std::sync::Arc;

/// SHA-256 of a file's content.
pub type Sha256 = [u8; 32];

/// What the complete reading of one file found.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    /// The confidential documents (owners) whose secret the file holds, in order.
    pub quoted: Vec<u32>,
    /// The on-request runs it holds (the rules warn of them; the guard lets them pass).
    pub allowed: Vec<u64>,
    /// Why it could not be read completely.
    pub unchecked: Option<Unchecked>,
    pub facts: Facts,
}

pub fn sha256(bytes: &[u8]) -> Sha256 {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

pub fn hex(digest: &Sha256) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Where a build keeps the bytes of a file it read completely, under their SHA-256, so that
/// the output writes those very bytes and never reads the source again (SPEC §15). Each
/// file is then read and hashed once per build, by the rules, not a second time by the guard.
pub trait Keep: Send + Sync {
    /// Keep `bytes`, whose SHA-256 is `digest`.
    fn keep(&self, digest: &Sha256, bytes: &[u8]);
    /// Where the bytes whose SHA-256 is `digest` were kept whole, if they were.
    fn held(&self, digest: &Sha256) -> Option<std::path::PathBuf>;
}

/// The verdicts of one run, by the SHA-256 and the extension of each file read.
pub type Verdicts = std::sync::Mutex<crate::hash::FastMap<(Sha256, String), Arc<Verdict>>>;

/// What was read completely from each file in this run: its SHA-256 and length.
pub type Readings = std::sync::Mutex<crate::hash::FastMap<std::path::PathBuf, (Sha256, u64)>>;

/// What a verdict needs of the secrets, to be held by the guard beside the output.
#[derive(Clone)]
pub struct Judge {
    matcher: Arc<crate::matching::matcher::Matcher>,
    owners: Arc<Vec<super::Owner>>,
    digest: [u8; 32],
    verdicts: Arc<Verdicts>,
    readings: Arc<Readings>,
}

/// What of a file's name decides how it is read, lower case: part of a verdict's key. Its
/// extension, and through gzip layers the extension inside (`x.svg.gz` is read as an SVG,
/// `y.txt.gz` as text: `svg.gz`, `txt.gz`).
fn extension(file_name: &str) -> String {
    let lower = file_name.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let mut layers = 0;
    while let Some(inner) = rest.strip_suffix(".gz") {
        rest = inner;
        layers += 1;
    }
    let ext = rest.rsplit_once('.').map_or("", |(_, x)| x);
    format!("{ext}{}", ".gz".repeat(layers))
}

impl Secrets {
    pub fn judge_handle(&self) -> Judge {
        Judge {
            matcher: Arc::clone(&self.matcher),
            owners: Arc::clone(&self.owners),
            digest: self.digest,
            verdicts: Arc::clone(&self.verdicts),
            readings: Arc::clone(&self.readings),
        }
    }

    /// [`Judge::judge`].
    pub fn judge(&self, root: &Path, file_name: &str, bytes: &[u8]) -> (Sha256, Arc<Verdict>) {
        self.judge_handle().judge(root, file_name, bytes)
    }
}

impl Judge {
    /// Record that `bytes` bytes whose SHA-256 is `digest` were read from `source`.
    pub fn record(&self, source: &Path, digest: Sha256, bytes: u64) {
        (self.readings.lock())
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(source.to_path_buf(), (digest, bytes));
    }

    /// The SHA-256 and length of what was read from `source` in this run, if it was.
    pub fn read_before(&self, source: &Path) -> Option<(Sha256, u64)> {
        (self.readings.lock())
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(source)
            .copied()
    }

    /// Whether the secrets hold a withheld document's.
    pub fn withheld(&self, owner: u32) -> bool {
        self.owners[owner as usize].withheld
    }

    /// The file of a document that has secrets.
    pub fn owner_file(&self, owner: u32) -> &str {
        &self.owners[owner as usize].file
    }

    /// The verdict on `bytes` (a file called `file_name`), and their SHA-256: from this
    /// run's verdicts, else from those kept under `root`, else read now and kept.
    pub fn judge(&self, root: &Path, file_name: &str, bytes: &[u8]) -> (Sha256, Arc<Verdict>) {
        let digest = sha256(bytes);
        (digest, self.judge_hashed(root, file_name, bytes, digest))
    }

    /// The verdict this run found already for the content whose SHA-256 is `digest`, in a
    /// file called `file_name`.
    pub fn known(&self, digest: &Sha256, file_name: &str) -> Option<Arc<Verdict>> {
        (self.verdicts.lock())
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(*digest, extension(file_name)))
            .cloned()
    }

    /// [`Judge::judge`] for bytes whose SHA-256 the caller has computed.
    pub fn judge_hashed(
        &self,
        root: &Path,
        file_name: &str,
        bytes: &[u8],
        digest: Sha256,
    ) -> Arc<Verdict> {
        if let Some(v) = self.found(root, &digest, file_name) {
            return v;
        }
        let name = self.kept_name(&digest, file_name);
        // A reader that panics is a bug of ours: the file is unchecked for this run, and the
        // answer is not kept.
        let read =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.read(file_name, bytes)));
        let v = match read {
            Ok(v) => {
                let v = Arc::new(v);
                crate::source::extract::keep_verdict(
                    root,
                    &name,
                    &serde_json::to_vec(&*v).expect("verdicts serialise"),
                );
                v
            }
            Err(_) => Arc::new(Verdict {
                unchecked: Some(Unchecked::Corrupt("读取时出现内部错误，请报告".into())),
                ..Verdict::default()
            }),
        };
        self.memo(&digest, file_name, &v);
        v
    }

    /// The verdict on the content whose SHA-256 is `digest`, in a file called `file_name`,
    /// when this run or one before (kept under `root`) found it already.
    pub fn found(&self, root: &Path, digest: &Sha256, file_name: &str) -> Option<Arc<Verdict>> {
        if let Some(v) = self.known(digest, file_name) {
            return Some(v);
        }
        let v = crate::source::extract::kept_verdict(root, &self.kept_name(digest, file_name))
            .and_then(|b| serde_json::from_slice::<Verdict>(&b).ok())
            .filter(|v| v.quoted.iter().all(|o| (*o as usize) < self.owners.len()))?;
        let v = Arc::new(v);
        self.memo(digest, file_name, &v);
        Some(v)
    }

    /// Where a verdict is kept: by the content's and the secrets' SHA-256 and the file's
    /// extension, which decides how a file is read (an SVG's scripts count, the same bytes
    /// named `.txt` are only text).
    fn kept_name(&self, digest: &Sha256, file_name: &str) -> String {
        format!(
            "{}-{}-{}",
            hex(digest),
            hex(&self.digest),
            extension(file_name)
        )
    }

    fn memo(&self, digest: &Sha256, file_name: &str, v: &Arc<Verdict>) {
        (self.verdicts.lock())
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((*digest, extension(file_name)), Arc::clone(v));
    }

    /// Read `bytes` completely against these secrets.
    fn read(&self, file_name: &str, bytes: &[u8]) -> Verdict {
        let mut quoted: Vec<u32> = Vec::new();
        let mut allowed: Vec<u64> = Vec::new();
        let matcher = &self.matcher;
        let owners = &self.owners;
        let result = complete::read(file_name, bytes, Some(&matcher.charset), &mut |text| {
            matcher.find(text, |f| {
                if !owners[f.owner as usize].withheld
                    && let Some(h) = f.run
                {
                    allowed.push(h);
                }
                if !quoted.contains(&f.owner) {
                    quoted.push(f.owner);
                }
                true
            });
        });
        quoted.sort_unstable();
        allowed.sort_unstable();
        allowed.dedup();
        let (facts, unchecked) = match result {
            Ok(facts) => (facts, None),
            Err(u) => (Facts::default(), Some(u)),
        };
        Verdict {
            quoted,
            allowed,
            unchecked,
            facts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::extension;

    #[test]
    fn a_verdict_is_keyed_by_what_decides_the_reading() {
        assert_eq!(extension("图.SVG"), "svg");
        assert_eq!(extension("图.svg.gz"), "svg.gz");
        assert_eq!(extension("说明.txt.gz"), "txt.gz");
        assert_eq!(extension("包.gz"), ".gz");
        assert_eq!(extension("图.svgz"), "svgz");
        assert_eq!(extension("README"), "");
        assert_ne!(extension("a.svg.gz"), extension("b.txt.gz"));
    }
}
