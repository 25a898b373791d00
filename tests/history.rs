//! Git is the audit trail (SPEC §12), on real repositories made in temporary folders with
//! their commit dates set (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE): history on the page, honest
//! dates, renames, shallow clones, no repository, `check --changed` and the pre-commit hook
//! of a site `init` wrote.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{TODAY, git, gongkai_in as gongkai, read};

/// A new site from `init` in a temporary folder, not yet a repository.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = gongkai(tmp.path(), &["init", site.to_str().unwrap()]);
    assert!(out.0 == 0, "{}", out.2);
    (tmp, site)
}

fn doc(dir: &Path, rel: &str, no: u32, published: &str, doc_no: &str) {
    let text = format!(
        "---\ntitle: 关于做好2026年冬季供暖工作的通知\nindex_no: 00000000-0/2026-{no:05}\nissuer: 示例县人民政府办公室\ncategory: zcwj\npublished: {published}\nattribute: 主动公开\ndoc_no: \"{doc_no}\"\n---\n\n各乡镇人民政府，县直各部门：现将冬季供暖有关事项通知如下。\n"
    );
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `init`'s site committed on 2026-11-01 as a repository.
fn repo_site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = init_site();
    git(&site, "2026-11-01", &["init", "-q", "-b", "main"]);
    git(&site, "2026-11-01", &["add", "-A"]);
    git(&site, "2026-11-01", &["commit", "-q", "-m", "建站"]);
    (tmp, site)
}

