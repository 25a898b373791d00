//! Resolving a document's attachment paths on disk: relative to the document, never outside
//! `content/` (neither by `..` nor by a symbolic link), and present.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum AttachmentError {
    /// The path leaves the content folder.
    Escapes,
    /// No file there.
    Missing,
}

/// A file an attachment path names, found.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The file an attachment path names. `doc_rel_dir` is the document's folder relative to
/// `content/` (`/`-separated); `written` is the path as the editor wrote it.
pub fn resolve(content: &Path, doc_rel_dir: &str, written: &str) -> Result<Found, AttachmentError> {
    let written_path = Path::new(written);
    if written.is_empty()
        || written_path.is_absolute()
        || written.starts_with('/')
        || written.contains('\\')
    {
        return Err(AttachmentError::Escapes);
    }
    let mut parts: Vec<String> = doc_rel_dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    for c in written_path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(AttachmentError::Escapes);
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(AttachmentError::Escapes),
        }
    }
    let path = parts.iter().fold(content.to_path_buf(), |p, s| p.join(s));
    let real = path.canonicalize().map_err(|_| AttachmentError::Missing)?;
    let real_content = content
        .canonicalize()
        .map_err(|_| AttachmentError::Missing)?;
    if !real.starts_with(&real_content) {
        return Err(AttachmentError::Escapes);
    }
    let meta = std::fs::metadata(&real).map_err(|_| AttachmentError::Missing)?;
    if !meta.is_file() {
        return Err(AttachmentError::Missing);
    }
    Ok(Found {
        path,
        bytes: meta.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a/b")).unwrap();
        std::fs::write(content.join("a/b/f.pdf"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap();
        assert!(resolve(&content, "a/b", "f.pdf").is_ok());
        assert!(resolve(&content, "a", "./b/f.pdf").is_ok());
        assert_eq!(
            resolve(&content, "a/b", "g.pdf"),
            Err(AttachmentError::Missing)
        );
        assert_eq!(
            resolve(&content, "a/b", "../../../secret.txt"),
            Err(AttachmentError::Escapes)
        );
        assert_eq!(
            resolve(&content, "a/b", "/etc/passwd"),
            Err(AttachmentError::Escapes)
        );
        assert_eq!(resolve(&content, "a/b", "b"), Err(AttachmentError::Missing));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_out_of_content_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), content.join("link.txt"))
            .unwrap();
        assert_eq!(
            resolve(&content, "", "link.txt"),
            Err(AttachmentError::Escapes)
        );
    }
}
