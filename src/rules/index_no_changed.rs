//! The `index-no-changed` rule; its documentation is the doc comment of [`RULE`].

use super::registry::{Check, rule};
use crate::config::RuleSettings;
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Value;
use crate::model::visibility::Listed;

rule! {
    /// `index-no-changed`: a published document's index number changed since it was first
    /// committed, and the old one is not kept in `former_index_no` (前索引号) — every link,
    /// bookmark and citation of the old number now finds nothing (SPEC §12).
    ///
    /// With the old number in `former_index_no`, the build writes a page at the old address
    /// that sends readers to the new one, and the rule is quiet. Outside git, and for files
    /// first committed before `history_from`, nothing is judged.
    pub const RULE = Rule {
        code: "index-no-changed",
        label: "索引号被改动",
        level: crate::config::Level::Error,
        checks: &[Check::Document(|ctx, e| check(e, ctx.settings).into_iter().collect())],
    };
}

pub fn check(e: &Listed, settings: &RuleSettings) -> Option<Diagnostic> {
    super::published_backdated::entered(e, settings)?;
    let h = e.history()?;
    let was = h
        .first_index_no
        .as_deref()?
        .trim()
        .trim_matches(['"', '\'']);
    let now = e.index_no();
    if was == now {
        return None;
    }
    let kept = match e.value(Field::FormerIndexNo) {
        Value::List(items) => items.iter().any(|i| i == was),
        _ => false,
    };
    if kept {
        return None;
    }
    let commit = h.first()?;
    let d = super::field_warning(
        e,
        Field::IndexNo,
        RULE.code,
        format!(
            "索引号在 {} 首次提交（{}）时是 {was}，现在是 {now}：旧索引号的链接将失效 (index number changed)",
            commit.date, commit.subject
        ),
    )
    .help(format!(
        "已发布文件的索引号不应改动；确需改动时，加上 former_index_no: [\"{was}\"]（前索引号），旧地址会转到新页面"
    ));
    // An error by the rule's level (`[rules]` may lower it).
    Some(d)
}
