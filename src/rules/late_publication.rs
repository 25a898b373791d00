//! The `late-publication` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::config::Calendar;
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::Listed;

rule! {
    /// `late-publication`: a 主动公开 document published more than `publication_days` working
    /// days (20 by default, 《政府信息公开条例》第二十六条) after it was made.
    ///
    /// It points at the `published` field, and the message gives the count. Working days are
    /// Monday to Friday, minus `[calendar] holidays`, plus make-up `workdays` (调休); day zero is
    /// the day the document was made (`written`). A document without `written` is not judged.
    pub const RULE = Rule {
        code: "late-publication",
        label: "超期公开",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, &ctx.cat.config.calendar, ctx.settings.publication_days, super::published_backdated::entered(e, ctx.settings)).into_iter().collect())],
    };
}

/// `entered`: the day the file entered git (SPEC §12), which counts when it is later than
/// `published`.
pub fn check(
    e: &Listed,
    calendar: &Calendar,
    limit: i64,
    entered: Option<crate::date::Date>,
) -> Option<Diagnostic> {
    if !e.is_full_text() {
        return None;
    }
    let written = e.written()?;
    let published = entered.map_or(e.published(), |d| d.max(e.published()));
    let days = calendar.working_days_between(written, published);
    (days > limit).then(|| {
        field_warning(
            e,
            Field::Published,
            RULE.code,
            format!(
                "{} {published} 比成文日期 {written} 晚 {days} 个工作日，超过 {limit} 个工作日的期限 (late publication, 条例第二十六条)",
                if published > e.published() { "进入仓库的日期" } else { "发布日期" }
            ),
        )
        .help(format!(
            "自成文之日起 {limit} 个工作日内公开；节假日和调休按 site.toml 的 [calendar] 计算，请核对两个日期"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, site};

    fn late(front: &str) -> Option<Diagnostic> {
        let s = site(SITE, vec![doc(1, front, "")]);
        let cat = Catalogue::new(&s);
        check(cat.get(0), &s.config.calendar, 20, None)
    }

    #[test]
    fn twenty_working_days_is_on_time_twenty_one_is_late() {
        // Monday 2026-11-02 → Monday 2026-11-30: 20 working days.
        assert!(late("written: 2026-11-02\npublished: 2026-11-30").is_none());
        let d = late("written: 2026-11-02\npublished: 2026-12-01").unwrap();
        assert!(d.message.contains("21 个工作日"), "{}", d.message);
        assert_eq!(d.line, Some(8));
    }

    #[test]
    fn a_holiday_inside_the_period_extends_it() {
        // 2026-09-21 (Mon) → 2026-10-20 (Tue): 21 weekdays, 5 of them holidays, and two
        // make-up weekend days: 18 working days, on time.
        let front = "written: 2026-09-21\npublished: 2026-10-20";
        assert!(late(front).is_none());
        // The same dates without the calendar are 21 working days: late.
        let plain = SITE.split("[calendar]").next().unwrap();
        let s = site(plain, vec![doc(1, front, "")]);
        let cat = Catalogue::new(&s);
        let d = check(cat.get(0), &s.config.calendar, 20, None).unwrap();
        assert!(d.message.contains("21 个工作日"), "{}", d.message);
    }

    #[test]
    fn a_makeup_workday_counts() {
        // 2026-09-25 (Fri) → 2026-10-23 (Fri): 20 weekdays, 5 holidays, 2 make-up days → 17.
        let s = site(
            SITE,
            vec![doc(1, "written: 2026-09-25\npublished: 2026-10-23", "")],
        );
        assert_eq!(
            s.config
                .calendar
                .working_days_between(s.docs[0].written.unwrap(), s.docs[0].published),
            17
        );
    }

    #[test]
    fn on_request_and_undated_documents_are_not_judged() {
        assert!(late("written: 2026-01-05\nattribute: 依申请公开").is_none());
        assert!(late("").is_none());
    }

    #[test]
    fn a_document_dated_after_today_is_judged_on_its_own_dates() {
        assert!(late("written: 2027-01-04\npublished: 2027-03-01").is_some());
    }
}
