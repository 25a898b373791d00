//! The numbers of a report: table 二 from the catalogue (with the lifecycle's status on 31
//! December) and `reports/Y.toml`, table 三 from the application register, table 四 from
//! `reports/Y.toml`.

use super::format::{self, Applications, Reviews};
use super::inputs::{self, Inputs};
use crate::date::Date;
use crate::model::Site;
use crate::register::Application;
use crate::stats::{self, Annual};

/// Whose report: the government's for the whole site, or one issuer's (position in site.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Site,
    Issuer(usize),
}

impl Scope {
    fn issuer(self) -> Option<usize> {
        match self {
            Scope::Site => None,
            Scope::Issuer(i) => Some(i),
        }
    }
}

/// Every number of the report; `None` where neither the site nor `reports/Y.toml` knows it
/// (the draft writes 【待填写】 there).
#[derive(Debug)]
pub struct Figures {
    pub year: i32,
    /// Table 二, 第二十条第（一）项: 规章 and 行政规范性文件.
    pub made: Annual,
    /// Table 二, the rows from `reports/Y.toml`.
    pub decisions: inputs::Figures,
    /// Table 三.
    pub applications: Applications,
    /// Table 四, when `reports/Y.toml` gives all three groups.
    pub reviews: Option<Reviews>,
    /// How many register rows table 三 counts.
    pub counted: usize,
}

pub fn compute(
    site: &Site,
    apps: &[Application],
    inputs: &Inputs,
    year: i32,
    scope: Scope,
) -> Figures {
    let decisions = inputs.of(scope.issuer()).cloned().unwrap_or_default();
    let reviews = match decisions.reviews {
        [Some(a), Some(b), Some(c)] => Some([a, b, c].map(|four| {
            let total = four.iter().sum();
            [four[0], four[1], four[2], four[3], total]
        })),
        _ => None,
    };
    let mine: Vec<&Application> = apps
        .iter()
        .filter(|a| scope.issuer().is_none_or(|i| a.issuer == i))
        .collect();
    let (applications, counted) = applications(&mine, year);
    Figures {
        year,
        made: stats::annual(site, year, scope.issuer()),
        decisions,
        applications,
        reviews,
        counted,
    }
}

/// Table 三 for `year`: received in the year (一), open on 1 January (二), answered in the
/// year by outcome (三), and open on 31 December (四); 总计 the sum of the six columns.
/// 一 + 二 = 三(七) + 四 holds by construction.
pub fn applications(apps: &[&Application], year: i32) -> (Applications, usize) {
    let mut t: Applications = [[0; format::APPLICANTS]; format::ROWS];
    let (Some(start), Some(end)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
        return (t, 0);
    };
    let mut counted = 0;
    for a in apps {
        let open_at = |d: Date| a.received <= d && a.answered.is_none_or(|x| x > d);
        let mut rows = Vec::new();
        if (start..=end).contains(&a.received) {
            rows.push(format::NEW);
        }
        if a.received < start && a.answered.is_none_or(|x| x >= start) {
            rows.push(format::CARRIED);
        }
        if let (Some(answered), Some(outcome)) = (a.answered, a.outcome)
            && (start..=end).contains(&answered)
        {
            rows.push(format::FIRST_OUTCOME + outcome);
            rows.push(format::TOTAL);
        }
        if open_at(end) {
            rows.push(format::PENDING);
        }
        counted += usize::from(!rows.is_empty());
        for r in rows {
            t[r][a.applicant_type] += 1;
            t[r][format::APPLICANTS - 1] += 1;
        }
    }
    (t, counted)
}

/// A report's figures with every number of table 三 different, for tests.
#[cfg(test)]
pub fn sample(year: i32) -> Figures {
    let mut applications = [[0; format::APPLICANTS]; format::ROWS];
    for (i, row) in applications.iter_mut().enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            *v = (i * 10 + c) as u64;
        }
    }
    Figures {
        year,
        made: Annual {
            year,
            rules: Default::default(),
            normative: Default::default(),
        },
        decisions: inputs::Figures::default(),
        applications,
        reviews: Some([[1, 2, 3, 4, 10], [0, 0, 0, 0, 0], [5, 0, 0, 0, 5]]),
        counted: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(
        received: &str,
        answered: Option<&str>,
        outcome: Option<usize>,
        who: usize,
    ) -> Application {
        Application {
            file: "applications/x.csv".into(),
            line: 2,
            id: received.into(),
            received: Date::parse(received).unwrap(),
            issuer: 0,
            channel: "网上".into(),
            applicant_type: who,
            outcome,
            answered: answered.map(|d| Date::parse(d).unwrap()),
            extended: false,
        }
    }

    #[test]
    fn new_carried_answered_and_pending_add_up() {
        let apps = [
            app("2024-12-20", Some("2025-01-10"), Some(0), 0), // carried in, answered
            app("2024-12-28", None, None, 1),                  // carried in, still open
            app("2025-03-01", Some("2025-03-20"), Some(2), 0), // new, withheld (国家秘密)
            app("2025-12-25", Some("2026-01-05"), Some(1), 5), // new, carried out
            app("2024-05-01", Some("2024-05-20"), Some(0), 0), // last year's business
        ];
        let refs: Vec<&Application> = apps.iter().collect();
        let (t, counted) = applications(&refs, 2025);
        assert_eq!(counted, 4);
        let total = format::APPLICANTS - 1;
        assert_eq!(t[format::NEW][total], 2);
        assert_eq!(t[format::CARRIED][total], 2);
        assert_eq!(t[format::CARRIED][1], 1);
        assert_eq!(t[format::FIRST_OUTCOME][0], 1);
        assert_eq!(t[format::FIRST_OUTCOME + 2][0], 1);
        assert_eq!(t[format::TOTAL][total], 2);
        assert_eq!(t[format::PENDING][total], 2);
        let sum = |a: usize, b: usize| -> Vec<u64> {
            t[a].iter().zip(&t[b]).map(|(x, y)| x + y).collect()
        };
        assert_eq!(
            sum(format::NEW, format::CARRIED),
            sum(format::TOTAL, format::PENDING)
        );
    }
}
