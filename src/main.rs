//! The `gongkai` binary: turn a command's outcome into exit status 0, 1 or 2.

use clap::Parser;
use gongkai::cmd::{self, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = gongkai::cli::Cli::parse();
    match cmd::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
