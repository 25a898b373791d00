//! The `published-changed` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::config::RuleSettings;
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::Listed;

rule! {
    /// `published-changed`: a committed document's `published` was later changed — the date
    /// a reader saw, and that inspections count from, moved (SPEC §12).
    ///
    /// It compares the date with the file as first committed (git history, renames
    /// followed). Outside git, and for files first committed before `history_from`, nothing
    /// is judged.
    pub const RULE = Rule {
        code: "published-changed",
        label: "发布日期被改动",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, ctx.settings).into_iter().collect())],
    };
}

pub fn check(e: &Listed, settings: &RuleSettings) -> Option<Diagnostic> {
    super::published_backdated::entered(e, settings)?;
    let h = e.history()?;
    let first = h.first_published.as_deref()?;
    let was = Date::parse(first.trim().trim_matches(['"', '\''])).ok()?;
    let now = e.published();
    let commit = h.first()?;
    (was != now).then(|| {
        field_warning(
            e,
            Field::Published,
            RULE.code,
            format!(
                "发布日期在 {} 首次提交（{}）时是 {was}，后来改成了 {now} (published date changed after it was committed)",
                commit.date, commit.subject
            ),
        )
        .help(format!(
            "发布日期是读者和检查看到的日期，不应事后改动；如确属录入错误，请在提交说明中写明原因，或改回 {was}"
        ))
    })
}
