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
