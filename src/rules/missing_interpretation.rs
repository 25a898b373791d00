//! The `missing-interpretation` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::DocType;
use crate::model::visibility::Listed;

rule! {
    /// `missing-interpretation`: a 主动公开 `规范性文件` that no listed document `interprets`
    /// (政策解读).
    ///
    /// It points at `doc_type`. Documents marked 失效 or 废止 are not reported, and a withheld
    /// interpretation does not count: readers cannot see it.
    pub const RULE = Rule {
        code: "missing-interpretation",
        label: "规范性文件缺少政策解读",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|_, e| check(e).into_iter().collect())],
    };
}

pub fn check(e: &Listed) -> Option<Diagnostic> {
    let wanted = e.is_full_text() && e.doc_type() == DocType::Normative && e.in_force();
    (wanted && e.interpreted_by().is_empty()).then(|| {
        field_warning(
            e,
            Field::DocType,
            RULE.code,
            format!(
                "规范性文件没有政策解读：没有已公开的文件用 interprets 指向索引号 `{}` (policy without interpretation)",
                e.index_no()
            ),
            )
            .help(format!(
                "与政策文件同步发布解读，并在解读的前置信息中写 interprets: {}",
                e.index_no()
            ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, site};

    fn run(docs: Vec<crate::source::SourceFile>) -> Vec<Diagnostic> {
        let s = site(SITE, docs);
        let cat = Catalogue::new(&s);
        cat.entries().iter().filter_map(check).collect()
    }

    #[test]
    fn policy_without_interpretation_is_reported() {
        let found = run(vec![doc(1, "doc_type: 规范性文件", "")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(8));
        assert!(found[0].message.contains("0001/2026-00001"));
    }

    #[test]
    fn interpreted_policy_and_other_documents_pass() {
        let found = run(vec![
            doc(1, "doc_type: 规范性文件", ""),
            doc(2, "category: zcjd\ninterprets: 0001/2026-00001", ""),
            doc(3, "doc_type: 其他", ""),
            doc(4, "doc_type: 规范性文件\nvalidity: 废止", ""),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_withheld_interpretation_does_not_count() {
        let found = run(vec![
            doc(1, "doc_type: 规范性文件", ""),
            doc(
                2,
                "category: zcjd\ninterprets: 0001/2026-00001\nattribute: 不予公开",
                "",
            ),
        ]);
        assert_eq!(found.len(), 1);
    }
}
