//! `update_every` durations as editors write them: "2 weeks", "6 months", "1 year", "30 days",
//! or in Chinese: "2周", "6个月", "1年", "30天".

use crate::date::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Every {
    pub n: u32,
    pub unit: Unit,
}

impl Every {
    pub fn parse(s: &str) -> Option<Every> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n: u32 = s[..split].parse().ok().filter(|&n| n > 0 && n <= 3650)?;
        let unit = match s[split..].trim().to_lowercase().as_str() {
            "day" | "days" | "d" | "天" | "日" => Unit::Day,
            "week" | "weeks" | "w" | "周" | "星期" | "个星期" => Unit::Week,
            "month" | "months" | "个月" | "月" => Unit::Month,
            "year" | "years" | "y" | "年" => Unit::Year,
            _ => return None,
        };
        Some(Every { n, unit })
    }

    /// The earliest date a document may carry for a column to count as current on `today`.
    pub fn before(self, today: Date) -> Date {
        match self.unit {
            Unit::Day => today.add_days(-i64::from(self.n)),
            Unit::Week => today.add_days(-7 * i64::from(self.n)),
            Unit::Month => months_before(today, self.n),
            Unit::Year => months_before(today, 12 * self.n),
        }
    }
}

fn months_before(today: Date, months: u32) -> Date {
    let total = today.year() * 12 + i32::from(today.month()) - 1 - months as i32;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    (1..=today.day())
        .rev()
        .find_map(|day| Date::new(ny, nm, day))
        .unwrap_or(today)
}

impl std::fmt::Display for Every {
    /// As a reader sees it on a category page: "2 周", "6 个月".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Day => "天",
            Unit::Week => "周",
            Unit::Month => "个月",
            Unit::Year => "年",
        };
        write!(f, "{} {unit}", self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_english_and_chinese() {
        assert_eq!(
            Every::parse("2 weeks"),
            Some(Every {
                n: 2,
                unit: Unit::Week
            })
        );
        assert_eq!(
            Every::parse("6 months"),
            Some(Every {
                n: 6,
                unit: Unit::Month
            })
        );
        assert_eq!(
            Every::parse("1 year"),
            Some(Every {
                n: 1,
                unit: Unit::Year
            })
        );
        assert_eq!(
            Every::parse("30天"),
            Some(Every {
                n: 30,
                unit: Unit::Day
            })
        );
        assert_eq!(
            Every::parse("6个月"),
            Some(Every {
                n: 6,
                unit: Unit::Month
            })
        );
        assert_eq!(Every::parse("often"), None);
        assert_eq!(Every::parse("0 days"), None);
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let today = Date::parse("2026-08-31").unwrap();
        assert_eq!(
            Every::parse("6 months").unwrap().before(today).to_string(),
            "2026-02-28"
        );
        assert_eq!(
            Every::parse("2 weeks").unwrap().before(today).to_string(),
            "2026-08-17"
        );
    }
}
