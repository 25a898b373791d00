//! `gongkai stats [--from D] [--to D] [--year Y] [--by issuer|category] [--applications]
//! [--format table|csv|json]`.

use super::{Outcome, print_text};
use crate::cli::{Header, StatsBy, StatsFormat};
use crate::date::Date;
use crate::diag::Diagnostics;
use crate::pipeline::{self, Options, RunError};
use crate::stats::{self, By, format};

pub use crate::cli::StatsArgs as Args;

fn date(flag: &str, s: &str) -> Result<Date, RunError> {
    Date::parse(s).map_err(|_| {
        RunError(format!(
            "日期无效：{flag} {s} 应为真实的日期 YYYY-MM-DD (expected a real date)"
        ))
    })
}

pub fn run(opts: &Options, args: Args) -> Result<Outcome, RunError> {
    let year_range = match args.year {
        Some(y) => {
            let start = Date::new(y, 1, 1)
                .filter(|_| (1900..=2999).contains(&y))
                .ok_or_else(|| {
                    RunError(format!(
                        "年份无效：--year {y} 应为年份，如 2025 (expected a year like 2025)"
                    ))
                })?;
            Some((start, Date::new(y, 12, 31).unwrap_or(start)))
        }
        None => None,
    };
    let from = match &args.from {
        Some(s) => Some(date("--from", s)?),
        None => year_range.map(|r| r.0),
    };
    let to = match &args.to {
        Some(s) => date("--to", s)?,
        None => year_range.map_or(opts.today, |r| r.1),
    };
    if from.is_some_and(|f| f > to) {
        return Err(RunError(format!(
            "日期范围无效：--from {} 晚于 --to {to} (--from is after --to)",
            from.map(|f| f.to_string()).unwrap_or_default()
        )));
    }
    let (site, diags) = pipeline::load(opts)?;
    let errors: Diagnostics = {
        let mut e = Diagnostics::default();
        e.extend(diags.iter().filter(|d| d.is_error()).cloned());
        e.sort();
        e
    };
    let Some(site) = site.filter(|_| errors.is_empty()) else {
        print_text(&errors);
        eprintln!(
            "stats：先改正上面的错误，站点有错时统计数字不准 (fix the errors above first; counts over a broken site would be wrong)"
        );
        return Ok(Outcome::ContentErrors);
    };
    let by = match args.by {
        StatsBy::Issuer => By::Issuer,
        StatsBy::Category => By::Category,
    };
    if args.applications {
        let (apps, _) = crate::register::read(&opts.root, &site.config);
        let q = stats::applications::by_quarter(&apps, &site.config, from, to);
        let text = match args.format {
            StatsFormat::Table => stats::applications::table(&q),
            StatsFormat::Csv => stats::applications::csv(&q, args.header == Header::En),
            StatsFormat::Json => serde_json::to_string_pretty(&q).unwrap_or_default() + "\n",
        };
        print!("{text}");
        return Ok(Outcome::Success);
    }
    let s = stats::compute(&site, from, to, by, args.year);
    let text = match args.format {
        StatsFormat::Table => format::table(&s),
        StatsFormat::Csv => format::csv(&s, args.header == Header::En),
        StatsFormat::Json => format::json(&s),
    };
    print!("{text}");
    if !text.ends_with('\n') {
        println!();
    }
    Ok(Outcome::Success)
}