fn findings(dir: &Path, code: &str) -> Vec<serde_json::Value> {
    let (_, out, _) = gongkai(dir, &["check", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    all.into_iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn a_page_edited_twice_shows_its_history_and_the_sitemap_its_last_change() {
    let (_tmp, site) = repo_site();
    let rel = "content/xzfb/2026/002.md";
    doc(&site, rel, 2, "2026-11-03", "示政办发〔2026〕5号");
    git(&site, "2026-11-03", &["add", "-A"]);
    git(
        &site,
        "2026-11-03",
        &["commit", "-q", "-m", "发布冬季供暖通知"],
    );
    doc(&site, rel, 2, "2026-11-03", "示政办发〔2026〕6号");
    git(&site, "2026-11-05", &["commit", "-qam", "更正文号"]);
    std::fs::write(
        site.join(rel),
        read(&site.join(rel)) + "\n补充：供暖期为11月15日至次年3月15日。\n",
    )
    .unwrap();
    git(&site, "2026-11-09", &["commit", "-qam", "补充供暖期"]);
    let (code, _, err) = gongkai(&site, &["build", "--out", "public"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_dir(site.join("public/docs"))
        .unwrap()
        .flatten()
        .map(|e| read(&e.path()))
        .find(|p| p.contains("冬季供暖"))
        .unwrap();
    assert!(
        page.contains("更新日期：<time datetime=\"2026-11-09\">"),
        "no 更新日期"
    );
    let history = &page[page.find("更新记录</h2>").expect("no 更新记录")..];
    let (newer, older) = (
        history.find("补充供暖期").unwrap(),
        history.find("更正文号").unwrap(),
    );
    assert!(newer < older, "newest first");
    assert!(
        !history.contains("发布冬季供暖通知"),
        "the first commit is no change"
    );
    let sitemap = read(&site.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<lastmod>2026-11-09</lastmod>"),
        "{sitemap}"
    );
    // `history = false` hides it.
    let toml = read(&site.join("site.toml"));
    std::fs::write(site.join("site.toml"), format!("history = false\n{toml}")).unwrap();
    gongkai(&site, &["build", "--out", "public"]);
    let page = std::fs::read_dir(site.join("public/docs"))
        .unwrap()
        .flatten()
        .map(|e| read(&e.path()))
        .find(|p| p.contains("冬季供暖"))
        .unwrap();
    assert!(!page.contains("更新记录"));
}

#[test]
fn a_backdated_document_is_found_by_its_first_commit_and_a_rename_keeps_it() {
    let (_tmp, site) = repo_site();
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        "2026-10-01",
        "示政办发〔2026〕5号",
    );
    doc(
        &site,
        "content/xzfb/2026/003.md",
        3,
        "2026-11-08",
        "示政办发〔2026〕7号",
    );
    git(&site, "2026-11-10", &["add", "-A"]);
    git(&site, "2026-11-10", &["commit", "-q", "-m", "补录两份通知"]);
    let found = findings(&site, "published-backdated");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["file"], "content/xzfb/2026/002.md");
    assert!(found[0]["message"].as_str().unwrap().contains("早 40 天"));
    // Renamed (to a Chinese name) later: it still entered on 2026-11-10.
    git(
        &site,
        "2026-11-20",
        &[
            "mv",
            "content/xzfb/2026/002.md",
            "content/xzfb/2026/冬季供暖.md",
        ],
    );
    git(&site, "2026-11-20", &["commit", "-q", "-m", "改名"]);
    let found = findings(&site, "published-backdated");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["file"], "content/xzfb/2026/冬季供暖.md");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("2026-11-10 首次提交（补录两份通知）")
    );
    // history_from: files first committed before it are not judged.
    let toml =
        read(&site.join("site.toml")).replace("[rules]\n", "[rules]\nhistory_from = 2026-11-15\n");
    std::fs::write(site.join("site.toml"), toml).unwrap();
    assert!(findings(&site, "published-backdated").is_empty());
}

#[test]
fn late_publication_counts_to_the_first_commit_when_that_is_later() {
    let (_tmp, site) = repo_site();
    let rel = "content/xzfb/2026/002.md";
    doc(&site, rel, 2, "2026-09-02", "示政办发〔2026〕5号");
    let text = read(&site.join(rel)).replace("published:", "written: 2026-09-01\npublished:");
    std::fs::write(site.join(rel), text).unwrap();
    // On time by its `published`; committed two months later with history_from unset: the
    // first commit is the day it was really published.
    git(&site, "2026-11-10", &["add", "-A"]);
    git(&site, "2026-11-10", &["commit", "-q", "-m", "补发"]);
    let late = findings(&site, "late-publication");
    assert_eq!(late.len(), 1, "{late:#?}");
    assert!(
        late[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("进入仓库的日期 2026-11-10")
    );
}

#[test]
fn without_full_history_nothing_is_judged_and_one_notice_says_why() {
    // No repository.
    let (_tmp, site) = init_site();
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        "2026-01-05",
        "示政办发〔2026〕5号",
    );
    let (_, _, err) = gongkai(&site, &["check"]);
    assert_eq!(err.matches("不使用提交历史").count(), 1, "{err}");
    assert!(findings(&site, "published-backdated").is_empty());
    // A shallow clone of a repository where the document is backdated.
    let (tmp, site) = repo_site();
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        "2026-01-05",
        "示政办发〔2026〕5号",
    );
    git(&site, "2026-11-10", &["add", "-A"]);
    git(&site, "2026-11-10", &["commit", "-q", "-m", "补录"]);
    assert_eq!(findings(&site, "published-backdated").len(), 1);
    let shallow = tmp.path().join("shallow");
    let url = format!("file://{}", site.display());
    git(
        tmp.path(),
        "2026-11-10",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    let (_, _, err) = gongkai(&shallow, &["check"]);
    assert!(err.contains("浅克隆"), "{err}");
    assert!(findings(&shallow, "published-backdated").is_empty());
    // A site generated inside another repository that ignores it.
    let (_tmp3, ignored) = repo_site();
    std::fs::write(ignored.join(".gitignore"), "content/\n").unwrap();
    git(
        &ignored,
        "2026-11-10",
        &["rm", "-rq", "--cached", "content"],
    );
    git(
        &ignored,
        "2026-11-10",
        &["commit", "-qam", "不再跟踪 content"],
    );
    doc(
        &ignored,
        "content/xzfb/2026/002.md",
        2,
        "2026-01-05",
        "示政办发〔2026〕5号",
    );
    let (_, _, err) = gongkai(&ignored, &["check"]);
    assert!(err.contains("被 git 忽略"), "{err}");
    assert!(findings(&ignored, "published-backdated").is_empty());
}

#[test]
fn the_hook_stops_a_backdated_commit_under_strict_dates_and_lets_warnings_through() {
    let (_tmp, site) = repo_site();
    let toml =
        read(&site.join("site.toml")).replace("# strict_dates = true", "strict_dates = true");
    std::fs::write(site.join("site.toml"), toml).unwrap();
    git(&site, "2026-11-01", &["commit", "-qam", "严格检查日期"]);
    git(
        &site,
        "2026-11-01",
        &["config", "core.hooksPath", ".githooks"],
    );
    let commit = |msg: &str| support::commit_with_hooks(&site, msg);
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        "2026-10-01",
        "示政办发〔2026〕5号",
    );
    git(&site, TODAY, &["add", "-A"]);
    let refused = commit("补发通知");
    assert!(
        !refused.status.success(),
        "the backdated commit went through"
    );
    let said = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("published-backdated"), "{said}");
    // The honest date commits; a warning (an empty column) does not block it.
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        TODAY,
        "示政办发〔2026〕5号",
    );
    git(&site, TODAY, &["add", "-A"]);
    let ok = commit("发布通知");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn check_changed_reports_only_what_changed() {
    let (_tmp, site) = repo_site();
    doc(
        &site,
        "content/xzfb/2026/002.md",
        2,
        "2026-11-02",
        "示政办发[2026]5号",
    );
    git(&site, "2026-11-02", &["add", "-A"]);
    git(
        &site,
        "2026-11-02",
        &["commit", "-q", "-m", "一份文号括号错了的通知"],
    );
    doc(
        &site,
        "content/xzfb/2026/003.md",
        3,
        TODAY,
        "示政办发[2026]9号",
    );
    let (_, out, _) = gongkai(&site, &["check", "--format", "json", "--changed"]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = found.iter().filter_map(|d| d["file"].as_str()).collect();
    assert!(files.contains(&"content/xzfb/2026/003.md"), "{out}");
    assert!(!files.contains(&"content/xzfb/2026/002.md"), "{out}");
    // A new file that takes a committed one's index number: the error lands on the older
    // file (the first in path order is kept), and names the new one, so it is shown.
    doc(
        &site,
        "content/xzfb/2026/000.md",
        2,
        TODAY,
        "示政办发〔2026〕9号",
    );
    let (_, out, _) = gongkai(&site, &["check", "--format", "json", "--changed"]);
    assert!(
        out.contains("duplicate-index-no") && out.contains("content/xzfb/2026/000.md"),
        "{out}"
    );
    std::fs::remove_file(site.join("content/xzfb/2026/000.md")).unwrap();
    // Since the first commit, both.
    let (_, out, _) = gongkai(&site, &["check", "--format", "json", "--changed", "HEAD~1"]);
    assert!(out.contains("content/xzfb/2026/002.md"), "{out}");
    // Outside git, --changed is a usage error.
    let (_tmp2, plain) = init_site();
    let (code, _, err) = gongkai(&plain, &["check", "--changed"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn init_writes_the_hook_gitignore_and_ci_that_checks_builds_and_publishes() {
    let (_tmp, site) = init_site();
    let hook = site.join(".githooks/pre-commit");
    use std::os::unix::fs::PermissionsExt;
    assert!(std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111 != 0);
    assert!(read(&hook).contains("gongkai --root . check --changed"));
    assert!(read(&site.join(".gitignore")).contains("/public/"));
    for ci in [".gitlab-ci.yml", ".forgejo/workflows/publish.yml"] {
        let text = read(&site.join(ci));
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{ci}: {e}"));
        assert!(yaml.is_mapping());
        for step in [
            "gongkai check --strict",
            "gongkai build",
            "rsync",
            "DEPLOY_HOST",
            "DEPLOY_PATH",
        ] {
            assert!(text.contains(step), "{ci} has no `{step}`");
        }
    }
    assert!(read(&site.join(".gitlab-ci.yml")).contains("GIT_DEPTH: \"0\""));
    assert!(read(&site.join(".forgejo/workflows/publish.yml")).contains("fetch-depth: 0"));
    assert!(read(&site.join("README.md")).contains("git config core.hooksPath .githooks"));
}

#[test]
fn renumbering_a_document_leaves_a_working_redirect() {
    let (_tmp, site) = repo_site();
    let rel = "content/xzfb/2026/002.md";
    doc(&site, rel, 2, "2026-11-03", "示政办发〔2026〕5号");
    git(&site, "2026-11-03", &["add", "-A"]);
    git(&site, "2026-11-03", &["commit", "-q", "-m", "发布"]);
    // Renumbered without keeping the old number: an error, nothing built.
    let text = read(&site.join(rel)).replace("2026-00002", "2026-00020");
    std::fs::write(site.join(rel), &text).unwrap();
    let found = findings(&site, "index-no-changed");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "error");
    let (code, _, _) = gongkai(&site, &["build", "--out", "public"]);
    assert_eq!(code, 1);
    // With 前索引号 the old address sends readers to the new page.
    let text = text.replace(
        "index_no: 00000000-0/2026-00020\n",
        "index_no: 00000000-0/2026-00020\nformer_index_no: [\"00000000-0/2026-00002\"]\n",
    );
    std::fs::write(site.join(rel), text).unwrap();
    git(&site, "2026-11-06", &["commit", "-qam", "更正索引号"]);
    assert!(findings(&site, "index-no-changed").is_empty());
    let (code, _, err) = gongkai(&site, &["build", "--out", "public"]);
    assert_eq!(code, 0, "{err}");
    let old = read(&site.join("public/docs/00000000-0-2026-00002.html"));
    assert!(old.contains("url=00000000-0-2026-00020.html"), "{old}");
    assert!(
        old.contains("<a href=\"00000000-0-2026-00020.html\">"),
        "{old}"
    );
    assert!(
        site.join("public/docs/00000000-0-2026-00020.html")
            .is_file()
    );
}

#[test]
fn a_commit_subject_naming_a_withheld_document_never_reaches_a_page() {
    let (_tmp, site) = repo_site();
    let secret = "关于调整县领导分工的内部意见";
    let withheld = format!(
        "---\ntitle: {secret}\nindex_no: 00000000-0/2026-00030\nissuer: 示例县人民政府办公室\ncategory: zcwj\npublished: 2026-11-02\nattribute: 不予公开\n---\n\n内部。\n"
    );
    std::fs::write(site.join("content/xzfb/2026/030.md"), withheld).unwrap();
    let rel = "content/xzfb/2026/002.md";
    doc(&site, rel, 2, "2026-11-02", "示政办发〔2026〕5号");
    git(&site, "2026-11-02", &["add", "-A"]);
    git(&site, "2026-11-02", &["commit", "-q", "-m", "发布"]);
    std::fs::write(site.join(rel), read(&site.join(rel)) + "\n补充。\n").unwrap();
    git(
        &site,
        "2026-11-04",
        &["commit", "-qam", &format!("按《{secret}》补充")],
    );
    let (code, out, err) = gongkai(&site, &["build", "--out", "public"]);
    // History cannot be rewritten: the subject is hidden (SPEC §15) and named as a warning;
    // the page says （本次更新说明不公开）, and the guard still reads every file.
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("history-subject-hidden"), "{err}");
    let page = read(&site.join("public/docs/00000000-0-2026-00002.html"));
    assert!(page.contains("（本次更新说明不公开）"), "{page}");
    let never: std::collections::BTreeSet<String> = [secret.to_string()].into();
    assert_eq!(support::leak::scan(&site.join("public"), &never), vec![]);
}

#[test]
fn without_git_on_the_path_there_is_one_notice() {
    let (_tmp, site) = repo_site();
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(&site)
        .args(["--root", ".", "--today", TODAY, "check"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("未找到 git 命令").count(), 1, "{err}");
}
