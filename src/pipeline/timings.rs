//! `build --timings`: where a build's time goes, stage by stage — the wall-clock time, the
//! CPU time of the whole process (every thread), and the bytes it read and wrote through
//! system calls (Linux's `/proc/self/io`; tmpfs and the page cache included). Decide from
//! this table, not from a guess (docs/PERFORMANCE.md keeps one).
//!
//! Off, a mark costs nothing: no clock is read.

use std::time::{Duration, Instant};

/// The stages of one run, as they end.
pub struct Timings {
    on: bool,
    last: Option<Sample>,
    rows: Vec<Row>,
}

#[derive(Clone, Copy)]
struct Sample {
    wall: Instant,
    cpu: Duration,
    read: u64,
    written: u64,
}

struct Row {
    stage: &'static str,
    wall: Duration,
    cpu: Duration,
    read: u64,
    written: u64,
}

impl Sample {
    fn now() -> Sample {
        let (read, written) = io();
        Sample {
            wall: Instant::now(),
            cpu: cpu(),
            read,
            written,
        }
    }
}

impl Timings {
    /// Timings that record nothing.
    pub fn off() -> Timings {
        Timings {
            on: false,
            last: None,
            rows: Vec::new(),
        }
    }

    /// Timings from now on when `on`, else none.
    pub fn when(on: bool) -> Timings {
        if on { Timings::on() } else { Timings::off() }
    }

    /// Timings from now on.
    pub fn on() -> Timings {
        Timings {
            on: true,
            last: Some(Sample::now()),
            rows: Vec::new(),
        }
    }

    /// The stage `stage` ends now (it began where the last one ended).
    pub fn mark(&mut self, stage: &'static str) {
        if !self.on {
            return;
        }
        let now = Sample::now();
        if let Some(last) = self.last {
            self.rows.push(Row {
                stage,
                wall: now.wall - last.wall,
                cpu: now.cpu.saturating_sub(last.cpu),
                read: now.read.saturating_sub(last.read),
                written: now.written.saturating_sub(last.written),
            });
        }
        self.last = Some(now);
    }

    /// The table, one stage a line and their total; `None` when off.
    pub fn table(&self) -> Option<String> {
        if !self.on {
            return None;
        }
        let mut out = format!(
            "{:<28} {:>9} {:>9} {:>6} {:>10} {:>10}\n",
            "阶段 stage", "墙钟 wall", "CPU", "CPU÷墙钟", "读 read", "写 written"
        );
        let total = Row {
            stage: "合计 total",
            wall: self.rows.iter().map(|r| r.wall).sum(),
            cpu: self.rows.iter().map(|r| r.cpu).sum(),
            read: self.rows.iter().map(|r| r.read).sum(),
            written: self.rows.iter().map(|r| r.written).sum(),
        };
        for r in self.rows.iter().chain([&total]) {
            let ratio = if r.wall.is_zero() {
                0.0
            } else {
                r.cpu.as_secs_f64() / r.wall.as_secs_f64()
            };
            out.push_str(&format!(
                "{:<28} {:>6} ms {:>6} ms {:>6.2} {:>10} {:>10}\n",
                r.stage,
                r.wall.as_millis(),
                r.cpu.as_millis(),
                ratio,
                megabytes(r.read),
                megabytes(r.written),
            ));
        }
        Some(out)
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The CPU time of the process so far, every thread.
fn cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Bytes read and written by the process so far through system calls (0 where the system
/// does not tell).
fn io() -> (u64, u64) {
    let Ok(text) = std::fs::read_to_string("/proc/self/io") else {
        return (0, 0);
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or(0)
    };
    (field("rchar:"), field("wchar:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_is_measured_from_the_end_of_the_last() {
        let mut t = Timings::on();
        let busy = Instant::now();
        while busy.elapsed() < Duration::from_millis(30) {
            std::hint::black_box(0u64);
        }
        t.mark("忙");
        let bytes = std::fs::read("/proc/self/stat").unwrap_or_default();
        std::hint::black_box(bytes);
        t.mark("读");
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows[0].wall >= Duration::from_millis(30));
        // A busy loop is CPU time; on a shared machine, at least some of it.
        assert!(
            t.rows[0].cpu >= Duration::from_millis(5),
            "{:?}",
            t.rows[0].cpu
        );
        let table = t.table().unwrap();
        assert_eq!(table.lines().count(), 4, "{table}");
        assert!(table.lines().nth(1).unwrap().starts_with("忙"));
        assert!(table.lines().last().unwrap().starts_with("合计 total"));
        assert!(Timings::off().table().is_none());
    }

    #[test]
    fn off_records_nothing() {
        let mut t = Timings::off();
        t.mark("x");
        assert!(t.rows.is_empty() && t.last.is_none());
    }
}
