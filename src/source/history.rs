//! Git is the audit trail (SPEC §12): when each file of `content/` entered the repository and
//! every later commit that changed it, on the first-parent line, renames followed — read with
//! one `git log` (the `git` CLI: docs/decisions.md), NUL-separated so that Chinese file names
//! come through unquoted. No repository, a shallow clone or no `git` gives no history and one
//! notice, never an error.

use crate::date::Date;
use crate::hash::FastMap;
use std::path::Path;
use std::process::Command;

/// One commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The committer date, in China Standard Time.
    pub date: Date,
    pub subject: String,
    pub id: String,
    /// The file's path in this commit (relative to the repository's top).
    pub path: String,
}

/// A file's history: the commit that added it, then those that changed it, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHistory {
    pub commits: Vec<Commit>,
    /// For a file changed since: its `published` and `index_no` as first committed.
    pub first_published: Option<String>,
    pub first_index_no: Option<String>,
}

impl FileHistory {
    /// The commit that added the file.
    pub fn first(&self) -> Option<&Commit> {
        self.commits.first()
    }

    /// The commits after the first.
    pub fn changes(&self) -> &[Commit] {
        self.commits.get(1..).unwrap_or(&[])
    }

    pub fn last(&self) -> Option<&Commit> {
        self.commits.last()
    }
}

/// The history of every committed file of the site, by its path relative to the site root
/// (`content/jyj/2026/001.md`).
#[derive(Debug, Default, Clone)]
pub struct History {
    pub files: FastMap<String, FileHistory>,
    /// Whether the site is in a git work tree with its full history: only then do files
    /// missing from `files` count as uncommitted.
    pub available: bool,
    /// Why there is no history, said once.
    pub notice: Option<String>,
}

/// What 更新记录 shows in place of a subject that holds a secret (SPEC §15).
pub const HIDDEN_SUBJECT: &str = "（本次更新说明不公开）";

impl History {
    pub fn of(&self, rel: &str) -> Option<&FileHistory> {
        self.files.get(rel)
    }

    /// Show [`HIDDEN_SUBJECT`] for the commit `id` in the history of `rel`.
    pub fn hide_subject(&mut self, rel: &str, id: &str) {
        if let Some(h) = self.files.get_mut(rel) {
            for c in h.commits.iter_mut().filter(|c| c.id == id) {
                c.subject = HIDDEN_SUBJECT.to_string();
            }
        }
    }

    fn none(notice: String) -> History {
        History {
            notice: Some(notice),
            ..History::default()
        }
    }
}

fn git(root: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=false"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()
}

