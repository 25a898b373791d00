//! The `expiring-soon` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::DocType;
use crate::model::visibility::Listed;

rule! {
    /// `expiring-soon`: a 规范性文件 in force whose term (`expires`, 有效期至) ends within
    /// `expiry_notice` of `--today` — time to evaluate it and to renew, amend or let it
    /// lapse, as the rules on normative documents ask before a term ends (SPEC §10).
    ///
    /// It points at `expires` and says how many days are left. A document already ended, or
    /// replaced by one that takes effect before its term ends, is not reported.
    pub const RULE = Rule {
        code: "expiring-soon",
        label: "规范性文件即将到期",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, ctx.today, ctx.settings.expiry_notice).into_iter().collect())],
    };
}

pub fn check(
    e: &Listed,
    today: Date,
    notice: crate::config::duration::Every,
) -> Option<Diagnostic> {
    let life = e.life()?;
    let expires = e.expires()?;
    let replaced_in_time = life.pending.is_some_and(|(d, _)| d <= expires);
    let due = e.doc_type() == DocType::Normative
        && e.in_force()
        && !replaced_in_time
        && today <= expires
        && notice.before(expires) <= today;
    due.then(|| {
        let left = today.days_until(expires);
        field_warning(
            e,
            Field::Expires,
            RULE.code,
            format!("规范性文件有效期至 {expires}，还有 {left} 天到期 (expiring soon)"),
        )
        .help("到期前组织评估：需要继续施行的重新制定或修改后发布，并在新文件中写 replaces；不再施行的到期自动失效")
    })
}
