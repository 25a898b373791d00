//! The output folder of `serve`, updated in place: each rebuild hands over the pages it
//! rendered; a page whose bytes did not change is not touched, a changed one is written to a
//! temporary file and renamed over the old one (so the server never reads half a page), and
//! files no longer part of the site are removed. Every written page passes the leak guard,
//! exactly as in `build`.

use super::guard::{self, Guard};
use super::{MARKER, MARKER_TEXT, io_diag};
use crate::diag::Diagnostic;
use crate::hash::{FastMap, FastSet};
use crate::output::Sink;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Live {
    dir: PathBuf,
    guard: Option<Guard>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Hash of every file on disk that this folder holds (pages and copies).
    on_disk: FastMap<String, u64>,
    /// Files handed over (or kept) in the current round.
    seen: FastSet<String>,
    /// Files that changed in the current round.
    changed: Vec<String>,
}

/// Make `dir` a new, empty folder only its owner can open, whatever was there: a symbolic
/// link at `dir` or at its parent is removed, never followed (SPEC §15: serve never follows a
/// link it did not make).
pub fn fresh_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if let Some(parent) = dir.parent() {
        if parent
            .symlink_metadata()
            .is_ok_and(|m| !m.is_dir() || m.file_type().is_symlink())
        {
            std::fs::remove_file(parent)?;
        }
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)?;
    }
    match dir.symlink_metadata() {
        Ok(m) if m.is_dir() && !m.file_type().is_symlink() => std::fs::remove_dir_all(dir)?,
        Ok(_) => std::fs::remove_file(dir)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::DirBuilder::new().mode(0o700).create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

impl Live {
    /// Take over `dir` (made by an earlier build or serve, or new).
    pub fn open(dir: &Path) -> std::io::Result<Live> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Live {
            dir: dir.to_path_buf(),
            guard: None,
            state: Mutex::new(State::default()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The first withheld text in `bytes`, if any: for pages served from memory, which must
    /// pass the same guard as pages written here.
    pub fn scan(&self, rel: &str, bytes: &[u8]) -> Option<String> {
        self.guard
            .as_ref()
            .and_then(|g| g.find(rel, bytes))
            .map(str::to_string)
    }

    pub fn set_guard(&mut self, guard: Option<Guard>) {
        self.guard = guard;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Start a round: nothing seen yet.
    pub fn begin(&self) {
        let mut s = self.lock();
        s.seen.clear();
        s.changed.clear();
    }

    /// End a round: remove every file not seen in it; return the files that changed, and a
    /// problem for each file that could not be removed (it stays listed, so the next round
    /// tries again).
    pub fn finish(&self) -> (Vec<String>, Vec<Diagnostic>) {
        let mut s = self.lock();
        let stale: Vec<String> = s
            .on_disk
            .keys()
            .filter(|k| !s.seen.contains(*k))
            .cloned()
            .collect();
        let mut problems = Vec::new();
        for rel in &stale {
            match std::fs::remove_file(self.dir.join(rel)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    problems.push(io_diag(rel, &e));
                    continue;
                }
            }
            s.on_disk.remove(rel);
            s.changed.push(rel.clone());
        }
        let mut changed = std::mem::take(&mut s.changed);
        changed.sort();
        (changed, problems)
    }

    /// Files the folder holds that were never handed over (left by an earlier build), so the
    /// first round can remove them too.
    pub fn adopt_existing(&self) {
        let mut s = self.lock();
        for entry in walkdir::WalkDir::new(&self.dir).into_iter().flatten() {
            if entry.file_type().is_file() {
                let rel = crate::source::rel_path(&self.dir, entry.path());
                if rel != MARKER && !rel.contains("/.") && !rel.starts_with('.') {
                    s.on_disk.entry(rel).or_insert(0);
                }
            }
        }
    }

    fn checked(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        super::checked(rel).map(|p| self.dir.join(p))
    }

    fn put(
        &self,
        target: &Path,
        rel: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_diag(rel, &e))?;
        }
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = target.with_file_name(format!(".{name}.gongkai-tmp"));
        write(&tmp).map_err(|e| io_diag(rel, &e))?;
        std::fs::rename(&tmp, target).map_err(|e| io_diag(rel, &e))
    }
}

impl Sink for Live {
    /// A file that stays as it is this round (a page that did not need rendering).
    fn keep(&self, rel: &str) {
        self.lock().seen.insert(rel.to_string());
    }

    /// Every file starting with one of `prefixes` stays as it is this round.
    fn keep_all_of(&self, prefixes: &[&str]) {
        let mut s = self.lock();
        let keep: Vec<String> = s
            .on_disk
            .keys()
            .filter(|k| prefixes.iter().any(|p| k.starts_with(p)))
            .cloned()
            .collect();
        s.seen.extend(keep);
    }

    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.write_page(rel, bytes, 0..0)
    }

    fn write_page(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        body: std::ops::Range<usize>,
    ) -> Result<(), Diagnostic> {
        let target = self.checked(rel)?;
        let h = crate::hash::fast(&bytes[..]);
        {
            let mut s = self.lock();
            s.seen.insert(rel.to_string());
            if s.on_disk.get(rel) == Some(&h) {
                return Ok(());
            }
        }
        if let Some(owner) = self
            .guard
            .as_ref()
            .and_then(|g| g.find_outside(rel, &bytes, body))
        {
            return Err(guard::leak(rel, owner));
        }
        self.put(&target, rel, |tmp| std::fs::write(tmp, &bytes))?;
        let mut s = self.lock();
        s.on_disk.insert(rel.to_string(), h);
        s.changed.push(rel.to_string());
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let target = self.checked(rel)?;
        // The bytes the guard read completely are the bytes written.
        let bytes = match &self.guard {
            Some(g) => g.checked_copy(rel, from)?,
            None => return Err(io_diag(rel, &std::io::Error::other("no guard"))),
        };
        let h = crate::hash::fast(&bytes[..]);
        {
            let mut s = self.lock();
            s.seen.insert(rel.to_string());
            if s.on_disk.get(rel) == Some(&h) {
                return Ok(());
            }
        }
        self.put(&target, rel, |tmp| std::fs::write(tmp, &bytes))?;
        let mut s = self.lock();
        s.on_disk.insert(rel.to_string(), h);
        s.changed.push(rel.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_write_changes_only_and_remove_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let live = Live::open(&dir.path().join("out")).unwrap();
        live.begin();
        live.write("a.html", b"A".to_vec()).unwrap();
        live.write("d/b.html", b"B".to_vec()).unwrap();
        assert_eq!(live.finish().0, ["a.html", "d/b.html"]);
        live.begin();
        live.write("a.html", b"A".to_vec()).unwrap();
        live.write("c.html", b"C".to_vec()).unwrap();
        assert_eq!(live.finish().0, ["c.html", "d/b.html"]);
        assert!(!dir.path().join("out/d/b.html").exists());
        live.begin();
        live.keep("a.html");
        live.keep("c.html");
        assert!(live.finish().0.is_empty());
        assert!(live.write("../x", vec![]).is_err());
    }
}
