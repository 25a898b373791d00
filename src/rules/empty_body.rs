//! The `empty-body` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::Listed;

rule! {
    /// `empty-body` (an error by default): a 主动公开 document that would be published with
    /// nothing to read — no text in its body and no attachment. Inspectors count such a page
    /// as a blank; it is what `gongkai new` leaves when an editor forgets the body. A draft
    /// (`draft: true`) is not reported, nor is a document whose attachments are its content
    /// (a 公示 that is one PDF), nor an on-request one (its page says how to apply).
    ///
    /// It points at the title.
    pub const RULE = Rule {
        code: "empty-body",
        label: "正文为空",
        level: crate::config::Level::Error,
        checks: &[Check::Document(|_, e| check(e).into_iter().collect())],
    };
}

pub fn check(e: &Listed) -> Option<Diagnostic> {
    if e.is_draft() || !e.attachments().is_empty() {
        return None;
    }
    let text = e.text()?;
    if !text.trim().is_empty() {
        return None;
    }
    Some(
        field_warning(
            e,
            Field::Title,
            RULE.code,
            "正文是空的，也没有附件：发布出去是一页空白 (empty body)".to_string(),
        )
        .help("在文件开头的信息栏下面写正文，或在 attachments 中列出附件；还没写完就加一行 draft: true"),
    )
}
