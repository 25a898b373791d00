//! Calendar dates (`YYYY-MM-DD`), validated against the real calendar.
//!
//! Our own small type rather than a date crate: the catalogue needs parsing, ordering,
//! day arithmetic and today's date, nothing more.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a string is not a date; the message an editor reads.
#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    Format,
    NotOnCalendar,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Strict `YYYY-MM-DD` with a four-digit year between 1900 and 2999.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(DateError::Format);
        }
        let year: i32 = s[0..4].parse().map_err(|_| DateError::Format)?;
        let month: u8 = s[5..7].parse().map_err(|_| DateError::Format)?;
        let day: u8 = s[8..10].parse().map_err(|_| DateError::Format)?;
        if !(1900..=2999).contains(&year) {
            return Err(DateError::NotOnCalendar);
        }
        Date::new(year, month, day).ok_or(DateError::NotOnCalendar)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in China Standard Time (UTC+8), where disclosure offices keep their calendars.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days((secs + 8 * 3600).div_euclid(86_400))
    }

    /// The day after.
    pub fn next(self) -> Option<Date> {
        Some(self.add_days(1))
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// Day of the week, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        ((self.days() + 3).rem_euclid(7) + 1) as u8
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }
}

/// The fix for `s`, a date [`Date::parse`] refused, naming the real mistake: the month's
/// length and the real date nearest to what was typed, or the date a loose form stands for
/// (`2026-3-5`, `2026/03/05`, `2026年3月5日`).
pub fn hint(s: &str) -> String {
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = numbers.as_slice() else {
        return "写成 YYYY-MM-DD，例如 2026-03-15，月和日补足两位".to_string();
    };
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>())
    else {
        return "写成 YYYY-MM-DD，例如 2026-03-15，月和日补足两位".to_string();
    };
    if let Some(date) = Date::new(year, month, day).filter(|_| (1900..=2999).contains(&year)) {
        return format!("写成 `{date}`（四位年份，月和日补足两位）");
    }
    if !(1900..=2999).contains(&year) {
        return format!("年份 {year} 不对：应在 1900 到 2999 之间，例如 2026");
    }
    if !(1..=12).contains(&month) {
        return format!("没有 {month} 月：月份只有 01 到 12，请核对是否把月和日写反了");
    }
    let last = days_in_month(year, month);
    if day == 0 {
        return format!("日从 01 开始：是不是 `{year:04}-{month:02}-01`？");
    }
    format!("{year} 年 {month} 月只有 {last} 天：是不是 `{year:04}-{month:02}-{last:02}`？")
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::NotOnCalendar));
        assert_eq!(Date::parse("2023-13-01"), Err(DateError::NotOnCalendar));
        assert_eq!(Date::parse("2023-4-1"), Err(DateError::Format));
        assert_eq!(Date::parse("2023/04/01"), Err(DateError::Format));
        assert_eq!(Date::parse("２０２３-04-01"), Err(DateError::Format));
    }

    #[test]
    fn weekdays() {
        assert_eq!(Date::parse("1970-01-01").unwrap().weekday(), 4);
        assert_eq!(Date::parse("2026-11-22").unwrap().weekday(), 7);
        assert_eq!(Date::parse("2026-11-23").unwrap().weekday(), 1);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        for d in [-800_000, -1, 0, 1, 19_000, 20_000, 400_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
        assert_eq!(
            Date::parse("2026-03-01").unwrap().add_days(-1).to_string(),
            "2026-02-28"
        );
    }

    #[test]
    fn a_hint_names_the_real_mistake() {
        assert_eq!(
            super::hint("2026-11-31"),
            "2026 年 11 月只有 30 天：是不是 `2026-11-30`？"
        );
        assert!(super::hint("2025-02-29").contains("2 月只有 28 天"));
        assert!(super::hint("2024-02-30").contains("`2024-02-29`"));
        assert!(super::hint("2026-13-01").contains("没有 13 月"));
        assert_eq!(
            super::hint("2026-3-5"),
            "写成 `2026-03-05`（四位年份，月和日补足两位）"
        );
        assert!(super::hint("2026年3月5日").contains("`2026-03-05`"));
        assert!(super::hint("2026/03/05").contains("`2026-03-05`"));
        assert!(super::hint("明天").contains("YYYY-MM-DD"));
        assert!(super::hint("0206-03-05").contains("年份 206 不对"));
    }
}
