//! `gongkai check [PATH…] [--format text|json] [--strict] [--changed [REV]] [--level error]
//! [--verbose]`: everything `build` validates, nothing written; the findings on standard
//! output as a to-do list, alike site-wide ones folded into one line. With `--changed`, only the findings on files changed since
//! REV (and not yet committed ones), plus the site-level findings that name one of them
//! (a duplicate index number found on the other file, a column made stale): what a
//! pre-commit hook shows (SPEC §12).

use super::Outcome;
use crate::cli::Format;
use crate::diag::{Diagnostic, render};
use crate::pipeline::{self, Options, RunError};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use crate::cli::CheckArgs as Args;

/// The findings go to standard output, a to-do list that `check > 问题清单.txt` keeps; the
/// count to standard error.
pub fn run(opts: &Options, args: &Args) -> Result<Outcome, RunError> {
    let changed = match &args.changed {
        Some(rev) => {
            Some(crate::source::history::changed(&opts.root, Some(rev)).map_err(RunError)?)
        }
        None => None,
    };
    let only = if args.paths.is_empty() {
        None
    } else {
        Some(site_paths(&opts.root, &args.paths)?)
    };
    let (site, mut diags) = pipeline::load(opts)?;
    if let Some(site) = &site {
        let templates = pipeline::check_templates(opts, site, &diags);
        diags.extend(templates);
    }
    if let Some(files) = &changed {
        diags.retain(|d| concerns(d, files, false));
        if args.format == Format::Text {
            eprintln!("只检查改动的 {} 个文件", files.len());
        }
    }
    if let Some(paths) = &only {
        diags.retain(|d| concerns(d, paths, true));
    }
    if args.level == crate::cli::ShowLevel::Error {
        diags.retain(Diagnostic::is_error);
    }
    diags.sort();
    match args.format {
        Format::Json => println!("{}", render::json(&diags)),
        Format::Text => {
            let label = |code: &str| crate::rules::registry::find(code).map(|r| r.label);
            let field = |key: &str| {
                crate::frontmatter::fields::Field::from_key(key).map(|f| f.chinese().to_string())
            };
            let style = render::Style {
                colour: std::io::stdout().is_terminal(),
                fold: !args.verbose,
                settings: crate::config::FILE,
                label: &label,
                field: &field,
            };
            print!("{}", render::findings(&diags, &style));
            if diags.is_empty() {
                eprintln!("没有发现问题");
            } else {
                eprint!("{}", render::summary(&diags));
            }
        }
    }
    let failed = diags.has_errors() || (args.strict && !diags.is_empty());
    Ok(if failed {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

/// Whether a finding concerns one of `files` (paths from the site's folder): it is in one,
/// or (a site-wide finding) names one. `folders`: a path may be a folder holding the file.
fn concerns(d: &Diagnostic, files: &[String], folders: bool) -> bool {
    let file = d.file.as_deref().unwrap_or("");
    files.iter().any(|f| {
        f == file
            || d.message.contains(f.as_str())
            || (folders && file.starts_with(&format!("{}/", f.trim_end_matches('/'))))
    })
}

/// `paths` as the site names them (from its folder, with `/`): given from where the editor
/// stands, or from the site's folder.
fn site_paths(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>, RunError> {
    let root_abs = std::fs::canonicalize(root)
        .map_err(|e| RunError(format!("无法打开站点文件夹 {}：{e}", root.display())))?;
    paths
        .iter()
        .map(|p| {
            let found = std::fs::canonicalize(p)
                .ok()
                .filter(|a| a.starts_with(&root_abs))
                .or_else(|| std::fs::canonicalize(root.join(p)).ok());
            let Some(abs) = found else {
                return Err(RunError(format!(
                    "找不到 {}：请写站点中的文件或文件夹，例如 content/zfwj/2026/001.md",
                    p.display()
                )));
            };
            let rel = abs.strip_prefix(&root_abs).map_err(|_| {
                RunError(format!(
                    "{} 不在站点文件夹 {} 中",
                    p.display(),
                    root.display()
                ))
            })?;
            Ok(rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

/// `check --commit-msg FILE` (the `commit-msg` hook, SPEC §15): a commit subject is shown in
/// 更新记录, so one holding a withheld or on-request document's title or text is refused.
pub fn commit_msg(opts: &Options, file: &std::path::Path) -> Result<Outcome, RunError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        RunError(format!(
            "无法读取提交说明 {}：{e} (cannot read)",
            file.display()
        ))
    })?;
    // The subject: the first line that is not a comment git added.
    let subject = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let (site, _) = pipeline::load_content(opts)?;
    let Some(site) = site else {
        return Ok(Outcome::Success); // the pre-commit hook reports what keeps the site from loading
    };
    let secrets = crate::security::Secrets::new(&site);
    match crate::security::quoting::subject_quotes(&secrets, subject) {
        None => Ok(Outcome::Success),
        Some(owner) => {
            eprintln!(
                "提交已取消：提交说明含有{}文件 {} 的标题或正文，它会显示在网页的“更新记录”中 (commit cancelled: the subject quotes a confidential document)",
                if owner.withheld {
                    "不予公开"
                } else {
                    "依申请公开"
                },
                owner.file
            );
            eprintln!("修改建议：说明里只写文件的索引号，例如“修改 A/2026-00002”，再重新提交");
            Ok(Outcome::ContentErrors)
        }
    }
}
