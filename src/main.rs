//! The `gongkai` binary: turn a command's outcome into exit status 0, 1 or 2.

use clap::Parser;
use gongkai::cmd::{self, Outcome};
use std::process::ExitCode;

/// Pages are rendered on one thread and freed on a writer thread; glibc's allocator spent
/// ~8 % of a 10,000-document build in malloc and free across threads, mimalloc measured
/// ~9 % less wall time (bench/run.py, docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
