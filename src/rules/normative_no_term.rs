//! The `normative-no-term` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::DocType;
use crate::model::visibility::Listed;

rule! {
    /// `normative-no-term`: a 规范性文件 in force with no term (`expires`, 有效期至), or with a
    /// term longer than `max_term_years` (2 years when its title says 暂行 or 试行) — a
    /// normative document's term is usually five years, and a temporary one's two (SPEC
    /// §10).
    ///
    /// The term is counted from `effective` (施行日期), else from `published`. It points at
    /// `doc_type` when there is no term, at `expires` when it is too long.
    pub const RULE = Rule {
        code: "normative-no-term",
        label: "规范性文件未设有效期或有效期过长",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, ctx.settings.max_term_years).into_iter().collect())],
    };
}

pub fn check(e: &Listed, max_years: u32) -> Option<Diagnostic> {
    e.life()?;
    if e.doc_type() != DocType::Normative || !e.in_force() {
        return None;
    }
    let temporary = e.title().contains("暂行") || e.title().contains("试行");
    let years = if temporary {
        max_years.min(2)
    } else {
        max_years
    };
    let Some(expires) = e.expires() else {
        return Some(
            field_warning(
                e,
                Field::DocType,
                RULE.code,
                "规范性文件没有写有效期至 (expires)，读者无从知道它何时失效 (no term)".into(),
            )
            .help(format!(
                "写 expires: 有效期的最后一天；规范性文件有效期一般不超过 {years} 年"
            )),
        );
    };
    let from = e.effective().unwrap_or(e.published());
    let limit = crate::config::duration::Every {
        n: 12 * years,
        unit: crate::config::duration::Unit::Month,
    };
    // Longer than the limit: the day `years` before the end is after the start.
    (limit.before(expires.add_days(1)) > from).then(|| {
        field_warning(
            e,
            Field::Expires,
            RULE.code,
            format!("规范性文件有效期从 {from} 到 {expires}，超过 {years} 年 (term too long)"),
        )
        .help(format!(
            "有效期一般不超过 {years} 年{}；或在 [rules] 中调整 max_term_years",
            if temporary {
                "（暂行、试行的不超过 2 年）"
            } else {
                ""
            }
        ))
    })
}
