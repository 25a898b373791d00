//! Writing the site safely: a staging folder beside the target, a scan of every page for
//! withheld text before it is written, and an atomic swap only when everything succeeded.
//! A failed build removes its staging folder and leaves the previous site as it was.

pub mod guard;

use crate::diag::{Diagnostic, codes};
use crate::render::Sink;
use guard::Guard;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as gongkai's output, so a later build may replace it.
pub const MARKER: &str = ".gongkai-output";

pub struct Staging {
    dir: PathBuf,
    guard: Option<Guard>,
}

/// Resolve `--out` and refuse the dangerous ones: `/`, the site root, `content/`, anything
/// inside `content/`, or an ancestor of either.
pub fn check_out_dir(out: &Path, root: &Path) -> Result<PathBuf, String> {
    let out = absolute(out).map_err(|e| e.to_string())?;
    let root = absolute(root).map_err(|e| e.to_string())?;
    let content = root.join("content");
    if out.parent().is_none() {
        return Err(format!(
            "refusing to build into {}: it is the filesystem root",
            out.display()
        ));
    }
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "refusing to build into {}: it is the site root or contains it",
            out.display()
        ));
    }
    if out.starts_with(&content) {
        return Err(format!(
            "refusing to build into {}: it is inside the content folder",
            out.display()
        ));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(format!(
            "refusing to replace {}: it is not empty and was not made by gongkai (no {MARKER} in it)",
            out.display()
        ));
    }
    Ok(out)
}

/// An absolute path with `.` and `..` resolved, symbolic links in the existing part followed.
fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut clean = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other.as_os_str()),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    Ok(real)
}

impl Staging {
    /// A fresh staging folder beside `out` (same filesystem, so the swap is a rename).
    pub fn create(out: &Path, guard: Option<Guard>) -> std::io::Result<Staging> {
        let parent = out
            .parent()
            .ok_or_else(|| std::io::Error::other("output has no parent folder"))?;
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(MARKER),
            "This folder is written by gongkai and replaced by each build.\n",
        )?;
        Ok(Staging { dir, guard })
    }

    /// Copy a folder (a theme's static files) to `rel` in the staging folder.
    pub fn copy_tree(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        if !from.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
            let entry = entry.map_err(|e| io_diag("theme", &std::io::Error::other(e)))?;
            if entry.file_type().is_file() {
                let sub = crate::source::rel_path(from, entry.path());
                self.copy(&format!("{rel}/{sub}"), entry.path())?;
            }
        }
        Ok(())
    }

    /// Swap the staging folder in for `out`; the old output is removed afterwards.
    pub fn commit(self, out: &Path) -> std::io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            out.file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_old = out.exists();
        if had_old {
            std::fs::rename(out, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, out) {
            if had_old {
                let _ = std::fs::rename(&old, out);
            }
            return Err(e);
        }
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Remove the staging folder; the previous output is untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    fn target(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = Path::new(rel);
        if path.is_absolute()
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Diagnostic::error(
                codes::PATH_ESCAPE,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_diag(rel, &e))?;
        }
        Ok(target)
    }
}

fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::CONFIG,
        format!("无法写入输出文件 {rel}: {e} (cannot write output)"),
    )
    .help("检查输出文件夹的权限和磁盘空间")
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(g) = &self.guard
            && let Some(found) = g.find(bytes)
        {
            return Err(Diagnostic::error(
                codes::LEAK,
                format!("构建中止：页面 {rel} 含有不予公开或依申请公开的内容“{found}”，未写出任何文件 (withheld text in output)"),
            )
            .help("这是 gongkai 的缺陷或模板问题，请报告；网站保持上次构建的状态"));
        }
        let target = self.target(rel)?;
        std::fs::write(&target, bytes).map_err(|e| io_diag(rel, &e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let target = self.target(rel)?;
        std::fs::copy(from, &target)
            .map(|_| ())
            .map_err(|e| io_diag(rel, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_out_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        assert!(check_out_dir(Path::new("/"), &root).is_err());
        assert!(check_out_dir(&root, &root).is_err());
        assert!(check_out_dir(dir.path(), &root).is_err());
        assert!(check_out_dir(&root.join("content"), &root).is_err());
        assert!(check_out_dir(&root.join("content/a/out"), &root).is_err());
        assert!(check_out_dir(&root.join("content/../content"), &root).is_err());
        assert!(check_out_dir(&root.join("public"), &root).is_ok());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
        assert!(
            check_out_dir(&root.join("mine"), &root)
                .unwrap_err()
                .contains("not made by gongkai")
        );
    }
}
