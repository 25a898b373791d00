//! What was read, kept: each attachment's text (or why it could not be read) under
//! `root/.gongkai/attachments/`, by content, so that a rebuild starts no reading process
//! again; and the [`Reader`] the rules and the search index share in one build, so that a
//! file both ask for at once is still read once.

use super::{Text, extension, office, read_text, wire};
use crate::hash::FastMap;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::OnceLock;

/// Where read attachments are kept, under the site's folder.
pub const CACHE_DIR: &str = ".gongkai/attachments";
/// Changes when what is read, or the limits it is read under, change.
const CACHE_VERSION: u32 = 4;
/// Beside the texts: a file's size, time and place → its content's key, so that a rebuild
/// need not hash what did not change (as git's index spares it rereading the work tree).
const STAMPS: &str = "stamps";

/// Reads the attachments of one build: in-process for text files, else from the cache or
/// in a child process (`child.rs`).
pub struct Reader {
    root: PathBuf,
    /// Per file that may be read: a lock, so that whoever asks second waits for the first
    /// reading to finish, then finds its text in the cache; and its cache key, found once
    /// per build however many products are derived from it.
    files: FastMap<PathBuf, (Mutex<()>, OnceLock<Option<String>>)>,
}

impl Reader {
    /// A reader for the site at `root`, expecting `files` (others are read unguarded).
    pub fn new<'a>(root: &Path, files: impl IntoIterator<Item = &'a Path>) -> Self {
        Reader {
            root: root.to_path_buf(),
            files: files
                .into_iter()
                .map(|p| (p.to_path_buf(), Default::default()))
                .collect(),
        }
    }

    /// The site's folder, under which verdicts are kept.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// One attachment, to derive things from its text (or to learn why it has none).
    pub fn open<'r>(&'r self, path: &'r Path, file_name: &'r str) -> Reading<'r> {
        Reading {
            reader: self,
            path,
            file_name,
            key: OnceCell::new(),
            text: OnceCell::new(),
        }
    }

    /// Read the attachment at `path` into the cache now, if it is of a kind kept there.
    pub fn prepare(&self, path: &Path, file_name: &str) {
        if office(&extension(file_name)) {
            let _ = self.open(path, file_name).outcome();
        }
    }

    /// The text, from the cache under `key` or read (in a child process) and kept there.
    fn text_for(&self, key: Option<&str>, path: &Path, file_name: &str) -> Result<Text, String> {
        let Some(key) = key else {
            return read_text(path, file_name);
        };
        let _turn =
            (self.files.get(path)).map(|(m, _)| m.lock().unwrap_or_else(|e| e.into_inner()));
        let cached = self.root.join(CACHE_DIR).join(format!("{key}.text"));
        if let Some(answer) = std::fs::read(&cached).ok().and_then(|b| wire::decode(&b)) {
            return answer;
        }
        // Failures are kept too, so that a bomb is not opened on every build.
        let answer = read_text(path, file_name);
        store(&cached, &wire::encode(&answer));
        answer
    }
}

/// One attachment being looked at: what the rules and the index derive from its text is
/// kept beside the text, by the file's content and the product's name, so that a rebuild
/// decodes no text at all (a site's attachments hold many times its documents' text).
pub struct Reading<'r> {
    reader: &'r Reader,
    path: &'r Path,
    file_name: &'r str,
    /// The cache key of the file's content; `None` for files read in-process (.txt, .csv)
    /// or that cannot be stat'ed.
    key: OnceCell<Option<String>>,
    text: OnceCell<Result<Text, String>>,
}

