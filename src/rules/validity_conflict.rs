//! The `validity-conflict` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Validity;
use crate::model::labels::Choice;
use crate::model::visibility::Listed;

rule! {
    /// `validity-conflict`: a hand-typed `validity` (有效性) that its dates and references
    /// contradict. The status is derived (SPEC §10): the page shows the derived one when a
    /// date or a replacing document explains it; a typed 失效 or 废止 that nothing explains
    /// is kept, and reported too, so that the editor adds the date or reference that says
    /// why (`repealed`, `expires`, or `replaces` in the new document).
    ///
    /// It points at `validity`. Typed 有效 agrees with 已修改 and 尚未施行.
    pub const RULE = Rule {
        code: "validity-conflict",
        label: "有效性与日期或替代关系不符",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|_, e| check(e).into_iter().collect())],
    };
}

pub fn check(e: &Listed) -> Option<Diagnostic> {
    let life = e.life()?;
    let typed = e.validity()?;
    let derived = life.status;
    let agrees = match typed {
        Validity::Valid => !derived.ended(),
        Validity::Expired => derived == crate::model::lifecycle::Status::Expired,
        Validity::Repealed => derived == crate::model::lifecycle::Status::Repealed,
    };
    if agrees {
        return None;
    }
    let (msg, help) = if derived.ended() {
        (
            format!(
                "有效性写的是「{}」，但按日期和替代关系应为「{}」，页面显示「{}」 (validity contradicts the dates)",
                typed.label(),
                derived.label(),
                derived.label()
            ),
            "删去 validity：有效性由施行日期、有效期至、废止日期和替代关系自动得出".to_string(),
        )
    } else {
        (
            format!(
                "有效性写的是「{}」，但没有废止日期、到期日或替代它的文件说明原因 (validity not explained)",
                typed.label()
            ),
            "写上 repealed（废止日期）或 expires（有效期至），或在替代它的新文件中写 replaces"
                .to_string(),
        )
    };
    Some(field_warning(e, Field::Validity, RULE.code, msg).help(help))
}
