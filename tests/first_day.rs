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

/// English that an editor should never meet in a message: words of the old messages, and
/// clap's and the system's own (codes and options stay English).
const LEFTOVERS: &[&str] = &[
    "front matter",
    "field:",
    "did you mean",
    "known:",
    "known：",
    "error:",
    "(built ",
    "build failed",
    "unexpected argument",
    "Address already in use",
    "No such file",
];

fn english_left(said: &str) -> Vec<&'static str> {
    LEFTOVERS
        .iter()
        .copied()
        .filter(|l| said.contains(l))
        .collect()
}

/// The first day whole, as the editor walked it: a notice from the 通知 template, its gaps
/// left and then filled, a typo fixed from its hint, a name list attached with full ID
/// numbers and then masked, the findings kept in a file, the commit stopped and then taken.
/// Every message met is Chinese and carries its fix.
#[test]
fn the_first_day_walked_whole() {
    let (_tmp, site) = new_site();
    git(
        &site,
        "2026-11-20",
        &["config", "core.hooksPath", ".githooks"],
    );
    let met = std::cell::RefCell::new(String::new());
    let run = |args: &[&str]| {
        let (status, out, err) = gongkai(&site, args);
        met.borrow_mut().push_str(&out);
        met.borrow_mut().push_str(&err);
        (status, out, err)
    };
    // A notice from the template the site keeps under templates/new/.
    assert!(site.join("templates/new/通知.md").is_file());
    let (status, out, err) = run(&[
        "new",
        "--issuer",
        "示例县人民政府办公室",
        "--category",
        "通知公告",
        "--template",
        "通知",
        "关于做好冬季供暖工作的通知",
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(err.contains("它是草稿"), "{err}");
    let rel = out.trim().to_string();
    let path = site.join(&rel);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("draft: true"), "{written}");
    assert!(
        written.contains("各乡镇人民政府，县直各单位："),
        "{written}"
    );
    // A template the site does not have is named with those it has.
    let (status, _, err) = run(&[
        "new",
        "--issuer",
        "示例县人民政府办公室",
        "--category",
        "通知公告",
        "--template",
        "会议纪要",
        "标题",
    ]);
    assert_ne!(status, 0);
    assert!(
        err.contains("没有名为「会议纪要」的模板")
            && err.contains("公示、")
            && err.contains("通知"),
        "{err}"
    );

    // Marked done with its gaps still open: placeholder-left, with what to do.
    let undrafted = written.replace("draft: true\n", "");
    std::fs::write(&path, &undrafted).unwrap();
    let (status, out, _) = run(&["check", &rel]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("error[placeholder-left]"), "{out}");
    assert!(out.contains("写完所有标为【待填写】的部分"), "{out}");

    // The gaps filled, and a typo in a key: one error, its hint the fix.
    let filled = undrafted
        .replace("【待填写】", "做好今冬供暖保障")
        .replace("published:", "publised:");
    std::fs::write(&path, &filled).unwrap();
    let (_, out, _) = run(&["check", &rel, "--level", "error"]);
    assert_eq!(out.matches("error[").count(), 1, "{out}");
    assert!(
        out.contains("是不是必填字段 `published`（发布日期）？"),
        "{out}"
    );
    assert!(out.contains("把 `publised:` 改成 `published:`"), "{out}");
    std::fs::write(&path, filled.replace("publised:", "published:")).unwrap();
    let (status, out, err) = run(&["check", &rel, "--level", "error"]);
    assert_eq!(status, 0, "{out}{err}");

    // A name list with full ID numbers attached: an error, and how to mask them.
    let id = support::valid_id();
    let dir = path.parent().unwrap();
    support::office::xlsx(
        &dir.join("低保名单.xlsx"),
        "名单",
        &[&["姓名", "身份证号"], &["张三", &id]],
    );
    let attached = std::fs::read_to_string(&path).unwrap().replacen(
        "---\n",
        "---\nattachments: [低保名单.xlsx]\n",
        1,
    );
    std::fs::write(&path, &attached).unwrap();
    // The findings are a to-do list, kept in a file.
    let list = site.join("问题清单.txt");
    let kept = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(&site)
        .args(["--root", ".", "--today", TODAY, "check", "--level", "error"])
        .stdout(std::fs::File::create(&list).unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(kept.status.code(), Some(1));
    let todo = std::fs::read_to_string(&list).unwrap();
    met.borrow_mut().push_str(&todo);
    met.borrow_mut()
        .push_str(&String::from_utf8_lossy(&kept.stderr));
    assert!(todo.contains("error[personal-data]"), "{todo}");
    assert!(todo.contains("低保名单.xlsx"), "{todo}");
    assert!(todo.contains("工作表「名单」B2"), "{todo}");
    assert!(todo.contains("公开前在附件中"), "{todo}");
    assert!(
        !todo.contains(&id),
        "the list never repeats the number whole"
    );

    // The commit is stopped, and says so; with the number masked, it is taken.
    git(&site, "2026-11-20", &["add", "-A"]);
    let refused = support::commit_with_hooks(&site, "发布冬季供暖通知");
    let said = String::from_utf8_lossy(&refused.stderr).into_owned()
        + &String::from_utf8_lossy(&refused.stdout);
    met.borrow_mut().push_str(&said);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("提交已取消"), "{said}");
    let masked = format!("{}********{}", &id[..6], &id[14..]);
    support::office::xlsx(
        &dir.join("低保名单.xlsx"),
        "名单",
        &[&["姓名", "身份证号"], &["张三", &masked]],
    );
    git(&site, "2026-11-20", &["add", "-A"]);
    let taken = support::commit_with_hooks(&site, "发布冬季供暖通知");
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    let (status, out, err) = run(&["build", "--out", "public"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("已生成"), "{out}");
    let met = met.into_inner();
    assert!(
        english_left(&met).is_empty(),
        "{:?} in:\n{met}",
        english_left(&met)
    );
}

/// Every command's messages, in the ways an editor gets them wrong, hold none of the
/// English leftovers.
#[test]
fn every_command_speaks_chinese() {
    let (tmp, site) = new_site();
    let mut said = String::new();
    let mut run = |dir: &Path, args: &[&str]| {
        let (_, out, err) = gongkai(dir, args);
        said.push_str(&format!("$ gongkai {}\n{out}{err}\n", args.join(" ")));
    };
    // The annual report before its data file is written.
    run(&site, &["report", "annual", "--year", "2025"]);
    // A bad site: a typo'd key, an unknown column and issuer, an impossible date.
    std::fs::write(
        site.join("content/坏.md"),
        "---\ntitle: 坏文件\nindex_no: x\nissuer: 不存在的局\ncategory: 不存在的栏目\npublised: 2026-11-31\nattribute: 主动公开\n---\n\n正文\n",
    )
    .unwrap();
    let s = site.as_path();
    run(s, &["check"]);
    run(s, &["check", "--level", "error", "--verbose"]);
    run(s, &["check", "content/没有这个文件.md"]);
    run(s, &["build", "--out", "public"]);
    run(
        s,
        &[
            "new",
            "--issuer",
            "不存在",
            "--category",
            "通知公告",
            "标题",
        ],
    );
    run(
        s,
        &[
            "new",
            "--issuer",
            "示例县人民政府办公室",
            "--category",
            "通知公",
            "标题",
        ],
    );
    run(
        s,
        &[
            "new",
            "--issuer",
            "示例县人民政府办公室",
            "--category",
            "通知公告",
            "--written",
            "2026-02-30",
            "标题",
        ],
    );
    run(
        s,
        &[
            "new",
            "--issuer",
            "示例县人民政府办公室",
            "--category",
            "通知公告",
            "--template",
            "纪要",
            "标题",
        ],
    );
    run(s, &["review", "content/没有.pdf", "--by", "王五"]);
    run(s, &["import", "没有.docx", "--category", "通知公告"]);
    run(s, &["stats", "--from", "2026-13-01"]);
    run(s, &["check", "--no-such-option"]);
    run(tmp.path(), &["init", site.to_str().unwrap()]);
    let left = english_left(&said);
    assert!(left.is_empty(), "{left:?} in:\n{said}");
    assert!(said.contains("是不是"), "{said}");
    // The annual report says a missing data file is missing, not incomplete.
    assert!(said.contains("还没有 reports/2025.toml"), "{said}");
    assert!(said.contains("用法：gongkai check"), "{said}");
}
