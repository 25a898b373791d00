//! `gongkai check [--format text|json] [--strict] [--changed [REV]]`: everything `build`
//! validates, nothing written. With `--changed`, only the findings on files changed since
//! REV (and not yet committed ones), plus the site-level findings that name one of them
//! (a duplicate index number found on the other file, a column made stale): what a
//! pre-commit hook shows (SPEC §12).

use super::{Outcome, print_text};
use crate::cli::Format;
use crate::diag::render;
use crate::pipeline::{self, Options, RunError};

pub fn run(
    opts: &Options,
    format: Format,
    strict: bool,
    changed: Option<&str>,
) -> Result<Outcome, RunError> {
    let changed = match changed {
        Some(rev) => {
            Some(crate::source::history::changed(&opts.root, Some(rev)).map_err(RunError)?)
        }
        None => None,
    };
    let (site, mut diags) = pipeline::load(opts)?;
    if let Some(site) = &site {
        let templates = pipeline::check_templates(opts, site, &diags);
        diags.extend(templates);
    }
    if let Some(files) = &changed {
        diags.retain(|d| {
            let file = d.file.as_deref().unwrap_or("");
            files
                .iter()
                .any(|f| f == file || d.message.contains(f.as_str()))
        });
        if format == Format::Text {
            eprintln!(
                "只检查改动的 {} 个文件 (--changed: {} changed file(s))",
                files.len(),
                files.len()
            );
        }
    }
    diags.sort();
    match format {
        Format::Json => println!("{}", render::json(&diags)),
        Format::Text => {
            print_text(&diags);
            if diags.is_empty() {
                println!("没有发现问题 (no problems found)");
            }
        }
    }
    let failed = diags.has_errors() || (strict && !diags.is_empty());
    Ok(if failed {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
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
            eprintln!("修改建议 help：说明里只写文件的索引号，例如“修改 A/2026-00002”，再重新提交");
            Ok(Outcome::ContentErrors)
        }
    }
}
