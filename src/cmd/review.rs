//! `gongkai review FILE --by 姓名` and `gongkai review --unchecked --by 姓名` (SPEC §15): a
//! person who opened an attachment the guard cannot read completely (an encrypted PDF,
//! typically) vouches for it. The review is written into the document's attachment entry
//! with the file's SHA-256, so changing one byte brings the error back. `build` and `check`
//! never record a review; this command is the only writer (and `import`, for pages an old
//! portal had already published).

use super::Outcome;
use crate::model::visibility::Catalogue;
use crate::pipeline::{Options, RunError, load_content};
use crate::security::{Secrets, files};
use std::path::Path;

pub use crate::cli::ReviewArgs as Args;

pub fn run(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let by = args.by.trim();
    if by.is_empty() || by.chars().count() > 50 || by.chars().any(char::is_control) {
        return Err(RunError(
            "请用 --by 写明审核人的姓名（不超过 50 个字） (--by names the reviewer)".into(),
        ));
    }
    let wanted = match (&args.file, args.unchecked) {
        (Some(f), false) => {
            // As given (from where the editor stands), else from the site's folder.
            let found =
                std::fs::canonicalize(f).or_else(|_| std::fs::canonicalize(opts.root.join(f)));
            Some(found.map_err(|e| {
                RunError(format!(
                    "无法打开 {}：{}",
                    f.display(),
                    crate::diag::io_reason(&e)
                ))
            })?)
        }
        (None, true) => None,
        _ => {
            return Err(RunError(
                "请给出一个附件文件，或用 --unchecked 审核全部无法检查的附件（二者选一） (give FILE or --unchecked)".into(),
            ));
        }
    };
    let (site, _) = load_content(opts)?;
    let site = site.ok_or_else(|| {
        RunError(
            "站点有错误，无法读取文档；先运行 gongkai check 修正 (the site does not load)".into(),
        )
    })?;
    let cat = Catalogue::new(&site);
    let secrets = Secrets::new(&site);
    let mut found = false;
    let mut refused = false;
    let mut recorded = 0;
    for e in cat.entries() {
        for a in e.attachments() {
            if let Some(w) = &wanted
                && std::fs::canonicalize(&a.source).ok().as_ref() != Some(w)
            {
                continue;
            }
            found = true;
            let bytes = std::fs::read(&a.source)
                .map_err(|err| RunError(format!("无法读取 {}：{err} (cannot read)", a.rel)))?;
            let (digest, verdict) = secrets.judge(&opts.root, &a.file_name, &bytes);
            let hex = files::hex(&digest);
            let Some(u) = &verdict.unchecked else {
                if wanted.is_some() {
                    println!(
                        "{}：可以完整检查，不需要人工审核 (readable; no review needed)",
                        a.rel
                    );
                }
                continue;
            };
            if u.is_limit() {
                eprintln!(
                    "{}：{}，不能以人工审核代替；请拆分文件或另存为较小的文件 (past a limit; cannot be reviewed)",
                    a.rel,
                    u.reason()
                );
                refused = true;
                continue;
            }
            if a.review.as_ref().is_some_and(|r| r.sha256 == hex) {
                if wanted.is_some() {
                    println!("{}：已审核过这份文件 (already reviewed)", a.rel);
                }
                continue;
            }
            record(
                &opts.root,
                e.file(),
                &a.written,
                &format!("{} {by}", opts.today),
                &hex,
            )?;
            println!(
                "已记录审核：{}（{}，{by}，SHA-256 {}…）写入 {} (review recorded)",
                a.rel,
                u.reason(),
                &hex[..12],
                e.file()
            );
            recorded += 1;
        }
    }
    if let (Some(w), false) = (&wanted, found) {
        return Err(RunError(format!(
            "{} 不是任何主动公开文件的附件；只有要发布的附件需要审核 (not an attachment of a public document)",
            w.display()
        )));
    }
    if wanted.is_none() {
        println!("共记录 {recorded} 份附件的审核 ({recorded} review(s) recorded)");
    }
    Ok(if refused {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

/// Write the review into the document `doc` (a path from the site root).
fn record(
    root: &Path,
    doc: &str,
    written: &str,
    reviewed: &str,
    hex: &str,
) -> Result<(), RunError> {
    let path = root.join(doc);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| RunError(format!("无法读取 {doc}：{e} (cannot read)")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let edited = crate::frontmatter::edit::review_attachment(text, written, reviewed, hex)
        .map_err(|e| {
            RunError(format!(
                "无法在 {doc} 中记录审核：{e} (cannot record the review)"
            ))
        })?;
    crate::source::replace_file(&path, &edited)
        .map_err(|e| RunError(format!("无法写入 {doc}：{e} (cannot write)")))
}
