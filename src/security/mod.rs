//! SPEC §9, security in depth: one definition of a secret, used by the rules that report a
//! quotation and by the output guard alike.
//!
//! A secret is
//! - a withheld document's title, or its attachment's file name without extension, of
//!   [`NAME_CHARS`] or more characters;
//! - any run of [`RUN`] consecutive characters of a line of a withheld or an on-request body
//!   (its published text, white space removed, full- and half-width folded: `matching::fold`).
//!
//! Not secret: a line that appears in [`BOILERPLATE`] or more listed documents (主送, 落款 and
//! other boilerplate), text listed in `[security] shared_text`, and the title of any listed
//! document where a body repeats it (titles are public metadata: a withheld note that cites
//! a published policy by its title quotes nothing secret, and an on-request body may open
//! with its own title). Each build prints how many lines it exempted.
//!
//! Only [`visibility::confidential`] hands this module secret text; nothing here writes a
//! file or returns secret text in a message.

mod carried;
pub mod files;
pub use carried::Made;
pub mod output;
pub mod quoting;

use crate::hash::{FastMap, FastSet};
use crate::matching::fold::{self, folded};
use crate::matching::matcher::{Builder, Matcher};
pub use crate::matching::{NAME_CHARS, RUN};
use crate::model::Site;
use crate::model::visibility::{self, Confidential};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use std::sync::Arc;

/// Listed documents that must share a line for it to be boilerplate.
pub const BOILERPLATE: usize = 3;

/// The document a secret comes from, named by its file only.
#[derive(Debug, Clone)]
pub struct Owner {
    pub file: String,
    /// 不予公开 (else 依申请公开).
    pub withheld: bool,
}

/// Where a withheld document would be, for `link-to-withheld`: its page and attachment
/// folder in the output, and its source files (the Markdown file and its attachments) as
/// paths from the site root.
#[derive(Debug, Clone)]
pub struct Withheld {
    pub file: String,
    pub page: String,
    pub dir: String,
    pub sources: Vec<String>,
}

/// A confidential document's attachment or image, by its content: a published file with the
/// same bytes (a copy under another name, a symbolic link) publishes it.
#[derive(Debug, Clone)]
pub struct SecretFile {
    pub bytes: u64,
    pub source: std::path::PathBuf,
    pub owner: u32,
    /// Listed by its document as an attachment (its path from the site root), not an image
    /// its body shows: such a file is never published through another listing (SPEC §15).
    pub listed: Option<String>,
    /// Its content's SHA-256, read once per run when a published file of its size is
    /// compared with it; the error when it could not be read.
    digest: Arc<std::sync::OnceLock<Result<files::Sha256, (std::io::ErrorKind, String)>>>,
}

impl SecretFile {
    /// Its content's SHA-256, read on the first call (one reading however many published
    /// files of its size are compared with it).
    pub fn sha256(&self) -> std::io::Result<files::Sha256> {
        self.digest
            .get_or_init(|| {
                std::fs::read(&self.source)
                    .map(|b| files::sha256(&b))
                    .map_err(|e| (e.kind(), e.to_string()))
            })
            .clone()
            .map_err(|(kind, message)| std::io::Error::new(kind, message))
    }
}

/// Files smaller than this are not compared by content: an empty file publishes nothing.
pub const FILE_BYTES: u64 = 1;

/// Every secret of a site, indexed.
pub struct Secrets {
    pub matcher: Arc<Matcher>,
    pub owners: Arc<Vec<Owner>>,
    /// The first bytes of [`Secrets::digest`], for products kept beside an attachment's text.
    pub key: u64,
    /// SHA-256 of everything the matcher was built from: equal digests, equal secrets.
    pub digest: [u8; 32],
    /// The verdicts on files read completely in this run, by their content's SHA-256 and
    /// their extension: the rules ask first, the guard finds the same answer for the same bytes.
    pub verdicts: Arc<files::Verdicts>,
    /// What was read completely from each file in this run ([`quoting::published_file`]):
    /// a later comparison or copy uses these bytes' digest, not a second reading.
    pub readings: Arc<files::Readings>,
    pub withheld: Vec<Withheld>,
    /// Every confidential attachment and image of [`FILE_BYTES`] or more, by size.
    pub files: Arc<FastMap<u64, Vec<SecretFile>>>,
    /// Secret lines left out as boilerplate (shared by listed documents) or `shared_text`.
    pub exempted: usize,
    /// Where a build keeps the bytes of each file it read completely, for the output to
    /// write them without reading the source again ([`files::Keep`]); `None` in `check`.
    pub keep: Option<Arc<dyn files::Keep>>,
    /// Each confidential line's hash, and the lines themselves (folded, one a line): what a
    /// public document must not touch for `serve` to keep these secrets ([`Secrets::carried`]).
    lines: Arc<(FastSet<u64>, String)>,
}

