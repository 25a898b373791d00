//! An editor's first day (issue "An editor's first day"), walked with real commands on a site
//! `init` made, in a real git repository: `check` as a to-do list saved to a file, for one
//! file, errors only; the pre-commit hook stopping a commit and saying so, then letting the
//! fixed one in.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{TODAY, git, gongkai_in as gongkai};

/// `init`'s site, a repository with its first commit.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let (status, _, err) = gongkai(tmp.path(), &["init", site.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    git(&site, "2026-11-01", &["init", "-q", "-b", "main"]);
    git(&site, "2026-11-01", &["add", "-A"]);
    git(&site, "2026-11-01", &["commit", "-q", "-m", "建站"]);
    (tmp, site)
}

fn notice(site: &Path, rel: &str, written: &str) {
    let text = format!(
        "---\ntitle: 关于做好2026年冬季供暖工作的通知\nindex_no: 00000000-0/2026-00002\nissuer: 示例县人民政府办公室\ncategory: zcwj\npublished: 2026-11-20\nwritten: {written}\nattribute: 主动公开\n---\n\n各乡镇人民政府，县直各部门：现将冬季供暖有关事项通知如下。\n"
    );
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn check_is_a_to_do_list_kept_in_a_file() {
    let (_tmp, site) = new_site();
    // `gongkai check > 问题清单.txt`, as an editor types it.
    let list = site.join("问题清单.txt");
    let status = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(&site)
        .args(["--root", ".", "--today", TODAY, "check"])
        .stdout(std::fs::File::create(&list).unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let kept = std::fs::read_to_string(&list).unwrap();
    let summary = String::from_utf8_lossy(&status.stderr);
    assert!(
        !kept.is_empty(),
        "the list went to standard error: {summary}"
    );
    // A new site's many empty columns are one line with their names, not one line each.
    assert_eq!(kept.matches("warning[empty-category]").count(), 1, "{kept}");
    let folded = kept
        .lines()
        .find(|l| l.starts_with("warning[empty-category]"))
        .unwrap();
    assert!(folded.contains("空白栏目 "), "{folded}");
    assert!(folded.contains(" 个："), "{folded}");
    assert!(kept.contains("gongkai check --verbose"), "{kept}");
    assert!(summary.contains("错误 0 个，警告 "), "{summary}");
    assert!(
        !kept.contains("错误 0 个"),
        "the count is not part of the list"
    );
    // `--verbose` lists each column.
    let (_, verbose, _) = gongkai(&site, &["check", "--verbose"]);
    let each = verbose.matches("warning[empty-category]").count();
    assert!(each > 3, "{verbose}");
    let count = format!("空白栏目 {each} 个：");
    assert!(folded.contains(&count), "{folded} vs {each}");
}

#[test]
fn check_takes_files_and_shows_errors_only_when_asked() {
    let (_tmp, site) = new_site();
    let rel = "content/zcwj/2026/002.md";
    notice(&site, rel, "2026-11-31");
    // One file: its findings, none of the columns'.
    let (status, out, err) = gongkai(&site, &["check", rel]);
    assert_eq!(status, 1, "{out}{err}");
    assert!(out.contains("── content/zcwj/2026/002.md"), "{out}");
    assert!(!out.contains("empty-category"), "{out}");
    assert!(!err.contains("unexpected argument"), "{err}");
    // The hint names the real mistake: November has 30 days.
    assert!(
        out.contains("2026 年 11 月只有 30 天：是不是 `2026-11-30`？"),
        "{out}"
    );
    assert!(out.contains("字段：成文日期 (written)"), "{out}");
    // A folder holds it; a path from where the editor stands works as well.
    let (_, by_folder, _) = gongkai(&site, &["check", "content/zcwj"]);
    assert!(
        by_folder.contains("content/zcwj/2026/002.md"),
        "{by_folder}"
    );
    let (_, from_inside, _) = {
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .current_dir(site.join("content/zcwj/2026"))
            .args(["--root", "../../..", "--today", TODAY, "check", "002.md"])
            .output()
            .unwrap();
        (0, String::from_utf8_lossy(&out.stdout).into_owned(), ())
    };
    assert!(
        from_inside.contains("content/zcwj/2026/002.md"),
        "{from_inside}"
    );
    // A path that is not there is said so, in Chinese.
    let (status, _, err) = gongkai(&site, &["check", "content/没有这个文件.md"]);
    assert_eq!(status, 2);
    assert!(err.contains("找不到 content/没有这个文件.md"), "{err}");
    // Errors only.
    let (_, errors, _) = gongkai(&site, &["check", "--level", "error"]);
    assert!(errors.contains("error["), "{errors}");
    assert!(!errors.contains("warning["), "{errors}");
}

#[test]
fn the_hook_says_the_commit_was_cancelled_and_lets_the_fixed_one_in() {
    let (_tmp, site) = new_site();
    git(
        &site,
        "2026-11-20",
        &["config", "core.hooksPath", ".githooks"],
    );
    let commit = |message: &str| support::commit_with_hooks(&site, message);
    let rel = "content/zcwj/2026/002.md";
    notice(&site, rel, "2026-11-31");
    git(&site, "2026-11-20", &["add", "-A"]);
    let refused = commit("发布冬季供暖通知");
    let said = String::from_utf8_lossy(&refused.stderr).into_owned()
        + &String::from_utf8_lossy(&refused.stdout);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("error[invalid-date]"), "{said}");
    assert!(
        said.contains("提交已取消：改正上面的错误后重新 git add、git commit"),
        "{said}"
    );
    notice(&site, rel, "2026-11-18");
    git(&site, "2026-11-20", &["add", "-A"]);
    let taken = commit("发布冬季供暖通知");
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
}

#[test]
fn a_build_says_nothing_an_editor_cannot_read() {
    let (_tmp, site) = new_site();
    let (status, out, err) = gongkai(&site, &["build", "--out", "public"]);
    assert_eq!(status, 0, "{err}");
    // Nothing was exempted from the secret check: nothing is said about it.
    assert!(!out.contains("保密检查"), "{out}");
    assert!(!out.contains("exempted"), "{out}");
    assert!(out.contains("已生成"), "{out}");
}

#[test]
fn a_misspelt_key_is_one_error_at_its_own_line_and_its_hint_fixes_it() {
    let (_tmp, site) = new_site();
    let rel = "content/zcwj/2026/002.md";
    notice(&site, rel, "2026-11-18");
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("published:", "publised:")).unwrap();
    let (status, out, _) = gongkai(&site, &["check", rel, "--format", "json"]);
    assert_eq!(status, 1);
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let errors: Vec<&serde_json::Value> =
        found.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{out}");
    assert_eq!(errors[0]["code"], "unknown-field");
    assert_eq!(errors[0]["line"], 6, "at the misspelt key's own line");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains("是不是必填字段 `published`（发布日期）"),
        "{message}"
    );
    // Doing what the hint says fixes it.
    assert!(
        message.contains("把 `publised:` 改成 `published:`"),
        "{message}"
    );
    std::fs::write(&path, text).unwrap();
    let (status, out, _) = gongkai(&site, &["check", rel, "--level", "error"]);
    assert_eq!(status, 0, "{out}");
}

