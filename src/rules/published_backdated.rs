//! The `published-backdated` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::config::RuleSettings;
use crate::date::Date;
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::Field;
use crate::model::visibility::Listed;

rule! {
    /// `published-backdated`: a document's `published` is earlier, by more than
    /// `backdate_days` (2 by default), than the day its file entered the git repository —
    /// 伪造发稿日期, a 单项否决 item of inspections (SPEC §12).
    ///
    /// A file enters at the committer date of the first commit that added it on the
    /// first-parent line (renames followed); a file not yet committed enters on `--today`, so
    /// the pre-commit hook (`check --changed`) stops a backdated document before it is
    /// committed. Outside git, in a shallow clone or without `git`, nothing is judged. Files
    /// first committed before `history_from` are not judged (set it to the day the site
    /// adopted gongkai, or imported its past in one commit). With `strict_dates = true` the
    /// finding is an error.
    pub const RULE = Rule {
        code: "published-backdated",
        label: "发布日期早于入库",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, ctx.settings).into_iter().collect())],
    };
}

/// The day `e` entered the repository, when the history rules judge it: in git with full
/// history, and not first committed before `history_from`.
pub fn entered(e: &Listed, settings: &RuleSettings) -> Option<Date> {
    let day = e.entered()?;
    let committed = e.history().and_then(|h| h.first()).is_some();
    match settings.history_from {
        Some(from) if committed && day < from => None,
        _ => Some(day),
    }
}

pub fn check(e: &Listed, settings: &RuleSettings) -> Option<Diagnostic> {
    let entered = entered(e, settings)?;
    let published = e.published();
    let early = published.days_until(entered);
    if early <= settings.backdate_days {
        return None;
    }
    let how = match e.history().and_then(|h| h.first()) {
        Some(c) => format!("{} 首次提交（{}）", c.date, c.subject),
        None => format!("尚未提交，今天（{entered}）入库"),
    };
    let mut d = field_warning(
        e,
        Field::Published,
        RULE.code,
        format!(
            "发布日期 {published} 比文件进入仓库的日期早 {early} 天：{how} (published date earlier than the first commit)"
        ),
    )
    .help(format!(
        "发布日期应为实际发布之日，不早于入库 {} 天以上；伪造发稿日期是单项否决项。确属补录旧文件的，在 site.toml 的 [rules] 中设 history_from",
        settings.backdate_days
    ));
    if settings.strict_dates {
        d.severity = Severity::Error;
    }
    Some(d)
}
