//! Reading in a child process (`gongkai read-attachment PATH`) under limits on memory, CPU
//! time and output, with a wall-clock timeout: a third-party parser meeting a zip bomb or a
//! malformed file can only fail that one file, which the rules then report.

use super::{Text, pdf, wire};
use std::path::Path;

/// Limits on the child that reads one file.
const CHILD_MEMORY: u64 = 2 << 30;
const CHILD_CPU_SECONDS: u64 = 20;
const CHILD_WALL: std::time::Duration = std::time::Duration::from_secs(30);

/// Read `path` in a child process (`gongkai read-attachment PATH`), waiting at most
/// [`CHILD_WALL`].
pub(super) fn in_child(path: &Path) -> Result<Text, String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().map_err(|e| format!("无法启动读取进程：{e}"))?;
    let mut child = Command::new(exe)
        .arg("read-attachment")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("无法启动读取进程：{e}"))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    // The reading arrives when the child closes its output, which it does by ending: waited
    // for without polling, so a short reading costs no more than it takes.
    let (send, arrived) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout)
            .take(pdf::MAX_XML_BYTES * 2)
            .read_to_end(&mut out);
        let _ = send.send(out);
    });
    let deadline = std::time::Instant::now() + CHILD_WALL;
    let give_up = |child: &mut std::process::Child| {
        let _ = child.kill();
        let _ = child.wait();
        Err(format!("读取超过 {} 秒，已放弃", CHILD_WALL.as_secs()))
    };
    let Ok(out) = arrived.recv_timeout(CHILD_WALL) else {
        return give_up(&mut child);
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            Ok(None) | Err(_) => return give_up(&mut child),
        }
    };
    if !status.success() {
        return Err("文件损坏、加密，或解压后过大（超出读取限制）".into());
    }
    wire::decode(&out).ok_or_else(|| "读取进程没有给出结果".to_string())?
}

/// The child: limits first, then the parser; the reading (`wire.rs`) on stdout.
pub fn child(path: &Path) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = |n: u64| Rlimit {
        current: Some(n),
        maximum: Some(n),
    };
    // If a limit cannot be set, the file is not read at all.
    let limited = setrlimit(Resource::As, limit(CHILD_MEMORY)).is_ok()
        && setrlimit(Resource::Cpu, limit(CHILD_CPU_SECONDS)).is_ok()
        && setrlimit(Resource::Fsize, limit(0)).is_ok();
    let answer: Result<Text, String> = if limited {
        pdf::pages(path)
    } else {
        Err("无法限制读取进程".into())
    };
    use std::io::Write;
    // A parent that went away is no reason to panic.
    let _ = std::io::stdout().lock().write_all(&wire::encode(&answer));
}
