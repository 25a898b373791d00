//! The `empty-category` rule; its documentation is the doc comment of [`RULE`].

use super::columns::{Column, State, at_column, help_owner};
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::model::visibility::Catalogue;

rule! {
    /// `empty-category` (空白栏目): a leaf column with no listed document and no `empty_note`
    /// (情况说明).
    ///
    /// It points at the column in site.toml. A column holding only withheld documents is empty
    /// to its readers. With `empty_note = "…"` the column page shows the note and nothing is
    /// reported, as the national rules allow a blank column that explains why it is blank.
    pub const RULE = Rule {
        code: "empty-category",
        label: "空白栏目",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, site| check(ctx.cat, site.columns(ctx)))],
    };
}

pub fn check(cat: &Catalogue, columns: &[Column]) -> Vec<Diagnostic> {
    columns
        .iter()
        .filter(|col| col.state == State::Empty)
        .map(|col| {
            let c = &cat.config.categories[col.index];
            let d = Diagnostic::warning(
                RULE.code,
                format!(
                    "栏目 `{}`（{}）没有任何公开的信息 (empty category, 空白栏目)",
                    c.id, c.name
                ),
            )
            .help(help_owner(
                c.owner.as_deref(),
                "发布信息，或在 site.toml 该栏目下写 empty_note = \"…\"（情况说明，栏目页会显示）",
            ));
            at_column(cat, col, d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::rules::columns::status;
    use crate::rules::testing::{SITE, doc, lines, site};

    fn run(toml: &str, docs: Vec<crate::source::SourceFile>) -> Vec<Diagnostic> {
        let s = site(toml, docs);
        let cat = Catalogue::new(&s);
        check(&cat, &status(&cat, Date::parse("2026-11-22").unwrap()))
    }

    #[test]
    fn empty_leaf_is_reported_unless_explained() {
        let found = run(SITE, vec![doc(1, "", "")]);
        assert_eq!(lines(&found), ["empty-category@7"]);
        assert!(found[0].message.contains("`zcjd`"));
        let noted = SITE.replace(
            "name = \"政策解读\"",
            "name = \"政策解读\"\nempty_note = \"本县本年度未制发需解读的政策文件。\"",
        );
        assert!(run(&noted, vec![doc(1, "", "")]).is_empty());
    }

    #[test]
    fn a_column_with_only_withheld_documents_is_empty() {
        let withheld = vec![
            doc(1, "", ""),
            doc(2, "category: zcjd\nattribute: 不予公开", ""),
        ];
        assert_eq!(lines(&run(SITE, withheld)), ["empty-category@7"]);
    }
}
