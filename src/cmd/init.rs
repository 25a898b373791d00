//! `gongkai init DIR`: a new site with the standard catalogue a county must keep — 政府信息
//! 公开指南, 政府信息公开制度, 法定主动公开内容 with one column per item of 条例 第二十条, and
//! 政府信息公开年报 — ready to build.

use super::Outcome;
use crate::date::Date;
use crate::pipeline::RunError;
use std::path::Path;

const SITE_TOML: &str = include_str!("../scaffold/site.toml");
const GUIDE: &str = include_str!("../scaffold/guide.md");
const WORDS: &str = include_str!("../scaffold/sensitive_words.txt");
const REGISTER_README: &str = include_str!("../scaffold/applications.md");
const REPORTS_README: &str = include_str!("../scaffold/reports.md");
// Git as the audit trail (SPEC §12): the hook, CI for GitLab and Gitea/Forgejo, the notes.
const PRE_COMMIT: &str = include_str!("../scaffold/pre-commit");
const COMMIT_MSG: &str = include_str!("../scaffold/commit-msg");
const GITLAB_CI: &str = include_str!("../scaffold/gitlab-ci.yml");
const FORGEJO_CI: &str = include_str!("../scaffold/forgejo-publish.yml");
const README: &str = include_str!("../scaffold/README.md");

pub fn run(dir: &Path, today: Date) -> Result<Outcome, RunError> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if occupied || (dir.exists() && !dir.is_dir()) {
        return Err(RunError(format!(
            "文件夹 {} 已存在且不是空的，请换一个新文件夹 ({} already exists and is not empty; choose a new folder)",
            dir.display(),
            dir.display()
        )));
    }
    let guide = GUIDE
        .replace("{year}", &today.year().to_string())
        .replace("{today}", &today.to_string());
    let guide = with_office(&guide);
    let guide_path = format!("content/xzfb/{}/001.md", today.year());
    let register = format!("{}\n", crate::register::COLUMNS.join(","));
    let register_path = format!("{}/{}.csv", crate::register::DIR, today.year());
    let files: [(&str, &str); 12] = [
        ("site.toml", SITE_TOML),
        (&guide_path, &guide),
        ("sensitive_words.txt", WORDS),
        (".gitignore", "/public/\n/.public.*\n/.gongkai/\n"),
        (".githooks/pre-commit", PRE_COMMIT),
        (".githooks/commit-msg", COMMIT_MSG),
        (".gitlab-ci.yml", GITLAB_CI),
        (".forgejo/workflows/publish.yml", FORGEJO_CI),
        ("README.md", README),
        // The application register: its header, and what each column holds.
        (&register_path, &register),
        ("applications/README.md", REGISTER_README),
        // What the annual report needs that neither the catalogue nor the register knows.
        ("reports/README.md", REPORTS_README),
    ];
    // The document templates `new --template` starts from, for the office to change.
    let templates = (super::doc_template::BUILTIN.iter())
        .map(|(name, text)| (format!("{}/{name}.md", super::doc_template::DIR), *text));
    let templates: Vec<(String, &str)> = templates.collect();
    let files = files
        .into_iter()
        .chain(templates.iter().map(|(rel, text)| (rel.as_str(), *text)));
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    // The hook must be executable for git to run it.
    {
        use std::os::unix::fs::PermissionsExt;
        for hook in ["pre-commit", "commit-msg"] {
            let hook = dir.join(".githooks").join(hook);
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    println!("已创建站点 {} (created)", dir.display());
    println!(
        "下一步：cd {} && gongkai check && gongkai serve",
        dir.display()
    );
    println!(
        "用 git 管理时：git init -b main && git config core.hooksPath .githooks（提交前检查，见 README.md）"
    );
    Ok(Outcome::Success)
}

/// The guide's 工作机构 part, written from the starter site's `[issuers.office]`, so that the
/// two say the same until the office changes one (the issuer page shows the other).
fn with_office(guide: &str) -> String {
    let config = crate::config::parse(SITE_TOML, &|_| true, &crate::rules::declarations())
        .0
        .expect("the starter site.toml parses");
    let office = config
        .issuers
        .iter()
        .find_map(|i| i.office.clone())
        .expect("the starter site.toml has an [issuers.office]");
    let or_blank = |v: &Option<String>| v.clone().unwrap_or_default();
    guide
        .replace("{office.name}", &or_blank(&office.name))
        .replace("{office.address}", &or_blank(&office.address))
        .replace("{office.hours}", &or_blank(&office.hours))
        .replace("{office.phone}", &or_blank(&office.phone))
        .replace("{office.fax}", &or_blank(&office.fax))
        .replace("{office.email}", &or_blank(&office.email))
}
