//! What was read, kept: each attachment's text (or why it could not be read) under
//! `root/.gongkai/attachments/`, by the SHA-256 of its content, so that a rebuild starts no
//! reading process again; and the [`Reader`] the rules and the search index share in one
//! build, so that a file both ask for at once is still read once. Nothing kept is found by a
//! file's time or a weak hash (SPEC §15): the rules' findings come from here.

use super::{Text, extension, office, read_text, wire};
use crate::hash::FastMap;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::OnceLock;

/// Where read attachments are kept, under the site's folder.
pub const CACHE_DIR: &str = ".gongkai/attachments";
/// Changes when what is read, or the limits it is read under, change.
const CACHE_VERSION: u32 = 5;

/// Reads the attachments of one build: in-process for text files, else from the cache or
/// in a child process (`child.rs`).
pub struct Reader {
    root: PathBuf,
    /// Per file that may be read: a lock, so that whoever asks second waits for the first
    /// reading to finish, then finds its text in the cache; and its cache key, found once
    /// per build however many products are derived from it.
    files: FastMap<PathBuf, (Mutex<()>, OnceLock<Option<String>>)>,
    /// What this run read of a file already (`build` reads every published file once, ahead):
    /// its content's SHA-256 in hex, and where those very bytes are kept. A text is read from
    /// there, never from the source again, so it is the text of the bytes its key names.
    known: FastMap<PathBuf, (String, PathBuf)>,
}

impl Reader {
    /// A reader for the site at `root`, expecting `files` (others are read unguarded), that
    /// knows the readings `known` (source, SHA-256 in hex, where its bytes are kept).
    pub fn new<'a>(
        root: &Path,
        files: impl IntoIterator<Item = &'a Path>,
        known: impl IntoIterator<Item = (PathBuf, String, PathBuf)>,
    ) -> Self {
        sweep_readings(&root.join(CACHE_DIR).join(READING_DIR));
        Reader {
            root: root.to_path_buf(),
            files: files
                .into_iter()
                .map(|p| (p.to_path_buf(), Default::default()))
                .collect(),
            known: known.into_iter().map(|(p, h, at)| (p, (h, at))).collect(),
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
            held: Default::default(),
            text: OnceCell::new(),
            passing: Default::default(),
        }
    }

    /// Read the attachment at `path` into the cache now, if it is of a kind kept there.
    pub fn prepare(&self, path: &Path, file_name: &str) {
        if office(&extension(file_name)) {
            let _ = self.open(path, file_name).outcome();
        }
    }

    /// The text, from the cache under `key` or read (in a child process) and kept there.
    /// `held` is the content hashed for the key, when the reading that hashed it still has it.
    fn text_for(
        &self,
        key: Option<&str>,
        held: Option<Vec<u8>>,
        path: &Path,
        file_name: &str,
    ) -> (Result<Text, String>, Lasting) {
        let Some(key) = key else {
            let past_limit = office(&extension(file_name))
                && std::fs::metadata(path).is_ok_and(|m| m.len() > super::complete::MAX_FILE_BYTES);
            if past_limit {
                let mb = super::complete::MAX_FILE_BYTES >> 20;
                return (Err(format!("超过 {mb} MB，未读取")), Lasting::Yes);
            }
            return (read_text(path, file_name), Lasting::Yes);
        };
        let _turn =
            (self.files.get(path)).map(|(m, _)| m.lock().unwrap_or_else(|e| e.into_inner()));
        let cached = self.root.join(CACHE_DIR).join(format!("{key}.text"));
        if let Some(answer) = std::fs::read(&cached).ok().and_then(|b| wire::decode(&b)) {
            return (answer, Lasting::Yes);
        }
        // Failures of the file are kept too, so that a bomb is not opened on every build; a
        // failure of this run (the file changed, the disk) is not: the next run reads again.
        let (answer, lasting) = self.read_keyed(key, held, path, file_name);
        if lasting == Lasting::Yes {
            store(&cached, &wire::encode(&answer));
        }
        (answer, lasting)
    }

    /// Read the text of exactly the bytes `key` names: those this run kept, else those the
    /// key was made from, written where only this reading looks; a source that no longer
    /// holds them is not read (it changed during the run).
    fn read_keyed(
        &self,
        key: &str,
        held: Option<Vec<u8>>,
        path: &Path,
        file_name: &str,
    ) -> (Result<Text, String>, Lasting) {
        if let Some((_, kept)) = self.known.get(path) {
            return (read_text(kept, file_name), Lasting::Yes);
        }
        let bytes = match held.map_or_else(|| std::fs::read(path), Ok) {
            Ok(b) => b,
            Err(e) => return (Err(format!("读取失败：{e}")), Lasting::No),
        };
        if !key.starts_with(&sha256_hex(&bytes)) {
            return (Err("在读取期间被改动，请重新运行".into()), Lasting::No);
        }
        let at = match write_reading(&self.root.join(CACHE_DIR).join(READING_DIR), key, &bytes) {
            Ok(at) => at,
            Err(e) => return (Err(format!("无法写入缓存目录：{e}")), Lasting::No),
        };
        drop(bytes);
        let text = read_text(&at, file_name);
        let _ = std::fs::remove_file(&at);
        (text, Lasting::Yes)
    }
}

