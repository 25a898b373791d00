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

use crate::cli::{CheckArgs, Cli, Command, Report};
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
        Command::Build(args) => build::run(&opts, &args.out, args.timings),
        Command::Review(args) => review::run(&opts, args),
        Command::Check(CheckArgs {
            commit_msg: Some(file),
            ..
        }) => check::commit_msg(&opts, &file),
        Command::Check(args) => check::run(&opts, &args),
        Command::Serve(args) => crate::serve::run(opts, args),
        Command::New(args) => new::run(&opts, args),
        Command::Init(args) => init::run(&args.dir, opts.today),
        Command::Import(args) => import::run(&opts, args),
        Command::Report {
            report: Report::Annual(args),
        } => report::annual(&opts, args),
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
        Command::Stats(args) => stats::run(&opts, args),
    }
}

/// Print diagnostics as text on stderr, coloured only on a terminal.
pub fn print_text(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", render::text(diags, std::io::stderr().is_terminal()));
    }
}