impl Reading<'_> {
    fn key(&self) -> Option<&str> {
        self.key
            .get_or_init(|| {
                let find = || {
                    office(&extension(self.file_name))
                        .then(|| content_key(&self.reader.root, self.path, self.file_name))
                        .flatten()
                };
                match self.reader.files.get(self.path) {
                    Some((_, key)) => key.get_or_init(find).clone(),
                    None => find(),
                }
            })
            .as_deref()
    }

    /// The file's text, or why it could not be read (read once, then held by this reading).
    pub fn text(&self) -> &Result<Text, String> {
        self.text
            .get_or_init(|| self.reader.text_for(self.key(), self.path, self.file_name))
    }

    /// Why the file could not be read, or (`Ok`) whether it read as no text at all.
    pub fn outcome(&self) -> Result<bool, String> {
        self.derive("outcome", |t| {
            t.as_ref().map(Text::is_empty).map_err(Clone::clone)
        })
    }

    /// `make` over the text (or the failure to read it), from the cache when this file's
    /// content was given to the product `kind` before. `kind` names the product and
    /// everything it depends on besides the text (a version, a word list's hash).
    pub fn derive<T>(&self, kind: &str, make: impl FnOnce(&Result<Text, String>) -> T) -> T
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        self.derive_as(
            &format!("{kind}.json"),
            make,
            |product| serde_json::to_vec(product).expect("products serialise"),
            |bytes| serde_json::from_slice(bytes).ok(),
        )
    }

    /// [`Reading::derive`] for a product that also depends on something outside the file
    /// (`against`: say, a hash of every secret): kept beside the text with the `against` it
    /// was made for, and made again, in the same place, when that changes.
    pub fn derive_against<T>(
        &self,
        kind: &str,
        against: u64,
        make: impl FnOnce(&Result<Text, String>) -> T,
    ) -> T
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
    {
        self.derive_as(
            &format!("{kind}.json"),
            |text| (against, make(text)),
            |product| serde_json::to_vec(product).expect("products serialise"),
            |bytes| {
                serde_json::from_slice::<(u64, T)>(bytes)
                    .ok()
                    .filter(|(a, _)| *a == against)
            },
        )
        .1
    }

    /// [`Reading::derive`], kept in bytes of the product's own (the search index's terms, in
    /// varints): `decode` reads what `encode` wrote and refuses damage with `None`, and a
    /// damaged product is made again.
    pub fn derive_as<T>(
        &self,
        kind: &str,
        make: impl FnOnce(&Result<Text, String>) -> T,
        encode: impl FnOnce(&T) -> Vec<u8>,
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> T {
        let Some(key) = self.key() else {
            return make(self.text());
        };
        let kept = (self.reader.root.join(CACHE_DIR)).join(format!("{key}.{kind}"));
        if let Some(product) = std::fs::read(&kept).ok().and_then(|b| decode(&b)) {
            return product;
        }
        let product = make(self.text());
        store(&kept, &encode(&product));
        product
    }
}

/// The key the cache keeps a file's text under: two independent 64-bit hashes of its
/// content, the reading's version, the format. Taken from the stamps when the file's size,
/// modification time and inode are as they were.
fn content_key(root: &Path, path: &Path, file_name: &str) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = root
        .join(CACHE_DIR)
        .join(STAMPS)
        .join(format!("{:016x}", stamp(path, &meta)));
    let suffix = format!("-{CACHE_VERSION}-{}", extension(file_name));
    if let Ok(key) = std::fs::read_to_string(&stamp)
        && key.len() == 32 + suffix.len()
        && key.ends_with(&suffix)
        && key.bytes().take(32).all(|b| b.is_ascii_hexdigit())
    {
        return Some(key);
    }
    let bytes = std::fs::read(path).ok()?;
    let key = format!(
        "{:016x}{:016x}{suffix}",
        crate::hash::stable(&bytes),
        crate::hash::fast(&bytes[..]),
    );
    // A file written in the last two seconds may be written again within the clock's tick,
    // its size unchanged: its stamp would hide that, so it is not kept yet.
    let settled = meta
        .modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() >= 2);
    if settled {
        store(&stamp, key.as_bytes());
    }
    Some(key)
}

/// A number for a file's path, size, modification time and inode.
fn stamp(path: &Path, meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut bytes = path.as_os_str().as_encoded_bytes().to_vec();
    for n in [
        meta.len(),
        meta.mtime() as u64,
        meta.mtime_nsec() as u64,
        meta.ino(),
        meta.dev(),
    ] {
        bytes.extend_from_slice(&n.to_le_bytes());
    }
    crate::hash::stable(&bytes)
}

/// Write `bytes` to `to` whole (a part file, then renamed). A cache that cannot be written
/// costs a re-read next time, nothing else.
fn store(to: &Path, bytes: &[u8]) {
    let Some(dir) = to.parent() else { return };
    if std::fs::create_dir_all(dir).is_ok() {
        let mut partial = to.as_os_str().to_owned();
        partial.push(".part");
        if std::fs::write(&partial, bytes).is_ok() {
            let _ = std::fs::rename(&partial, to);
        }
    }
}

/// Where the guard keeps its verdicts on files read completely (SPEC §15), by the SHA-256 of
/// each file's content and of the secrets it was read against.
pub const GUARD_DIR: &str = ".gongkai/guard";

/// A verdict kept under `name` (hex digests only), if there is one.
pub fn kept_verdict(root: &Path, name: &str) -> Option<Vec<u8>> {
    std::fs::read(root.join(GUARD_DIR).join(name)).ok()
}

/// Keep a verdict under `name`; one that cannot be written is made again next time.
pub fn keep_verdict(root: &Path, name: &str, bytes: &[u8]) {
    store(&root.join(GUARD_DIR).join(name), bytes);
}