#[test]
fn interprets_by_title_is_offered_the_index_number() {
    let (_tmp, site) = new_site();
    notice(&site, "content/zcwj/2026/002.md", "2026-11-18");
    let (status, rel, err) = gongkai(
        &site,
        &[
            "new",
            "--issuer",
            "示例县人民政府办公室",
            "--category",
            "政策解读",
            "--interprets",
            "《关于做好2026年冬季供暖工作的通知》",
            "关于做好2026年冬季供暖工作的通知的解读",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let rel = rel.trim().to_string();
    let path = site.join(&rel);
    let written = std::fs::read_to_string(&path).unwrap();
    // Written as done: no draft line, a body.
    let done = written.replace("draft: true\n", "").replace(
        "【待填写】在此写正文。写完后删去上面的 `draft: true` 一行，文件才会发布。",
        "一、出台背景。",
    );
    std::fs::write(&path, &done).unwrap();
    let (status, out, _) = gongkai(&site, &["check", &rel]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("error[dangling-interprets]"), "{out}");
    assert!(
        out.contains("是一份文件的标题：是不是 `00000000-0/2026-00002`？"),
        "{out}"
    );
    std::fs::write(
        &path,
        done.replace(
            "\"《关于做好2026年冬季供暖工作的通知》\"",
            "\"00000000-0/2026-00002\"",
        ),
    )
    .unwrap();
    let (status, out, _) = gongkai(&site, &["check", &rel, "--level", "error"]);
    assert_eq!(status, 0, "{out}");
}

#[test]
fn the_starter_site_passes_and_speaks_chinese() {
    let (_tmp, site) = new_site();
    // No error on a new site: CI publishes it from the first push.
    let (status, out, err) = gongkai(&site, &["check", "--level", "error"]);
    assert_eq!(status, 0, "{out}{err}");
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(toml.contains("name = \"通知公告\""), "a 通知公告 column");
    assert!(toml.contains("[issuers.office]"));
    // Every comment is Chinese: no run of three English words.
    let english = regex_lite_words(&toml);
    assert!(english.is_empty(), "English comments: {english:?}");
    // The guide's office is the one site.toml declares.
    let guide = std::fs::read_dir(site.join("content/xzfb"))
        .unwrap()
        .flatten()
        .flat_map(|y| std::fs::read_dir(y.path()).unwrap().flatten())
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .find(|t| t.contains("信息公开指南"))
        .unwrap();
    for line in toml
        .lines()
        .skip_while(|l| !l.starts_with("[issuers.office]"))
        .skip(1)
    {
        let Some((key, value)) = line.split_once(" = ") else {
            break;
        };
        if matches!(key, "address" | "phone" | "email" | "hours") {
            let value = value.trim_matches('"');
            assert!(guide.contains(value), "{key} {value} not in the guide");
        }
    }
    // CI publishes from the default branch, and a failed install is never hidden.
    for ci in [".gitlab-ci.yml", ".forgejo/workflows/publish.yml"] {
        let text = std::fs::read_to_string(site.join(ci)).unwrap();
        assert!(!text.contains("|| true"), "{ci}");
        assert!(
            !text.contains("== \"main\"") && !text.contains("refs/heads/main'"),
            "{ci}"
        );
        assert!(
            text.contains("gongkai check\n"),
            "{ci}: check stops a publish"
        );
    }
}

/// Comment lines of `text` holding three English words in a row.
fn regex_lite_words(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.split_once('#').map(|(_, c)| c))
        .filter(|c| {
            c.split(' ').collect::<Vec<_>>().windows(3).any(|w| {
                w.iter()
                    .all(|x| x.len() >= 2 && x.chars().all(|ch| ch.is_ascii_alphabetic()))
            })
        })
        .collect()
}