impl Secrets {
    pub fn new(site: &Site) -> Secrets {
        Secrets::reusing(site, None)
    }

    /// The secrets of `site`, reusing `previous`'s index when they are the same secrets
    /// (`serve`: most saves change no secret, and the index is most of the cost).
    pub fn reusing(site: &Site, previous: Option<&Secrets>) -> Secrets {
        let conf = visibility::confidential(site);
        let shared = Cutter::new(site.config.shared_text.iter().map(|s| folded(s)));
        // A listed document's title is public, wherever a confidential body repeats it (a
        // withheld note citing a published policy by its title quotes nothing secret).
        let titles = Cutter::new(
            visibility::listed_titles(site)
                .into_iter()
                .map(folded)
                .filter(|t| t.chars().count() >= RUN),
        );
        let owners: Vec<Owner> = conf
            .iter()
            .map(|c| Owner {
                file: c.file.to_string(),
                withheld: c.withheld,
            })
            .collect();
        // Each confidential body's lines, folded.
        let lines: Vec<(u32, String)> = conf
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, c)| secret_lines(c).map(move |l| (i as u32, l)))
            .collect();
        let counts = listed_counts(site, &lines);
        let line_set = {
            let hashes = counts.keys().copied().collect();
            let mut text = String::new();
            for (_, l) in &lines {
                text.push_str(l);
                text.push('\n');
            }
            Arc::new((hashes, text))
        };
        // Each line less its boilerplate, shared text and titles, on every core.
        let kept: Vec<(usize, Vec<Piece>)> = lines
            .par_iter()
            .map(|(owner, line)| {
                if counts.get(&line_hash(line)).copied().unwrap_or(0) >= BOILERPLATE {
                    return (1, Vec::new());
                }
                let (pieces, cut) = shared.cut(line);
                let kept = pieces
                    .into_iter()
                    .flat_map(|p| titles.cut(p).0)
                    .map(|p| (*owner, p.chars().collect()))
                    .collect();
                (usize::from(cut), kept)
            })
            .collect();
        let mut exempted = 0;
        let mut b = Builder::default();
        for (cut, pieces) in kept {
            exempted += cut;
            for (owner, piece) in pieces {
                b.line(piece, owner);
            }
        }
        for (i, c) in conf.iter().enumerate().filter(|(_, c)| c.withheld) {
            let names = std::iter::once(c.title.to_string())
                .chain(c.attachments.iter().map(|a| stem(&a.file_name).to_string()));
            for name in names {
                let name = folded(&name);
                if name.chars().count() < NAME_CHARS {
                    continue;
                }
                if shared.covers(&name) {
                    exempted += 1;
                    continue;
                }
                b.name(name, i as u32);
            }
        }
        let digest = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update(b.digest());
            for o in &owners {
                h.update((o.file.len() as u64).to_le_bytes());
                h.update(o.file.as_bytes());
                h.update([u8::from(o.withheld)]);
            }
            <[u8; 32]>::from(h.finalize())
        };
        let key = u64::from_le_bytes(digest[..8].try_into().expect("8 bytes of 32"));
        let matcher = match previous {
            Some(p) if p.digest == digest => Arc::clone(&p.matcher),
            _ => Arc::new(b.build()),
        };
        let mut files: FastMap<u64, Vec<SecretFile>> = FastMap::default();
        for (i, c) in conf.iter().enumerate() {
            let listed = c.attachments.iter().map(|a| (a, true));
            for (a, is_attachment) in listed.chain(c.images.iter().map(|a| (a, false))) {
                if a.bytes >= FILE_BYTES {
                    files.entry(a.bytes).or_default().push(SecretFile {
                        bytes: a.bytes,
                        source: a.source.clone(),
                        owner: i as u32,
                        listed: is_attachment.then(|| a.rel.clone()),
                        digest: Arc::default(),
                    });
                }
            }
        }
        Secrets {
            matcher,
            owners: Arc::new(owners),
            key,
            digest,
            verdicts: Arc::default(),
            readings: Arc::default(),
            withheld: withheld_refs(&conf),
            files: Arc::new(files),
            exempted,
            keep: None,
            lines: line_set,
        }
    }
}

