//! One file per command: wiring from arguments to the pipeline and back to an exit status.

pub mod build;
pub mod check;
pub mod doc_template;
pub mod import;
pub mod init;
pub mod new;
pub mod report;
pub mod review;
pub mod stats;

use crate::cli::{Cli, Command};
use crate::date::Date;
use crate::diag::{Diagnostics, render};
pub use crate::pipeline::Outcome;
use crate::pipeline::{Options, RunError};
use std::io::IsTerminal;

pub fn run(cli: Cli) -> Result<Outcome, RunError> {
    let today = match &cli.today {
        Some(s) => Date::parse(s).map_err(|_| {
            RunError(format!(
                "日期无效：--today {s} 应为真实的日期 YYYY-MM-DD (expected a real date)"
            ))
        })?,
        None => Date::today(),
    };
    let opts = Options {
        root: cli.root,
        today,
    };
    match cli.command {
        Command::Build { out, timings } => build::run(&opts, &out, timings),
        Command::Review {
            file,
            by,
            unchecked,
        } => review::run(
            &opts,
            review::Args {
                file,
                by,
                unchecked,
            },
        ),
        Command::Check {
            commit_msg: Some(file),
            ..
        } => check::commit_msg(&opts, &file),
        Command::Check {
            format,
            strict,
            changed,
            commit_msg: None,
            level,
            verbose,
            paths,
        } => check::run(
            &opts,
            &check::Args {
                format,
                strict,
                changed,
                errors_only: level == crate::cli::ShowLevel::Error,
                verbose,
                paths,
            },
        ),
        Command::Serve { port, bind, out } => {
            crate::serve::run(opts, crate::serve::Args { port, bind, out })
        }
        Command::New {
            issuer,
            category,
            attribute,
            doc_type,
            title,
            written,
            doc_no,
            interprets,
            template,
        } => new::run(
            &opts,
            new::Args {
                issuer,
                category,
                attribute,
                doc_type,
                title,
                written,
                doc_no,
                interprets,
                template,
            },
        ),
        Command::Init { dir } => init::run(&dir, opts.today),
        Command::Import {
            paths,
            issuer,
            category,
            attribute,
            dry_run,
        } => import::run(
            &opts,
            import::Args {
                paths,
                issuer,
                category,
                attribute,
                dry_run,
            },
        ),
        Command::Report {
            report:
                crate::cli::Report::Annual {
                    year,
                    issuer,
                    format,
                    out,
                },
        } => report::annual(
            &opts,
            report::Args {
                year,
                issuer,
                format,
                out,
            },
        ),
        Command::Manpage => {
            use clap::CommandFactory;
            use std::io::Write;
            let mut page = Vec::new();
            clap_mangen::Man::new(crate::cli::Cli::command())
                .render(&mut page)
                .and_then(|()| std::io::stdout().write_all(&page))
                .map_err(|e| RunError(format!("无法写出手册页：{e}")))?;
            Ok(Outcome::Success)
        }
        Command::ReadAttachment { path } => {
            crate::source::extract::child(&path);
            Ok(Outcome::Success)
        }
        Command::Stats {
            from,
            to,
            year,
            by,
            format,
            applications,
            header,
        } => stats::run(
            &opts,
            stats::Args {
                from,
                to,
                year,
                by,
                format,
                applications,
                english: header == crate::cli::Header::En,
            },
        ),
    }
}

/// Print diagnostics as text on stderr, coloured only on a terminal.
pub fn print_text(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", render::text(diags, std::io::stderr().is_terminal()));
    }
}
