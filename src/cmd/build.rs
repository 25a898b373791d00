//! `gongkai build [--out DIR] [--timings]`.

use super::{Outcome, print_text};
use crate::pipeline::{self, Options, RunError};
use std::path::Path;

pub fn run(opts: &Options, out: &Path, timed: bool) -> Result<Outcome, RunError> {
    let started = std::time::Instant::now();
    let mut timings = if timed {
        pipeline::timings::Timings::on()
    } else {
        pipeline::timings::Timings::off()
    };
    let report = pipeline::build_timed(opts, out, &mut timings)?;
    print_text(&report.diags);
    if let Some(table) = timings.table() {
        eprint!("{table}");
    }
    // Said only when it happened, in words an editor reads.
    if report.exempted > 0 {
        println!(
            "保密检查：{} 行不公开文件中的文字也出现在公开文件中（多份文件共用的套话，或列在 site.toml 的 [security] shared_text 中），没有当作保密内容检查",
            report.exempted
        );
    }
    match report.written {
        Some(n) => {
            println!(
                "已生成 {n} 个文件到 {}，用时 {} 毫秒",
                out.display(),
                started.elapsed().as_millis()
            );
            Ok(Outcome::Success)
        }
        None => {
            eprintln!("生成失败：没有写入任何文件，{} 保持不变", out.display());
            Ok(Outcome::ContentErrors)
        }
    }
}