impl Secrets {
    /// The files this run read ahead and kept whole: source, SHA-256 in hex, where kept.
    pub fn kept_readings(&self) -> Vec<(std::path::PathBuf, String, std::path::PathBuf)> {
        let Some(keep) = &self.keep else {
            return Vec::new();
        };
        let readings = self
            .readings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (readings.iter())
            .filter_map(|(source, (digest, _))| {
                let at = keep.held(digest)?;
                Some((source.clone(), files::hex(digest), at))
            })
            .collect()
    }

    /// The confidential documents whose attachment or image has exactly the bytes of the
    /// file at `path` (of `bytes` bytes), in owner order.
    pub fn same_file(
        &self,
        path: &std::path::Path,
        bytes: u64,
    ) -> std::io::Result<Vec<SecretFile>> {
        same_file(&self.files, path, bytes)
    }
}

/// The confidential files in `files` (by size) with exactly the bytes of the file at `path`,
/// of `bytes` bytes, in owner order: the rules and the guard ask it. A file that cannot be
/// read, on either side, is an error, never "not a copy" (SPEC §15).
pub fn same_file(
    files: &FastMap<u64, Vec<SecretFile>>,
    path: &std::path::Path,
    bytes: u64,
) -> std::io::Result<Vec<SecretFile>> {
    if !files.contains_key(&bytes) {
        return Ok(Vec::new());
    }
    same_bytes(files, &std::fs::read(path)?)
}

/// [`same_file`] for bytes already read.
pub fn same_bytes(
    files: &FastMap<u64, Vec<SecretFile>>,
    content: &[u8],
) -> std::io::Result<Vec<SecretFile>> {
    if !files.contains_key(&(content.len() as u64)) {
        return Ok(Vec::new());
    }
    same_content(files, content.len() as u64, &files::sha256(content))
}

/// [`same_file`] for a content known by its length and SHA-256: each confidential file of
/// that length is read once per run, however many files are compared with it.
pub fn same_content(
    files: &FastMap<u64, Vec<SecretFile>>,
    bytes: u64,
    digest: &files::Sha256,
) -> std::io::Result<Vec<SecretFile>> {
    let Some(candidates) = files.get(&bytes) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for f in candidates {
        if f.sha256()? == *digest {
            found.push(f.clone());
        }
    }
    found.sort_by_key(|f| f.owner);
    Ok(found)
}

/// Where every withheld document would be (for `link-to-withheld`).
pub fn withheld(site: &Site) -> Vec<Withheld> {
    withheld_refs(&visibility::confidential(site))
}

fn withheld_refs(conf: &[Confidential]) -> Vec<Withheld> {
    conf.iter()
        .filter(|c| c.withheld)
        .map(|c| Withheld {
            file: c.file.to_string(),
            page: crate::site_map::Page::Document { slug: c.slug }.path(),
            dir: crate::site_map::document_dir(c.slug),
            sources: std::iter::once(c.file.to_string())
                .chain(c.attachments.iter().chain(c.images).map(|a| a.rel.clone()))
                .collect(),
        })
        .collect()
}

/// What is left of a secret line to index: its owner and characters.
type Piece = (u32, Vec<char>);

/// The lines of a confidential body that can hold a secret run, folded.
fn secret_lines<'c>(c: &'c Confidential) -> impl Iterator<Item = String> + 'c {
    c.text
        .lines()
        .map(folded)
        .filter(|l| l.chars().count() >= RUN)
}