fn stdout(out: &std::process::Output) -> Option<String> {
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// The commit HEAD names, when `root` is in a repository that has one: `serve` reads the
/// history again when it moves (a commit made while previewing).
pub fn head(root: &Path) -> Option<String> {
    git(root, &["rev-parse", "-q", "--verify", "HEAD"]).and_then(|o| stdout(&o))
}

/// The repository's own folder (`.git`), watched by `serve` for commits.
pub fn git_dir(root: &Path) -> Option<std::path::PathBuf> {
    git(root, &["rev-parse", "--absolute-git-dir"])
        .and_then(|o| stdout(&o))
        .map(std::path::PathBuf::from)
}

/// Read the history of `root`'s `content/`.
pub fn read(root: &Path) -> History {
    let Some(inside) = git(root, &["rev-parse", "--is-inside-work-tree"]) else {
        return History::none("未找到 git 命令，不使用提交历史 (git not found: no history)".into());
    };
    if stdout(&inside).as_deref() != Some("true") {
        return History::none(
            "站点不在 git 仓库中，不使用提交历史 (not a git work tree: no history)".into(),
        );
    }
    if git(root, &["rev-parse", "--is-shallow-repository"])
        .and_then(|o| stdout(&o))
        .as_deref()
        == Some("true")
    {
        return History::none(
            "这是浅克隆（shallow clone），提交历史不完整，不使用；CI 中请取完整历史（fetch-depth: 0 / GIT_DEPTH: 0） (shallow clone: no history)".into(),
        );
    }
    // A site whose content/ git ignores (a generated site inside another repository) has
    // no history of its own.
    if git(root, &["check-ignore", "-q", "content"]).is_some_and(|o| o.status.success()) {
        return History::none(
            "content/ 被 git 忽略，不使用提交历史 (content/ is ignored by git: no history)".into(),
        );
    }
    // Paths in the log are relative to the repository's top; the site may be a folder in it.
    let prefix = git(root, &["rev-parse", "--show-prefix"])
        .and_then(|o| stdout(&o))
        .unwrap_or_default();
    let has_head =
        git(root, &["rev-parse", "--verify", "-q", "HEAD"]).is_some_and(|o| o.status.success());
    if !has_head {
        // A repository with no commit yet: every file is uncommitted.
        return History {
            available: true,
            ..History::default()
        };
    }
    let Some(log) = git(
        root,
        &[
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "-M",
            "--name-status",
            "-z",
            "--format=%x01%H%x02%ct%x02%s",
            "--",
            "content",
        ],
    )
    .filter(|o| o.status.success()) else {
        return History::none("无法读取 git 提交历史，不使用 (git log failed: no history)".into());
    };
    let mut files = parse(&String::from_utf8_lossy(&log.stdout), &prefix);
    // Files edited since their last commit are compared with their first version too: the
    // pre-commit hook judges what is about to be committed.
    let edited: Vec<String> = git(
        root,
        &["diff", "--name-only", "-z", "HEAD", "--", "content"],
    )
    .filter(|o| o.status.success())
    .map(|o| {
        String::from_utf8_lossy(&o.stdout)
            .split('\0')
            .filter_map(|p| p.strip_prefix(prefix.as_str()))
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default();
    let notice = first_versions(root, &mut files, &edited).err();
    History {
        files,
        available: true,
        notice,
    }
}

/// The front matter of each changed file as first committed (`published`, `index_no`), read
/// through one `git cat-file --batch`: what `published-changed` and `index-no-changed`
/// compare with. When git cannot give them all, the notice says so (those rules then see
/// fewer first versions: loud, never a silent pass).
fn first_versions(
    root: &Path,
    files: &mut FastMap<String, FileHistory>,
    edited: &[String],
) -> Result<(), String> {
    let short = |why: &str| {
        format!(
            "读取 git 中文件的首个版本时{why}：published-changed 和 index-no-changed 没有检查全部文件 (git's first versions could not all be read)"
        )
    };
    use std::io::{BufRead, Read, Write};
    let mut wanted: Vec<(&String, String)> = files
        .iter()
        .filter(|(rel, h)| h.commits.len() > 1 || edited.contains(rel))
        .filter_map(|(rel, h)| h.first().map(|c| (rel, format!("{}:{}", c.id, c.path))))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    wanted.sort();
    let Ok(mut child) = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return Err(short("无法运行 git cat-file"));
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let names: Vec<String> = wanted.iter().map(|(_, n)| n.clone()).collect();
    // Written from a thread, so that a full pipe cannot stall both sides.
    let feeder = std::thread::spawn(move || {
        for n in names {
            if writeln!(stdin, "{n}").is_err() {
                break;
            }
        }
    });
    let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut found: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut ended = Ok(());
    for (rel, _) in &wanted {
        let mut header = String::new();
        if out.read_line(&mut header).unwrap_or(0) == 0 {
            ended = Err(short("git 提前结束"));
            break;
        }
        // `<id> blob <size>`, or `<name> missing`.
        let size = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse::<usize>().ok());
        let Some(size) = size else { continue };
        let mut blob = vec![0; size + 1]; // and the newline after it
        if out.read_exact(&mut blob).is_err() {
            ended = Err(short("读到的内容不完整"));
            break;
        }
        let text = String::from_utf8_lossy(&blob[..size]);
        found.push((
            (*rel).clone(),
            crate::frontmatter::peek(&text, crate::frontmatter::Field::Published),
            crate::frontmatter::peek_index_no(&text),
        ));
    }
    // A feeder that panicked left the readings short: an error, not a shorter history.
    if let Err(panic) = feeder.join() {
        std::panic::resume_unwind(panic);
    }
    let _ = child.wait();
    for (rel, published, index_no) in found {
        if let Some(h) = files.get_mut(&rel) {
            h.first_published = published;
            h.first_index_no = index_no;
        }
    }
    ended
}

/// The files changed since `rev` (default `HEAD`: staged and unstaged changes), and those
/// not yet tracked, relative to the site root: what `check --changed` reports on.
pub fn changed(root: &Path, rev: Option<&str>) -> Result<Vec<String>, String> {
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"])
        .ok_or("未找到 git 命令 (git not found)")?;
    if stdout(&inside).as_deref() != Some("true") {
        return Err("--changed 需要 git：站点不在 git 仓库中 (not a git work tree)".into());
    }
    let rev = rev.filter(|r| !r.is_empty()).unwrap_or("HEAD");
    let has_head =
        git(root, &["rev-parse", "--verify", "-q", "HEAD"]).is_some_and(|o| o.status.success());
    let mut out = Vec::new();
    if has_head || rev != "HEAD" {
        let diff = git(
            root,
            &["diff", "--name-only", "-z", "--relative", rev, "--"],
        )
        .filter(|o| o.status.success())
        .ok_or_else(|| format!("无法比较 {rev}：不是有效的提交 (git diff failed)"))?;
        out.extend(
            String::from_utf8_lossy(&diff.stdout)
                .split('\0')
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
    }
    // Before the first commit, everything staged is new too.
    let listing: &[&str] = if has_head {
        &["ls-files", "--others", "--exclude-standard", "-z"]
    } else {
        &[
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ]
    };
    let untracked = git(root, listing)
        .filter(|o| o.status.success())
        .ok_or("无法列出未跟踪的文件 (git ls-files failed)")?;
    out.extend(
        String::from_utf8_lossy(&untracked.stdout)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    );
    out.sort();
    out.dedup();
    Ok(out)
}

/// The log (newest commit first) folded into each present file's history, renames followed:
/// a path renamed later belongs to the file it became.
fn parse(log: &str, prefix: &str) -> FastMap<String, FileHistory> {
    // Path at this point of the walk (going back in time) → the path it has now; `None` for
    // a path deleted later (its older history belongs to no present file).
    let mut now_of: FastMap<String, Option<String>> = FastMap::default();
    let mut out: FastMap<String, FileHistory> = FastMap::default();
    let mut commit: Option<Commit> = None;
    let mut tokens = log
        .split('\0')
        .map(|t| t.trim_start_matches('\n'))
        .peekable();
    let present = |now_of: &FastMap<String, Option<String>>, path: &str| -> Option<String> {
        match now_of.get(path) {
            Some(p) => p.clone(),
            None => Some(path.to_string()),
        }
    };
    while let Some(token) = tokens.next() {
        if let Some(header) = token.strip_prefix('\u{1}') {
            let mut parts = header.splitn(3, '\u{2}');
            let id = parts.next().unwrap_or_default().to_string();
            let secs: i64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let subject = parts.next().unwrap_or_default().to_string();
            commit = Some(Commit {
                date: Date::from_days((secs + 8 * 3600).div_euclid(86_400)),
                subject,
                id,
                path: String::new(),
            });
            continue;
        }
        let Some(c) = &commit else { continue };
        let status = token.chars().next();
        let mut record = |path: &str, now_of: &mut FastMap<String, Option<String>>| {
            if let Some(now) = present(now_of, path) {
                let entry = out.entry(now).or_default();
                // Newest first here; reversed at the end.
                entry.commits.push(Commit {
                    path: path.to_string(),
                    ..c.clone()
                });
            }
        };
        match status {
            Some('R') | Some('C') => {
                let (Some(old), Some(new)) = (tokens.next(), tokens.next()) else {
                    break;
                };
                record(new, &mut now_of);
                if status == Some('R') {
                    // Before this commit the file was `old`.
                    let now = present(&now_of, new);
                    now_of.insert(old.to_string(), now);
                    now_of.remove(new);
                    // `new` did not exist before this commit: older history under that name
                    // is another file's.
                    now_of.insert(new.to_string(), None);
                }
            }
            Some('D') => {
                let Some(path) = tokens.next() else { break };
                // Deleted later: what came before under this name is no present file's.
                now_of.insert(path.to_string(), None);
            }
            Some('A') => {
                let Some(path) = tokens.next() else { break };
                record(path, &mut now_of);
                // Before it was added, the name was free.
                now_of.insert(path.to_string(), None);
            }
            Some(_) => {
                let Some(path) = tokens.next() else { break };
                record(path, &mut now_of);
            }
            None => {}
        }
    }
    out.into_iter()
        .filter_map(|(path, mut h)| {
            h.commits.reverse();
            let rel = path.strip_prefix(prefix)?.to_string();
            Some((rel, h))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(id: &str, secs: i64, subject: &str) -> String {
        format!("\u{1}{id}\u{2}{secs}\u{2}{subject}\0\n")
    }

    #[test]
    fn renames_carry_history_and_deleted_names_do_not() {
        // Newest first: c3 renames a.md → b.md; c2 changes a.md and deletes old.md; c1 adds
        // a.md and old.md.
        let log = [
            header("c3", 1_770_000_000, "改名"),
            "R100\0content/a.md\0content/b.md\0".into(),
            header("c2", 1_760_000_000, "修改"),
            "M\0content/a.md\0D\0content/old.md\0".into(),
            header("c1", 1_750_000_000, "首次发布"),
            "A\0content/a.md\0A\0content/old.md\0".into(),
        ]
        .concat();
        let files = parse(&log, "");
        let b = &files["content/b.md"];
        let ids: Vec<&str> = b.commits.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c1", "c2", "c3"]);
        assert_eq!(b.first().unwrap().subject, "首次发布");
        assert!(!files.contains_key("content/a.md"));
        assert!(!files.contains_key("content/old.md"));
    }

    #[test]
    fn a_site_in_a_folder_of_the_repository() {
        let log = [header("c1", 0, "s"), "A\0site/content/x.md\0".into()].concat();
        let files = parse(&log, "site/");
        assert_eq!(
            files["content/x.md"].first().unwrap().date.to_string(),
            "1970-01-01"
        );
    }
}
