//! `gongkai import FILE_OR_DIR… [--issuer X] [--category Y] [--attribute A] [--dry-run]`
//! (SPEC §13): each .docx and saved .html read (`import/`), planned against site.toml, and
//! written under content/ with its images and attachments; what each field is and where it
//! came from printed for every file, and a summary. Wiring and printing only.

use super::Outcome;
use crate::import::plan::{self, Extra, Given, Known, Plan};
use crate::import::{Imported, docx, gongwen, portal};
use crate::pipeline::{Options, RunError};
use std::path::{Path, PathBuf};

pub use crate::cli::ImportArgs as Args;

/// What a file given or found is.
enum Kind {
    Docx,
    Portal,
    /// .doc / .wps: refused with a hint.
    OldWord,
    Other,
}

fn kind(p: &Path) -> Kind {
    match plan::extension(p).as_str() {
        "docx" => Kind::Docx,
        "html" | "htm" | "shtml" => Kind::Portal,
        "doc" | "wps" => Kind::OldWord,
        _ => Kind::Other,
    }
}

/// The files to import: those given, and those in the folders given (sorted; Word's lock
/// files, hidden files, saved pages' `_files` folders and 附件 folders left out).
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let walk = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    let name = e.file_name().to_string_lossy();
                    e.depth() == 0
                        || !(name.starts_with('.')
                            || name.starts_with("~$")
                            || (e.file_type().is_dir()
                                && (name.ends_with("_files")
                                    || name.ends_with(".files")
                                    || name == plan::ATTACHMENT_FOLDER)))
                });
            for e in walk {
                // A folder that cannot be read is named, never skipped unseen.
                let e = e.map_err(|e| RunError(format!("无法读取 {e} (cannot read)")))?;
                if e.file_type().is_file() && !matches!(kind(e.path()), Kind::Other) {
                    out.push(e.into_path());
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(RunError(format!(
                "找不到 {} (no such file or folder)",
                p.display()
            )));
        }
    }
    Ok(out)
}

/// Read one file into what it says.
fn read(path: &Path, cfg: &crate::config::Config) -> Result<(Imported, bool), String> {
    match kind(path) {
        Kind::Docx => {
            let d = docx::read(path)?;
            let issuer_of = |line: &str| {
                plan::issuer_in_line(cfg, line).map(|i| cfg.issuers[i].name.clone())
            };
            let mut imported = gongwen::infer(d.blocks, &issuer_of);
            imported.images = d.images;
            imported.footnotes = d.notes;
            imported.dropped.extend(d.left_out);
            Ok((imported, true))
        }
        Kind::Portal => Ok((portal::read(path)?, false)),
        Kind::OldWord => Err(
            "旧版 Word/WPS 格式（.doc/.wps）无法可靠读取：请在 Word 或 WPS 中“另存为” .docx 后再导入 (save it as .docx)".into(),
        ),
        Kind::Other => Err("只能导入 .docx 和 .html 文件 (only .docx and .html are imported)".into()),
    }
}

pub fn run(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let cfg = super::new::load_config(opts)?;
    let files = files(&args.paths)?;
    if files.is_empty() {
        return Err(RunError(
            "没有可导入的文件（.docx 或 .html） (nothing to import)".into(),
        ));
    }
    if args.title.is_some() && files.len() > 1 {
        return Err(RunError(format!(
            "--title 只能用于单个文件，这次要导入 {} 个文件 (--title is for one file)",
            files.len()
        )));
    }
    let mut known = Known::read(&opts.root)?;
    let given = Given {
        title: args.title.as_deref(),
        issuer: args.issuer.as_deref(),
        category: args.category.as_deref(),
        attribute: args.attribute.as_deref(),
        today: opts.today,
    };
    let (mut written, mut skipped) = (0, 0);
    // Each file not imported, with why (listed again after the summary).
    let mut failed: Vec<(&Path, String)> = Vec::new();
    for path in &files {
        println!("{}", path.display());
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("  未导入：读取失败：{e}");
                failed.push((path, format!("读取失败：{e}")));
                continue;
            }
        };
        let hash = plan::source_hash(&bytes);
        drop(bytes);
        let started = std::time::Instant::now();
        let imported = match read(path, &cfg) {
            Ok(i) => i,
            Err(e) => {
                println!("  未导入：{e}");
                failed.push((path, e));
                continue;
            }
        };
        let (imported, docx) = imported;
        match plan::plan(&cfg, &mut known, &given, (path, &hash), docx, imported) {
            Plan::Skip(why) => {
                println!("  跳过：{why}");
                skipped += 1;
            }
            Plan::Refuse(why) => {
                for line in why.lines() {
                    println!("  未导入：{line}");
                }
                failed.push((path, why));
            }
            Plan::Write(w) => {
                for (field, value, from) in &w.lines {
                    println!("  {}：{value}  ← {from}", field.chinese());
                }
                if !w.dropped.is_empty() {
                    println!("  已去掉：{}", w.dropped.join("、"));
                }
                for note in &w.notes {
                    println!("  注意：{note}");
                }
                if args.dry_run {
                    println!("  将写入 {}（--dry-run，未写）", w.rel);
                } else {
                    write(&opts.root, &w)?;
                    println!("  已写入 {}（{} ms）", w.rel, started.elapsed().as_millis());
                }
                written += 1;
            }
        }
    }
    let verb = if args.dry_run {
        "将导入"
    } else {
        "已导入"
    };
    let not = failed.len();
    println!(
        "\n{verb} {written} 个，跳过 {skipped} 个（已导入过），未导入 {not} 个；共 {} 个文件 ({written} imported, {skipped} skipped, {not} not imported)",
        files.len()
    );
    if !failed.is_empty() {
        println!("未导入的文件 (not imported):");
        for (path, why) in &failed {
            println!("  {}：{}", path.display(), why.replace('\n', "；"));
        }
    }
    if written > 0 && !args.dry_run {
        println!("下一步：gongkai check，核对导入的字段和正文后再发布");
    }
    Ok(if !failed.is_empty() {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

/// Write a planned document: its images and attachments first, then the document, each
/// refusing to replace a file.
fn write(root: &Path, w: &plan::Writing) -> Result<(), RunError> {
    for (rel, extra) in &w.extras {
        let bytes = match extra {
            Extra::Bytes(b) => b.clone(),
            Extra::Copy(p) => std::fs::read(p)?,
        };
        crate::source::create_file(&root.join(rel), &bytes)?;
    }
    crate::source::create_file(&root.join(&w.rel), &w.text)?;
    Ok(())
}