/// Where a reading's bytes are written while they are read, under the cache folder.
const READING_DIR: &str = "reading";

/// Whether a reading's outcome is the file's, to keep, or this run's (the file changed, the
/// disk failed), never kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lasting {
    Yes,
    No,
}

/// Write `bytes` to a new file of this reading's own in `dir` (created, never shared: two
/// processes on one site folder, or two files of one content, each get theirs).
fn write_reading(dir: &Path, key: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    static READINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    std::fs::create_dir_all(dir)?;
    loop {
        let n = READINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let at = dir.join(format!("{key}-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&at)
        {
            Ok(mut f) => return f.write_all(bytes).map(|()| at),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Remove what readings killed midway left (a copy of a public attachment each), once an
/// hour has passed: no reading of a live run is that old when it is removed after use.
fn sweep_readings(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let age = (e.metadata().and_then(|m| m.modified()).ok()).and_then(|t| t.elapsed().ok());
        if age.is_some_and(|a| a.as_secs() > 3600) {
            let _ = std::fs::remove_file(e.path());
        }
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
    /// or that cannot be read.
    key: OnceCell<Option<String>>,
    /// The content the key was made from, when this reading made it, until its text is read.
    held: std::cell::RefCell<Option<Vec<u8>>>,
    text: OnceCell<Result<Text, String>>,
    /// Whether the text is this run's failure, from which nothing is kept.
    passing: std::cell::Cell<bool>,
}

impl Reading<'_> {
    fn key(&self) -> Option<&str> {
        self.key
            .get_or_init(|| {
                let find = || {
                    if !office(&extension(self.file_name)) {
                        return None;
                    }
                    let (key, held) = content_key(self.reader, self.path, self.file_name)?;
                    *self.held.borrow_mut() = held;
                    Some(key)
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
        self.text.get_or_init(|| {
            let key = self.key();
            let held = self.held.borrow_mut().take();
            let (text, lasting) = self.reader.text_for(key, held, self.path, self.file_name);
            self.passing.set(lasting == Lasting::No);
            text
        })
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
            self.held.borrow_mut().take();
            return product;
        }
        let product = make(self.text());
        if !self.passing.get() {
            store(&kept, &encode(&product));
        }
        product
    }
}

/// The key the cache keeps a file's text under: the SHA-256 of its content, the reading's
/// version, the format; and the content, when it was read here to be hashed (a file this run
/// read ahead is known by the digest of that reading, and not read again).
fn content_key(reader: &Reader, path: &Path, file_name: &str) -> Option<(String, Option<Vec<u8>>)> {
    let suffix = format!("-{CACHE_VERSION}-{}", extension(file_name));
    if let Some((hex, _)) = reader.known.get(path) {
        return Some((format!("{hex}{suffix}"), None));
    }
    // A file past the size any file may have is not read (nor hashed) at all.
    let size = std::fs::metadata(path).ok()?.len();
    if size > super::complete::MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some((format!("{}{suffix}", sha256_hex(&bytes)), Some(bytes)))
}

/// SHA-256 of `bytes`, in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn docx(text: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        );
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn shown(t: &Result<Text, String>) -> String {
        t.as_ref().unwrap().pieces().map(|(_, s)| s).collect()
    }

    /// The text kept under a key is the text of the bytes the key was made from: a file
    /// changed between hashing and reading is read as it was hashed, and a reading that
    /// has only the key and finds other bytes reads nothing.
    #[test]
    fn a_text_is_of_the_bytes_its_key_names() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通知.docx");
        let draft = docx("第一稿");
        std::fs::write(&file, &draft).unwrap();
        let reader = Reader::new(dir.path(), [file.as_path()], []);
        let first = reader.open(&file, "通知.docx");
        let key = first.key().unwrap().to_string();
        assert!(key.starts_with(&sha256_hex(&draft)), "{key}");
        std::fs::write(&file, docx("改过的第二稿")).unwrap();
        assert_eq!(shown(first.text()), "第一稿");
        // The key is found once per build; a second reading's bytes are checked against it.
        let other = Reader::new(dir.path(), [file.as_path()], []);
        let _ = other.open(&file, "通知.docx").key();
        std::fs::write(&file, docx("第三稿")).unwrap();
        let (late, lasting) = other.read_keyed(&key, None, &file, "通知.docx");
        assert!(late.unwrap_err().contains("改动"));
        assert_eq!(lasting, Lasting::No);
        // No reading's bytes are left in the cache.
        let left: Vec<_> = std::fs::read_dir(dir.path().join(CACHE_DIR).join(READING_DIR))
            .unwrap()
            .flatten()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    /// What a reading killed midway left is removed by a later run, once it is an hour old.
    #[test]
    fn a_killed_readings_bytes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let readings = dir.path().join(CACHE_DIR).join(READING_DIR);
        std::fs::create_dir_all(&readings).unwrap();
        let (old, new) = (readings.join("a-1-0"), readings.join("b-1-1"));
        std::fs::write(&old, "x").unwrap();
        std::fs::write(&new, "y").unwrap();
        let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        (std::fs::File::options().write(true).open(&old).unwrap())
            .set_modified(hours_ago)
            .unwrap();
        let _ = Reader::new(dir.path(), [], []);
        assert!(!old.exists());
        assert!(new.exists());
    }

    /// A failure of the run, not of the file (it changed while read), is not kept, nor is
    /// anything derived from it: the next run reads the file again.
    #[test]
    fn a_file_changed_while_read_leaves_nothing_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通知.docx");
        let draft = docx("第一稿");
        std::fs::write(&file, &draft).unwrap();
        let reader = Reader::new(dir.path(), [file.as_path()], []);
        let key = reader.open(&file, "通知.docx").key().unwrap().to_string();
        std::fs::write(&file, docx("改过的稿")).unwrap();
        let second = reader.open(&file, "通知.docx");
        let found = second.derive("outcome-test", |t| t.is_ok());
        assert!(!found);
        let kept = |end: &str| dir.path().join(CACHE_DIR).join(format!("{key}{end}"));
        assert!(!kept(".text").exists());
        assert!(!kept(".outcome-test.json").exists());
        std::fs::write(&file, &draft).unwrap();
        let again = Reader::new(dir.path(), [file.as_path()], []);
        assert_eq!(shown(again.open(&file, "通知.docx").text()), "第一稿");
        assert!(kept(".text").exists());
    }

    /// A file this run read ahead is read from the bytes it kept, under their digest: the
    /// source is not opened again.
    #[test]
    fn a_file_read_ahead_is_read_from_what_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("通知.docx");
        std::fs::write(&file, docx("改过之后")).unwrap();
        let kept = dir.path().join("kept");
        let read = docx("读取之时");
        std::fs::write(&kept, &read).unwrap();
        let hex = sha256_hex(&read);
        let reader = Reader::new(
            dir.path(),
            [file.as_path()],
            [(file.clone(), hex.clone(), kept)],
        );
        let reading = reader.open(&file, "通知.docx");
        assert!(reading.key().unwrap().starts_with(&hex));
        assert_eq!(shown(reading.text()), "读取之时");
    }
}
