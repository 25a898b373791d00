//! The `placeholder-left` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::PLACEHOLDER;
use crate::model::visibility::Listed;

rule! {
    /// `placeholder-left` (an error by default): a document that would be published still
    /// contains `【待填写】`, the mark `gongkai report` leaves where the office must write —
    /// the 总体情况 of an annual report published with its blanks. A draft (`draft: true`)
    /// is not reported: an office can work on it for weeks while everything else publishes.
    ///
    /// It points at the title when the mark is there, else at the body's first line with it.
    pub const RULE = Rule {
        code: "placeholder-left",
        label: "页面仍有待填写内容",
        level: crate::config::Level::Error,
        checks: &[Check::Document(|_, e| check(e).into_iter().collect())],
    };
}

pub fn check(e: &Listed) -> Option<Diagnostic> {
    if e.is_draft() {
        return None;
    }
    let in_title = e.title().contains(PLACEHOLDER);
    let in_body = e.text().is_some_and(|t| t.contains(PLACEHOLDER));
    if !in_title && !in_body {
        return None;
    }
    let mut d = field_warning(
        e,
        Field::Title,
        RULE.code,
        format!("页面仍有「{PLACEHOLDER}」，发布出去就是一页没写完的文件 (placeholder left)"),
    )
    .help("写完所有标为【待填写】的部分；还没写完就在前置信息中加 draft: true，build 不会发布草稿");
    // In the body only: the first line that has it.
    let at = (e.body().filter(|_| !in_title))
        .and_then(|b| Some(b[..b.find(PLACEHOLDER)?].matches('\n').count()));
    if let Some(lines) = at {
        d = d.at(Some(crate::diag::position::Position::new(
            e.body_line() + lines,
            1,
        )));
        d.field = None;
    }
    Some(d)
}
