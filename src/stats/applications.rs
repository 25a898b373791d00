//! `gongkai stats --applications`: the application register by quarter — received, answered,
//! answered late, and still open at the quarter's end — the numbers an office reports each
//! quarter and checks before the annual report's table 三.

use crate::config::Config;
use crate::date::Date;
use crate::register::Application;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Quarter {
    /// `2026Q3`.
    pub quarter: String,
    /// 新收: received in the quarter.
    pub received: usize,
    /// 办结: answered in the quarter.
    pub answered: usize,
    /// 其中超期: answered in the quarter after the deadline.
    pub late: usize,
    /// 季末在办: received by the quarter's end and not answered by then.
    pub open: usize,
}

fn quarter_of(d: Date) -> (i32, u8) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

/// The quarters from `from` (else the first application) to `to`, each with its counts.
pub fn by_quarter(
    apps: &[Application],
    config: &Config,
    from: Option<Date>,
    to: Date,
) -> Vec<Quarter> {
    let Some(first) = from.or_else(|| apps.iter().map(|a| a.received).min()) else {
        return Vec::new();
    };
    let cal = &config.calendar;
    let mut out = Vec::new();
    let (mut y, mut q) = quarter_of(first);
    while (y, q) <= quarter_of(to) {
        let end = Date::new(
            if q == 4 { y + 1 } else { y },
            if q == 4 { 1 } else { 3 * q + 1 },
            1,
        )
        .map_or(to, |next| next.add_days(-1))
        .min(to);
        let within = |d: Date| quarter_of(d) == (y, q) && d <= to;
        let answered_here = apps.iter().filter(|a| a.answered.is_some_and(within));
        out.push(Quarter {
            quarter: format!("{y}Q{q}"),
            received: apps.iter().filter(|a| within(a.received)).count(),
            answered: answered_here.clone().count(),
            late: answered_here
                .filter(|a| {
                    let answered = a.answered.expect("filtered on it");
                    cal.working_days_between(a.received, answered) > a.allowed_days()
                })
                .count(),
            open: apps
                .iter()
                .filter(|a| a.received <= end && a.answered.is_none_or(|d| d > end))
                .count(),
        });
        (y, q) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
    }
    out
}

pub fn table(quarters: &[Quarter]) -> String {
    let mut out = String::from(
        "依申请公开登记台账（按季度）\n\n季度        新收    办结  其中超期  季末在办\n",
    );
    for q in quarters {
        let _ = writeln!(
            out,
            "{:<8}  {:>6}  {:>6}  {:>8}  {:>8}",
            q.quarter, q.received, q.answered, q.late, q.open
        );
    }
    if quarters.is_empty() {
        out.push_str("（台账中没有申请）\n");
    }
    out
}

/// The quarters as CSV; the header in Chinese, or in English for machines.
pub fn csv(quarters: &[Quarter], english: bool) -> String {
    let header = if english {
        "quarter,received,answered,late,open"
    } else {
        "季度,新收,办结,其中超期,季末在办"
    };
    let mut out = format!("\u{feff}{header}\n");
    for q in quarters {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            q.quarter, q.received, q.answered, q.late, q.open
        );
    }
    out
}
