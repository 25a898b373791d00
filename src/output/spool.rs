//! A build's spool: the bytes of every file published as it is (attachments, images, the
//! site's own files), kept in the staging folder under their SHA-256 by the rules that read
//! them completely (SPEC §15). The guard vets the kept bytes by that digest and the output
//! links them in, so each such file is read and hashed once per build, and what is
//! published is exactly what was read: the source is not read a second time.
//!
//! The spool is a folder beside the staging folder (owner only, so that no file of the site
//! can take its names), removed when the build ends; the files linked from it stay in the
//! output.

use crate::hash::FastSet;
use crate::security::files::{Keep, Sha256, hex};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Spool {
    dir: PathBuf,
    /// The contents written whole to the spool.
    written: Mutex<FastSet<Sha256>>,
}

impl Spool {
    /// A spool in `dir` (made on the first file kept, if it does not exist).
    pub fn new(dir: PathBuf) -> Spool {
        Spool {
            dir,
            written: Mutex::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FastSet<Sha256>> {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Write `bytes` under `digest`, to a new file: when two threads keep the same bytes at
    /// once, the second finds the name taken and leaves it to the first, which marks it
    /// written only once it is whole.
    fn write(&self, digest: &Sha256, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)?;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.dir.join(hex(digest)))?
            .write_all(bytes)
    }
}

impl Keep for Spool {
    fn keep(&self, digest: &Sha256, bytes: &[u8]) {
        if self.lock().contains(digest) {
            return;
        }
        // Bytes that cannot be kept are read again by the guard: slower, never unchecked.
        if self.write(digest, bytes).is_ok() {
            self.lock().insert(*digest);
        }
    }

    fn held(&self, digest: &Sha256) -> Option<PathBuf> {
        self.lock()
            .contains(digest)
            .then(|| self.dir.join(hex(digest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::files::sha256;

    #[test]
    fn keeps_bytes_whole_under_their_digest() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new(dir.path().join("spool"));
        let first = b"%PDF-1.4 first".to_vec();
        assert!(spool.held(&sha256(&first)).is_none());
        spool.keep(&sha256(&first), &first);
        let path = spool.held(&sha256(&first)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), first);
        // Other bytes beside them; the same bytes again are written once.
        let second = b"%PDF-1.4 second, longer".to_vec();
        spool.keep(&sha256(&second), &second);
        spool.keep(&sha256(&first), &first);
        assert_eq!(
            std::fs::read(spool.held(&sha256(&second)).unwrap()).unwrap(),
            second
        );
        assert_eq!(std::fs::read(&path).unwrap(), first);
        // Each content once.
        let names: Vec<String> = std::fs::read_dir(dir.path().join("spool"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_spool_that_cannot_be_written_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // Its folder's place is taken by a file.
        std::fs::write(dir.path().join("spool"), "").unwrap();
        let spool = Spool::new(dir.path().join("spool"));
        spool.keep(&sha256(b"x"), b"x");
        assert!(spool.held(&sha256(b"x")).is_none());
    }
}
