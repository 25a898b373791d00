//! `gongkai check [--format text|json] [--strict]`: everything `build` validates, nothing written.

use super::{Outcome, print_text};
use crate::cli::Format;
use crate::diag::render;
use crate::pipeline::{self, Options, RunError};

pub fn run(opts: &Options, format: Format, strict: bool) -> Result<Outcome, RunError> {
    let (site, mut diags) = pipeline::load(opts)?;
    if let Some(site) = &site {
        let templates = pipeline::check_templates(opts, site, &diags);
        diags.extend(templates);
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
