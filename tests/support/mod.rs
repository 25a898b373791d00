//! The one helper every integration test uses: copy a fixture site to a temporary folder, run
//! the real `gongkai` binary on it, and read what it wrote.
#![allow(dead_code)]

pub mod leak;
pub mod office;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TODAY: &str = "2026-11-22";

/// A fixture site copied to a temporary folder, so tests never write into the repository.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What one run of the binary produced.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `check --format json` output as values.
    pub fn json(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl SiteTest {
    /// Copy `tests/sites/<name>` (or the demo site when `name` is `"demo"`).
    pub fn new(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        if name == "demo" {
            for part in [
                "site.toml",
                "content",
                "themes",
                "applications",
                "reports",
                "identity",
            ] {
                copy(&repo().join(part), &root.join(part));
            }
        } else {
            copy(&repo().join("tests/sites").join(name), &root);
        }
        SiteTest { _dir: dir, root }
    }

    /// Copy the site in `dir` (relative to the repository); a `commits.txt` there makes the
    /// copy a git repository with those commits ([`git_history`]).
    pub fn copy_of(dir: &str) -> SiteTest {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        copy(&repo().join(dir), &root);
        if root.join("commits.txt").is_file() {
            git_history(&root, &read(&root.join("commits.txt")));
        }
        SiteTest { _dir: tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Run `gongkai --root <site> --today TODAY <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--today", TODAY];
        all.extend_from_slice(args);
        self.run_raw(&all)
    }

    /// Run `gongkai --root <site> <args>`.
    pub fn run_raw(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run gongkai");
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Build into `<site>/public` and insist it succeeded.
    pub fn build(&self) -> PathBuf {
        let run = self.run(&["build"]);
        assert_eq!(run.status, 0, "build failed:\n{}", run.stderr);
        self.path("public")
    }
}

pub fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes </main>");
    &html[start..end]
}

/// A valid resident ID number made here (check digit computed), so no real person's.
pub fn valid_id() -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let prefix = "99990019800101234";
    let sum: u32 = prefix
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{prefix}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Run gongkai in `dir` (`--root .`) with `--today` [`TODAY`], as an editor in the site's
/// folder does: (status, stdout, stderr).
pub fn gongkai_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(dir)
        .args(["--root", ".", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `git commit -q -m message` in `dir` as an editor runs it, its hooks finding this gongkai
/// on the PATH (with `--today` [`TODAY`]).
pub fn commit_with_hooks(dir: &Path, message: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_gongkai")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=编辑", "-c", "user.email=editor@example.cn"])
        .args(["commit", "-q", "-m", message])
        .env("PATH", path)
        .env("GONGKAI_TODAY", TODAY)
        .output()
        .unwrap()
}

/// Run git in `dir` with commit dates `date` (YYYY-MM-DD, noon in China).
pub fn git(dir: &Path, date: &str, args: &[&str]) {
    let stamp = format!("{date}T12:00:00+08:00");
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=编辑",
            "-c",
            "user.email=editor@example.cn",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Make `dir` a git repository with the commits `plan` lists, one per line as
/// `date | subject | path path …` (`#` comments; `path=source` commits `source`'s text as
/// `path`); the first commit also adds every file no line names except those under
/// content/, which stay uncommitted unless named.
pub fn git_history(dir: &Path, plan: &str) {
    git(dir, "2026-01-01", &["init", "-q", "-b", "main"]);
    let lines: Vec<Vec<&str>> = plan
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    // The fixture's own text of each file an earlier version stands in for: put back when a
    // later line commits the plain path.
    let current: BTreeMap<String, Vec<u8>> = lines
        .iter()
        .flat_map(|p| p[2].split_whitespace())
        .filter_map(|f| f.split_once('=').map(|(path, _)| path.to_string()))
        .filter_map(|path| std::fs::read(dir.join(&path)).ok().map(|b| (path, b)))
        .collect();
    for (i, parts) in lines.iter().enumerate() {
        let (date, subject, files) = (parts[0], parts[1], parts[2]);
        for f in files.split_whitespace() {
            if let Some(bytes) = current.get(f) {
                std::fs::write(dir.join(f), bytes).unwrap();
            }
        }
        for f in files.split_whitespace() {
            // `path=source`: commit `source`'s text as `path` (an earlier version).
            let path = match f.split_once('=') {
                Some((path, source)) => {
                    let target = dir.join(path);
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::copy(dir.join(source), target).unwrap();
                    path
                }
                None => f,
            };
            git(dir, date, &["add", "-A", "--", path]);
        }
        if i == 0 {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name != ".git" && name != "content" {
                    git(dir, date, &["add", "-A", "--", &name]);
                }
            }
        }
        git(dir, date, &["commit", "-q", "--allow-empty", "-m", subject]);
    }
}