/// In how many listed documents each of `lines` appears as a line, by the line's hash.
fn listed_counts(site: &Site, lines: &[(u32, String)]) -> FastMap<u64, usize> {
    let mut counts: FastMap<u64, usize> = lines.iter().map(|(_, l)| (line_hash(l), 0)).collect();
    if counts.is_empty() {
        return counts;
    }
    // Most lines of most documents are no candidate: a line is hashed only when its first
    // character begins one.
    let firsts: FastSet<char> = lines.iter().filter_map(|(_, l)| l.chars().next()).collect();
    let hits: Vec<Vec<u64>> = visibility::listed_texts(site)
        .par_iter()
        .map(|text| {
            let mut found: Vec<u64> = text
                .lines()
                .filter(|l| {
                    l.chars()
                        .find_map(fold::fold)
                        .is_some_and(|c| firsts.contains(&c))
                })
                .map(line_hash)
                .filter(|h| counts.contains_key(h))
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect();
    for found in hits {
        for h in found {
            if let Some(n) = counts.get_mut(&h) {
                *n += 1;
            }
        }
    }
    counts
}

/// A line's hash as folded, without making the folded line.
fn line_hash(line: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in line.chars().filter_map(fold::fold) {
        h = (h ^ u64::from(c as u32)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Public texts cut out of secret lines (folded): `[security] shared_text`, listed titles.
struct Cutter {
    texts: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl Cutter {
    fn new(texts: impl Iterator<Item = String>) -> Cutter {
        let texts: Vec<String> = texts.filter(|s| !s.is_empty()).collect();
        let ac = (!texts.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&texts)
                .expect("shared texts are plain strings")
        });
        Cutter { texts, ac }
    }

    /// `line` with every text cut out, and whether anything was.
    fn cut<'a>(&self, line: &'a str) -> (Vec<&'a str>, bool) {
        let Some(ac) = &self.ac else {
            return (vec![line], false);
        };
        let mut pieces = Vec::new();
        let mut from = 0;
        for m in ac.find_iter(line) {
            pieces.push(&line[from..m.start()]);
            from = m.end();
        }
        let cut = from > 0;
        pieces.push(&line[from..]);
        (pieces, cut)
    }

    /// Whether `name` is (part of) one of the texts.
    fn covers(&self, name: &str) -> bool {
        self.texts.iter().any(|t| t.contains(name))
    }
}

/// A file name without its extension.
fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// A Markdown source folded, with the byte offset of each folded character: for finding
/// where a quotation found in the published text stands in the file.
pub struct Located {
    chars: Vec<char>,
    offsets: Vec<usize>,
}

impl Located {
    pub fn new(source: &str) -> Located {
        let (chars, offsets) = source
            .char_indices()
            .filter_map(|(i, c)| fold::fold(c).map(|f| (f, i)))
            .unzip();
        Located { chars, offsets }
    }

    /// The byte offset where the folded text `found` begins, or where its first characters
    /// do (markup may interrupt the rest).
    pub fn find(&self, found: &[char]) -> Option<usize> {
        for len in [found.len(), found.len().min(8), found.len().min(4)] {
            let needle = &found[..len];
            if needle.is_empty() {
                break;
            }
            if let Some(at) = self.chars.windows(len).position(|w| w == needle) {
                return Some(self.offsets[at]);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_text_is_cut_out_of_a_line() {
        let mut config_text = String::from(crate::rules::testing::SITE);
        config_text
            .push_str("\n[security]\nshared_text = [\"根据中华人民共和国政府信息公开条例\"]\n");
        let (config, diags) =
            crate::config::parse(&config_text, &|_| true, &crate::rules::declarations());
        assert!(diags.is_empty(), "{diags:?}");
        let shared = Cutter::new(config.unwrap().shared_text.iter().map(|s| folded(s)));
        let (pieces, cut) = shared.cut("为此根据中华人民共和国政府信息公开条例制定本办法");
        assert!(cut);
        assert_eq!(pieces, ["为此", "制定本办法"]);
        assert!(shared.covers("政府信息公开条例"));
    }

    #[test]
    fn a_quotation_is_located_in_the_markdown() {
        let source = "第一行\n\n引用：**二〇二六年度**内部审计整改工作的具体安排\n";
        let found: Vec<char> = "二〇二六年度内部审计整改工作的具体安排".chars().collect();
        let at = Located::new(source).find(&found).unwrap();
        assert!(source[at..].starts_with("二〇二六"));
    }
}
