//! The `reg-no-format` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Value;
use crate::model::visibility::Listed;

rule! {
    /// `reg-no-format`: a 登记号 (`reg_no`, the registration number a 规范性文件 receives
    /// when it is filed, 统一登记编号) that does not match `reg_no_pattern`, when the site sets
    /// one (SPEC §10). Provinces number their registrations differently, so there is no
    /// default pattern: without one, nothing is checked.
    ///
    /// It points at `reg_no` and shows the pattern.
    pub const RULE = Rule {
        code: "reg-no-format",
        label: "登记号格式不符",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|ctx, e| check(e, ctx.settings.reg_no_pattern.as_ref()).into_iter().collect())],
    };
}

pub fn check(e: &Listed, pattern: Option<&regex::Regex>) -> Option<Diagnostic> {
    let re = pattern?;
    let Value::Text(reg_no) = e.value(Field::RegNo) else {
        return None;
    };
    (!re.is_match(reg_no)).then(|| {
        field_warning(
            e,
            Field::RegNo,
            RULE.code,
            format!(
                "登记号 `{reg_no}` 不符合本站规则 `{}` (registration number does not match reg_no_pattern)",
                re.as_str()
            ),
        )
        .help("按备案登记时取得的统一登记编号填写，或核对 [rules] 中的 reg_no_pattern")
    })
}
