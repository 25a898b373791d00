//! The `gongkai` binary: turn a command's outcome into exit status 0, 1 or 2.

use clap::Parser;
use clap::error::{Error, ErrorKind};
use gongkai::cmd::{self, Outcome};
use std::process::ExitCode;

/// Pages are rendered on one thread and freed on a writer thread; glibc's allocator spent
/// ~8 % of a 10,000-document build in malloc and free across threads, mimalloc measured
/// ~9 % less wall time (bench/run.py, docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match gongkai::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    match cmd::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

/// A usage error in Chinese (SPEC §14): what was wrong, the argument, clap's suggestion and
/// the usage line; help and version are printed as clap prints them.
fn usage_error(e: Error) -> ! {
    let zh = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        ErrorKind::UnknownArgument => "未知的参数",
        ErrorKind::InvalidSubcommand => "未知的命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数的值无效",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::MissingSubcommand => "缺少命令",
        ErrorKind::ArgumentConflict => "参数不能同时使用",
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            "参数的值个数不对"
        }
        _ => "命令行用法有误",
    };
    // Clap's own words are English; what an editor needs of them is the argument, the
    // suggestion and the usage line.
    use clap::error::{ContextKind, ContextValue};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) if !v.is_empty() => Some(v.join("、")),
        _ => None,
    };
    let mut line = format!("用法错误：{zh}");
    if let Some(arg) =
        text(ContextKind::InvalidArg).or_else(|| text(ContextKind::InvalidSubcommand))
    {
        line += &format!(" `{arg}`");
    }
    if let Some(value) = text(ContextKind::InvalidValue) {
        line += &format!("：`{value}`");
    }
    if let Some(valid) = text(ContextKind::ValidValue) {
        line += &format!("，可用的有：{valid}");
    }
    if let Some(s) =
        text(ContextKind::SuggestedArg).or_else(|| text(ContextKind::SuggestedSubcommand))
    {
        line += &format!("。是不是 `{s}`？");
    }
    eprintln!("{line}");
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        eprintln!("{}", usage.replacen("Usage: ", "用法：", 1).trim_end());
    }
    eprintln!("用 gongkai --help 查看各命令的用法");
    std::process::exit(2)
}
