//! The working-day calendar of `[calendar]`: weekends are days off, `holidays` are days off,
//! and make-up `workdays` (调休) are working days even on a weekend.

use crate::date::Date;
use std::collections::BTreeSet;

#[derive(Debug, Default, Clone)]
pub struct Calendar {
    pub holidays: BTreeSet<Date>,
    pub workdays: BTreeSet<Date>,
}

impl Calendar {
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        d.weekday() <= 5 && !self.holidays.contains(&d)
    }

    /// Working days after `from` up to and including `to` — the count 条例 第二十六条 limits
    /// (the day a document was made is day zero). Zero when `to` is not after `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let (a, b) = (from.days(), to.days());
        if b <= a {
            return 0;
        }
        let span = b - a;
        // Whole weeks hold five weekdays each; walk only the remainder.
        let mut count = span / 7 * 5;
        let rest_start = a + span / 7 * 7;
        for day in rest_start + 1..=b {
            if Date::from_days(day).weekday() <= 5 {
                count += 1;
            }
        }
        let inside = |d: &&Date| d.days() > a && d.days() <= b;
        let weekday_holidays = self
            .holidays
            .iter()
            .filter(inside)
            .filter(|d| d.weekday() <= 5 && !self.workdays.contains(d))
            .count() as i64;
        let weekend_workdays = self
            .workdays
            .iter()
            .filter(inside)
            .filter(|d| d.weekday() > 5)
            .count() as i64;
        count - weekday_holidays + weekend_workdays
    }
}

const CALENDAR_KEYS: &[&str] = &["holidays", "workdays"];

impl super::reader::Reader<'_> {
    pub(super) fn calendar(&mut self, root: &dyn toml_edit::TableLike) -> Calendar {
        let mut cal = Calendar::default();
        let Some(item) = root.get("calendar") else {
            return cal;
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "calendar");
            self.error(
                crate::diag::codes::CONFIG,
                pos,
                "calendar",
                "`calendar` 应为表 [calendar] (expected a table)".into(),
                "写成 [calendar] 下的 holidays = [...] 和 workdays = [...]".into(),
            );
            return cal;
        };
        self.check_keys(t, CALENDAR_KEYS, "[calendar]");
        for key in ["holidays", "workdays"] {
            for (s, pos) in self.string_list(t, key) {
                match Date::parse(&s) {
                    Ok(d) => {
                        if key == "holidays" {
                            cal.holidays.insert(d);
                        } else {
                            cal.workdays.insert(d);
                        }
                    }
                    Err(_) => self.error(
                        crate::diag::codes::INVALID_DATE,
                        pos,
                        key,
                        format!("`{s}` 不是有效日期 (not a real YYYY-MM-DD date)"),
                        "日期写成 \"2026-10-01\"".into(),
                    ),
                }
            }
        }
        cal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn slow(cal: &Calendar, from: Date, to: Date) -> i64 {
        (from.days() + 1..=to.days())
            .filter(|&n| cal.is_working_day(Date::from_days(n)))
            .count() as i64
    }

    #[test]
    fn weekends_holidays_and_makeup_days() {
        let mut cal = Calendar::default();
        // Monday 2026-11-02 → Monday 2026-11-30: four whole weeks.
        assert_eq!(
            cal.working_days_between(d("2026-11-02"), d("2026-11-30")),
            20
        );
        cal.holidays.insert(d("2026-11-10"));
        assert_eq!(
            cal.working_days_between(d("2026-11-02"), d("2026-11-30")),
            19
        );
        cal.workdays.insert(d("2026-11-14")); // a Saturday made a working day
        assert_eq!(
            cal.working_days_between(d("2026-11-02"), d("2026-11-30")),
            20
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-30"), d("2026-11-02")),
            0
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-02"), d("2026-11-02")),
            0
        );
    }

    #[test]
    fn fast_count_matches_day_by_day() {
        let mut cal = Calendar::default();
        for h in [
            "2026-10-01",
            "2026-10-02",
            "2026-10-05",
            "2026-10-06",
            "2026-10-03",
        ] {
            cal.holidays.insert(d(h));
        }
        cal.workdays.insert(d("2026-09-27"));
        cal.workdays.insert(d("2026-10-10"));
        let start = d("2026-09-01");
        for a in 0..40 {
            for len in 0..70 {
                let from = start.add_days(a);
                let to = from.add_days(len);
                assert_eq!(
                    cal.working_days_between(from, to),
                    slow(&cal, from, to),
                    "{from} → {to}"
                );
            }
        }
    }
}
